import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Application } from '../../domain/application';
import type { ApplicationService } from '../../domain/applicationService';
import { isKnownCity } from '../../domain/policies';
import { eraseSubject, subjectOf, type PersonalDataHolder } from '../../domain/erasure';
import type { Store } from '../../domain/ports';
import { render } from '../../messages';
import { normaliseReferenceNumber } from '../../domain/referenceNumber';
import type { Problem } from '../../domain/result';
import type { Logger } from '../../logger';
import { handle, HttpError } from '../http/errors';
import { readJsonBody } from '../http/jsonBody';
import { reviewActionSchema, type ReviewDesk } from './reviewActions';
import { applicationView, QUEUES, queueItem, type QueueName } from './reviewView';
import type { StaffGate, StaffMember } from './staffGate';
import { UNDELIVERED_NOTIFICATIONS, type UndeliveredNotification } from './statusNotifier';
import { pathParam } from '../http/requestParts';

export const REVIEW_BASE = '/console/api/review';

export interface ReviewRouteDeps {
  store: Store;
  applications: ApplicationService;
  desk: ReviewDesk;
  gate: StaffGate;
  log: Logger;
  /** Where residents' personal data is kept (src/channels/erasure.ts); erasure is off without it. */
  personalData?: PersonalDataHolder[];
}

/** Erasure names the reference number twice, in the path and in the body, so a slip cannot erase. */
const erasureBody = z.object({ confirm: z.string().min(1).max(64) });

const queueQuery = z.object({
  city: z.string().max(32).optional(),
  queue: z.enum(Object.keys(QUEUES) as [QueueName, ...QueueName[]]).default('review'),
});

/** Domain problems → HTTP: an illegal step or a concurrent change is a conflict, the rest is bad input. */
function problemStatus(problems: Problem[]): number {
  if (problems.some((p) => p.code === 'application.notFound')) return 404;
  if (problems.some((p) => p.code === 'transition.illegal' || p.code === 'application.conflict')) return 409;
  return 400;
}

/** Registers the review API: queue, one application, reveal (audited), and status actions. */
export function registerReviewRoutes(server: Server, deps: ReviewRouteDeps): void {
  const { log, gate } = deps;

  const staffOf = async (req: Request): Promise<StaffMember> => {
    const staff = await gate.authenticate(req);
    if (!staff) throw new HttpError(401, 'Unauthorized', render('review.signInFirst'));
    return staff;
  };
  const load = async (req: Request): Promise<Application> => {
    const ref = normaliseReferenceNumber(pathParam(req, 'ref') ?? '');
    const app = ref ? await deps.store.applications.get(ref) : undefined;
    if (!app) throw new HttpError(404, 'NotFound', render('review.notFound'));
    return app;
  };

  server.get(
    `${REVIEW_BASE}/queue`,
    handle(log, async (req: Request, res: Response) => {
      await staffOf(req);
      const q = queueQuery.safeParse(req.query ?? {});
      if (!q.success) throw new HttpError(400, 'BadArgument', render('review.queue.badArgument'));
      if (q.data.city && !isKnownCity(q.data.city))
        throw new HttpError(400, 'BadArgument', render('review.queue.unknownCity'));
      const apps = await deps.store.applications.list({
        ...(q.data.city ? { city: q.data.city } : {}),
        statuses: [...QUEUES[q.data.queue]],
      });
      // The repository lists oldest first by creation: the first come is served first.
      res.send(200, { queue: q.data.queue, city: q.data.city ?? null, items: apps.map(queueItem) });
    }),
  );

  /** Notices that could not reach the resident, so staff can call or write instead. */
  const undelivered = async (ref: string) =>
    (await deps.store.documents.list<UndeliveredNotification>(UNDELIVERED_NOTIFICATIONS, { prefix: `${ref}:` })).map(
      (d) => ({ at: d.value.at, status: d.value.status, text: d.value.text }),
    );

  server.get(
    `${REVIEW_BASE}/applications/:ref`,
    handle(log, async (req: Request, res: Response) => {
      await staffOf(req);
      const app = await load(req);
      res.send(200, { ...applicationView(app), undeliveredNotices: await undelivered(app.referenceNumber) });
    }),
  );

  server.post(
    `${REVIEW_BASE}/applications/:ref/reveal`,
    handle(log, async (req: Request, res: Response) => {
      const staff = await staffOf(req);
      const app = await load(req);
      await gate.audit(staff, 'application.reveal', { referenceNumber: app.referenceNumber });
      res.send(200, applicationView(app, true));
    }),
  );

  /**
   * Erases a resident: every application with the same ID number, the conversations they came from
   * (transcripts, state, handoffs, reminders) and every upload. Administrators only, audited with the
   * counts and never the resident's details.
   */
  server.post(
    `${REVIEW_BASE}/applications/:ref/erase`,
    handle(log, async (req: Request, res: Response) => {
      const staff = await staffOf(req);
      if (staff.role !== 'admin') throw new HttpError(403, 'Forbidden', render('review.erase.adminOnly'));
      const holders = deps.personalData;
      if (!holders) throw new HttpError(404, 'NotFound', render('review.erase.unavailable'));
      const app = await load(req);
      const body = erasureBody.safeParse(await readJsonBody(req));
      if (!body.success || normaliseReferenceNumber(body.data.confirm) !== app.referenceNumber)
        throw new HttpError(400, 'BadArgument', render('review.erase.confirm'));
      const subject = await subjectOf(deps.store.applications, app.referenceNumber);
      if (!subject) throw new HttpError(404, 'NotFound', render('review.notFound'));
      const report = await eraseSubject(subject, holders, deps.store.applications);
      await gate.audit(staff, 'application.erase', {
        referenceNumber: app.referenceNumber,
        to: `${report.applications} applications, ${report.conversations} conversations`,
      });
      log.info({ referenceNumber: app.referenceNumber, ...report }, 'resident erased');
      res.send(200, report);
    }),
  );

  server.post(
    `${REVIEW_BASE}/applications/:ref/actions`,
    handle(log, async (req: Request, res: Response) => {
      const staff = await staffOf(req);
      const app = await load(req);
      const body = reviewActionSchema.safeParse(await readJsonBody(req));
      if (!body.success)
        throw new HttpError(400, 'BadArgument', body.error.issues.map((i) => i.message).join(render('list.semicolon')));
      const result = await deps.desk.act(app.referenceNumber, body.data, staff.username);
      if (!result.ok) {
        res.send(problemStatus(result.problems), {
          error: { code: result.problems[0].code, message: result.problems.map((p) => p.message).join(' ') },
        });
        return;
      }
      await gate.audit(staff, `application.${body.data.action}`, {
        referenceNumber: app.referenceNumber,
        to: result.value.status,
      });
      res.send(200, { ...applicationView(result.value), undeliveredNotices: await undelivered(app.referenceNumber) });
    }),
  );
}
