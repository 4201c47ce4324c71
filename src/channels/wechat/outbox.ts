import type { Logger } from '../../logger';
import { ConcurrencyError, type DocumentStore } from '../../domain/ports';
import { ERR_TOO_MANY, ERR_WINDOW_CLOSED, type CustomerServiceApi } from './customerService';

/**
 * Asynchronous delivery to one user through the customer-service API, within WeChat's window: after a
 * user's message an account may send a limited number of messages for 48 hours (reference §4).
 * What cannot go out now is kept per OpenID and delivered with the user's next message, and reported
 * through onUndeliverable so staff know about it: nothing is silently lost.
 */

export const WINDOW_COLLECTION = 'wechat_windows';
export const PENDING_COLLECTION = 'wechat_pending';

interface WindowState {
  /** Epoch milliseconds of the user's last message. */
  openedAt: number;
  sent: number;
}

interface PendingMessages {
  texts: string[];
}

export interface UndeliverableMessage {
  openId: string;
  texts: string[];
  /** WeChat's errcode, or 0 when our own window bookkeeping said the window was closed. */
  errcode: number;
  reason: string;
}

export interface OutboxOptions {
  api: CustomerServiceApi;
  documents: DocumentStore;
  log: Logger;
  now: () => Date;
  windowHours: number;
  windowMessageLimit: number;
  onUndeliverable?: (message: UndeliverableMessage) => Promise<void> | void;
}

export type DeliveryOutcome = 'sent' | 'kept' | 'failed';

export class WeChatOutbox {
  constructor(private readonly options: OutboxOptions) {}

  /** The user wrote to us: a new window opens. */
  async recordInbound(openId: string): Promise<void> {
    await this.options.documents.put<WindowState>(WINDOW_COLLECTION, openId, {
      openedAt: this.options.now().getTime(),
      sent: 0,
    });
  }

  /** Sends the texts in order; stops at the first that cannot go out and keeps the rest. */
  async send(openId: string, texts: string[]): Promise<DeliveryOutcome> {
    for (let i = 0; i < texts.length; i += 1) {
      const rest = texts.slice(i);
      if (!(await this.reserveSlot(openId))) {
        await this.keep({ openId, texts: rest, errcode: 0, reason: 'customer-service window closed or used up' });
        return 'kept';
      }
      const outcome = await this.options.api.sendText(openId, texts[i]);
      if (outcome.ok) continue;
      if (outcome.errcode === ERR_WINDOW_CLOSED || outcome.errcode === ERR_TOO_MANY) {
        await this.closeWindow(openId);
        await this.keep({ openId, texts: rest, errcode: outcome.errcode, reason: outcome.reason });
        return 'kept';
      }
      this.options.log.error(
        { errcode: outcome.errcode, reason: outcome.reason },
        'wechat customer-service send failed',
      );
      await this.report({ openId, texts: rest, errcode: outcome.errcode, reason: outcome.reason });
      return 'failed';
    }
    return 'sent';
  }

  /** Removes and returns what waited for the user's next message. */
  async takePending(openId: string): Promise<string[]> {
    const doc = await this.options.documents.get<PendingMessages>(PENDING_COLLECTION, openId);
    if (!doc) return [];
    await this.options.documents.delete(PENDING_COLLECTION, openId);
    return doc.value.texts;
  }

  /** Erases everything kept about the user (unsubscribe). */
  async forget(openId: string): Promise<void> {
    await this.options.documents.delete(WINDOW_COLLECTION, openId);
    await this.options.documents.delete(PENDING_COLLECTION, openId);
  }

  private async reserveSlot(openId: string): Promise<boolean> {
    const { documents, now, windowHours, windowMessageLimit } = this.options;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const doc = await documents.get<WindowState>(WINDOW_COLLECTION, openId);
      if (!doc) return false;
      const open = now().getTime() - doc.value.openedAt < windowHours * 3600_000 && doc.value.sent < windowMessageLimit;
      if (!open) return false;
      try {
        await documents.put<WindowState>(
          WINDOW_COLLECTION,
          openId,
          { ...doc.value, sent: doc.value.sent + 1 },
          doc.etag,
        );
        return true;
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
      }
    }
    return false;
  }

  private async closeWindow(openId: string): Promise<void> {
    const doc = await this.options.documents.get<WindowState>(WINDOW_COLLECTION, openId);
    if (doc)
      await this.options.documents.put<WindowState>(WINDOW_COLLECTION, openId, {
        ...doc.value,
        sent: Number.MAX_SAFE_INTEGER,
      });
  }

  private async keep(message: UndeliverableMessage): Promise<void> {
    const { documents } = this.options;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const doc = await documents.get<PendingMessages>(PENDING_COLLECTION, message.openId);
      try {
        await documents.put<PendingMessages>(
          PENDING_COLLECTION,
          message.openId,
          { texts: [...(doc?.value.texts ?? []), ...message.texts] },
          doc?.etag ?? null,
        );
        break;
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
      }
    }
    this.options.log.warn(
      { errcode: message.errcode, reason: message.reason, count: message.texts.length },
      'wechat message kept for the next user message',
    );
    await this.report(message);
  }

  private async report(message: UndeliverableMessage): Promise<void> {
    try {
      await this.options.onUndeliverable?.(message);
    } catch (err) {
      this.options.log.error({ err }, 'onUndeliverable callback failed');
    }
  }
}
