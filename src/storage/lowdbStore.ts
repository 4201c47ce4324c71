import { access, constants, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Application } from '../domain/application';
import { ConcurrencyError, type ApplicationFilter, type ApplicationRepository, type Store } from '../domain/ports';
import { createLogger, type Logger } from '../logger';
import { KeyedMutex } from './keyedMutex';
import { PendingWork } from './pendingWork';
import { createLowdbDocuments } from './lowdbDocuments';
import { fileNameForKey, listRecordFiles, RecordFiles } from './lowdbFiles';
import { ApplicationNotFoundError, DuplicateReferenceError, StoreCorruptionError } from './storeErrors';
import { assertVersion, checkedApplication, compareApplications, jsonCopy, matchesFilter } from './storeInput';

/**
 * The embedded default store, on lowdb. Layout under DATA_DIR (one small file per record, see lowdbFiles):
 *   applications/<key>.json         { application }
 *   application-keys/<key>.json     { referenceNumber }   (idempotency key -> record)
 *   documents/<collection>/<key>.json  { key, value, etag }
 * One process owns a data directory: the locks that make insert and conditional writes atomic are
 * in-process, and so is the document cache.
 *
 * Durability trade-off. Documents (bot state, transcripts, Direct Line activities, conversation
 * references...) are cached in memory and written behind: put and delete resolve once memory is updated,
 * and the file write follows (at most 4 at once, serialized per document, coalesced when several puts
 * arrive before one is written; a failed write is logged and retried once). A file write under load
 * costs 25-40 ms, several per chat turn, which is what made turns slow. close() writes everything still
 * pending, so a graceful stop loses nothing; a crash (kill -9, power loss) may lose the last document
 * changes: normally the last few milliseconds, up to a few seconds when the disk stalls under heavy load.
 * Applications are NOT written behind: insert and update resolve only once the record is on disk,
 * because a resident's submitted application must never be lost, and they are read from disk every time.
 * Which document files exist is indexed in memory per collection (documentIndex), so looking up a
 * document nobody stored, as every new conversation does, costs no file system call.
 */

const applicationFile = z.object({
  application: z.looseObject({
    referenceNumber: z.string(),
    idempotencyKey: z.string(),
    createdAt: z.string(),
    version: z.number().int(),
  }),
});
const keyFile = z.object({ referenceNumber: z.string() });

export async function createLowdbStore(
  dataDir: string,
  options: { logger?: Logger; documentCacheEntries?: number; maxConcurrentWrites?: number } = {},
): Promise<Store> {
  const logger = options.logger ?? createLogger();
  const root = path.resolve(dataDir);
  const applicationsDir = path.join(root, 'applications');
  const keysDir = path.join(root, 'application-keys');
  const documentsDir = path.join(root, 'documents');
  for (const dir of [applicationsDir, keysDir, documentsDir]) await mkdir(dir, { recursive: true });

  const files = new RecordFiles(root);
  const locks = new KeyedMutex();
  const work = new PendingWork();
  const run = <T>(operation: () => Promise<T>): Promise<T> => work.run(operation);
  const { documents, flush } = createLowdbDocuments({
    documentsDir,
    files,
    locks,
    logger,
    cacheEntries: options.documentCacheEntries,
    maxConcurrentWrites: options.maxConcurrentWrites,
  });

  const appPath = (referenceNumber: string) => path.join(applicationsDir, fileNameForKey(referenceNumber));
  const keyPath = (idempotencyKey: string) => path.join(keysDir, fileNameForKey(idempotencyKey));

  async function readApplication(referenceNumber: string): Promise<Application | undefined> {
    const record = await files.read(appPath(referenceNumber), applicationFile);
    // Only a hash collision of two long keys could make these differ; treat it as absent rather than wrong.
    if (record === undefined || record.application.referenceNumber !== referenceNumber) return undefined;
    return record.application as unknown as Application;
  }

  /** Reads every matching record of a directory; an unreadable one is logged and left out, not fatal. */
  async function readAll<S extends z.ZodType>(
    dir: string,
    schema: S,
    keep: (name: string) => boolean,
  ): Promise<z.infer<S>[]> {
    const names = (await listRecordFiles(dir)).filter(keep);
    const records = await Promise.all(
      names.map(async (name): Promise<z.infer<S> | undefined> => {
        try {
          return await files.read(path.join(dir, name), schema);
        } catch (e) {
          if (!(e instanceof StoreCorruptionError)) throw e;
          logger.error({ err: e, file: e.location }, 'Skipping an unreadable record while listing');
          return undefined;
        }
      }),
    );
    const found: z.infer<S>[] = [];
    for (const record of records) if (record !== undefined) found.push(record);
    return found;
  }

  const applications: ApplicationRepository = {
    insert: (input: Application) =>
      run(async () => {
        const application = checkedApplication(input);
        const { referenceNumber, idempotencyKey } = application;
        return locks.run([`key:${idempotencyKey}`, `app:${referenceNumber}`], async () => {
          const previous = await files.read(keyPath(idempotencyKey), keyFile);
          if (previous !== undefined) {
            const first = await readApplication(previous.referenceNumber);
            // A key file without its record is what a crash between the two writes leaves: start over.
            if (first !== undefined) return { application: first, created: false };
          }
          if ((await readApplication(referenceNumber)) !== undefined)
            throw new DuplicateReferenceError(referenceNumber);
          // The key is written first: if we stop between the two writes, a retry finds the key without its
          // record and writes both again, instead of a second record under a new number.
          await files.write(keyPath(idempotencyKey), { referenceNumber });
          await files.write(appPath(referenceNumber), { application });
          return { application: jsonCopy(application), created: true };
        });
      }),

    get: (referenceNumber: string) => run(() => readApplication(referenceNumber)),

    update: (input: Application, expectedVersion: number) =>
      run(async () => {
        assertVersion(expectedVersion);
        const application = checkedApplication(input);
        return locks.run([`app:${application.referenceNumber}`], async () => {
          const stored = await readApplication(application.referenceNumber);
          if (stored === undefined) throw new ApplicationNotFoundError(application.referenceNumber);
          if (stored.version !== expectedVersion) throw new ConcurrencyError();
          const next = { ...application, idempotencyKey: stored.idempotencyKey, version: expectedVersion + 1 };
          await files.write(appPath(next.referenceNumber), { application: next });
          return next;
        });
      }),

    list: (filter?: ApplicationFilter) =>
      run(async () => {
        const records = await readAll(applicationsDir, applicationFile, () => true);
        return records
          .map((r) => r.application as unknown as Application)
          .filter((a) => matchesFilter(a, filter))
          .sort(compareApplications);
      }),

    remove: (referenceNumber: string) =>
      run(async () =>
        locks.run([`app:${referenceNumber}`], async () => {
          const stored = await readApplication(referenceNumber);
          if (stored === undefined) return false;
          // The record first: a crash between the two leaves a key without its record, which insert
          // already treats as absent.
          await files.remove(appPath(referenceNumber));
          await files.remove(keyPath(stored.idempotencyKey));
          return true;
        }),
      ),
  };

  return {
    kind: 'lowdb',
    applications,
    documents: work.guard(documents),
    ping: () => run(() => access(root, constants.R_OK | constants.W_OK)),
    close: async () => {
      await work.close();
      await flush();
    },
  };
}
