import type { Logger } from '../logger';

/** One file operation the write-behind queue performs: write a record, or remove its file. */
export type FileOperation = { kind: 'write'; file: string; data: object } | { kind: 'remove'; file: string };

/**
 * Writes files after the caller has moved on. Operations are serialized per file and coalesced: while a
 * file waits for its turn or is being written, later operations on it replace the waiting one, so only
 * the newest is written (a burst of puts to one document costs at most two file writes).
 *
 * At most `maxConcurrent` files are written at once. File system calls share libuv's small thread pool
 * (4 threads by default) with every read; letting hundreds of writes in at once queues each read of a
 * new conversation behind all of them. Waiting writes also coalesce more the longer they wait.
 * drain() resolves once nothing is waiting or running, which is what a graceful shutdown waits for.
 */
export class WriteBehind {
  /** The newest operation per file that has not started yet. */
  private readonly queued = new Map<string, FileOperation>();
  /** Files with a queued operation, in the order they should be written (first come, first written). */
  private readonly ready = new Set<string>();
  private readonly running = new Set<string>();
  private idle: Array<() => void> = [];
  private roomWaiters: Array<() => void> = [];

  constructor(
    private readonly perform: (operation: FileOperation) => Promise<unknown>,
    private readonly logger: Logger,
    private readonly describe: (file: string) => string,
    private readonly maxConcurrent = 4,
    /** Backlog above which room() makes writers wait: back-pressure instead of an unbounded queue. */
    private readonly maxBacklog = 2000,
  ) {}

  /**
   * Resolves at once while the backlog is under its bound, else once it drains below it. A writer
   * awaits this before scheduling, so under overload requests slow down rather than the backlog (the
   * data a crash would lose) growing without limit.
   */
  room(): Promise<void> {
    if (this.backlog < this.maxBacklog) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  schedule(operation: FileOperation): void {
    this.queued.set(operation.file, operation);
    if (!this.running.has(operation.file)) this.ready.add(operation.file);
    this.pump();
  }

  /** Whether a file still has a write or removal waiting or running (its cached value is not on disk yet). */
  isPending(file: string): boolean {
    return this.queued.has(file) || this.running.has(file);
  }

  /** Files waiting or being written. */
  get backlog(): number {
    return this.queued.size + this.running.size;
  }

  drain(): Promise<void> {
    if (this.backlog === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    while (this.running.size < this.maxConcurrent && this.ready.size > 0) {
      const file = this.ready.values().next().value as string;
      this.ready.delete(file);
      const operation = this.queued.get(file)!;
      this.queued.delete(file);
      this.running.add(file);
      void this.attempt(operation).finally(() => this.finished(file));
    }
    if (this.roomWaiters.length > 0 && this.backlog < this.maxBacklog) {
      const waiting = this.roomWaiters.splice(0, this.maxBacklog - this.backlog);
      for (const resolve of waiting) resolve();
    }
    if (this.backlog === 0) {
      const waiting = this.idle;
      this.idle = [];
      for (const resolve of waiting) resolve();
    }
  }

  private finished(file: string): void {
    this.running.delete(file);
    // Whatever arrived for this file while it was written goes to the back of the line.
    if (this.queued.has(file)) this.ready.add(file);
    this.pump();
  }

  /** A failed write is retried once (a full disk or a passing I/O error); a second failure is logged loudly. */
  private async attempt(operation: FileOperation): Promise<void> {
    const where = this.describe(operation.file);
    try {
      await this.perform(operation);
      return;
    } catch (e) {
      this.logger.warn(
        { err: e, file: where, operation: operation.kind },
        'Background document write failed; retrying once',
      );
    }
    try {
      await this.perform(operation);
    } catch (e) {
      this.logger.error(
        { err: e, file: where, operation: operation.kind },
        'Background document write failed twice; the change is not on disk until this document is written again',
      );
    }
  }
}
