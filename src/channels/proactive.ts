import type { Activity, BotAdapter, TurnContext } from 'botbuilder';
import type { DocumentStore } from '../domain/ports';
import type { Logger } from '../logger';
import { CONVERSATION_REFS, type StoredConversationRef } from './conversationRefs';

/**
 * Sends messages into a conversation outside a turn (staff replies during handoff, status
 * notifications), whichever channel it lives on. Each channel registers its adapter once.
 */
export class ProactiveMessenger {
  private readonly adapters = new Map<string, { adapter: BotAdapter; botAppId: string }>();

  constructor(
    private readonly documents: DocumentStore,
    private readonly log: Logger,
  ) {}

  register(channelId: string, adapter: BotAdapter, botAppId = ''): void {
    this.adapters.set(channelId, { adapter, botAppId });
  }

  /** The stored reference of a conversation, if it ever talked to us. */
  async reference(conversationId: string): Promise<StoredConversationRef | undefined> {
    return (await this.documents.get<StoredConversationRef>(CONVERSATION_REFS, conversationId))?.value;
  }

  /**
   * True when the activities were handed to the conversation's channel; false when the conversation
   * is unknown, its channel has no registered adapter, or the channel refused (logged).
   */
  async sendToConversation(conversationId: string, activities: Partial<Activity>[]): Promise<boolean> {
    try {
      const stored = await this.reference(conversationId);
      if (!stored) return false;
      const target = this.adapters.get(stored.channel);
      if (!target) {
        this.log.warn({ conversationId, channel: stored.channel }, 'no adapter registered for proactive message');
        return false;
      }
      await target.adapter.continueConversationAsync(
        target.botAppId,
        stored.reference,
        async (context: TurnContext) => {
          // sendActivities stamps the bot as sender; a staff reply keeps its own display name.
          const names = activities.map((a) => a.from?.name);
          context.onSendActivities(async (_ctx, sent, next) => {
            sent.forEach((a, i) => {
              if (names[i]) a.from = { ...a.from, id: a.from?.id ?? '', name: names[i] };
            });
            return next();
          });
          await context.sendActivities(activities);
        },
      );
      return true;
    } catch (err) {
      this.log.error({ err, conversationId }, 'proactive message failed');
      return false;
    }
  }
}
