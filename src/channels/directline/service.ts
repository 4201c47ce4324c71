import type { Activity, ActivityHandler, TurnContext } from 'botbuilder';
import { ActivityTypes } from 'botbuilder';
import { performance } from 'node:perf_hooks';
import {
  ConcurrencyError,
  type Clock,
  type Coordination,
  type DocumentStore,
  type SequenceLog,
} from '../../domain/ports';
import type { Logger } from '../../logger';
import { HttpError } from '../http/errors';
import { DirectLineAdapter, DIRECTLINE_CHANNEL_ID, DIRECTLINE_SERVICE_URL, type BotIdentity } from './adapter';
import { ConversationLog, type ActivityLog, type ConversationRecord } from './conversationLog';
import { SharedConversationLog } from './sharedConversationLog';
import type { InboundActivity } from './schemas';
import { newSecret, TokenService } from './tokens';
import { TurnQueue } from './turnQueue';
import { TurnTimes } from './turnTimes';
import { render } from '../../messages';

export interface DirectLineOptions {
  documents: DocumentStore;
  bot: ActivityHandler;
  clock: Clock;
  log: Logger;
  botIdentity: BotIdentity;
  tokenTtlSeconds: number;
  tokenGraceSeconds: number;
  /** No token of a conversation outlives this many seconds after its first one, however refreshed. */
  tokenMaxLifetimeSeconds?: number;
  retentionDays: number;
  /** Locks and fan-out across instances (in-process ones for a store owned by one process). */
  coordination: Coordination;
  /** The store's sequence log when instances share it: the activity log of record then lives there. */
  sequenceLog?: SequenceLog;
}

const PURGE_CLAIMS = 'job-claims';
const PURGE_EVERY_MS = 50 * 60_000;

/** A started (or minted) conversation as the client sees it. */
export interface ConversationTicket {
  conversationId: string;
  token: string;
  expires_in: number;
}

/**
 * Our Direct Line 3.0: conversations, tokens and turns, independent of HTTP (routes.ts maps it).
 * The POST of a user message is answered as soon as the echo is stored; the bot turn runs after,
 * queued per conversation.
 */
export class DirectLine {
  readonly conversations: ActivityLog;
  readonly tokens: TokenService;
  readonly adapter: DirectLineAdapter;
  readonly turns = new TurnQueue();
  readonly turnTimes = new TurnTimes();
  private readonly logic: (context: TurnContext) => Promise<void>;

  constructor(private readonly options: DirectLineOptions) {
    this.conversations = options.sequenceLog
      ? new SharedConversationLog(options.documents, options.sequenceLog, options.coordination, options.log)
      : new ConversationLog(options.documents, options.log);
    this.tokens = new TokenService(
      options.documents,
      options.clock,
      options.tokenTtlSeconds,
      options.tokenGraceSeconds,
      options.tokenMaxLifetimeSeconds,
      options.sequenceLog === undefined,
    );
    this.adapter = new DirectLineAdapter(this.conversations, options.botIdentity, options.clock, options.log);
    this.adapter.onTurnError = async (context, error) => {
      options.log.error({ err: error, conversationId: context.activity.conversation?.id }, 'bot turn failed');
      await context.sendActivity(render('channel.turnError')).catch(() => undefined);
    };
    this.logic = (context) => options.bot.run(context);
  }

  /** A new conversation and its token; the bot hears about it when the client starts it. */
  async mint(userId: string | undefined, locale: string | undefined): Promise<ConversationTicket> {
    const record: ConversationRecord = {
      id: newSecret(18),
      userId: userId ?? `u_${newSecret(9)}`,
      ...(locale ? { locale } : {}),
      createdAt: this.options.clock.now().toISOString(),
      started: false,
    };
    await this.conversations.create(record);
    const { token, expiresIn } = await this.tokens.issue(record.id);
    return { conversationId: record.id, token, expires_in: expiresIn };
  }

  /** Starts the conversation once: the bot gets a conversationUpdate naming the bot and the user. */
  async start(conversationId: string, token: string): Promise<ConversationTicket> {
    const record = await this.requireConversation(conversationId);
    if (await this.conversations.markStarted(conversationId)) {
      const update: Partial<Activity> = {
        ...this.envelope(record),
        type: ActivityTypes.ConversationUpdate,
        id: `${conversationId}|start`,
        membersAdded: [
          { id: this.options.botIdentity.id, name: this.options.botIdentity.name },
          { id: record.userId, name: '' },
        ],
      };
      this.runTurn(conversationId, update, performance.now());
    }
    return { conversationId, token, expires_in: await this.tokens.secondsLeft(token) };
  }

  /**
   * Checks the bearer token against the conversation named in the URL: 401 without a token, 403 for
   * an unknown, expired or someone else's token, 404 for a conversation that does not exist.
   */
  async authorize(conversationId: string, token: string | undefined): Promise<ConversationRecord> {
    if (!token) throw new HttpError(401, 'Unauthorized', 'missing token');
    const check = await this.tokens.check(token);
    if (!check.ok)
      throw new HttpError(403, 'TokenInvalid', check.reason === 'expired' ? 'token expired' : 'token not recognised');
    const record = await this.conversations.get(conversationId);
    if (!record) throw new HttpError(404, 'BadArgument', 'conversation not found');
    if (check.conversationId !== conversationId)
      throw new HttpError(403, 'Forbidden', 'token does not belong to this conversation');
    return record;
  }

  /** Stores the echo and returns its id; the bot turn is queued. */
  async post(record: ConversationRecord, inbound: InboundActivity): Promise<string> {
    const received = performance.now();
    const activity: Partial<Activity> = {
      ...(inbound as Partial<Activity>),
      ...this.envelope(record),
      from: { id: record.userId, name: inbound.from?.name ?? '', role: 'user' },
    };
    if (activity.type === ActivityTypes.Typing) {
      // Nobody needs a visitor's typing replayed; the bot still hears it.
      delete activity.text;
      activity.id = `${record.id}|typing-${newSecret(6)}`;
    } else {
      activity.id = (
        await this.conversations.append(record.id, JSON.parse(JSON.stringify(activity)) as Partial<Activity>)
      ).id;
    }
    this.runTurn(record.id, activity, received);
    return activity.id!;
  }

  /** Resolves when every queued turn has finished and its activities are stored (graceful shutdown, tests). */
  async drain(): Promise<void> {
    await this.turns.drain();
    await this.conversations.flush();
  }

  /**
   * Purges old activities and expired tokens, unless another instance did within the last 50 minutes
   * (a conditional write on one claim document decides, so N instances purge once, not N times).
   * Returns the conversations that went, so what else was kept about them can follow.
   */
  async purge(): Promise<string[]> {
    if (!(await this.claimPurge())) return [];
    const cutoff = new Date(this.options.clock.now().getTime() - this.options.retentionDays * 86_400_000);
    await this.conversations.flush();
    const result = await this.conversations.purge(cutoff);
    const tokens = await this.tokens.purgeExpired();
    this.options.log.info(
      { activities: result.activities, conversations: result.conversations.length, tokens },
      'direct line purge',
    );
    return result.conversations;
  }

  private async claimPurge(): Promise<boolean> {
    const { documents, clock } = this.options;
    const now = clock.now().getTime();
    const claim = await documents.get<{ until: string }>(PURGE_CLAIMS, 'directline-purge');
    if (claim && Date.parse(claim.value.until) > now) return false;
    try {
      const until = new Date(now + PURGE_EVERY_MS).toISOString();
      await documents.put(PURGE_CLAIMS, 'directline-purge', { until }, claim ? claim.etag : null);
      return true;
    } catch (err) {
      if (err instanceof ConcurrencyError) return false;
      throw err;
    }
  }

  evictIdle(idleMs = 30 * 60_000): void {
    this.conversations.evictIdle(idleMs, (id) => this.turns.isBusy(id));
  }

  private runTurn(conversationId: string, activity: Partial<Activity>, receivedAt: number): void {
    void this.turns.enqueue(conversationId, async () => {
      try {
        // The queue orders this process's turns; the lock keeps another instance's turn for the same
        // conversation out until this one has saved its state.
        await this.options.coordination.withLock(`turn:${conversationId}`, () =>
          this.adapter.processActivity(activity, this.logic),
        );
      } catch (err) {
        this.options.log.error({ err, conversationId }, 'direct line turn failed');
      } finally {
        if (activity.type === ActivityTypes.Message) this.turnTimes.record(performance.now() - receivedAt);
      }
    });
  }

  private envelope(record: ConversationRecord): Partial<Activity> {
    return {
      channelId: DIRECTLINE_CHANNEL_ID,
      serviceUrl: DIRECTLINE_SERVICE_URL,
      conversation: { id: record.id } as Activity['conversation'],
      recipient: { id: this.options.botIdentity.id, name: this.options.botIdentity.name, role: 'bot' },
      timestamp: this.options.clock.now(),
      ...(record.locale ? { locale: record.locale } : {}),
    };
  }

  private async requireConversation(conversationId: string): Promise<ConversationRecord> {
    const record = await this.conversations.get(conversationId);
    if (!record) throw new HttpError(404, 'BadArgument', 'conversation not found');
    return record;
  }
}
