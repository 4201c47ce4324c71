import { z } from 'zod';
import type { Application, ApplicationStatus } from '../../domain/application';
import type { ApplicationService } from '../../domain/applicationService';
import { todayIn } from '../../domain/dates';
import { getPolicy } from '../../domain/policies';
import type { Clock, DocumentStore } from '../../domain/ports';
import { createReminderJobs, remindersForStatusChange } from '../../domain/reminders';
import { fail, problem, type Result } from '../../domain/result';
import type { Logger } from '../../logger';
import { render } from '../../messages';
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

export const ACTION_LABELS = Object.fromEntries(
  Object.keys(REVIEW_ACTIONS).map((a) => [a, render(`review.action.${a}`)]),
) as Record<ReviewAction, string>;

export const reviewActionSchema = z.object({
  action: z.enum(Object.keys(REVIEW_ACTIONS) as [ReviewAction, ...ReviewAction[]], {
    message: render('review.input.unknownAction'),
  }),
  note: z.string().trim().max(500, render('review.input.noteTooLong')).optional(),
  fields: z.array(z.string().trim().min(1).max(64)).max(20).optional(),
  deliveryNote: z.string().trim().max(300, render('review.input.deliveryNoteTooLong')).optional(),
  /** The expiry printed on a completed permit; starts the renewal reminder. */
  permitExpiresOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, render('review.input.expiryFormat'))
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
      return fail(problem('ship.deliveryNote', render('review.ship.deliveryNoteRequired'), 'deliveryNote'));
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
