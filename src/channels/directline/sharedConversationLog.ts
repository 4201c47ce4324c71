import type { Activity } from 'botbuilder';
import { ConcurrencyError, type Coordination, type DocumentStore, type SequenceLog } from '../../domain/ports';
import type { Logger } from '../../logger';
import {
  activityId,
  CONVERSATIONS,
  seqOfActivityId,
  type ActivityLog,
  type ConversationRecord,
} from './conversationLog';

/** The NOTIFY topic announcing a new activity: the payload is the conversation id (ids only, never text). */
const ACTIVITY_TOPIC = 'directline-activity';

/** The sequence-log stream holding one conversation's activities. */
export const stream = (conversationId: string) => `directline:${conversationId}`;

/**
 * The Direct Line log when several instances share one PostgreSQL: the database is the log of record.
 * Each activity's number is allocated by the insert itself, so two instances appending to one
 * conversation never hand out the same id, and every poll (to any instance) reads the log, so both
 * serve the same history. Nothing is written behind: an id is returned only once it is stored.
 * Conversation records never change after creation except `started`, so they are cached; `started`
 * is decided by a conditional write.
 */
export class SharedConversationLog implements ActivityLog {
  private readonly records = new Map<string, ConversationRecord>();
  private readonly appendListeners: ((conversationId: string) => void)[] = [];

  constructor(
    private readonly documents: DocumentStore,
    private readonly log: SequenceLog,
    private readonly coordination: Coordination,
    private readonly logger: Logger,
  ) {
    // Another instance's appends reach this one's WebSocket streams through the notice.
    coordination.subscribe(ACTIVITY_TOPIC, (conversationId) => {
      for (const l of this.appendListeners) l(conversationId);
    });
  }

  async create(record: ConversationRecord): Promise<void> {
    await this.documents.put(CONVERSATIONS, record.id, record, null);
    this.records.set(record.id, record);
  }

  async get(id: string): Promise<ConversationRecord | undefined> {
    const hit = this.records.get(id);
    if (hit) return hit;
    const doc = await this.documents.get<ConversationRecord>(CONVERSATIONS, id);
    if (doc) this.records.set(id, doc.value);
    return doc?.value;
  }

  async markStarted(id: string): Promise<boolean> {
    const doc = await this.documents.get<ConversationRecord>(CONVERSATIONS, id);
    if (!doc || doc.value.started) return false;
    try {
      await this.documents.put(CONVERSATIONS, id, { ...doc.value, started: true }, doc.etag);
      return true;
    } catch (err) {
      if (err instanceof ConcurrencyError) return false;
      throw err;
    }
  }

  async append(conversationId: string, activity: Partial<Activity>): Promise<Partial<Activity>> {
    if (!(await this.get(conversationId))) throw new Error(`unknown Direct Line conversation ${conversationId}`);
    const { id: _ignored, ...value } = activity;
    const seq = await this.log.append(stream(conversationId), value);
    void this.coordination
      .publish(ACTIVITY_TOPIC, conversationId)
      .catch((err: unknown) => this.logger.warn({ err, conversationId }, 'activity notice not sent'));
    return { ...value, id: activityId(conversationId, seq) };
  }

  /** Nothing is ever pending: append returns after the insert. */
  flush(): Promise<void> {
    return Promise.resolve();
  }

  async replace(conversationId: string, activity: Partial<Activity>): Promise<boolean> {
    const seq = activity.id === undefined ? undefined : seqOfActivityId(conversationId, activity.id);
    if (seq === undefined) return false;
    const [current] = await this.log.since<Partial<Activity>>(stream(conversationId), seq - 1, 1);
    if (!current || current.seq !== seq) return false;
    const { id: _ignored, ...value } = { ...current.value, ...activity };
    return this.log.replace(stream(conversationId), seq, value);
  }

  async remove(conversationId: string, id: string): Promise<boolean> {
    const seq = seqOfActivityId(conversationId, id);
    return seq === undefined ? false : this.log.remove(stream(conversationId), seq);
  }

  async since(conversationId: string, after: number): Promise<{ activities: Partial<Activity>[]; watermark: number }> {
    const entries = await this.log.since<Partial<Activity>>(stream(conversationId), after);
    const last = entries.length > 0 ? entries[entries.length - 1].seq : 0;
    return {
      activities: entries.map((e) => ({ ...e.value, id: activityId(conversationId, e.seq) })),
      watermark: Math.max(after, last),
    };
  }

  evictIdle(): void {
    // Records are small and immutable here; dropping them all now and then bounds the map.
    if (this.records.size > 50_000) this.records.clear();
  }

  onAppend(listener: (conversationId: string) => void): void {
    this.appendListeners.push(listener);
  }

  async purge(cutoff: Date): Promise<{ activities: number; conversations: string[] }> {
    const activities = await this.log.purgeBefore(cutoff);
    const conversations: string[] = [];
    for (const { value: record } of await this.documents.list<ConversationRecord>(CONVERSATIONS)) {
      if (Date.parse(record.createdAt) >= cutoff.getTime()) continue;
      if ((await this.log.since(stream(record.id), 0, 1)).length > 0) continue;
      await this.documents.delete(CONVERSATIONS, record.id);
      this.records.delete(record.id);
      conversations.push(record.id);
    }
    return { activities, conversations };
  }
}
