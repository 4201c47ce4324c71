/** A document as the lowdb store keeps it on disk and in memory. */
export interface DocumentRecord {
  key: string;
  value: unknown;
  etag: string;
}

/**
 * What one process knows about documents: a record, or null for "known to be absent" (a read that found
 * nothing, or a delete). Only valid because one process owns a data directory. Bounded: once it holds
 * more than `limit` entries the least recently used ones are dropped, except those the caller says are
 * still pending (their value is not on disk yet, so memory is the only copy).
 */
export class DocumentCache {
  private readonly entries = new Map<string, DocumentRecord | null>();
  private hand: Iterator<string> | undefined;

  constructor(
    private readonly limit: number,
    private readonly isPinned: (collection: string, key: string) => boolean,
  ) {}

  /** undefined: not known, read the file. null: known absent. */
  get(collection: string, key: string): DocumentRecord | null | undefined {
    const id = cacheId(collection, key);
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    // Re-insert so Map order is least recently used first.
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry;
  }

  set(collection: string, key: string, record: DocumentRecord | null): void {
    const id = cacheId(collection, key);
    this.entries.delete(id);
    this.entries.set(id, record);
    if (this.entries.size > this.limit) this.evict();
  }

  /** Every known entry of a collection whose key starts with prefix (absent ones as null). */
  *within(collection: string, prefix: string): Iterable<[string, DocumentRecord | null]> {
    const head = cacheId(collection, prefix);
    for (const [id, record] of this.entries) if (id.startsWith(head)) yield [id.slice(collection.length + 1), record];
  }

  /**
   * Drops old entries, looking at a few at most per call, so a write costs the same with 100 or 100,000
   * cached documents. A "clock hand" (one Map iterator kept between calls) walks from the least recently
   * used end and skips pinned entries (their write still pending) without moving them, so no entry is
   * looked at twice per lap. While nearly everything is pinned the cache runs over its limit for a
   * moment, bounded by the write-behind's own limit on pending writes.
   */
  private evict(): void {
    for (let looked = 0; looked < EVICTION_LOOKS && this.entries.size > this.limit; looked++) {
      let step = this.hand?.next();
      if (!step || step.done) {
        this.hand = this.entries.keys();
        step = this.hand.next();
        if (step.done) return;
      }
      const id = step.value;
      const slash = id.indexOf('/');
      if (!this.isPinned(id.slice(0, slash), id.slice(slash + 1))) this.entries.delete(id);
    }
  }
}

/** Entries examined per eviction: enough to catch up after a burst, few enough to stay O(1). */
const EVICTION_LOOKS = 8;

/** Collections are [a-z0-9_-], so the first "/" always ends the collection name. */
function cacheId(collection: string, key: string): string {
  return `${collection}/${key}`;
}
