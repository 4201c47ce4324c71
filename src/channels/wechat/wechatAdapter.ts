import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import type { Logger } from '../../logger';
import { ConcurrencyError, type DocumentStore } from '../../domain/ports';
import { dedupeKey, toActivity, WeChatEvents } from './inboundActivity';
import type { WeChatOutbox } from './outbox';
import { chooseFromMenu, composeMessages, rememberMenu, renderActivity, type MenuOption } from './replyText';
import type { InboundMessage } from './xml';
import { logicOfContinueOverload } from '../continueOverloads';
import { render } from '../../messages';

/**
 * Bot Framework adapter for a WeChat official account. WeChat waits 5 s for the HTTP answer and then
 * retries (reference §2), so a turn's replies are buffered for a budget: a turn that ends in time
 * answers passively with everything it said (unverified accounts can only reply this way); a slow turn
 * answers "success" and its replies go through the customer-service API when it ends.
 */

export const INBOUND_COLLECTION = 'wechat_inbound';
const TURN_BUFFER = Symbol('wechatTurnBuffer');
const RETRY_POLL_MS = 100;
/** WeChat retries within seconds; records older than this only hold reply text nobody needs. */
const INBOUND_RETENTION_MS = 60 * 60 * 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;
const APOLOGY = render('channel.turnError');

interface TurnBuffer {
  texts: string[];
  menu?: MenuOption[];
  sawMessage: boolean;
  closed: boolean;
}

interface InboundRecord {
  status: 'running' | 'passive' | 'async';
  reply?: string;
  at: string;
}

export interface WeChatAdapterOptions {
  documents: DocumentStore;
  outbox: WeChatOutbox;
  log: Logger;
  now: () => Date;
  serviceUrl: string;
  /** How long a turn may take before the answer switches to the customer-service API (WeChat allows 5 s). */
  replyBudgetMs: number;
  /** Pause before overflow messages so that the passive reply arrives first. */
  overflowDelayMs: number;
  /** Erases what the bot stored about a user who unsubscribed. */
  eraseUser?: (openId: string) => Promise<void>;
}

export class WeChatAdapter extends BotAdapter {
  readonly channelId = 'wechat';
  private readonly background = new Set<Promise<unknown>>();
  private lastPrune = 0;

  constructor(private readonly options: WeChatAdapterOptions) {
    super();
    this.onTurnError = async (context, error) => {
      options.log.error({ err: error }, 'wechat turn failed');
      await context.sendActivity(APOLOGY);
    };
  }

  /**
   * Runs the turn for one inbound message. Returns the passive reply text, or undefined when the
   * HTTP answer should be "success" (slow turn, retry, nothing to say).
   */
  async processMessage(
    message: InboundMessage,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<string | undefined> {
    const key = dedupeKey(message);
    if (!(await this.claim(key))) {
      this.options.log.info({ key }, 'wechat retry recognised; no second turn');
      return this.awaitFirstAnswer(key);
    }
    this.pruneOccasionally();
    const openId = message.FromUserName;
    const leaving = message.MsgType === 'event' && message.Event === WeChatEvents.unsubscribe;
    const pending = leaving ? [] : await this.openWindow(openId);
    const activity = toActivity(message, this.options.serviceUrl);
    if (activity.type === ActivityTypes.Message && message.MsgType === 'text')
      await this.applyMenuChoice(openId, activity);

    const buffer: TurnBuffer = { texts: [...pending], sawMessage: pending.length > 0, closed: false };
    const context = new TurnContext(this, activity);
    context.turnState.set(TURN_BUFFER, buffer);
    const turn = this.runMiddleware(context, logic).catch((err: unknown) => {
      this.options.log.error({ err }, 'wechat turn error handler failed');
    });
    if (leaving) {
      // No reply can reach a user who left; erase once the bot has seen the event.
      this.track(turn.then(() => this.erase(openId)));
      await this.mark(key, { status: 'async', at: this.options.now().toISOString() });
      return undefined;
    }
    const inTime = await finishesWithin(turn, this.options.replyBudgetMs);
    if (inTime) {
      buffer.closed = true;
      const messages = composeMessages(buffer.texts, buffer.menu);
      if (buffer.sawMessage) await rememberMenu(this.options.documents, openId, buffer.menu);
      await this.mark(key, { status: 'passive', reply: messages[0], at: this.options.now().toISOString() });
      if (messages.length > 1)
        this.track(delay(this.options.overflowDelayMs).then(() => this.options.outbox.send(openId, messages.slice(1))));
      return messages[0];
    }
    this.options.log.info(
      { budgetMs: this.options.replyBudgetMs },
      'wechat turn is slow; replying through the customer-service API',
    );
    await this.mark(key, { status: 'async', at: this.options.now().toISOString() });
    this.track(
      turn.then(async () => {
        buffer.closed = true;
        if (buffer.sawMessage) await rememberMenu(this.options.documents, openId, buffer.menu);
        const messages = composeMessages(buffer.texts, buffer.menu);
        if (messages.length > 0) await this.options.outbox.send(openId, messages);
      }),
    );
    return undefined;
  }

  /** Resolves when every reply sent in the background has been handed to WeChat (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const buffer = context.turnState.get<TurnBuffer | undefined>(TURN_BUFFER);
    const texts: string[] = [];
    let menu: MenuOption[] | undefined;
    let sawMessage = false;
    for (const activity of activities) {
      if (activity.type !== ActivityTypes.Message) continue;
      const rendered = renderActivity(activity);
      if (buffer && !buffer.closed) {
        buffer.texts.push(rendered.text);
        buffer.menu = rendered.menu ?? buffer.menu;
        buffer.sawMessage = true;
      } else {
        texts.push(rendered.text);
        menu = rendered.menu ?? menu;
        sawMessage = true;
      }
    }
    const openId = context.activity.conversation?.id;
    if (sawMessage && openId) {
      // Outside a turn (staff replies, notifications) only the customer-service API can reach the user.
      await rememberMenu(this.options.documents, openId, menu);
      await this.options.outbox.send(openId, composeMessages(texts, menu));
    }
    return activities.map(() => ({ id: randomUUID() }));
  }

  override async updateActivity(): Promise<void> {
    throw new Error('WeChat cannot edit a message that was sent');
  }

  override async deleteActivity(): Promise<void> {
    throw new Error('WeChat cannot delete a message that was sent');
  }

  override async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      reference,
      true,
    );
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  /** The credentials argument does not matter on WeChat; all overloads continue the conversation. */
  override async continueConversationAsync(
    _botAppIdOrClaims: unknown,
    reference: Partial<ConversationReference>,
    logicOrAudience: ((context: TurnContext) => Promise<void>) | string,
    maybeLogic?: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    await this.continueConversation(reference, logicOfContinueOverload(logicOrAudience, maybeLogic));
  }

  /** Create-only write: whichever request (or instance) writes first owns the turn. */
  private async claim(key: string): Promise<boolean> {
    try {
      await this.options.documents.put<InboundRecord>(
        INBOUND_COLLECTION,
        key,
        { status: 'running', at: this.options.now().toISOString() },
        null,
      );
      return true;
    } catch (err) {
      if (err instanceof ConcurrencyError) return false;
      throw err;
    }
  }

  private async mark(key: string, record: InboundRecord): Promise<void> {
    await this.options.documents.put<InboundRecord>(INBOUND_COLLECTION, key, record);
  }

  /** A retry may repeat the first answer if it comes in time; otherwise "success" (the reply comes by API). */
  private async awaitFirstAnswer(key: string): Promise<string | undefined> {
    const deadline = Date.now() + this.options.replyBudgetMs;
    for (;;) {
      const doc = await this.options.documents.get<InboundRecord>(INBOUND_COLLECTION, key);
      if (!doc || doc.value.status === 'async') return undefined;
      if (doc.value.status === 'passive') return doc.value.reply;
      if (Date.now() + RETRY_POLL_MS > deadline) return undefined;
      await delay(RETRY_POLL_MS);
    }
  }

  private pruneOccasionally(): void {
    const now = this.options.now().getTime();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    this.track(
      (async () => {
        const cutoff = now - INBOUND_RETENTION_MS;
        for (const doc of await this.options.documents.list<InboundRecord>(INBOUND_COLLECTION)) {
          if (Date.parse(doc.value.at) < cutoff) await this.options.documents.delete(INBOUND_COLLECTION, doc.key);
        }
      })(),
    );
  }

  private async openWindow(openId: string): Promise<string[]> {
    await this.options.outbox.recordInbound(openId);
    return this.options.outbox.takePending(openId);
  }

  private async applyMenuChoice(openId: string, activity: Partial<Activity>): Promise<void> {
    const choice = await chooseFromMenu(this.options.documents, openId, activity.text ?? '');
    if (!choice) return;
    activity.text = typeof choice.value === 'string' ? choice.value : choice.title;
    if (typeof choice.value !== 'string') activity.value = choice.value;
  }

  private async erase(openId: string): Promise<void> {
    await this.options.outbox.forget(openId);
    await rememberMenu(this.options.documents, openId, undefined);
    await this.options.eraseUser?.(openId);
    this.options.log.info('wechat user unsubscribed; their data was erased');
  }

  private track(work: Promise<unknown>): void {
    const tracked = work
      .catch((err: unknown) => this.options.log.error({ err }, 'wechat background delivery failed'))
      .finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function finishesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
