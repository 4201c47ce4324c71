import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { TICKET_STATUSES } from '../../domain/handoff/records';
import { queuePosition, waitingSeconds } from '../../domain/handoff/session';
import type { Clock, Coordination, DocumentStore, RateCounter } from '../../domain/ports';
import type { Problem, Result } from '../../domain/result';
import type { HandoffService } from '../../dialogs/handoff/handoffService';
import { readSavedConversation } from '../../dialogs/handoff/botState';
import { procedureTopics } from '../../dialogs/handoff/texts';
import type { Logger } from '../../logger';
import { handle, HttpError } from '../http/errors';
import { readJsonBody } from '../http/jsonBody';
import { RateLimiter } from '../http/rateLimit';
import type { TranscriptStore } from '../transcriptStore';
import { clearSessionCookie, requireStaff, setSessionCookie } from './auth';
import { consoleLine, Masker } from './conversationView';
import { registerConsoleEvents } from './events';
import { DUMMY_CREDENTIAL, needsRehash, verifyPassword } from './passwords';
import { publicStaff, type StaffDirectory } from './staffDirectory';
import { pathParam, queryParam } from '../http/requestParts';
import type { ProxyTrust } from '../http/proxyTrust';
import { render } from '../../messages';

export const CONSOLE_API = '/console/api';

export interface ConsoleDeps {
  handoff: HandoffService;
  staff: StaffDirectory;
  transcripts: TranscriptStore;
  documents: DocumentStore;
  /** Fans console events out to every instance; in-process when omitted. */
  coordination?: Coordination;
  clock: Clock;
  log: Logger;
  sessionHours: number;
  /** Login attempts per address and username per minute (default 5). */
  loginsPerMinute?: number;
  /** Failed logins per client address per minute, across usernames. */
  failedLoginsPerAddressPerMinute: number;
  proxies: ProxyTrust;
  /** Login limits counted across instances (PostgreSQL); per process when omitted. */
  rates?: RateCounter;
}

const loginBody = z.object({
  username: z.string().trim().min(1, 'username is required').max(64),
  password: z.string().min(1, 'password is required').max(200),
});
// Zero-width characters alone would reach the resident as an empty bubble.
const sendBody = z.object({
  text: z
    .string()
    .trim()
    .max(2000, 'message is longer than 2000 characters')
    .refine((v) => v.replace(/[\u200b-\u200d\u2060\ufeff]/g, '').trim().length > 0, 'message is empty'),
});
const transferBody = z.object({ to: z.string().trim().min(1, 'choose a staff member').max(64) });
const ticketBody = z.object({
  status: z.enum(TICKET_STATUSES, { message: `status must be one of ${TICKET_STATUSES.join(', ')}` }),
});
// Control characters (NUL above all) cannot be a stored key: such an id names nothing.
const conversationId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^\P{Cc}+$/u);

async function parse<T>(req: Request, schema: z.ZodType<T>): Promise<T> {
  const result = schema.safeParse(await readJsonBody(req));
  if (!result.success)
    throw new HttpError(
      400,
      'BadArgument',
      result.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '),
    );
  return result.data;
}

function idParam(req: Request): string {
  const parsed = conversationId.safeParse(pathParam(req, 'id'));
  if (!parsed.success) throw new HttpError(400, 'BadArgument', 'id is missing, too long or has control characters');
  return parsed.data;
}

const STATUS_BY_CODE: Record<string, number> = {
  'handoff.unknown': 404,
  'handoff.notOwner': 403,
  'ticket.unknown': 404,
  'handoff.undeliverable': 409,
};

function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  const p: Problem = result.problems[0];
  throw new HttpError(STATUS_BY_CODE[p.code] ?? 409, p.code, p.message);
}

/** The staff console API: every route but login needs a live session (401), admin routes the role (403). */
export function registerConsoleRoutes(server: Server, deps: ConsoleDeps): void {
  const { handoff, staff, log } = deps;
  const desk = handoff.desk;
  const now = () => deps.clock.now().getTime();
  const shared = (bucket: string) => (deps.rates ? { counter: deps.rates, bucket } : undefined);
  const limiter = new RateLimiter(deps.loginsPerMinute ?? 5, deps.loginsPerMinute ?? 5, now, shared('login'));
  // Spraying many usernames from one address passes the per-username limit; failures are counted per
  // address too (only failures, so a help desk behind one NAT can still log everyone in).
  const failures = new RateLimiter(
    deps.failedLoginsPerAddressPerMinute,
    deps.failedLoginsPerAddressPerMinute,
    now,
    shared('loginFailures'),
  );
  const tooMany = (retryAfterSeconds: number) =>
    new HttpError(429, 'TooManyRequests', render('console.auth.tooManyAttempts', { seconds: retryAfterSeconds }), {
      'Retry-After': String(retryAfterSeconds),
    });
  const route = (fn: (req: Request, res: Response) => Promise<void>) => handle(log, fn);
  const me = async (req: Request) => (await requireStaff(req, staff)).account;

  server.get('/console', (_req: Request, res: Response, next: () => void) => {
    res.redirect(302, '/console/', next as never);
  });

  server.post(
    `${CONSOLE_API}/login`,
    route(async (req, res) => {
      const body = await parse(req, loginBody);
      const username = body.username.trim().toLowerCase();
      const address = deps.proxies.clientAddress(req);
      const blocked = await failures.peek(address);
      if (!blocked.ok) throw tooMany(blocked.retryAfterSeconds);
      const decision = await limiter.take(`${address}|${username}`);
      if (!decision.ok) throw tooMany(decision.retryAfterSeconds);
      const account = await staff.get(username);
      const good = await verifyPassword(body.password, account ?? DUMMY_CREDENTIAL);
      if (!account || !good) {
        await failures.take(address);
        await desk.audit({ actor: username.slice(0, 64), action: 'loginFailed' });
        throw new HttpError(401, 'Unauthorized', render('console.auth.wrongPassword'));
      }
      if (needsRehash(account)) await staff.rehashPassword(account.username, body.password);
      const { token } = await staff.startSession(account.username);
      await desk.audit({ actor: account.username, action: 'login' });
      setSessionCookie(req, res, token, deps.sessionHours * 3600, deps.proxies);
      res.send(200, publicStaff(account));
    }),
  );

  server.post(
    `${CONSOLE_API}/logout`,
    route(async (req, res) => {
      const { account, token } = await requireStaff(req, staff);
      await staff.endSession(token);
      await desk.audit({ actor: account.username, action: 'logout' });
      clearSessionCookie(res);
      res.send(200, { ok: true });
    }),
  );

  server.get(
    `${CONSOLE_API}/me`,
    route(async (req, res) => {
      res.send(200, publicStaff(await me(req)));
    }),
  );

  server.get(
    `${CONSOLE_API}/staff`,
    route(async (req, res) => {
      await me(req);
      res.send(200, { staff: (await staff.list()).map(publicStaff) });
    }),
  );

  server.get(
    `${CONSOLE_API}/queue`,
    route(async (req, res) => {
      const account = await me(req);
      const now = deps.clock.now();
      const all = await desk.all();
      const view = (s: (typeof all)[number]) => ({
        conversationId: s.conversationId,
        channel: s.channel,
        city: s.city ?? null,
        topic: s.topic,
        status: s.status,
        claimedBy: s.claimedBy ?? null,
        waitingSeconds: waitingSeconds(s, now),
        position: queuePosition(all, s.conversationId) ?? null,
        lastResidentMessage: s.lastResidentMessage ? new Masker(undefined).text(s.lastResidentMessage) : null,
      });
      res.send(200, {
        waiting: all
          .filter((s) => s.status === 'waiting')
          .map(view)
          .sort((a, b) => a.position! - b.position!),
        mine: all.filter((s) => s.status === 'claimed' && s.claimedBy === account.username).map(view),
        others: all.filter((s) => s.status === 'claimed' && s.claimedBy !== account.username).map(view),
      });
    }),
  );

  server.post(
    `${CONSOLE_API}/conversations/:id/claim`,
    route(async (req, res) => {
      const account = await me(req);
      res.send(200, unwrap(await handoff.claim(idParam(req), account)));
    }),
  );

  server.get(
    `${CONSOLE_API}/conversations/:id`,
    route(async (req, res) => {
      const account = await me(req);
      const id = idParam(req);
      const session = await desk.get(id);
      if (!session) throw new HttpError(404, 'handoff.unknown', 'no handoff for this conversation');
      const reveal = ['1', 'true'].includes(queryParam(req, 'reveal') ?? '');
      if (reveal && session.claimedBy !== account.username && account.role !== 'admin') {
        throw new HttpError(
          403,
          'Forbidden',
          'only the staff member who owns the conversation (or an admin) may reveal personal data',
        );
      }
      if (reveal) await desk.audit({ actor: account.username, action: 'reveal', conversationId: id });
      const saved = await readSavedConversation(deps.documents, session.channel, id);
      const draft = saved?.conversationData?.draft;
      const masker = reveal ? undefined : new Masker(draft?.answers);
      const after = queryParam(req, 'after');
      const entries = await deps.transcripts.entries(id, after);
      res.send(200, {
        session,
        revealed: reveal,
        city: saved?.conversationData?.city ?? session.city ?? null,
        procedure: draft
          ? {
              title: procedureTopics[draft.procedure] ?? draft.procedure,
              startedAt: draft.startedAt,
              answers: masker ? masker.answers(draft.answers) : draft.answers,
            }
          : null,
        transcript: entries.map((e) => consoleLine(e, masker)),
      });
    }),
  );

  server.post(
    `${CONSOLE_API}/conversations/:id/messages`,
    route(async (req, res) => {
      const account = await me(req);
      const id = idParam(req);
      const body = await parse(req, sendBody);
      unwrap(await handoff.send(id, account, body.text));
      res.send(200, { ok: true });
    }),
  );

  server.post(
    `${CONSOLE_API}/conversations/:id/resolve`,
    route(async (req, res) => {
      const account = await me(req);
      res.send(200, unwrap(await handoff.resolve(idParam(req), account)));
    }),
  );

  server.post(
    `${CONSOLE_API}/conversations/:id/transfer`,
    route(async (req, res) => {
      const account = await me(req);
      const id = idParam(req);
      const body = await parse(req, transferBody);
      const target = await staff.get(body.to);
      if (!target) throw new HttpError(400, 'BadArgument', `no staff member named ${body.to}`);
      res.send(200, unwrap(await handoff.transfer(id, account, target)));
    }),
  );

  server.get(
    `${CONSOLE_API}/tickets`,
    route(async (req, res) => {
      await me(req);
      const masker = new Masker(undefined);
      const tickets = (await desk.tickets()).map((t) => ({
        ...t,
        phone: masker.text(t.phone),
        message: masker.text(t.message),
      }));
      res.send(200, { tickets });
    }),
  );

  server.post(
    `${CONSOLE_API}/tickets/:id/reveal`,
    route(async (req, res) => {
      const account = await me(req);
      const ticket = (await desk.tickets()).find((t) => t.id === pathParam(req, 'id'));
      if (!ticket) throw new HttpError(404, 'ticket.unknown', 'no such ticket');
      await desk.audit({
        actor: account.username,
        action: 'reveal',
        conversationId: ticket.conversationId,
        detail: `ticket ${ticket.id}`,
      });
      res.send(200, ticket);
    }),
  );

  server.post(
    `${CONSOLE_API}/tickets/:id/status`,
    route(async (req, res) => {
      const account = await me(req);
      const body = await parse(req, ticketBody);
      const ticket = unwrap(await desk.setTicketStatus(idParam(req), body.status, account.username));
      await desk.audit({
        actor: account.username,
        action: 'ticketStatus',
        conversationId: ticket.conversationId,
        detail: `${ticket.id} → ${body.status}`,
      });
      res.send(200, { ...ticket, phone: new Masker(undefined).text(ticket.phone) });
    }),
  );

  server.get(
    `${CONSOLE_API}/audit`,
    route(async (req, res) => {
      await requireStaff(req, staff, 'admin');
      res.send(200, { entries: await desk.auditTrail() });
    }),
  );

  registerConsoleEvents(server, deps);
}
