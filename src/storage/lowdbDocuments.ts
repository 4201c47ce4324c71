import path from 'node:path';
import { z } from 'zod';
import { ConcurrencyError, type DocumentStore, type StoredDocument } from '../domain/ports';
import type { Logger } from '../logger';
import { DocumentCache, type DocumentRecord } from './documentCache';
import { DocumentIndex } from './documentIndex';
import type { KeyedMutex } from './keyedMutex';
import { fileNameForKey, fileNameMayMatchPrefix, listRecordFiles, type RecordFiles } from './lowdbFiles';
import { StoreCorruptionError } from './storeErrors';
import { assertCollection, assertKey, compareKeys, jsonCopy, newEtag } from './storeInput';
import { WriteBehind } from './writeBehind';

/**
 * The lowdb store's documents: served from an in-process cache and written behind (see the header of
 * lowdbStore.ts for the durability trade-off). Every operation on one document holds its lock while it
 * decides, so conditional writes stay atomic; the file write itself happens after the caller resumes.
 */

const documentFile = z.object({ key: z.string(), value: z.unknown(), etag: z.string() });

/** Enough for every live conversation of a busy office; clean entries beyond it are read again from disk. */
const DEFAULT_CACHE_ENTRIES = 20_000;

export interface LowdbDocuments {
  documents: DocumentStore;
  /** Resolves once every document change made so far is on disk. */
  flush: () => Promise<void>;
}

export function createLowdbDocuments(options: {
  documentsDir: string;
  files: RecordFiles;
  locks: KeyedMutex;
  logger: Logger;
  cacheEntries?: number;
  maxConcurrentWrites?: number;
}): LowdbDocuments {
  const { documentsDir, files, locks, logger } = options;
  const docPath = (collection: string, key: string) => path.join(documentsDir, collection, fileNameForKey(key));
  const writer = new WriteBehind(
    (op) => (op.kind === 'write' ? files.write(op.file, op.data) : files.remove(op.file)),
    logger,
    (file) => files.describe(file),
    options.maxConcurrentWrites,
  );
  const index = new DocumentIndex((collection) => listRecordFiles(path.join(documentsDir, collection)));
  const cache = new DocumentCache(options.cacheEntries ?? DEFAULT_CACHE_ENTRIES, (collection, key) =>
    writer.isPending(docPath(collection, key)),
  );
  const lockName = (collection: string, key: string) => `doc:${collection}/${key}`;

  async function readFromDisk(collection: string, key: string): Promise<DocumentRecord | undefined> {
    const record = await files.read(docPath(collection, key), documentFile);
    // Only a hash collision of two long keys could make these differ; treat it as absent rather than wrong.
    return record?.key === key ? record : undefined;
  }

  /** The current record, from memory or (first time, caller holds the key's lock) from disk. */
  async function current(collection: string, key: string): Promise<DocumentRecord | undefined> {
    const known = cache.get(collection, key);
    if (known !== undefined) return known ?? undefined;
    // A document whose file is not there is answered from the index without touching the disk.
    // An unreadable file throws here and is not cached, so it keeps failing loudly until repaired.
    const record =
      (await index.has(collection, fileNameForKey(key))) === false ? undefined : await readFromDisk(collection, key);
    cache.set(collection, key, record ?? null);
    return record;
  }

  const toStored = <T>(record: DocumentRecord): StoredDocument<T> => ({
    key: record.key,
    value: structuredClone(record.value) as T,
    etag: record.etag,
  });

  const documents: DocumentStore = {
    async get<T>(collection: string, key: string): Promise<StoredDocument<T> | undefined> {
      assertCollection(collection);
      assertKey(key);
      const known = cache.get(collection, key);
      if (known !== undefined) return known === null ? undefined : toStored<T>(known);
      // The lock keeps a concurrent put from being overwritten in the cache by this older disk read.
      const record = await locks.run([lockName(collection, key)], () => current(collection, key));
      return record === undefined ? undefined : toStored<T>(record);
    },

    async put<T>(collection: string, key: string, value: T, expectedEtag?: string | null): Promise<string> {
      assertCollection(collection);
      assertKey(key);
      const copy = jsonCopy(value);
      await writer.room();
      return locks.run([lockName(collection, key)], async () => {
        // An unconditional write does not read first, which also lets it replace an unreadable file.
        if (expectedEtag !== undefined) {
          const existing = await current(collection, key);
          if (expectedEtag === null && existing !== undefined)
            throw new ConcurrencyError(`Document ${collection}/${key} already exists.`);
          if (typeof expectedEtag === 'string' && existing?.etag !== expectedEtag) throw new ConcurrencyError();
        }
        const record: DocumentRecord = { key, value: copy, etag: newEtag() };
        // Schedule before caching so the entry is pinned (pending) by the time the cache may evict.
        const file = docPath(collection, key);
        writer.schedule({ kind: 'write', file, data: record });
        index.note(collection, fileNameForKey(key), true);
        cache.set(collection, key, record);
        return record.etag;
      });
    },

    async delete(collection: string, key: string): Promise<boolean> {
      assertCollection(collection);
      assertKey(key);
      return locks.run([lockName(collection, key)], async () => {
        const file = docPath(collection, key);
        // Never read: whether its file is there decides (whatever it holds, even unreadable, is removed).
        const known = cache.get(collection, key);
        const existed =
          known === undefined
            ? ((await index.has(collection, fileNameForKey(key))) ?? (await files.exists(file)))
            : known !== null;
        if (existed) writer.schedule({ kind: 'remove', file });
        index.note(collection, fileNameForKey(key), false);
        cache.set(collection, key, null);
        return existed;
      });
    },

    async list<T>(collection: string, options: { prefix?: string } = {}): Promise<StoredDocument<T>[]> {
      assertCollection(collection);
      const prefix = options.prefix ?? '';
      const dir = path.join(documentsDir, collection);
      const indexed = await index.names(collection);
      const names = (indexed === undefined ? await listRecordFiles(dir) : [...indexed]).filter((name) =>
        fileNameMayMatchPrefix(name, prefix),
      );
      const byKey = new Map<string, DocumentRecord>();
      // Files of documents already in memory are not read again: memory is newer or equal.
      const known = [...cache.within(collection, prefix)];
      const knownFiles = new Set(known.map(([key]) => fileNameForKey(key)));
      const records = await Promise.all(
        names.filter((n) => !knownFiles.has(n)).map((name) => readListed(path.join(dir, name))),
      );
      for (const record of records)
        if (record !== undefined && record.key.startsWith(prefix)) byKey.set(record.key, record);
      // Overlay what memory knew, then what it knows now (after the reads): pending creates appear,
      // pending deletes vanish, and nothing skipped above is lost if the cache dropped it meanwhile.
      for (const [key, record] of [...known, ...cache.within(collection, prefix)]) {
        if (record === null) byKey.delete(key);
        else byKey.set(key, record);
      }
      return [...byKey.values()].sort((a, b) => compareKeys(a.key, b.key)).map((r) => toStored<T>(r));
    },
  };

  /** An unreadable file is logged and left out of a listing, not fatal. */
  async function readListed(file: string): Promise<DocumentRecord | undefined> {
    try {
      return await files.read(file, documentFile);
    } catch (e) {
      if (!(e instanceof StoreCorruptionError)) throw e;
      logger.error({ err: e, file: e.location }, 'Skipping an unreadable record while listing');
      return undefined;
    }
  }

  return { documents, flush: () => writer.drain() };
}
