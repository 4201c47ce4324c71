import type { FileStore, StoredFile } from '../../domain/files';
import { systemClock, type Clock } from '../../domain/ports';
import { byCreation, isFileId, newRecord } from './fileRecords';

/** Files in memory, for tests and the console chat. Bytes are copied in and out, as a real store would. */
export function createMemoryFileStore(clock: Clock = systemClock): FileStore {
  const files = new Map<string, { file: StoredFile; bytes: Buffer }>();
  const copy = (f: StoredFile): StoredFile => ({ ...f });
  const all = (): StoredFile[] => [...files.values()].map((e) => copy(e.file)).sort(byCreation);
  const removeWhere = (match: (f: StoredFile) => boolean): number => {
    let n = 0;
    for (const [id, e] of files) if (match(e.file) && files.delete(id)) n += 1;
    return n;
  };
  return {
    async put(file, bytes) {
      await Promise.resolve();
      const record = newRecord(file, bytes, clock.now());
      files.set(record.id, { file: record, bytes: Buffer.from(bytes) });
      return copy(record);
    },
    get(id) {
      const e = isFileId(id) ? files.get(id) : undefined;
      return Promise.resolve(e && { file: copy(e.file), bytes: Buffer.from(e.bytes) });
    },
    head(id) {
      const e = isFileId(id) ? files.get(id) : undefined;
      return Promise.resolve(e && copy(e.file));
    },
    async replace(oldId, file, bytes) {
      await Promise.resolve();
      const old = isFileId(oldId) ? files.get(oldId) : undefined;
      if (!old) return undefined;
      const record = newRecord(file, bytes, clock.now(), old.file);
      files.set(record.id, { file: record, bytes: Buffer.from(bytes) });
      old.file = { ...old.file, replacedBy: record.id };
      return copy(record);
    },
    attach(id, applicationRef, material) {
      const e = isFileId(id) ? files.get(id) : undefined;
      if (!e) return Promise.resolve(undefined);
      e.file = { ...e.file, applicationRef, material };
      return Promise.resolve(copy(e.file));
    },
    delete(id) {
      return Promise.resolve(files.delete(id));
    },
    listByApplication(ref) {
      return Promise.resolve(all().filter((f) => f.applicationRef === ref));
    },
    listByOwner(owner) {
      return Promise.resolve(all().filter((f) => f.owner === owner));
    },
    eraseOwner(owner) {
      return Promise.resolve(removeWhere((f) => f.owner === owner));
    },
    eraseApplication(ref) {
      return Promise.resolve(removeWhere((f) => f.applicationRef === ref));
    },
    purgeUnattached(cutoff) {
      const limit = cutoff.toISOString();
      return Promise.resolve(removeWhere((f) => f.applicationRef === undefined && f.createdAt < limit));
    },
    close() {
      return Promise.resolve();
    },
  };
}
