import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../logger';
import { handle, HttpError } from '../http/errors';
import { readJsonBody } from '../http/jsonBody';
import type { RateLimiter } from '../http/rateLimit';
import { conversationIdSchema, inboundActivitySchema, reasonOf, startRequestSchema, watermarkSchema } from './schemas';
import type { DirectLine } from './service';
import { streamUrlFor } from './stream';
import { pathParam, queryParam, queryValue } from '../http/requestParts';

export const DIRECTLINE_BASE = '/v3/directline';

export interface DirectLineLimits {
  /** Messages a conversation's token may post. */
  perToken: RateLimiter;
  /** API calls (not polls) from one client address. */
  perAddress: RateLimiter;
  /** Polls a token may make; over it the poll gets "nothing new" instead of an error. */
  pollsPerToken: RateLimiter;
  /** The client's address as the configured proxies report it. */
  clientAddress: (req: Request) => string;
  /** Scheme and host as the client sees them (behind a trusted proxy: its forwarded headers), for streamUrl. */
  origin?: (req: Request) => { secure: boolean; host: string };
}

/** Bearer token, or undefined; Web Chat sends the literal "undefined" when it has none. */
export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match || match[1] === 'undefined' || match[1] === 'null') return undefined;
  return match[1].length <= 200 ? match[1] : undefined;
}

async function limit(limiter: RateLimiter, key: string, what: string): Promise<void> {
  const d = await limiter.take(key);
  if (!d.ok) {
    throw new HttpError(429, 'TooManyRequests', `too many ${what}; retry in ${d.retryAfterSeconds} s`, {
      'Retry-After': String(d.retryAfterSeconds),
    });
  }
}

/** A started conversation's answer carries the URL of its WebSocket stream (stream.ts). */
function withStream<T extends { conversationId: string; token: string }>(
  origin: { secure: boolean; host: string },
  ticket: T,
  watermark?: string,
): T & { streamUrl: string } {
  return { ...ticket, streamUrl: streamUrlFor(origin, ticket.conversationId, ticket.token, watermark) };
}

function conversationIdOf(req: Request): string {
  const parsed = conversationIdSchema.safeParse(pathParam(req, 'id'));
  if (!parsed.success) throw new HttpError(404, 'BadArgument', 'conversation not found');
  return parsed.data;
}

export function registerDirectLineRoutes(server: Server, dl: DirectLine, limits: DirectLineLimits, log: Logger): void {
  const b = DIRECTLINE_BASE;
  const origin =
    limits.origin ??
    ((req: Request) => ({
      secure: Boolean((req.socket as { encrypted?: boolean } | undefined)?.encrypted),
      host: req.headers.host ?? 'localhost',
    }));

  const startOrMint = async (req: Request, res: Response): Promise<void> => {
    await limit(limits.perAddress, limits.clientAddress(req), 'requests from your address');
    const body = startRequestSchema.safeParse(await readJsonBody(req, { optional: true }));
    if (!body.success) throw new HttpError(400, 'BadArgument', reasonOf(body.error));
    const token = bearerToken(req);
    if (req.path().endsWith('/tokens/generate') || !token) {
      const ticket = await dl.mint(body.data?.user?.id, body.data?.locale);
      if (req.path().endsWith('/tokens/generate')) return void res.send(200, ticket);
      return void res.send(201, withStream(origin(req), await dl.start(ticket.conversationId, ticket.token)));
    }
    const check = await dl.tokens.check(token);
    if (!check.ok)
      throw new HttpError(403, 'TokenInvalid', check.reason === 'expired' ? 'token expired' : 'token not recognised');
    res.send(201, withStream(origin(req), await dl.start(check.conversationId, token)));
  };
  server.post(`${b}/tokens/generate`, handle(log, startOrMint));
  server.post(`${b}/conversations`, handle(log, startOrMint));

  server.post(
    `${b}/tokens/refresh`,
    handle(log, async (req, res) => {
      await limit(limits.perAddress, limits.clientAddress(req), 'requests from your address');
      const token = bearerToken(req);
      if (!token) throw new HttpError(401, 'Unauthorized', 'missing token');
      const fresh = await dl.tokens.refresh(token);
      if (!fresh.ok)
        throw new HttpError(403, 'TokenInvalid', fresh.reason === 'expired' ? 'token expired' : 'token not recognised');
      res.send(200, { conversationId: fresh.conversationId, token: fresh.token, expires_in: fresh.expiresIn });
    }),
  );

  server.get(
    `${b}/conversations/:id`,
    handle(log, async (req, res) => {
      const id = conversationIdOf(req);
      const token = bearerToken(req);
      await dl.authorize(id, token);
      // DirectLineJS reconnects its WebSocket through here, with the watermark it has.
      const watermark = watermarkSchema.safeParse(queryValue(req, 'watermark'));
      const ticket = { conversationId: id, token: token!, expires_in: await dl.tokens.secondsLeft(token!) };
      res.send(
        200,
        withStream(origin(req), ticket, watermark.success && watermark.data > 0 ? String(watermark.data) : undefined),
      );
    }),
  );

  server.get(
    `${b}/conversations/:id/activities`,
    handle(
      log,
      async (req, res) => {
        const id = conversationIdOf(req);
        const token = bearerToken(req);
        await dl.authorize(id, token);
        const watermark = watermarkSchema.safeParse(queryValue(req, 'watermark'));
        if (!watermark.success) throw new HttpError(400, 'BadArgument', 'watermark is not one this server issued');
        // A 429 would stop Web Chat's polling for good; a flooding client just gets nothing new.
        if (!(await limits.pollsPerToken.take(token!)).ok) {
          return void res.send(200, { activities: [], watermark: String(watermark.data) });
        }
        const page = await dl.conversations.since(id, watermark.data);
        res.send(200, { activities: page.activities, watermark: String(page.watermark) });
      },
      // Web Chat stops polling silently after any 5xx: a store hiccup must look like "nothing new".
      (req, res) => {
        res.send(200, { activities: [], watermark: queryParam(req, 'watermark') ?? '' });
      },
    ),
  );

  server.post(
    `${b}/conversations/:id/activities`,
    handle(log, async (req, res) => {
      const id = conversationIdOf(req);
      const token = bearerToken(req);
      const record = await dl.authorize(id, token);
      await limit(limits.perAddress, limits.clientAddress(req), 'requests from your address');
      await limit(limits.perToken, token!, 'messages in this conversation');
      const parsed = inboundActivitySchema.safeParse(await readJsonBody(req));
      if (!parsed.success) throw new HttpError(400, 'BadArgument', reasonOf(parsed.error));
      const activityId = await dl.post(record, parsed.data);
      res.send(200, { id: activityId });
    }),
  );
}
