/**
 * In-process locks by name. The lowdb store holds one while it reads, decides and writes a record, so
 * two concurrent requests can never both see "absent" and both write (the lost-update race).
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs fn while holding every named lock. Locks are taken in sorted order so two callers never deadlock. */
  async run<T>(names: string[], fn: () => Promise<T>): Promise<T> {
    const releases: Array<() => void> = [];
    try {
      for (const name of [...new Set(names)].sort()) releases.push(await this.acquire(name));
      return await fn();
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  private async acquire(name: string): Promise<() => void> {
    const previous = this.tails.get(name) ?? Promise.resolve();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => held);
    this.tails.set(name, tail);
    await previous;
    return () => {
      release();
      // Forget the chain once nobody queues behind it, so the map does not grow with every key ever used.
      if (this.tails.get(name) === tail) this.tails.delete(name);
    };
  }
}
