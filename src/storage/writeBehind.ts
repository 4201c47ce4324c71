import type { Logger } from '../logger';

/** One file operation the write-behind queue performs: write a record, or remove its file. */
export type FileOperation = { kind: 'write'; file: string; data: object } | { kind: 'remove'; file: string };

/**
 * Writes files after the caller has moved on. Operations are serialized per file and coalesced: while
 * one write of a file runs, later ones wait, and only the newest of them is written when its turn comes
 * (a burst of puts to one document costs at most two file writes). drain() resolves once nothing is
 * queued or running, which is what a graceful shutdown waits for.
 */
export class WriteBehind {
  /** The newest operation per file that has not started yet. */
  private readonly queued = new Map<string, FileOperation>();
  /** The running flush loop per file. */
  private readonly flushing = new Map<string, Promise<void>>();

  constructor(
    private readonly perform: (operation: FileOperation) => Promise<unknown>,
    private readonly logger: Logger,
    private readonly describe: (file: string) => string,
  ) {}

  schedule(operation: FileOperation): void {
    this.queued.set(operation.file, operation);
    if (!this.flushing.has(operation.file)) this.flushing.set(operation.file, this.flush(operation.file));
  }

  /** Whether a file still has a write or removal queued or running (its cached value is not on disk yet). */
  isPending(file: string): boolean {
    return this.queued.has(file) || this.flushing.has(file);
  }

  get pendingFiles(): number {
    return this.flushing.size;
  }

  async drain(): Promise<void> {
    while (this.flushing.size > 0) await Promise.allSettled([...this.flushing.values()]);
  }

  private async flush(file: string): Promise<void> {
    // Yield once so that flushing.set() has run and puts made in the same tick coalesce.
    await Promise.resolve();
    try {
      for (let next = this.take(file); next !== undefined; next = this.take(file)) await this.attempt(next);
    } finally {
      this.flushing.delete(file);
    }
  }

  private take(file: string): FileOperation | undefined {
    const next = this.queued.get(file);
    this.queued.delete(file);
    return next;
  }

  /** A failed write is retried once (a full disk or a passing I/O error); a second failure is logged loudly. */
  private async attempt(operation: FileOperation): Promise<void> {
    const where = this.describe(operation.file);
    try {
      await this.perform(operation);
      return;
    } catch (e) {
      this.logger.warn({ err: e, file: where, operation: operation.kind }, 'Background document write failed; retrying once');
    }
    try {
      await this.perform(operation);
    } catch (e) {
      this.logger.error({ err: e, file: where, operation: operation.kind }, 'Background document write failed twice; the change is not on disk until this document is written again');
    }
  }
}
