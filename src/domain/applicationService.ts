import { timingSafeEqual } from 'node:crypto';
import { render } from '../messages';
import type { Application, ApplicationStatus, MaterialRecord } from './application';
import { applyTransition, type TransitionBy } from './applicationStatus';
import { addWorkingDays } from './calendar';
import { materialsChecklist } from './checklist';
import { todayIn } from './dates';
import { getPolicy } from './policies';
import { ConcurrencyError, type ApplicationFilter, type ApplicationRepository, type Clock } from './ports';
import { newReferenceNumber, normaliseReferenceNumber, randomReferencePart } from './referenceNumber';
import { fail, ok, problem, type Result } from './result';
import { answersSchema, checkSubmission, expectedByFor, FIELD_LABELS, type AnswerValue } from './submission';
import { zodProblems } from './zodProblems';

export type ApplicationServiceDeps = {
  repository: ApplicationRepository;
  clock: Clock;
  /** The random part of reference numbers (8 characters of REFERENCE_ALPHABET); tests pass a fixed one. */
  random?: () => string;
};

const notFound = () => fail(problem('application.notFound', render('application.notFound'), 'referenceNumber'));
const conflict = () => fail(problem('application.conflict', render('application.conflict')));

/** Records applications and moves them through their statuses. All expected failures come back as problems. */
export class ApplicationService {
  private readonly repository: ApplicationRepository;
  private readonly clock: Clock;
  private readonly random: () => string;

  constructor(deps: ApplicationServiceDeps) {
    this.repository = deps.repository;
    this.clock = deps.clock;
    this.random = deps.random ?? randomReferencePart;
  }

  /** Validates and stores a submission. The same idempotencyKey again returns the first record unchanged. */
  async submit(input: unknown): Promise<Result<Application>> {
    const today = todayIn(this.clock);
    const checked = checkSubmission(input, today);
    if (!checked.ok) return checked;
    const { input: s, policy, idNumber, phone, proxy } = checked.value;
    const now = this.clock.now().toISOString();
    const answers = s.answers;
    const expectedBy = expectedByFor(policy, s.kind, today);
    const build = (): Application => ({
      referenceNumber: newReferenceNumber(policy.id, today, this.random),
      kind: s.kind,
      city: policy.id,
      status: 'submitted',
      applicant: { name: s.applicant.name, idNumber, phone },
      answers,
      checklist: materialsChecklist(policy, {
        kind: s.kind,
        ...(typeof answers.residenceType === 'string' ? { residenceTypeId: answers.residenceType } : {}),
        ...(typeof answers.occupation === 'string' ? { occupation: answers.occupation } : {}),
        ...(proxy ? { proxy } : {}),
      }),
      ...(s.pickup ? { pickup: s.pickup } : {}),
      ...(s.materials ? { materials: s.materials } : {}),
      ...(s.kinshipLetter
        ? {
            kinshipLetter: {
              text: s.kinshipLetter.text,
              signedName: s.kinshipLetter.signedName,
              signedAt: s.kinshipLetter.signedAt ?? now,
            },
          }
        : {}),
      idempotencyKey: s.idempotencyKey,
      ...(s.conversationId ? { conversationId: s.conversationId } : {}),
      createdAt: now,
      updatedAt: now,
      ...(expectedBy ? { expectedBy } : {}),
      timeline: [{ at: now, from: null, to: 'submitted', actor: 'resident' }],
      version: 1,
    });
    // A clash of reference numbers (DuplicateReferenceError is a ConcurrencyError) is retried once with a new number.
    const { application } = await this.retryOnce(() => this.repository.insert(build()));
    return ok(application);
  }

  /** Moves an application to another status (staff actions, production, delivery). */
  async transition(referenceNumber: string, to: ApplicationStatus, by: TransitionBy): Promise<Result<Application>> {
    return this.change(referenceNumber, (app) => {
      const moved = applyTransition(app, to, by);
      if (!moved.ok) return moved;
      return ok(this.withExpectedBy(moved.value, to));
    });
  }

  /** The resident's corrected answers after 需补正; the application becomes 已补正 and waits for review. */
  async resubmit(
    referenceNumber: string,
    changes: { answers?: Record<string, AnswerValue>; note?: string; materials?: MaterialRecord[] },
    actor: string,
  ): Promise<Result<Application>> {
    const parsed = answersSchema.optional().safeParse(changes?.answers);
    if (!parsed.success) return fail(...zodProblems(parsed.error, changes?.answers, { '': FIELD_LABELS.answers }));
    return this.change(referenceNumber, (app) => {
      if (app.status !== 'needsCorrection')
        return fail(problem('resubmit.notNeeded', render('application.resubmit.notNeeded'), 'status'));
      const answers = { ...app.answers, ...(parsed.data ?? {}) };
      const policy = getPolicy(app.city);
      const checklist = materialsChecklist(policy, {
        kind: app.kind,
        ...(typeof answers.residenceType === 'string' ? { residenceTypeId: answers.residenceType } : {}),
        ...(typeof answers.occupation === 'string' ? { occupation: answers.occupation } : {}),
      });
      const changed = parsed.data ? Object.keys(parsed.data).join(render('list.separator')) : undefined;
      const note =
        changes?.note ?? (changed !== undefined ? render('application.resubmit.note', { changed }) : undefined);
      const materials = changes?.materials ? { materials: changes.materials } : {};
      return applyTransition({ ...app, answers, checklist, ...materials }, 'resubmitted', {
        actor,
        at: this.clock.now().toISOString(),
        ...(note ? { note } : {}),
      });
    });
  }

  /**
   * A resident's status lookup: the reference number and the last four characters of the applicant's ID
   * number must both match. Undefined for any mismatch, so a caller cannot tell which part was wrong.
   */
  async lookup(referenceNumber: string, idLast4: string): Promise<Application | undefined> {
    const ref = normaliseReferenceNumber(referenceNumber);
    if (!ref || typeof idLast4 !== 'string') return undefined;
    const app = await this.repository.get(ref);
    const given = Buffer.from(idLast4.trim().toUpperCase().padEnd(4, ' ').slice(0, 4));
    const stored = Buffer.from((app?.applicant.idNumber ?? '0000').slice(-4).toUpperCase());
    const same = given.length === stored.length && timingSafeEqual(given, stored);
    return app && same && idLast4.trim().length === 4 ? app : undefined;
  }

  /** The most recent application matching the filter. */
  async latestFor(filter: ApplicationFilter): Promise<Application | undefined> {
    const all = await this.repository.list(filter);
    return all[all.length - 1];
  }

  private async change(
    referenceNumber: string,
    apply: (app: Application) => Result<Application>,
  ): Promise<Result<Application>> {
    const ref = normaliseReferenceNumber(referenceNumber);
    if (!ref) return notFound();
    for (let attempt = 0; attempt < 2; attempt++) {
      const app = await this.repository.get(ref);
      if (!app) return notFound();
      const next = apply(app);
      if (!next.ok) return next;
      try {
        return ok(await this.repository.update(next.value, app.version));
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
      }
    }
    return conflict();
  }

  private async retryOnce<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      if (!(err instanceof ConcurrencyError)) throw err;
      return op();
    }
  }

  /** Keeps expectedBy on the milestone residents wait for next (see expectedByFor for the figures). */
  private withExpectedBy(app: Application, to: ApplicationStatus): Application {
    const next = { ...app };
    const policy = getPolicy(app.city);
    const today = todayIn(this.clock);
    const production = policy.timeLimits.permitProductionWorkingDays?.value;
    if (to === 'inProduction' && production) next.expectedBy = addWorkingDays(today, production);
    else if (to === 'underReview' && app.timeline.some((t) => t.to === 'resubmitted')) {
      const review =
        app.kind === 'registration'
          ? policy.timeLimits.registrationConfirmWorkingDays?.value
          : policy.timeLimits.permitReviewWorkingDays?.value;
      if (review) next.expectedBy = addWorkingDays(today, review);
      else delete next.expectedBy;
    } else if (['rejected', 'needsCorrection', 'completed', 'shipped', 'readyForPickup'].includes(to))
      delete next.expectedBy;
    return next;
  }
}
