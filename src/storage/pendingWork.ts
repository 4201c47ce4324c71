import { StoreClosedError } from './storeErrors';

/**
 * Counts the operations under way so close() can let them finish (no write is cut off at shutdown)
 * while refusing new ones.
 */
export class PendingWork {
  private readonly running = new Set<Promise<unknown>>();
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    const promise = operation();
    this.running.add(promise);
    const forget = () => this.running.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  /** Wraps every method of a port object so each call is tracked. */
  guard<P extends object>(port: P): P {
    const guarded: Record<string, unknown> = {};
    for (const [name, method] of Object.entries(port)) {
      guarded[name] = (...args: unknown[]) =>
        this.run(() => (method as (...a: unknown[]) => Promise<unknown>).apply(port, args));
    }
    return guarded as P;
  }

  /** Stops new work and resolves once everything already started has settled. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
