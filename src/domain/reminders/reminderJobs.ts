import { ConcurrencyError, type DocumentStore, type StoredDocument } from '../ports';
import { claimed, isClaimable, type ReminderJob } from './reminderRules';

export const REMINDER_JOBS = 'reminder-jobs';
export const REMINDER_OPT_OUTS = 'reminder-opt-outs';

/**
 * Reminder jobs as documents. Creation is create-only (expectedEtag null), so planning the same status
 * change twice, or on two server instances, stores one job.
 */
export async function createReminderJobs(documents: DocumentStore, jobs: ReminderJob[]): Promise<ReminderJob[]> {
  const created: ReminderJob[] = [];
  for (const job of jobs) {
    try {
      await documents.put(REMINDER_JOBS, job.id, job, null);
      created.push(job);
    } catch (err) {
      if (!(err instanceof ConcurrencyError)) throw err;
    }
  }
  return created;
}

export async function listReminderJobs(documents: DocumentStore): Promise<StoredDocument<ReminderJob>[]> {
  return documents.list<ReminderJob>(REMINDER_JOBS);
}

/**
 * Takes a due job for this instance with a compare-and-swap on its etag: when two instances read the
 * same job, only one write succeeds and the other gets undefined. The winner holds a lease; if it dies,
 * the job becomes claimable again when the lease runs out.
 */
export async function claimReminderJob(
  documents: DocumentStore,
  doc: StoredDocument<ReminderJob>,
  instanceId: string,
  now: Date,
  leaseMs: number,
): Promise<StoredDocument<ReminderJob> | undefined> {
  if (!isClaimable(doc.value, now)) return undefined;
  const value = claimed(doc.value, instanceId, now, leaseMs);
  try {
    const etag = await documents.put(REMINDER_JOBS, doc.key, value, doc.etag);
    return { key: doc.key, value, etag };
  } catch (err) {
    if (err instanceof ConcurrencyError) return undefined;
    throw err;
  }
}

/** Writes the outcome only if we still hold the claim; false when another instance took the job over. */
export async function finishReminderJob(
  documents: DocumentStore,
  doc: StoredDocument<ReminderJob>,
  next: ReminderJob,
): Promise<boolean> {
  try {
    await documents.put(REMINDER_JOBS, doc.key, next, doc.etag);
    return true;
  } catch (err) {
    if (err instanceof ConcurrencyError) return false;
    throw err;
  }
}

export interface ReminderOptOut {
  at: string;
  via: 'chat' | 'console';
}

/** The opt-out record keys: one conversation, or one resident (the hashed ID number) everywhere. */
export const conversationKey = (id: string) => `conversation:${id}`;
export const residentOptKey = (key: string) => `resident:${key}`;

/**
 * A resident says 退订提醒 in a conversation: that conversation, and every resident whose reminders
 * were going to it, get no more reminders.
 */
export async function optOutOfReminders(documents: DocumentStore, conversationId: string, at: string): Promise<number> {
  const record: ReminderOptOut = { at, via: 'chat' };
  await documents.put(REMINDER_OPT_OUTS, conversationKey(conversationId), record);
  const residents = new Set(
    (await listReminderJobs(documents))
      .filter((d) => d.value.conversationId === conversationId)
      .map((d) => d.value.residentKey),
  );
  for (const key of residents) await documents.put(REMINDER_OPT_OUTS, residentOptKey(key), record);
  return residents.size;
}

export async function isOptedOut(
  documents: DocumentStore,
  job: Pick<ReminderJob, 'conversationId' | 'residentKey'>,
): Promise<boolean> {
  if (await documents.get(REMINDER_OPT_OUTS, residentOptKey(job.residentKey))) return true;
  return (
    job.conversationId !== undefined &&
    (await documents.get(REMINDER_OPT_OUTS, conversationKey(job.conversationId))) !== undefined
  );
}
