import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { Clock, Store } from '../domain/ports';

/** Collections the dialogs write besides bot state; the staff side (a later issue) reads them. */
export const HANDOFF_REQUESTS = 'handoff-requests';
export const REMINDER_REQUESTS = 'reminder-requests';

function who(context: TurnContext): { conversationId: string; channelId: string; userId?: string } {
  const a = context.activity;
  return { conversationId: a.conversation?.id ?? 'unknown', channelId: a.channelId ?? 'unknown', ...(a.from?.id ? { userId: a.from.id } : {}) };
}

/** A resident asked for a person and no staff hook is wired yet: keep the request for staff. */
export async function recordHandoffRequest(store: Store, clock: Clock, context: TurnContext, reason: string): Promise<void> {
  const at = clock.now().toISOString();
  await store.documents.put(HANDOFF_REQUESTS, `${at}-${randomUUID()}`, { ...who(context), reason, at, status: 'waiting' });
}

/** A resident wants to be told when a date arrives (e.g. 6 months of registration completed). */
export async function recordReminderRequest(store: Store, clock: Clock, context: TurnContext, reminder: { kind: string; city: string; dueOn: string }): Promise<void> {
  const at = clock.now().toISOString();
  const { conversationId } = who(context);
  // One reminder of each kind per conversation: asking twice replaces the first.
  await store.documents.put(REMINDER_REQUESTS, `${conversationId}:${reminder.kind}`, { ...who(context), ...reminder, requestedAt: at });
}
