import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import type { Clock } from '../../domain/ports';
import type { Logger } from '../../logger';
import type { ActivityLog } from './conversationLog';
import { logicOfContinueOverload } from '../continueOverloads';

export const DIRECTLINE_CHANNEL_ID = 'webchat';
const HELD_REPLIES = Symbol('held Direct Line replies');
/** Not a reachable URL: replies go through this adapter, never over HTTP to a connector. */
export const DIRECTLINE_SERVICE_URL = 'https://directline.local/';

export interface BotIdentity {
  id: string;
  name: string;
}

/**
 * The bot side of our self-hosted Direct Line: turns run in-process, and whatever the bot sends is
 * appended to the conversation log, from which Web Chat's polls pick it up.
 */
export class DirectLineAdapter extends BotAdapter {
  constructor(
    private readonly conversations: ActivityLog,
    readonly botIdentity: BotIdentity,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    super();
  }

  /** Runs one inbound activity through the middleware and the bot. */
  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const context = new TurnContext(this, activity);
    const held: Partial<Activity>[] = [];
    context.turnState.set(HELD_REPLIES, held);
    try {
      await this.runMiddleware(context, logic);
    } finally {
      // The bot saves its state at the end of its turn; only then do its replies become visible, so a
      // resident (or another instance's next turn) never sees an answer whose state was not kept.
      context.turnState.delete(HELD_REPLIES);
      if (held.length > 0) await this.sendActivities(context, held);
    }
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const held = context.turnState.get<Partial<Activity>[] | undefined>(HELD_REPLIES);
    if (held) {
      held.push(...activities);
      return activities.map(() => ({ id: '' }));
    }
    const responses: ResourceResponse[] = [];
    const conversationId = context.activity.conversation?.id;
    if (!conversationId) throw new Error('cannot send: the turn has no conversation');
    const record = await this.conversations.get(conversationId);
    for (const outgoing of activities) {
      if (outgoing.type === 'delay') {
        await new Promise((r) => setTimeout(r, typeof outgoing.value === 'number' ? outgoing.value : 1000));
        responses.push({ id: '' });
        continue;
      }
      if (outgoing.type === ActivityTypes.InvokeResponse) {
        responses.push({ id: '' });
        continue;
      }
      const activity: Partial<Activity> = {
        ...outgoing,
        channelId: DIRECTLINE_CHANNEL_ID,
        serviceUrl: DIRECTLINE_SERVICE_URL,
        conversation: { id: conversationId } as Activity['conversation'],
        from: { id: this.botIdentity.id, name: outgoing.from?.name || this.botIdentity.name, role: 'bot' },
        recipient: { id: record?.userId ?? context.activity.from?.id ?? 'user', name: '', role: 'user' },
        timestamp: this.clock.now(),
      };
      // Web Chat 4.18 treats a typing activity with text as a streamed partial message.
      if (activity.type === ActivityTypes.Typing) delete activity.text;
      const stored = await this.conversations.append(conversationId, toJson(activity));
      responses.push({ id: stored.id! });
    }
    return responses;
  }

  async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    const conversationId = activity.conversation?.id ?? context.activity.conversation?.id;
    if (conversationId && activity.id) await this.conversations.replace(conversationId, toJson(activity));
    return activity.id ? { id: activity.id } : undefined;
  }

  async deleteActivity(context: TurnContext, reference: Partial<ConversationReference>): Promise<void> {
    const conversationId = reference.conversation?.id ?? context.activity.conversation?.id;
    if (conversationId && reference.activityId) await this.conversations.remove(conversationId, reference.activityId);
  }

  /** Proactive messages (staff replies, notifications) into a Web Chat conversation. */
  async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (!conversationId || !(await this.conversations.get(conversationId))) {
      throw new Error(`no Direct Line conversation ${conversationId ?? '(none)'}`);
    }
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      { ...reference, channelId: DIRECTLINE_CHANNEL_ID, serviceUrl: DIRECTLINE_SERVICE_URL },
      true,
    );
    await this.processActivity(activity, logic);
  }

  override async continueConversationAsync(
    _botAppIdOrClaims: unknown,
    reference: Partial<ConversationReference>,
    logicOrAudience: ((context: TurnContext) => Promise<void>) | string,
    maybeLogic?: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    await this.continueConversation(reference, logicOfContinueOverload(logicOrAudience, maybeLogic));
  }

  get logger(): Logger {
    return this.log;
  }
}

/** Dates become ISO strings and undefined fields vanish, exactly as a client will see them. */
function toJson(activity: Partial<Activity>): Partial<Activity> {
  return JSON.parse(JSON.stringify(activity)) as Partial<Activity>;
}
