import { randomUUID } from 'node:crypto';
import { ConcurrencyError, type Clock, type DocumentStore } from '../ports';
import { fail, ok, problem, type Result } from '../result';
import type { AuditEntry, Ticket, TicketStatus } from './records';
import { changeTicketStatus } from './records';
import { isActive, queueOrder, queuePosition, type Decision, type HandoffSession } from './session';

export const HANDOFF_SESSIONS = 'handoff-sessions';
export const HANDOFF_TICKETS = 'handoff-tickets';
export const AUDIT_LOG = 'audit-log';

export interface HandoffRequestInput {
  conversationId: string;
  channel: string;
  city?: string;
  topic: string;
  reason: string;
  lastResidentMessage?: string;
}

/**
 * The help desk's records over the project's document store: one session per conversation, tickets,
 * and the audit trail. Every change to a session is an etag-conditional write, so two staff members
 * clicking "claim" at once cannot both win, and a restart keeps queue and ownership.
 */
export class HandoffDesk {
  constructor(
    private readonly documents: DocumentStore,
    private readonly clock: Clock,
  ) {}

  async get(conversationId: string): Promise<HandoffSession | undefined> {
    return (await this.documents.get<HandoffSession>(HANDOFF_SESSIONS, conversationId))?.value;
  }

  async all(): Promise<HandoffSession[]> {
    return (await this.documents.list<HandoffSession>(HANDOFF_SESSIONS)).map((d) => d.value);
  }

  async queue(): Promise<HandoffSession[]> {
    return queueOrder(await this.all());
  }

  async position(conversationId: string): Promise<number | undefined> {
    return queuePosition(await this.all(), conversationId);
  }

  /** Puts the conversation in the queue, or returns the session it already has. */
  async request(input: HandoffRequestInput): Promise<{ session: HandoffSession; created: boolean }> {
    const now = this.clock.now().toISOString();
    const fresh: HandoffSession = {
      conversationId: input.conversationId,
      channel: input.channel,
      ...(input.city ? { city: input.city } : {}),
      topic: input.topic,
      reason: input.reason,
      status: 'waiting',
      requestedAt: now,
      ...(input.lastResidentMessage ? { lastResidentMessage: input.lastResidentMessage, lastResidentAt: now } : {}),
      history: [],
    };
    for (let attempt = 0; attempt < 5; attempt++) {
      const doc = await this.documents.get<HandoffSession>(HANDOFF_SESSIONS, input.conversationId);
      if (isActive(doc?.value)) return { session: doc.value, created: false };
      try {
        await this.documents.put(HANDOFF_SESSIONS, input.conversationId, fresh, doc ? doc.etag : null);
        return { session: fresh, created: true };
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
      }
    }
    throw new ConcurrencyError('handoff request kept conflicting');
  }

  /**
   * Applies a rule to the stored session with an etag check, re-reading and re-deciding on a
   * conflict: the loser of a race sees the winner's session and gets the rule's refusal.
   */
  async change(
    conversationId: string,
    rule: (session: HandoffSession, now: Date) => Decision,
  ): Promise<Result<HandoffSession>> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const doc = await this.documents.get<HandoffSession>(HANDOFF_SESSIONS, conversationId);
      if (!doc) return fail(problem('handoff.unknown', 'no handoff for this conversation'));
      const decision = rule(doc.value, this.clock.now());
      if (!decision.ok || decision.value === doc.value) return decision;
      try {
        await this.documents.put(HANDOFF_SESSIONS, conversationId, decision.value, doc.etag);
        return decision;
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
      }
    }
    return fail(problem('handoff.busy', 'the conversation is changing too fast; try again'));
  }

  /** Notes the resident's latest words for the queue view; losing a race here costs nothing. */
  async noteResidentMessage(conversationId: string, text: string): Promise<void> {
    await this.change(conversationId, (s, now) =>
      isActive(s) ? ok({ ...s, lastResidentMessage: text.slice(0, 500), lastResidentAt: now.toISOString() }) : ok(s),
    );
  }

  async addTicket(input: Omit<Ticket, 'id' | 'status' | 'createdAt' | 'updatedAt'>): Promise<Ticket> {
    const now = this.clock.now().toISOString();
    const ticket: Ticket = {
      ...input,
      id: `${now.replace(/[-:.TZ]/g, '').slice(0, 14)}-${randomUUID().slice(0, 6)}`,
      status: 'open',
      createdAt: now,
      updatedAt: now,
    };
    await this.documents.put(HANDOFF_TICKETS, ticket.id, ticket, null);
    return ticket;
  }

  async tickets(): Promise<Ticket[]> {
    return (await this.documents.list<Ticket>(HANDOFF_TICKETS)).map((d) => d.value).reverse();
  }

  async setTicketStatus(id: string, status: TicketStatus, by: string): Promise<Result<Ticket>> {
    const doc = await this.documents.get<Ticket>(HANDOFF_TICKETS, id);
    if (!doc) return fail(problem('ticket.unknown', 'no such ticket'));
    const decision = changeTicketStatus(doc.value, status, by, this.clock.now());
    if (!decision.ok || decision.value === doc.value) return decision;
    try {
      await this.documents.put(HANDOFF_TICKETS, id, decision.value, doc.etag);
    } catch (err) {
      if (err instanceof ConcurrencyError)
        return fail(problem('ticket.changed', 'the ticket was changed meanwhile; reload'));
      throw err;
    }
    return decision;
  }

  async audit(entry: Omit<AuditEntry, 'at'>): Promise<AuditEntry> {
    const at = this.clock.now().toISOString();
    const full: AuditEntry = { at, ...entry };
    await this.documents.put(AUDIT_LOG, `${at}-${randomUUID().slice(0, 8)}`, full, null);
    return full;
  }

  /** Newest first. */
  async auditTrail(limit = 500): Promise<AuditEntry[]> {
    const all = await this.documents.list<AuditEntry>(AUDIT_LOG);
    return all
      .slice(-limit)
      .map((d) => d.value)
      .reverse();
  }
}
