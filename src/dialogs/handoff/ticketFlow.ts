import type { HandoffDesk } from '../../domain/handoff/handoffDesk';
import { validateMobile } from '../../domain/phone';
import type { Clock, DocumentStore } from '../../domain/ports';
import { isOneOf, vocabulary } from '../turn/utterance';
import { handoffTexts } from './texts';

export const TICKET_DRAFTS = 'handoff-ticket-drafts';
const PHONE_TRIES = 3;
/** A half-finished message is forgotten after a day: the resident has moved on. */
const DRAFT_TTL_MS = 24 * 3_600_000;

interface TicketDraft {
  channel: string;
  city?: string;
  step: 'phone' | 'message';
  phone?: string;
  failures: number;
  startedAt: string;
}

/**
 * Outside service hours: asks for a call-back number (validated) and a short message, then files a
 * ticket for the console. Runs before the bot, so the number is not mistaken for anything else.
 */
export class TicketFlow {
  constructor(
    private readonly documents: DocumentStore,
    private readonly desk: HandoffDesk,
    private readonly clock: Clock,
  ) {}

  async start(conversationId: string, channel: string, city: string | undefined): Promise<void> {
    const draft: TicketDraft = {
      channel,
      ...(city ? { city } : {}),
      step: 'phone',
      failures: 0,
      startedAt: this.clock.now().toISOString(),
    };
    await this.documents.put(TICKET_DRAFTS, conversationId, draft);
  }

  async active(conversationId: string): Promise<boolean> {
    const doc = await this.documents.get<TicketDraft>(TICKET_DRAFTS, conversationId);
    if (!doc) return false;
    if (this.clock.now().getTime() - Date.parse(doc.value.startedAt) > DRAFT_TTL_MS) {
      await this.documents.delete(TICKET_DRAFTS, conversationId);
      return false;
    }
    return true;
  }

  /** The replies to send for one resident message while a ticket is being written. */
  async answer(conversationId: string, rawText: string): Promise<string[]> {
    const doc = await this.documents.get<TicketDraft>(TICKET_DRAFTS, conversationId);
    if (!doc) return [];
    const draft = doc.value;
    const text = rawText.trim();
    if (isOneOf(text, vocabulary.decline)) {
      await this.documents.delete(TICKET_DRAFTS, conversationId);
      return [handoffTexts.ticketDropped];
    }
    if (draft.step === 'phone') {
      const phone = validateMobile(text);
      if (!phone.ok) {
        if (draft.failures + 1 >= PHONE_TRIES) {
          await this.documents.delete(TICKET_DRAFTS, conversationId);
          return [phone.problems[0].message, handoffTexts.phoneGaveUp];
        }
        await this.documents.put(TICKET_DRAFTS, conversationId, { ...draft, failures: draft.failures + 1 });
        return [phone.problems[0].message, handoffTexts.phoneAgain];
      }
      await this.documents.put(TICKET_DRAFTS, conversationId, { ...draft, step: 'message', phone: phone.value });
      return [handoffTexts.messageAsk];
    }
    if (text === '') return [handoffTexts.messageEmpty];
    const ticket = await this.desk.addTicket({
      conversationId,
      channel: draft.channel,
      ...(draft.city ? { city: draft.city } : {}),
      phone: draft.phone!,
      message: text.slice(0, 1000),
    });
    await this.documents.delete(TICKET_DRAFTS, conversationId);
    return [handoffTexts.ticketSaved(ticket.id)];
  }
}
