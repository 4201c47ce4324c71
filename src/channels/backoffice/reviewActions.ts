import { z } from 'zod';
import type { Application, ApplicationStatus } from '../../domain/application';
import type { ApplicationService } from '../../domain/applicationService';
import { todayIn } from '../../domain/dates';
import { getPolicy } from '../../domain/policies';
import type { Clock, DocumentStore } from '../../domain/ports';
import { createReminderJobs, remindersForStatusChange } from '../../domain/reminders';
import { fail, problem, type Result } from '../../domain/result';
import type { Logger } from '../../logger';
import type { StatusNotifier } from './statusNotifier';

/** Staff actions and the status each one moves to. */
export const REVIEW_ACTIONS = {
  accept: 'underReview',
  approve: 'approved',
  reject: 'rejected',
  requestCorrection: 'needsCorrection',
  startProduction: 'inProduction',
  ship: 'shipped',
  readyForPickup: 'readyForPickup',
  complete: 'completed',
} as const satisfies Record<string, ApplicationStatus>;
export type ReviewAction = keyof typeof REVIEW_ACTIONS;

export const ACTION_LABELS: Record<ReviewAction, string> = {
  accept: '受理审核',
  approve: '审核通过',
  reject: '不予通过',
  requestCorrection: '要求补正',
  startProduction: '开始制证',
  ship: '已寄出',
  readyForPickup: '可领取',
  complete: '办结',
};

export const reviewActionSchema = z.object({
  action: z.enum(Object.keys(REVIEW_ACTIONS) as [ReviewAction, ...ReviewAction[]], { message: '未知的操作' }),
  note: z.string().trim().max(500, '说明太长（最多500字）').optional(),
  fields: z.array(z.string().trim().min(1).max(64)).max(20).optional(),
  deliveryNote: z.string().trim().max(300, '寄递说明太长（最多300字）').optional(),
  /** The expiry printed on a completed permit; starts the renewal reminder. */
  permitExpiresOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '有效期格式应为2027-05-01')
    .optional(),
});
export type ReviewActionInput = z.infer<typeof reviewActionSchema>;

/** The actions allowed from a status (for the console's buttons). */
export function actionsFor(app: Application, allowed: ApplicationStatus[]): ReviewAction[] {
  return (Object.keys(REVIEW_ACTIONS) as ReviewAction[]).filter((a) => allowed.includes(REVIEW_ACTIONS[a]));
}

/**
 * One staff action: the domain transition, then the resident's notice and any reminder it starts.
 * The transition is the record; a failed notice is kept as undelivered, never undoes the change.
 */
export class ReviewDesk {
  constructor(
    private readonly deps: {
      applications: ApplicationService;
      documents: DocumentStore;
      clock: Clock;
      notifier: StatusNotifier;
      log: Logger;
    },
  ) {}

  async act(referenceNumber: string, input: ReviewActionInput, staff: string): Promise<Result<Application>> {
    if (input.action === 'ship' && !input.deliveryNote)
      return fail(problem('ship.deliveryNote', '寄出时请填写寄递说明（如快递公司和单号）。', 'deliveryNote'));
    const to = REVIEW_ACTIONS[input.action];
    const now = this.deps.clock.now().toISOString();
    const result = await this.deps.applications.transition(referenceNumber, to, {
      actor: staff,
      at: now,
      ...(input.note ? { note: input.note } : {}),
      ...(input.fields ? { correctionFields: input.fields } : {}),
      ...(input.deliveryNote ? { deliveryNote: input.deliveryNote } : {}),
    });
    if (!result.ok) return result;
    const app = result.value;
    try {
      const jobs = remindersForStatusChange(app, getPolicy(app.city), {
        today: todayIn(this.deps.clock),
        at: now,
        ...(input.permitExpiresOn ? { permitExpiresOn: input.permitExpiresOn } : {}),
      });
      await createReminderJobs(this.deps.documents, jobs);
      await this.deps.notifier.notify(app);
    } catch (err) {
      // The status change is stored; a failure here must not report the action as failed.
      this.deps.log.error({ err, referenceNumber: app.referenceNumber }, 'after-transition work failed');
    }
    return result;
  }
}
