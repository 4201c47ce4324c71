/**
 * Runs the turns of one conversation one after the other (a visitor who types fast must not have two
 * turns racing over the same dialog state), while different conversations run concurrently.
 */
export class TurnQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private pending = 0;
  private idleWaiters: (() => void)[] = [];

  enqueue(conversationId: string, turn: () => Promise<void>): Promise<void> {
    this.pending++;
    const previous = this.tails.get(conversationId) ?? Promise.resolve();
    const run = previous
      .then(turn)
      .catch(() => undefined)
      .finally(() => {
        this.pending--;
        if (this.tails.get(conversationId) === run) this.tails.delete(conversationId);
        if (this.pending === 0) for (const w of this.idleWaiters.splice(0)) w();
      });
    this.tails.set(conversationId, run);
    return run;
  }

  isBusy(conversationId: string): boolean {
    return this.tails.has(conversationId);
  }

  /** Resolves when every queued turn has finished. */
  drain(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
