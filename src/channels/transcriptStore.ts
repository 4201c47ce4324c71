import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { ActivityTypes, type Activity, type Middleware, type TranscriptLogger, type TurnContext } from 'botbuilder';
import type { DocumentStore } from '../domain/ports';
import type { Logger } from '../logger';

export const TRANSCRIPTS = 'transcripts';

/** Who spoke, as the console shows it. */
export type Speaker = 'resident' | 'bot' | 'staff' | 'system';

export interface TranscriptEntry {
  /** Sortable key within the conversation; the console asks for entries after it. */
  seq: string;
  at: string;
  speaker: Speaker;
  /** The activity as it went over the wire, unmasked: staff may need the real values (reveal). */
  activity: Partial<Activity>;
}

let counter = 0;
function nextSeq(now: number): string {
  counter = (counter + 1) % 1_000_000;
  return `${String(now).padStart(14, '0')}-${String(counter).padStart(6, '0')}-${randomBytes(2).toString('hex')}`;
}

/**
 * Every activity of every conversation, whatever the channel, so staff taking over see what the bot
 * saw. Also botbuilder's TranscriptLogger, so it can sit behind TranscriptLoggerMiddleware elsewhere.
 * Emits 'entry' (conversationId, entry) for the console's live view.
 */
export class TranscriptStore extends EventEmitter implements TranscriptLogger {
  constructor(
    private readonly documents: DocumentStore,
    private readonly log: Logger,
  ) {
    super();
    this.setMaxListeners(200);
  }

  async logActivity(activity: Partial<Activity>): Promise<void> {
    await this.record(activity, activity.from?.role === 'user' ? 'resident' : 'bot');
  }

  async record(activity: Partial<Activity>, speaker: Speaker): Promise<TranscriptEntry | undefined> {
    const conversationId = activity.conversation?.id;
    if (!conversationId || activity.type === ActivityTypes.Typing) return undefined;
    const now = Date.now();
    const entry: TranscriptEntry = {
      seq: nextSeq(now),
      at: new Date(now).toISOString(),
      speaker,
      activity: JSON.parse(JSON.stringify(activity)) as Partial<Activity>,
    };
    try {
      await this.documents.put(TRANSCRIPTS, `${conversationId}|${entry.seq}`, entry);
    } catch (err) {
      // A lost transcript line must not cost the resident an answer.
      this.log.warn({ err, conversationId }, 'could not store transcript entry');
      return undefined;
    }
    this.emit('entry', conversationId, entry);
    return entry;
  }

  /** Oldest first; only entries after `afterSeq` when given. */
  async entries(conversationId: string, afterSeq?: string): Promise<TranscriptEntry[]> {
    const docs = await this.documents.list<TranscriptEntry>(TRANSCRIPTS, { prefix: `${conversationId}|` });
    const all = docs.map((d) => d.value);
    return afterSeq ? all.filter((e) => e.seq > afterSeq) : all;
  }
}

/**
 * Records the inbound activity before anything else runs (the bot may stay silent) and every
 * outbound one after it was sent.
 */
export class TranscriptMiddleware implements Middleware {
  constructor(private readonly transcripts: TranscriptStore) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const inbound = context.activity;
    if (inbound.name !== 'continueConversation')
      await this.transcripts.record(inbound, inbound.from?.role === 'bot' ? 'bot' : 'resident');
    context.onSendActivities(async (ctx, activities, sendNext) => {
      const responses = await sendNext();
      for (const a of activities) {
        if (a.type === 'delay' || a.type === ActivityTypes.InvokeResponse) continue;
        const speaker: Speaker = a.type === ActivityTypes.Message ? 'bot' : 'system';
        await this.transcripts.record({ ...a, conversation: a.conversation ?? ctx.activity.conversation }, speaker);
      }
      return responses;
    });
    await next();
  }
}
