import type { Application } from '../domain/application';
import {
  ConcurrencyError,
  type ApplicationFilter,
  type ApplicationRepository,
  type DocumentStore,
  type Store,
  type StoredDocument,
} from '../domain/ports';
import { ApplicationNotFoundError, DuplicateReferenceError, StoreClosedError } from './storeErrors';
import {
  assertCollection,
  assertKey,
  assertVersion,
  checkedApplication,
  compareApplications,
  compareKeys,
  jsonCopy,
  matchesFilter,
  newEtag,
} from './storeInput';

/**
 * The in-memory store: same contract as lowdb and PostgreSQL, nothing persisted. For tests and for
 * tools that need a throw-away store. Values are copied in and out, so a caller that mutates what it
 * passed or received never changes the stored state behind the store's back.
 */
export function createMemoryStore(): Store {
  const applications = new Map<string, Application>();
  const referenceByIdempotencyKey = new Map<string, string>();
  const collections = new Map<string, Map<string, { value: unknown; etag: string }>>();
  let closed = false;

  const open = (): void => {
    if (closed) throw new StoreClosedError();
  };

  // Every method is synchronous inside, so each runs atomically with respect to the others.
  const applicationRepository: ApplicationRepository = {
    async insert(input: Application) {
      open();
      const application = checkedApplication(input);
      const existing = referenceByIdempotencyKey.get(application.idempotencyKey);
      if (existing !== undefined) return { application: jsonCopy(applications.get(existing)!), created: false };
      if (applications.has(application.referenceNumber)) throw new DuplicateReferenceError(application.referenceNumber);
      applications.set(application.referenceNumber, application);
      referenceByIdempotencyKey.set(application.idempotencyKey, application.referenceNumber);
      return { application: jsonCopy(application), created: true };
    },
    async get(referenceNumber: string) {
      open();
      const found = applications.get(referenceNumber);
      return found === undefined ? undefined : jsonCopy(found);
    },
    async update(input: Application, expectedVersion: number) {
      open();
      assertVersion(expectedVersion);
      const application = checkedApplication(input);
      const stored = applications.get(application.referenceNumber);
      if (stored === undefined) throw new ApplicationNotFoundError(application.referenceNumber);
      if (stored.version !== expectedVersion) throw new ConcurrencyError();
      // The idempotency key identifies the original submission; an update cannot move it.
      const next = { ...application, idempotencyKey: stored.idempotencyKey, version: expectedVersion + 1 };
      applications.set(next.referenceNumber, next);
      return jsonCopy(next);
    },
    async list(filter?: ApplicationFilter) {
      open();
      return [...applications.values()]
        .filter((a) => matchesFilter(a, filter))
        .sort(compareApplications)
        .map((a) => jsonCopy(a));
    },
    async remove(referenceNumber: string) {
      open();
      const stored = applications.get(referenceNumber);
      if (stored === undefined) return false;
      applications.delete(referenceNumber);
      referenceByIdempotencyKey.delete(stored.idempotencyKey);
      return true;
    },
  };

  const documents: DocumentStore = {
    async get<T>(collection: string, key: string): Promise<StoredDocument<T> | undefined> {
      open();
      assertCollection(collection);
      assertKey(key);
      const found = collections.get(collection)?.get(key);
      return found === undefined ? undefined : { key, value: jsonCopy(found.value) as T, etag: found.etag };
    },
    async put<T>(collection: string, key: string, value: T, expectedEtag?: string | null): Promise<string> {
      open();
      assertCollection(collection);
      assertKey(key);
      const copy = jsonCopy(value);
      const docs = collections.get(collection) ?? new Map<string, { value: unknown; etag: string }>();
      const current = docs.get(key);
      if (expectedEtag === null && current !== undefined)
        throw new ConcurrencyError(`Document ${collection}/${key} already exists.`);
      if (typeof expectedEtag === 'string' && current?.etag !== expectedEtag) throw new ConcurrencyError();
      const etag = newEtag();
      docs.set(key, { value: copy, etag });
      collections.set(collection, docs);
      return etag;
    },
    async delete(collection: string, key: string): Promise<boolean> {
      open();
      assertCollection(collection);
      assertKey(key);
      return collections.get(collection)?.delete(key) ?? false;
    },
    async list<T>(collection: string, options: { prefix?: string } = {}): Promise<StoredDocument<T>[]> {
      open();
      assertCollection(collection);
      const prefix = options.prefix ?? '';
      const docs = collections.get(collection) ?? new Map<string, { value: unknown; etag: string }>();
      return [...docs.entries()]
        .filter(([key]) => key.startsWith(prefix))
        .sort(([a], [b]) => compareKeys(a, b))
        .map(([key, doc]) => ({ key, value: jsonCopy(doc.value) as T, etag: doc.etag }));
    },
  };

  return {
    kind: 'memory',
    applications: applicationRepository,
    documents,
    async ping() {
      open();
    },
    async close() {
      closed = true;
    },
  };
}
