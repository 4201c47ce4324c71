import { randomUUID } from 'node:crypto';
import type { Application } from '../domain/application';
import type { ApplicationFilter } from '../domain/ports';
import { InvalidStoreInputError } from './storeErrors';

/**
 * Checks and helpers shared by every adapter, so that the memory, lowdb and PostgreSQL stores accept,
 * refuse and order things identically (the contract suite relies on it).
 */

const COLLECTION = /^[a-z0-9_-]{1,64}$/;

export function assertCollection(collection: string): void {
  if (typeof collection !== 'string' || !COLLECTION.test(collection)) {
    throw new InvalidStoreInputError(
      `Collection name ${JSON.stringify(collection)} must be 1-64 characters of a-z, 0-9, _ or -.`,
    );
  }
}

/** PostgreSQL text cannot hold NUL, so no adapter accepts it: the contract stays the same everywhere. */
export function assertKey(key: string, what = 'Key'): void {
  if (typeof key !== 'string' || key.length === 0)
    throw new InvalidStoreInputError(`${what} must be a non-empty string.`);
  if (key.includes('\u0000')) throw new InvalidStoreInputError(`${what} must not contain the NUL character.`);
}

/** A deep copy through JSON: what comes back from any store is exactly what JSON can carry. */
export function jsonCopy<T>(value: T): T {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new InvalidStoreInputError(`Value is not JSON-serialisable: ${(e as Error).message}`);
  }
  if (text === undefined)
    throw new InvalidStoreInputError('Value is not JSON-serialisable (undefined, a function or a symbol).');
  if (text.includes('\\u0000')) throw new InvalidStoreInputError('Value must not contain the NUL character.');
  return JSON.parse(text) as T;
}

/** Minimal shape check: the fields the stores index on. Full validation belongs to the domain. */
export function checkedApplication(application: Application): Application {
  if (application === null || typeof application !== 'object')
    throw new InvalidStoreInputError('Application must be an object.');
  assertKey(application.referenceNumber, 'Reference number');
  assertKey(application.idempotencyKey, 'Idempotency key');
  for (const field of ['kind', 'city', 'status', 'createdAt'] as const) {
    if (typeof application[field] !== 'string' || application[field] === '') {
      throw new InvalidStoreInputError(`Application ${field} must be a non-empty string.`);
    }
  }
  if (Number.isNaN(Date.parse(application.createdAt)))
    throw new InvalidStoreInputError('Application createdAt must be an ISO date-time.');
  if (!Number.isInteger(application.version))
    throw new InvalidStoreInputError('Application version must be an integer.');
  if (typeof application.applicant?.idNumber !== 'string')
    throw new InvalidStoreInputError('Application applicant.idNumber must be a string.');
  return jsonCopy(application);
}

export function assertVersion(expectedVersion: number): void {
  if (!Number.isInteger(expectedVersion)) throw new InvalidStoreInputError('Expected version must be an integer.');
}

export function matchesFilter(application: Application, filter: ApplicationFilter = {}): boolean {
  if (filter.city !== undefined && application.city !== filter.city) return false;
  if (filter.kinds !== undefined && !filter.kinds.includes(application.kind)) return false;
  if (filter.statuses !== undefined && !filter.statuses.includes(application.status)) return false;
  if (filter.applicantIdNumber !== undefined && application.applicant.idNumber !== filter.applicantIdNumber)
    return false;
  if (filter.conversationId !== undefined && application.conversationId !== filter.conversationId) return false;
  return true;
}

/** Oldest first; the reference number breaks ties so the order is stable across adapters. */
export function compareApplications(a: Application, b: Application): number {
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || compareKeys(a.referenceNumber, b.referenceNumber);
}

/**
 * Code-point order (the same as UTF-8 byte order and PostgreSQL's COLLATE "C"); plain `<` would compare
 * UTF-16 units and put some characters in a different place than the database does.
 */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Unique per write, so a reader can tell any two versions of a document apart. */
export function newEtag(): string {
  return randomUUID();
}
