import { ConcurrencyError } from '../domain/ports';

/**
 * Errors the store adapters throw besides the domain's ConcurrencyError. Every adapter throws the same
 * classes for the same situations, so callers can react without knowing which store is behind the port.
 */

/**
 * Another application already holds this reference number. It extends ConcurrencyError so that a caller
 * which retries conflicts (with a freshly generated number) needs no storage import.
 */
export class DuplicateReferenceError extends ConcurrencyError {
  constructor(referenceNumber: string) {
    super(`Reference number ${referenceNumber} is already used by another application.`);
    this.name = 'DuplicateReferenceError';
  }
}

/** A caller passed something the store cannot hold (bad collection name, empty key, non-JSON value...). */
export class InvalidStoreInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidStoreInputError';
  }
}

/** update() named an application that is not stored. */
export class ApplicationNotFoundError extends Error {
  constructor(referenceNumber: string) {
    super(`No application with reference number ${referenceNumber} is stored.`);
    this.name = 'ApplicationNotFoundError';
  }
}

/** A stored record could not be read back (truncated or hand-edited file). Other records stay usable. */
export class StoreCorruptionError extends Error {
  constructor(
    readonly location: string,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`Stored record ${location} is unreadable (${why}). Restore it from a backup or remove it.`);
    this.name = 'StoreCorruptionError';
  }
}

/** The store was closed; the composition root should not use it any more. */
export class StoreClosedError extends Error {
  constructor() {
    super('The store is closed.');
    this.name = 'StoreClosedError';
  }
}
