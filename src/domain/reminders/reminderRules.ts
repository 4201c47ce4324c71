import { createHash } from 'node:crypto';
import type { Application, ApplicationStatus } from '../application';
import { addDays, isIsoDate, todayIn, type IsoDate } from '../dates';
import { permitEarliestDate } from '../eligibility';
import type { CityPolicy } from '../policies';

/**
 * Which reminders are due when. Both come from the Shanghai news item (000): a "办证提醒" when six months
 * of registration are reached and a "签注提醒" before the endorsement is due. The figures are policy data:
 * minRegistrationMonths for the first, renewalWindowDays for the second (a city that states no window,
 * like Chengdu, gets no renewal reminder rather than a guessed one).
 */
export type ReminderKind = 'permitEligible' | 'renewalDue';

export type ReminderJobStatus = 'pending' | 'claimed' | 'sent' | 'undelivered' | 'optedOut';

export interface ReminderJob {
  id: string;
  kind: ReminderKind;
  city: string;
  /** The application that caused it (a confirmed registration, a completed permit). */
  referenceNumber: string;
  conversationId?: string;
  /** A one-way hash of the applicant's ID number: opt-out covers every application of the resident. */
  residentKey: string;
  /** The calendar day (Asia/Shanghai) it is about, e.g. the day six months are complete. */
  dueOn: IsoDate;
  /** The instant it may be sent: 09:00 Shanghai time on dueOn, so nobody is woken at midnight. */
  dueAt: string;
  /** renewalDue: the permit's expiry the reminder counts back from. */
  expiresOn?: IsoDate;
  status: ReminderJobStatus;
  attempts: number;
  createdAt: string;
  /** Set while claimed: who holds it and until when; after that another instance may take it over. */
  claimedBy?: string;
  leaseUntil?: string;
  sentAt?: string;
  lastError?: string;
}

/** Send attempts before a job stays undelivered for good (each attempt waits a lease). */
export const MAX_REMINDER_ATTEMPTS = 5;

export function residentKey(idNumber: string): string {
  return createHash('sha256').update(`banshi-resident:${idNumber.trim().toUpperCase()}`).digest('hex').slice(0, 32);
}

/** 09:00 in Asia/Shanghai (UTC+8, no daylight saving) on the given day. */
export function morningOf(day: IsoDate): string {
  return new Date(`${day}T01:00:00.000Z`).toISOString();
}

export const reminderJobId = (kind: ReminderKind, referenceNumber: string, dueOn: IsoDate): string =>
  `${kind}:${referenceNumber}:${dueOn}`;

function job(
  kind: ReminderKind,
  app: Application,
  dueOn: IsoDate,
  at: string,
  extra: Partial<ReminderJob> = {},
): ReminderJob {
  return {
    id: reminderJobId(kind, app.referenceNumber, dueOn),
    kind,
    city: app.city,
    referenceNumber: app.referenceNumber,
    ...(app.conversationId ? { conversationId: app.conversationId } : {}),
    residentKey: residentKey(app.applicant.idNumber),
    dueOn,
    dueAt: morningOf(dueOn),
    status: 'pending',
    attempts: 0,
    createdAt: at,
    ...extra,
  };
}

/** A registration counts as confirmed when staff approve it (登记确认); completion confirms it too. */
const REGISTRATION_CONFIRMED: readonly ApplicationStatus[] = ['approved', 'completed'];

/**
 * The reminders a status change creates. `today` is the Shanghai date of the change; `permitExpiresOn`
 * is the expiry printed on the card, which staff enter when a permit or renewal is completed (the
 * sources state no validity period, so it cannot be computed).
 * Job ids are deterministic, so planning the same change twice yields the same jobs.
 */
export function remindersForStatusChange(
  app: Application,
  policy: CityPolicy,
  change: { today: IsoDate; at: string; permitExpiresOn?: string },
): ReminderJob[] {
  const jobs: ReminderJob[] = [];
  if (app.kind === 'registration' && REGISTRATION_CONFIRMED.includes(app.status)) {
    const approvedAt = app.timeline.find((t) => t.to === 'approved')?.at;
    // The Shanghai calendar day of the confirmation, not the UTC one (01:00 in Shanghai is the day before in UTC).
    const confirmedOn =
      approvedAt && !Number.isNaN(Date.parse(approvedAt)) ? todayIn({ now: () => new Date(approvedAt) }) : undefined;
    const registeredOn = confirmedOn && isIsoDate(confirmedOn) ? confirmedOn : change.today;
    jobs.push(job('permitEligible', app, permitEarliestDate(policy, registeredOn), change.at));
  }
  if (
    (app.kind === 'permit' || app.kind === 'renewal') &&
    app.status === 'completed' &&
    isIsoDate(change.permitExpiresOn)
  ) {
    const window = policy.renewalWindowDays?.value;
    if (window !== undefined) {
      const opens = addDays(change.permitExpiresOn, -window);
      // Already inside the window: remind at once (today) rather than on a day that has passed.
      const dueOn = opens < change.today ? change.today : opens;
      jobs.push(job('renewalDue', app, dueOn, change.at, { expiresOn: change.permitExpiresOn }));
    }
  }
  return jobs;
}

/** May an instance take this job now? Pending and due, or claimed by someone whose lease ran out. */
export function isClaimable(job: ReminderJob, now: Date): boolean {
  if (Date.parse(job.dueAt) > now.getTime()) return false;
  if (job.status === 'pending') return true;
  return job.status === 'claimed' && job.leaseUntil !== undefined && Date.parse(job.leaseUntil) <= now.getTime();
}

export function claimed(job: ReminderJob, instanceId: string, now: Date, leaseMs: number): ReminderJob {
  return {
    ...job,
    status: 'claimed',
    claimedBy: instanceId,
    leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
    attempts: job.attempts + 1,
  };
}

/** After a send attempt: sent, or back to pending for a later try, or undelivered once attempts run out. */
export function afterAttempt(
  job: ReminderJob,
  outcome: 'sent' | 'failed' | 'optedOut',
  now: Date,
  retryAfterMs = 600_000,
  error?: string,
): ReminderJob {
  const { claimedBy: _c, leaseUntil: _l, ...rest } = job;
  if (outcome === 'sent') return { ...rest, status: 'sent', sentAt: now.toISOString() };
  if (outcome === 'optedOut') return { ...rest, status: 'optedOut' };
  if (job.attempts >= MAX_REMINDER_ATTEMPTS)
    return { ...rest, status: 'undelivered', ...(error ? { lastError: error } : {}) };
  // A conversation that cannot be reached now is tried again later, not on the very next tick.
  return {
    ...rest,
    status: 'pending',
    dueAt: new Date(now.getTime() + retryAfterMs).toISOString(),
    ...(error ? { lastError: error } : {}),
  };
}
