import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { Clock, Store } from '../domain/ports';
import {
  createReminderJobs,
  morningOf,
  REMINDER_JOBS,
  reminderJobId,
  residentKey,
  type ReminderJob,
  type ReminderKind,
} from '../domain/reminders';

/** Collections the dialogs write besides bot state; the staff side (a later issue) reads them. */
export const HANDOFF_REQUESTS = 'handoff-requests';
export const REMINDER_REQUESTS = 'reminder-requests';

function who(context: TurnContext): { conversationId: string; channelId: string; userId?: string } {
  const a = context.activity;
  return {
    conversationId: a.conversation?.id ?? 'unknown',
    channelId: a.channelId ?? 'unknown',
    ...(a.from?.id ? { userId: a.from.id } : {}),
  };
}

/** A resident asked for a person and no staff hook is wired yet: keep the request for staff. */
export async function recordHandoffRequest(
  store: Store,
  clock: Clock,
  context: TurnContext,
  reason: string,
): Promise<void> {
  const at = clock.now().toISOString();
  await store.documents.put(HANDOFF_REQUESTS, `${at}-${randomUUID()}`, {
    ...who(context),
    reason,
    at,
    status: 'waiting',
  });
}

export interface ReminderRequest {
  kind: 'permitEligible' | 'renewalWindow';
  city: string;
  dueOn: string;
  /** renewalWindow: the permit's expiry, which the reminder text names. */
  expiresOn?: string;
}

const JOB_KIND: Record<ReminderRequest['kind'], ReminderKind> = {
  permitEligible: 'permitEligible',
  renewalWindow: 'renewalDue',
};

/**
 * A resident wants to be told when a date arrives (e.g. 6 months of registration completed): the wish
 * is recorded for staff and becomes a reminder job, which the back office's scheduler sends on the day.
 * There is no application yet, so the job is keyed by the conversation, and "退订提醒" in it stops it.
 */
export async function recordReminderRequest(
  store: Store,
  clock: Clock,
  context: TurnContext,
  reminder: ReminderRequest,
): Promise<void> {
  const at = clock.now().toISOString();
  const { conversationId } = who(context);
  const key = `${conversationId}:${reminder.kind}`;
  // One reminder of each kind per conversation: asking twice replaces the first (and its pending job).
  const previous = await store.documents.get<{ jobId?: string }>(REMINDER_REQUESTS, key);
  const kind = JOB_KIND[reminder.kind];
  const source = `request-${conversationId}`;
  const jobId = reminderJobId(kind, source, reminder.dueOn);
  if (previous?.value.jobId && previous.value.jobId !== jobId) {
    const old = await store.documents.get<ReminderJob>(REMINDER_JOBS, previous.value.jobId);
    if (old?.value.status === 'pending') await store.documents.delete(REMINDER_JOBS, previous.value.jobId);
  }
  const job: ReminderJob = {
    id: jobId,
    kind,
    city: reminder.city,
    referenceNumber: source,
    conversationId,
    residentKey: residentKey(`conversation:${conversationId}`),
    dueOn: reminder.dueOn,
    dueAt: morningOf(reminder.dueOn),
    ...(reminder.expiresOn ? { expiresOn: reminder.expiresOn } : {}),
    status: 'pending',
    attempts: 0,
    createdAt: at,
  };
  await createReminderJobs(store.documents, [job]);
  await store.documents.put(REMINDER_REQUESTS, key, { ...who(context), ...reminder, requestedAt: at, jobId });
}
