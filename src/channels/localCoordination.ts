import { EventEmitter } from 'node:events';
import type { Coordination } from '../domain/ports';

/** Coordination for a store owned by one process (lowdb, memory): locks and fan-out stay in memory. */
export function localCoordination(): Coordination {
  const tails = new Map<string, Promise<unknown>>();
  const bus = new EventEmitter();
  bus.setMaxListeners(0);
  return {
    async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const previous = tails.get(name) ?? Promise.resolve();
      const run = previous.then(fn, fn);
      const tail = run.catch(() => undefined);
      tails.set(name, tail);
      try {
        return await run;
      } finally {
        // Forget the chain once nobody queues behind it, so the map does not grow with every name used.
        if (tails.get(name) === tail) tails.delete(name);
      }
    },
    publish(topic, payload) {
      // Asynchronous like a real NOTIFY, so a publisher never runs subscribers inside its own call.
      setImmediate(() => bus.emit(topic, payload));
      return Promise.resolve();
    },
    subscribe(topic, handler) {
      bus.on(topic, handler);
      return () => bus.off(topic, handler);
    },
  };
}
