import type { Activity } from 'botbuilder';
import type { DocumentStore } from '../../domain/ports';
import type { Logger } from '../../logger';

export const CONVERSATIONS = 'directline-conversations';
/** How far numbering jumps when a conversation is read back from the store (restart, eviction). */
const RELOAD_SEQ_SKIP = 10_000;
export const ACTIVITIES = 'directline-activities';

export interface ConversationRecord {
  id: string;
  userId: string;
  locale?: string;
  createdAt: string;
  /** Set once the bot has been told the conversation started (the welcome runs once). */
  started: boolean;
}

/** The Direct Line conversation log; see ConversationLog (one process) and SharedConversationLog (N instances). */
export interface ActivityLog {
  create(record: ConversationRecord): Promise<void>;
  get(id: string): Promise<ConversationRecord | undefined>;
  /** True for exactly one caller per conversation: the one that gets to run the welcome. */
  markStarted(id: string): Promise<boolean>;
  append(conversationId: string, activity: Partial<Activity>): Promise<Partial<Activity>>;
  flush(): Promise<void>;
  replace(conversationId: string, activity: Partial<Activity>): Promise<boolean>;
  remove(conversationId: string, id: string): Promise<boolean>;
  since(conversationId: string, after: number): Promise<{ activities: Partial<Activity>[]; watermark: number }>;
  evictIdle(idleMs: number, busy: (id: string) => boolean): void;
  purge(cutoff: Date): Promise<{ activities: number; conversations: string[] }>;
  /** Called after every append (in this process), with the conversation id. */
  onAppend(listener: (conversationId: string) => void): void;
}

interface CachedConversation {
  record: ConversationRecord;
  /** Every stored activity in watermark order; activity ids end with the sequence number. */
  activities: { seq: number; activity: Partial<Activity> }[];
  nextSeq: number;
  lastUsed: number;
}

/**
 * Direct Line conversations and their activities, persisted in the document store and cached in
 * memory with write-through. Polls are the hot path (every visitor, every 300 ms), so they are
 * answered from the cache; the store is read only when a conversation is first touched after a restart.
 */
export class ConversationLog implements ActivityLog {
  private readonly appendListeners: ((conversationId: string) => void)[] = [];
  private readonly cache = new Map<string, CachedConversation>();
  private readonly loading = new Map<string, Promise<CachedConversation | undefined>>();
  private readonly pendingWrites = new Set<Promise<void>>();

  constructor(
    private readonly documents: DocumentStore,
    private readonly log: Logger,
  ) {}

  async create(record: ConversationRecord): Promise<void> {
    await this.documents.put(CONVERSATIONS, record.id, record, null);
    this.cache.set(record.id, { record, activities: [], nextSeq: 1, lastUsed: Date.now() });
  }

  async get(id: string): Promise<ConversationRecord | undefined> {
    return (await this.load(id))?.record;
  }

  async markStarted(id: string): Promise<boolean> {
    const c = await this.load(id);
    if (!c || c.record.started) return false;
    c.record = { ...c.record, started: true };
    await this.documents.put(CONVERSATIONS, id, c.record);
    return true;
  }

  /**
   * Assigns id and watermark and makes the activity visible to polls at once. The store write runs
   * behind (a file-backed store can take hundreds of ms under load, which a turn must not wait for);
   * flush() awaits the pending writes, and shutdown calls it before the store closes.
   */
  async append(conversationId: string, activity: Partial<Activity>): Promise<Partial<Activity>> {
    const c = await this.load(conversationId);
    if (!c) throw new Error(`unknown Direct Line conversation ${conversationId}`);
    const seq = c.nextSeq++;
    const stored = { ...activity, id: activityId(conversationId, seq) };
    c.activities.push({ seq, activity: stored });
    c.lastUsed = Date.now();
    const write = this.documents
      .put(ACTIVITIES, activityKey(conversationId, seq), stored)
      .then(() => undefined)
      .catch((err: unknown) => this.log.error({ err, conversationId }, 'direct line activity not persisted'))
      .finally(() => this.pendingWrites.delete(write));
    this.pendingWrites.add(write);
    for (const l of this.appendListeners) l(conversationId);
    return stored;
  }

  onAppend(listener: (conversationId: string) => void): void {
    this.appendListeners.push(listener);
  }

  /** Resolves when every activity appended so far is in the store. */
  async flush(): Promise<void> {
    while (this.pendingWrites.size > 0) await Promise.all([...this.pendingWrites]);
  }

  async replace(conversationId: string, activity: Partial<Activity>): Promise<boolean> {
    const c = await this.load(conversationId);
    const entry = c?.activities.find((e) => e.activity.id === activity.id);
    if (!c || !entry) return false;
    entry.activity = { ...entry.activity, ...activity, id: entry.activity.id };
    await this.documents.put(ACTIVITIES, activityKey(conversationId, entry.seq), entry.activity);
    return true;
  }

  async remove(conversationId: string, id: string): Promise<boolean> {
    const c = await this.load(conversationId);
    const index = c?.activities.findIndex((e) => e.activity.id === id) ?? -1;
    if (!c || index < 0) return false;
    const [entry] = c.activities.splice(index, 1);
    await this.documents.delete(ACTIVITIES, activityKey(conversationId, entry.seq));
    return true;
  }

  /** Activities after the watermark; `watermark` is the last sequence number returned. */
  async since(conversationId: string, after: number): Promise<{ activities: Partial<Activity>[]; watermark: number }> {
    const c = await this.load(conversationId);
    if (!c) return { activities: [], watermark: after };
    c.lastUsed = Date.now();
    const list = c.activities;
    let i = list.length;
    while (i > 0 && list[i - 1].seq > after) i--;
    const fresh = list.slice(i);
    const last = list.length > 0 ? list[list.length - 1].seq : 0;
    return { activities: fresh.map((e) => e.activity), watermark: Math.max(after, last) };
  }

  /** Drops idle conversations from memory (never from the store). */
  evictIdle(idleMs: number, busy: (id: string) => boolean): void {
    const limit = Date.now() - idleMs;
    for (const [id, c] of this.cache) if (c.lastUsed < limit && !busy(id)) this.cache.delete(id);
  }

  /**
   * Deletes activities older than the cutoff, and conversations created before it with nothing left.
   * Returns how many activities were deleted.
   */
  async purge(cutoff: Date): Promise<{ activities: number; conversations: string[] }> {
    const removedConversations: string[] = [];
    let removed = 0;
    const conversations = await this.documents.list<ConversationRecord>(CONVERSATIONS);
    for (const { value: record } of conversations) {
      const docs = await this.documents.list<Partial<Activity>>(ACTIVITIES, { prefix: `${record.id}:` });
      let kept = 0;
      for (const doc of docs) {
        const ts = Date.parse(String(doc.value.timestamp ?? ''));
        if (Number.isFinite(ts) && ts < cutoff.getTime()) {
          await this.documents.delete(ACTIVITIES, doc.key);
          removed++;
        } else kept++;
      }
      if (kept === 0 && Date.parse(record.createdAt) < cutoff.getTime()) {
        await this.documents.delete(CONVERSATIONS, record.id);
        removedConversations.push(record.id);
      }
      this.cache.delete(record.id);
    }
    return { activities: removed, conversations: removedConversations };
  }

  private load(id: string): Promise<CachedConversation | undefined> {
    const hit = this.cache.get(id);
    if (hit) return Promise.resolve(hit);
    let pending = this.loading.get(id);
    if (!pending) {
      pending = this.loadFromStore(id).finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    return pending;
  }

  private async loadFromStore(id: string): Promise<CachedConversation | undefined> {
    const doc = await this.documents.get<ConversationRecord>(CONVERSATIONS, id);
    if (!doc) return undefined;
    const docs = await this.documents.list<Partial<Activity>>(ACTIVITIES, { prefix: `${id}:` });
    const activities = docs.map((d) => ({ seq: Number(d.key.slice(id.length + 1)), activity: d.value }));
    // Appends run behind the store, so after a crash (kill -9) the last activities a client already saw
    // may not be on disk. Numbering on from the last stored one would hand those ids out again with other
    // content, below the client's watermark (F4). Skipping far ahead on every reload cannot collide:
    // the unsaved tail is bounded by the write-behind's backlog limit, well under the skip.
    const last = activities.length > 0 ? activities[activities.length - 1].seq : 0;
    const nextSeq = last + 1 + RELOAD_SEQ_SKIP;
    const loaded: CachedConversation = { record: doc.value, activities, nextSeq, lastUsed: Date.now() };
    this.cache.set(id, loaded);
    this.log.debug({ conversationId: id, activities: activities.length }, 'direct line conversation loaded');
    return loaded;
  }
}

/** Zero-padded so the store's key order is watermark order. */
function activityKey(conversationId: string, seq: number): string {
  return `${conversationId}:${String(seq).padStart(10, '0')}`;
}

export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

/** The sequence number at the end of an activity id, or undefined for ids this log did not make. */
export function seqOfActivityId(conversationId: string, id: string): number | undefined {
  const prefix = `${conversationId}|`;
  if (!id.startsWith(prefix) || !/^\d+$/.test(id.slice(prefix.length))) return undefined;
  return Number(id.slice(prefix.length));
}
