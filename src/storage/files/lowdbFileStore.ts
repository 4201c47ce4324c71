import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileStore, StoredFile } from '../../domain/files';
import { systemClock, type Clock } from '../../domain/ports';
import { KeyedMutex } from '../keyedMutex';
import { RecordFiles } from '../lowdbFiles';
import { PendingWork } from '../pendingWork';
import { StoreCorruptionError } from '../storeErrors';
import { byCreation, isFileId, newRecord, storedFileSchema } from './fileRecords';

/**
 * Uploaded files beside the lowdb records: DATA_DIR/files/<id>.bin (the bytes, written to a temporary
 * file and renamed, so a crash never leaves half a file) and DATA_DIR/files/<id>.json (the record, via
 * lowdb). The bytes are written first: a record on disk always has its bytes. Records are indexed in
 * memory at start-up (one process owns a data directory, as for the rest of the lowdb store).
 * put() resolves only once both are on disk: files are durable before a submission is confirmed.
 */
export async function createLowdbFileStore(dataDir: string, clock: Clock = systemClock): Promise<FileStore> {
  const root = path.resolve(dataDir);
  const dir = path.join(root, 'files');
  await mkdir(dir, { recursive: true });
  const records = new RecordFiles(root);
  const locks = new KeyedMutex();
  const index = new Map<string, StoredFile>();
  const bin = (id: string) => path.join(dir, `${id}.bin`);
  const json = (id: string) => path.join(dir, `${id}.json`);

  for (const name of await readdir(dir)) {
    if (name.endsWith('.tmp')) {
      // A write interrupted by a crash; its record was never written.
      await unlink(path.join(dir, name)).catch(() => undefined);
      continue;
    }
    if (name.startsWith('.') || !name.endsWith('.json')) continue;
    const record = await records.read(path.join(dir, name), storedFileSchema);
    if (record) index.set(record.id, record);
  }

  async function writeRecord(record: StoredFile): Promise<void> {
    await records.write(json(record.id), record);
    index.set(record.id, record);
  }

  async function writeBytes(id: string, bytes: Buffer): Promise<void> {
    const tmp = path.join(dir, `.${id}.bin.tmp`);
    await writeFile(tmp, bytes, { flush: true });
    await rename(tmp, bin(id));
  }

  async function removeFile(id: string): Promise<boolean> {
    return locks.run([id], async () => {
      if (!index.has(id)) return false;
      // The record goes first: a crash in between leaves only orphan bytes, never a record without bytes.
      await records.remove(json(id));
      await records.remove(bin(id));
      index.delete(id);
      return true;
    });
  }

  async function removeWhere(match: (f: StoredFile) => boolean): Promise<number> {
    let n = 0;
    for (const f of [...index.values()].filter(match)) if (await removeFile(f.id)) n += 1;
    return n;
  }

  const copy = (f: StoredFile | undefined) => f && { ...f };
  const sorted = (match: (f: StoredFile) => boolean) =>
    [...index.values()]
      .filter(match)
      .map((f) => ({ ...f }))
      .sort(byCreation);

  const store: Omit<FileStore, 'close'> = {
    async put(file, bytes) {
      const record = newRecord(file, bytes, clock.now());
      await writeBytes(record.id, bytes);
      await writeRecord(record);
      return { ...record };
    },
    async get(id) {
      const file = isFileId(id) ? index.get(id) : undefined;
      if (!file) return undefined;
      try {
        return { file: { ...file }, bytes: await readFile(bin(id)) };
      } catch (e) {
        throw new StoreCorruptionError(records.describe(bin(id)), e);
      }
    },
    head(id) {
      return Promise.resolve(copy(isFileId(id) ? index.get(id) : undefined));
    },
    async replace(oldId, file, bytes) {
      if (!isFileId(oldId) || !index.has(oldId)) return undefined;
      return locks.run([oldId], async () => {
        const old = index.get(oldId);
        if (!old) return undefined;
        const record = newRecord(file, bytes, clock.now(), old);
        await writeBytes(record.id, bytes);
        await writeRecord(record);
        await writeRecord({ ...old, replacedBy: record.id });
        return { ...record };
      });
    },
    async attach(id, applicationRef, material) {
      if (!isFileId(id)) return undefined;
      return locks.run([id], async () => {
        const old = index.get(id);
        if (!old) return undefined;
        const record = { ...old, applicationRef, material };
        await writeRecord(record);
        return { ...record };
      });
    },
    delete(id) {
      return isFileId(id) ? removeFile(id) : Promise.resolve(false);
    },
    listByApplication(ref) {
      return Promise.resolve(sorted((f) => f.applicationRef === ref));
    },
    listByOwner(owner) {
      return Promise.resolve(sorted((f) => f.owner === owner));
    },
    eraseOwner(owner) {
      return removeWhere((f) => f.owner === owner);
    },
    eraseApplication(ref) {
      return removeWhere((f) => f.applicationRef === ref);
    },
    purgeUnattached(cutoff) {
      const limit = cutoff.toISOString();
      return removeWhere((f) => f.applicationRef === undefined && f.createdAt < limit);
    },
  };
  const work = new PendingWork();
  // Every write resolves only once it is on disk; close() lets the ones under way finish.
  return { ...work.guard(store), close: () => work.close() };
}
