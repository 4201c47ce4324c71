/**
 * Which record files each document collection holds, kept in memory after one directory listing, so
 * that asking for a document nobody stored (every new conversation's state) needs no file system call.
 * Under load each file system call waits behind the write-behind queue in libuv's thread pool.
 *
 * The listing starts at the first touch of a collection, and every put or delete from then on is noted,
 * so changes made while the listing runs are applied on top of it: the index is never older than the
 * disk plus the pending writes. Valid only because one process owns a data directory. A collection with
 * more than `maxNames` files is not indexed (memory), and its lookups go to disk as before.
 */
export class DocumentIndex {
  private readonly collections = new Map<string, IndexedCollection>();

  constructor(
    private readonly listFiles: (collection: string) => Promise<string[]>,
    private readonly maxNames = 100_000,
  ) {}

  /** Whether a record file is (or is about to be) there; undefined when the collection is not indexed. */
  async has(collection: string, fileName: string): Promise<boolean | undefined> {
    return (await this.names(collection))?.has(fileName);
  }

  /** Every record file name of the collection; undefined when it is not indexed. */
  async names(collection: string): Promise<ReadonlySet<string> | undefined> {
    const entry = this.touch(collection);
    await entry.loading;
    return entry.names;
  }

  /** Records a put (present) or a delete (absent) of a document. */
  note(collection: string, fileName: string, present: boolean): void {
    const entry = this.touch(collection);
    if (entry.tooLarge) return;
    if (entry.names === undefined) {
      entry.changes.set(fileName, present);
      return;
    }
    if (present) entry.names.add(fileName);
    else entry.names.delete(fileName);
    if (entry.names.size > this.maxNames) this.giveUp(entry);
  }

  private touch(collection: string): IndexedCollection {
    let entry = this.collections.get(collection);
    if (entry === undefined) {
      const created: IndexedCollection = { changes: new Map(), tooLarge: false, loading: Promise.resolve() };
      created.loading = this.load(collection, created);
      this.collections.set(collection, created);
      entry = created;
    }
    return entry;
  }

  private async load(collection: string, entry: IndexedCollection): Promise<void> {
    let listed: string[];
    try {
      listed = await this.listFiles(collection);
    } catch {
      // Unlistable: leave the collection unindexed, lookups read the files (and report the error there).
      this.giveUp(entry);
      return;
    }
    if (entry.tooLarge) return;
    const names = new Set(listed);
    for (const [name, present] of entry.changes) {
      if (present) names.add(name);
      else names.delete(name);
    }
    entry.changes.clear();
    entry.names = names;
    if (names.size > this.maxNames) this.giveUp(entry);
  }

  private giveUp(entry: IndexedCollection): void {
    entry.tooLarge = true;
    entry.names = undefined;
    entry.changes.clear();
  }
}

interface IndexedCollection {
  /** Present once listed, unless the collection is too large. */
  names?: Set<string>;
  /** Puts and deletes made while the listing runs. */
  changes: Map<string, boolean>;
  tooLarge: boolean;
  loading: Promise<void>;
}
