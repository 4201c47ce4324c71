import type { Application, ApplicationKind, ApplicationStatus, CityId } from './application';

/**
 * The interfaces the domain needs from the outside. src/storage implements them (lowdb, PostgreSQL);
 * tests may use the in-memory adapter. Nothing here knows about files, SQL or HTTP.
 */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Thrown when a conditional write finds the record changed since it was read. */
export class ConcurrencyError extends Error {
  constructor(message = 'The record was changed by someone else; read it again and retry.') {
    super(message);
    this.name = 'ConcurrencyError';
  }
}

export interface ApplicationFilter {
  city?: CityId;
  kinds?: ApplicationKind[];
  statuses?: ApplicationStatus[];
  applicantIdNumber?: string;
  conversationId?: string;
}

export interface ApplicationRepository {
  /**
   * Stores a new application. If its idempotencyKey was used before, nothing is written and the first
   * record comes back with created=false. Reference numbers are unique.
   */
  insert(application: Application): Promise<{ application: Application; created: boolean }>;
  get(referenceNumber: string): Promise<Application | undefined>;
  /**
   * Replaces the record if its stored version equals expectedVersion; the stored copy gets
   * version expectedVersion + 1 and is returned. Otherwise throws ConcurrencyError.
   */
  update(application: Application, expectedVersion: number): Promise<Application>;
  /** Matching applications, oldest first (createdAt). */
  list(filter?: ApplicationFilter): Promise<Application[]>;
  /**
   * Deletes the record and its idempotency key (erasure of a resident's data); false when there was no
   * such record. A later submission with the same key is then a new application.
   */
  remove(referenceNumber: string): Promise<boolean>;
}

export interface StoredDocument<T> {
  key: string;
  value: T;
  /** Changes on every write. */
  etag: string;
}

/**
 * A small document store for everything that is not an application: bot conversation and user state,
 * Direct Line conversations, handoff sessions, staff accounts, audit entries, reminder jobs, WeChat
 * dedupe keys. Collections are flat names ([a-z0-9_-]); keys are any non-empty string.
 * Values must be JSON-serialisable.
 */
export interface DocumentStore {
  get<T>(collection: string, key: string): Promise<StoredDocument<T> | undefined>;
  /**
   * Writes a document and returns its new etag.
   * expectedEtag undefined: unconditional. null: only if absent (create). A string: only if the stored
   * etag equals it. A failed condition throws ConcurrencyError and changes nothing.
   */
  put<T>(collection: string, key: string, value: T, expectedEtag?: string | null): Promise<string>;
  /** Returns whether a document was removed. */
  delete(collection: string, key: string): Promise<boolean>;
  /** All documents of a collection whose key starts with prefix (all when omitted), ordered by key. */
  list<T>(collection: string, options?: { prefix?: string }): Promise<StoredDocument<T>[]>;
}

/**
 * Numbered entries per stream, numbered by the store in the insert itself, so any number of writers
 * (processes) appending to one stream get distinct, gap-free, increasing numbers. Used for the Direct
 * Line activity log when several instances share one database.
 */
export interface SequenceLog {
  /** Appends and returns the entry's number: 1 for a stream's first entry, then one more each time. */
  append(stream: string, value: unknown): Promise<number>;
  /** Entries numbered above `after`, in number order (at most `limit`). */
  since<T>(stream: string, after: number, limit?: number): Promise<{ seq: number; value: T }[]>;
  /** Replaces an entry's value; false when there is no such entry. */
  replace(stream: string, seq: number, value: unknown): Promise<boolean>;
  remove(stream: string, seq: number): Promise<boolean>;
  /** Deletes entries older than the cutoff (by the time they were appended); returns how many. */
  purgeBefore(cutoff: Date): Promise<number>;
  /** Deletes a whole stream and its numbering (erasure); returns how many entries went. */
  drop(stream: string): Promise<number>;
}

/**
 * What instances sharing one store need to agree on: locks held across processes, messages fanned
 * out to every instance (including the sender).
 */
export interface Coordination {
  /** Runs fn while no other holder of the same name (in any instance) runs. */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Delivers payload (under 8000 bytes) to every subscriber of the topic in every instance. */
  publish(topic: string, payload: string): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(topic: string, handler: (payload: string) => void): () => void;
}

/** Whether one more request is allowed, and if not, in how many seconds it will be. */
export interface RateDecision {
  ok: boolean;
  /** Seconds until one more request would be allowed (0 when ok). */
  retryAfterSeconds: number;
}

/**
 * Request counters shared by every instance on the store, for rate limits that must hold however a
 * load balancer spreads the requests (one minute's window per key and bucket).
 */
export interface RateCounter {
  /** Spends one request of `key` in `bucket`, which allows `perMinute` a minute. */
  take(bucket: string, key: string, perMinute: number): Promise<RateDecision>;
  /** The same decision without spending. */
  peek(bucket: string, key: string, perMinute: number): Promise<RateDecision>;
}

/** The whole store, as the composition root receives it. */
export interface Store {
  readonly kind: 'lowdb' | 'postgres' | 'memory';
  readonly applications: ApplicationRepository;
  readonly documents: DocumentStore;
  /**
   * Present when several instances may share the store (PostgreSQL). Without it the store belongs to
   * one process, and in-process equivalents are used.
   */
  readonly shared?: { log: SequenceLog; coordination: Coordination; rates: RateCounter };
  /** Resolves when the store is reachable (used by GET /healthz). */
  ping(): Promise<void>;
  /** Finishes pending writes and releases connections. */
  close(): Promise<void>;
}
