import { ActionTypes, MessageFactory, type Activity } from 'botbuilder';
import type { Application } from '../../domain/application';
import { getPolicy } from '../../domain/policies';
import type { Clock, DocumentStore } from '../../domain/ports';
import type { Logger } from '../../logger';
import { statusNotice } from './notificationTexts';

export const UNDELIVERED_NOTIFICATIONS = 'undelivered-notifications';

/** The part of ProactiveMessenger the back office needs (tests may pass a fake). */
export interface ConversationMessenger {
  sendToConversation(conversationId: string, activities: Partial<Activity>[]): Promise<boolean>;
}

export interface UndeliveredNotification {
  referenceNumber: string;
  conversationId?: string;
  status: Application['status'];
  text: string;
  at: string;
  reason: 'noConversation' | 'unreachable';
}

export function buttonsActivity(text: string, buttons: string[]): Partial<Activity> {
  if (buttons.length === 0) return MessageFactory.text(text);
  return MessageFactory.suggestedActions(
    buttons.map((b) => ({ type: ActionTypes.ImBack, title: b, value: b })),
    text,
  );
}

/**
 * Tells the resident about a status change in the conversation they applied from. A notice that cannot
 * be delivered (no conversation, channel gone) is kept in the store for staff instead of being lost.
 */
export class StatusNotifier {
  constructor(
    private readonly deps: { documents: DocumentStore; messenger: ConversationMessenger; clock: Clock; log: Logger },
  ) {}

  async notify(app: Application): Promise<boolean> {
    const notice = statusNotice(app, getPolicy(app.city));
    const delivered = app.conversationId
      ? await this.deps.messenger.sendToConversation(app.conversationId, [buttonsActivity(notice.text, notice.buttons)])
      : false;
    if (delivered) return true;
    const at = this.deps.clock.now().toISOString();
    const record: UndeliveredNotification = {
      referenceNumber: app.referenceNumber,
      ...(app.conversationId ? { conversationId: app.conversationId } : {}),
      status: app.status,
      text: notice.text,
      at,
      reason: app.conversationId ? 'unreachable' : 'noConversation',
    };
    // Keyed by reference and timeline position: one record per change, even if notify runs twice.
    await this.deps.documents.put(UNDELIVERED_NOTIFICATIONS, `${app.referenceNumber}:${app.timeline.length}`, record);
    this.deps.log.warn(
      { referenceNumber: app.referenceNumber, reason: record.reason },
      'status notification not delivered; kept for staff',
    );
    return false;
  }
}
