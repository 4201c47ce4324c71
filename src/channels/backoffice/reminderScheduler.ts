import { randomUUID } from 'node:crypto';
import { getPolicy, isKnownCity } from '../../domain/policies';
import { systemClock, type Clock, type Store } from '../../domain/ports';
import {
  afterAttempt,
  claimReminderJob,
  finishReminderJob,
  isClaimable,
  isOptedOut,
  listReminderJobs,
  REMINDER_ACTIONS,
  reminderText,
  type ReminderJob,
} from '../../domain/reminders';
import type { Logger } from '../../logger';
import { buttonsActivity, type ConversationMessenger } from './statusNotifier';

export interface ReminderSchedulerOptions {
  store: Store;
  messenger: ConversationMessenger;
  clock?: Clock;
  /** How often due jobs are looked for. Default one minute. */
  intervalMs?: number;
  /** How long a claim holds before another instance may retry the job. Default 5 minutes. */
  leaseMs?: number;
  /** Wait before retrying a conversation that could not be reached. Default 10 minutes. */
  retryAfterMs?: number;
  log?: Logger;
  /** Distinguishes server instances in claims (and in tests). */
  instanceId?: string;
}

export interface ReminderScheduler {
  /** Sends every job due now; resolves with how many were sent. Runs one at a time per instance. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Sends due reminder jobs. Delivery is at-least-once with a narrow duplicate window, by choice:
 *   claim (compare-and-swap on the etag, with a lease) → send → mark sent (compare-and-swap again).
 * Two instances never both send a job: only one claim succeeds. A crash after the claim and before
 * the send is retried when the lease runs out, and nothing was sent twice. Only a crash in the moment
 * between a successful send and the "sent" write can repeat one reminder. Marking "sent" before
 * sending would close that window but lose the reminder instead, and a resident who misses the day
 * their permit can be renewed is worse off than one who reads the same reminder twice.
 * The first tick runs at start, so jobs that fell due while the server was down are caught up.
 */
export function startReminderScheduler(options: ReminderSchedulerOptions): ReminderScheduler {
  const clock = options.clock ?? systemClock;
  const documents = options.store.documents;
  const instanceId = options.instanceId ?? randomUUID();
  const leaseMs = options.leaseMs ?? 300_000;
  const retryAfterMs = options.retryAfterMs ?? 600_000;
  const log = options.log;
  let running: Promise<number> | undefined;
  let stopped = false;

  const sendOne = async (job: ReminderJob): Promise<'sent' | 'failed' | 'optedOut'> => {
    if (await isOptedOut(documents, job)) return 'optedOut';
    if (!job.conversationId || !isKnownCity(job.city)) return 'failed';
    const button = job.kind === 'permitEligible' ? REMINDER_ACTIONS.permitEligible : REMINDER_ACTIONS.renewalDue;
    const activity = buttonsActivity(reminderText(job, getPolicy(job.city)), [button, REMINDER_ACTIONS.optOut]);
    return (await options.messenger.sendToConversation(job.conversationId, [activity])) ? 'sent' : 'failed';
  };

  const runTick = async (): Promise<number> => {
    let sent = 0;
    const docs = await listReminderJobs(documents);
    for (const doc of docs) {
      if (stopped) break;
      const now = clock.now();
      if (!isClaimable(doc.value, now)) continue;
      const mine = await claimReminderJob(documents, doc, instanceId, now, leaseMs);
      if (!mine) continue;
      let outcome: 'sent' | 'failed' | 'optedOut';
      try {
        outcome = await sendOne(mine.value);
      } catch (err) {
        log?.error({ err, job: doc.key }, 'reminder send failed');
        outcome = 'failed';
      }
      const next = afterAttempt(
        mine.value,
        outcome,
        clock.now(),
        retryAfterMs,
        outcome === 'failed' ? 'conversation not reachable' : undefined,
      );
      if (!(await finishReminderJob(documents, mine, next)))
        log?.warn({ job: doc.key }, 'reminder job was taken over before it was marked');
      if (outcome === 'sent') sent++;
      if (next.status === 'undelivered') log?.warn({ job: doc.key }, 'reminder undelivered after all attempts');
    }
    return sent;
  };

  // Ticks run one after another: a slow store must not let ticks pile up and race in one process.
  let chain: Promise<unknown> = Promise.resolve();
  let busy = 0;
  const tick = (): Promise<number> => {
    busy++;
    const next = chain.then(runTick, runTick).finally(() => busy--);
    chain = next.catch(() => 0);
    running = next;
    return next;
  };

  const safeTick = () =>
    busy > 0 ? undefined : void tick().catch((err: unknown) => log?.error({ err }, 'reminder tick failed'));
  const timer = setInterval(safeTick, options.intervalMs ?? 60_000);
  timer.unref();
  safeTick();

  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => 0);
    },
  };
}
