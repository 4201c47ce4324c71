import { TurnContext, type ConversationReference, type Middleware } from 'botbuilder';
import type { DocumentStore } from '../domain/ports';
import type { Logger } from '../logger';

export const CONVERSATION_REFS = 'conversation-refs';

export interface StoredConversationRef {
  channel: string;
  reference: Partial<ConversationReference>;
}

/**
 * Remembers how to reach every conversation that talked to us, on any channel, so a staff reply or a
 * notification can be sent later (ProactiveMessenger). Written only when the reference changes, so a
 * busy conversation costs one write, not one per message.
 */
export class ConversationRefsMiddleware implements Middleware {
  private readonly written = new Map<string, string>();

  constructor(
    private readonly documents: DocumentStore,
    private readonly log: Logger,
    /** The key ProactiveMessenger finds the adapter by; the activity's channelId when omitted. */
    private readonly channel?: string,
    private readonly maxRemembered = 20_000,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    const conversationId = activity.conversation?.id;
    const fromBot = activity.from?.role === 'bot';
    if (conversationId && activity.channelId && !fromBot && activity.name !== 'continueConversation') {
      const reference = TurnContext.getConversationReference(activity);
      delete reference.activityId;
      const value: StoredConversationRef = { channel: this.channel ?? activity.channelId, reference };
      const json = JSON.stringify(value);
      if (this.written.get(conversationId) !== json) {
        // Not awaited: a file-backed store's write must not delay the reply. Remembered first so
        // the next turn does not write again; forgotten again if the write fails.
        this.remember(conversationId, json);
        this.documents.put(CONVERSATION_REFS, conversationId, value).catch((err: unknown) => {
          // Losing a reference only loses later proactive messages; the turn itself goes on.
          this.written.delete(conversationId);
          this.log.warn({ err, conversationId }, 'could not store conversation reference');
        });
      }
    }
    await next();
  }

  private remember(conversationId: string, json: string): void {
    this.written.delete(conversationId);
    this.written.set(conversationId, json);
    if (this.written.size > this.maxRemembered) this.written.delete(this.written.keys().next().value!);
  }
}
