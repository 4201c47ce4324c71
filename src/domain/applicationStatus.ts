import { APPLICATION_STATUSES, type Application, type ApplicationKind, type ApplicationStatus } from './application';
import { render } from '../messages';
import type { CityPolicy } from './policies';
import { fail, ok, problem, type Result } from './result';

/**
 * Staff-facing names of the workflow's own states (the review page, the staff API). They are the
 * project's terms, not any city's: residents see `officialStatusName` where their city's documents
 * name the stage, and a plain description otherwise (src/dialogs/texts/statusLookup.ts).
 */
export const STATUS_LABELS = Object.fromEntries(
  APPLICATION_STATUSES.map((s) => [s, render(`status.staff.${s}`)]),
) as Record<ApplicationStatus, string>;

/**
 * The stages a city's documents name, in the order they list them: 003 gives Chengdu's as
 * 待受理 → 审核中 → 制证中 → 办结 (policy `statusNames`). Our other states have no official name.
 */
const NAMED_STAGES: readonly ApplicationStatus[] = ['submitted', 'underReview', 'inProduction', 'completed'];

/** The name the city's own service shows for this state, or undefined when its documents give none. */
export function officialStatusName(status: ApplicationStatus, policy: CityPolicy): string | undefined {
  const names = policy.statusNames?.value;
  if (!names || names.length !== NAMED_STAGES.length) return undefined;
  const at = NAMED_STAGES.indexOf(status);
  return at >= 0 ? names[at] : undefined;
}

/**
 * Kinds that end with a card to produce and hand over. A permit is a new card. Renewal (签注) is
 * treated as one too: the online guide says a renewal runs like a first application (001), and the
 * sources do not say that it skips production. Registration yields an electronic 居住登记凭证 (000),
 * and an address change, loss report or cancellation changes a record, so those go from approved
 * straight to completed.
 */
export const KINDS_WITH_CARD: readonly ApplicationKind[] = ['permit', 'renewal'];

const COMMON: Record<ApplicationStatus, ApplicationStatus[]> = {
  submitted: ['underReview'],
  underReview: ['approved', 'rejected', 'needsCorrection'],
  approved: [],
  rejected: [],
  needsCorrection: ['resubmitted'],
  resubmitted: ['underReview'],
  inProduction: ['shipped', 'readyForPickup'],
  shipped: ['completed'],
  readyForPickup: ['completed'],
  completed: [],
};

/**
 * The statuses an application may move to next. `approved` depends on the kind (see KINDS_WITH_CARD);
 * without a kind both possibilities are listed.
 */
export function allowedNext(status: ApplicationStatus, kind?: ApplicationKind): ApplicationStatus[] {
  if (status !== 'approved') return [...(COMMON[status] ?? [])];
  if (kind === undefined) return ['inProduction', 'completed'];
  return KINDS_WITH_CARD.includes(kind) ? ['inProduction'] : ['completed'];
}

export type TransitionBy = {
  actor: string;
  note?: string;
  at: string;
  correctionFields?: string[];
  deliveryNote?: string;
};

const isStatus = (s: unknown): s is ApplicationStatus =>
  typeof s === 'string' && (APPLICATION_STATUSES as readonly string[]).includes(s);

/**
 * Moves an application to `to` and appends the step to its timeline. Pure: returns a new record and
 * leaves the version alone (the repository increments it). Refusing rejection without a reason and a
 * correction request without saying what to fix keeps residents from being told "no" with nothing to act on.
 */
export function applyTransition(app: Application, to: ApplicationStatus, by: TransitionBy): Result<Application> {
  if (!isStatus(to))
    return fail(problem('status.unknown', render('status.transition.unknown', { status: String(to) }), 'status'));
  if (!by || typeof by.actor !== 'string' || by.actor.trim() === '')
    return fail(problem('transition.actor', render('status.transition.actorRequired'), 'actor'));
  if (typeof by.at !== 'string' || Number.isNaN(Date.parse(by.at)))
    return fail(problem('transition.at', render('status.transition.atInvalid'), 'at'));
  const next = allowedNext(app.status, app.kind);
  if (!next.includes(to)) {
    const params = { from: STATUS_LABELS[app.status], to: STATUS_LABELS[to] };
    const message =
      next.length > 0
        ? render('status.transition.illegal', {
            ...params,
            options: next.map((s) => STATUS_LABELS[s]).join(render('list.separator')),
          })
        : render('status.transition.illegalEnded', params);
    return fail(problem('transition.illegal', message, 'status'));
  }
  const note = by.note?.trim() || undefined;
  const updated: Application = { ...app, status: to, updatedAt: by.at, timeline: [...app.timeline] };
  if (to === 'rejected') {
    if (!note) return fail(problem('transition.reasonRequired', render('status.transition.reasonRequired'), 'note'));
    updated.rejectionReason = note;
  }
  if (to === 'needsCorrection') {
    const fields = (by.correctionFields ?? []).map((f) => f.trim()).filter((f) => f !== '');
    if (fields.length === 0 && !note)
      return fail(
        problem('transition.correctionRequired', render('status.transition.correctionRequired'), 'correctionFields'),
      );
    updated.correction = { fields, note: note ?? '' };
  }
  if (to === 'resubmitted') delete updated.correction;
  if (by.deliveryNote?.trim()) updated.deliveryNote = by.deliveryNote.trim();
  updated.timeline.push({ at: by.at, from: app.status, to, actor: by.actor.trim(), ...(note ? { note } : {}) });
  return ok(updated);
}
