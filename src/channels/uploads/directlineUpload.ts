import type { Activity } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { fileOwner, type FileStore } from '../../domain/files';
import type { Logger } from '../../logger';
import { DIRECTLINE_CHANNEL_ID } from '../directline/adapter';
import { bearerToken, DIRECTLINE_BASE } from '../directline/routes';
import { pathParam } from '../http/requestParts';
import { conversationIdSchema, inboundActivitySchema, reasonOf } from '../directline/schemas';
import type { DirectLine } from '../directline/service';
import { handle, HttpError } from '../http/errors';
import type { RateLimiter } from '../http/rateLimit';
import { DEFAULT_UPLOAD_LIMITS, inspectUpload, type UploadLimits } from './inspect';
import { storeInspected } from './ingest';
import { readMultipart } from './multipart';
import { render } from '../../messages';

/**
 * Direct Line 3.0 uploads, as Web Chat sends them: POST {base}/conversations/{id}/upload (multipart:
 * an "activity" part and one "file" part per attachment). Every file is checked (inspect.ts) and stored
 * before the activity is posted; the bot then sees attachments whose contentUrl is
 * GET {base}/conversations/{id}/files/{fileId}, which answers only to that conversation's token.
 * A refused file gets a 4xx with the Chinese reason, which is also posted in the chat so the resident
 * sees it (Web Chat itself only marks the message "send failed").
 */
export interface UploadRouteDeps {
  files: FileStore;
  log: Logger;
  botIdentity: { id: string; name: string };
  limits?: Partial<UploadLimits> & { maxFiles?: number };
  perToken: RateLimiter;
  /** The client's address as the configured proxies report it. */
  clientAddress: (req: Request) => string;
}

function conversationIdOf(req: Request): string {
  const parsed = conversationIdSchema.safeParse(pathParam(req, 'id'));
  if (!parsed.success) throw new HttpError(404, 'BadArgument', 'conversation not found');
  return parsed.data;
}

export function registerDirectLineUploadRoutes(server: Server, dl: DirectLine, deps: UploadRouteDeps): void {
  const limits: UploadLimits = { ...DEFAULT_UPLOAD_LIMITS, ...deps.limits };
  const maxFiles = deps.limits?.maxFiles ?? 5;
  const { files, log } = deps;

  const tellResident = async (conversationId: string, text: string): Promise<void> => {
    const record = await dl.conversations.get(conversationId);
    await dl.conversations.append(conversationId, {
      type: 'message',
      channelId: DIRECTLINE_CHANNEL_ID,
      conversation: { id: conversationId } as Activity['conversation'],
      from: { id: deps.botIdentity.id, name: deps.botIdentity.name, role: 'bot' },
      recipient: { id: record?.userId ?? 'user', name: '', role: 'user' },
      timestamp: new Date(),
      text,
    });
  };

  server.post(
    `${DIRECTLINE_BASE}/conversations/:id/upload`,
    handle(log, async (req: Request, res: Response) => {
      const id = conversationIdOf(req);
      const token = bearerToken(req);
      const record = await dl.authorize(id, token);
      const d = await deps.perToken.take(`upload:${token}`);
      if (!d.ok)
        throw new HttpError(429, 'TooManyRequests', `too many uploads; retry in ${d.retryAfterSeconds} s`, {
          'Retry-After': String(d.retryAfterSeconds),
        });
      let form;
      try {
        form = await readMultipart(req, { maxFileBytes: limits.maxBytes, maxFiles });
      } catch (e) {
        if (e instanceof HttpError && e.status === 413) await tellResident(id, e.message).catch(() => undefined);
        throw e;
      }
      let template: ReturnType<typeof inboundActivitySchema.parse> = { type: 'message' };
      if (form.activity !== undefined) {
        let json: unknown;
        try {
          json = JSON.parse(form.activity);
        } catch {
          throw new HttpError(400, 'BadArgument', 'the activity part is not valid JSON');
        }
        const parsed = inboundActivitySchema.safeParse(json);
        if (!parsed.success) throw new HttpError(400, 'BadArgument', reasonOf(parsed.error));
        template = parsed.data;
      }
      if (template.type !== 'message') throw new HttpError(400, 'BadArgument', 'an upload carries a message activity');
      if (form.files.length === 0) throw new HttpError(400, 'BadArgument', render('upload.noFile'));

      // Check every file first: one bad file stores nothing, so a retry never leaves half an upload.
      const checked = [];
      for (const part of form.files) {
        const verdict = await inspectUpload(part.bytes, limits);
        if (!verdict.ok) {
          log.info({ conversationId: id, code: verdict.code, bytes: part.bytes.length }, 'upload refused');
          await tellResident(id, verdict.reason).catch(() => undefined);
          throw new HttpError(verdict.status, verdict.code, verdict.reason);
        }
        checked.push({ part, verdict });
      }
      const attachments = [];
      const target = { channelId: DIRECTLINE_CHANNEL_ID, conversationId: id };
      for (const { part, verdict } of checked) {
        attachments.push((await storeInspected(files, target, part.name, part.bytes, verdict)).attachment);
      }
      log.info({ conversationId: id, files: attachments.length, address: deps.clientAddress(req) }, 'upload stored');
      const activityId = await dl.post(record, { ...template, attachments });
      res.send(200, { id: activityId });
    }),
  );

  server.get(
    `${DIRECTLINE_BASE}/conversations/:id/files/:fileId`,
    handle(log, async (req: Request, res: Response) => {
      const id = conversationIdOf(req);
      await dl.authorize(id, bearerToken(req));
      const found = await files.get(pathParam(req, 'fileId') ?? '');
      // Someone else's file looks exactly like a missing one: no way to learn which ids exist.
      if (!found || found.file.owner !== fileOwner(DIRECTLINE_CHANNEL_ID, id))
        throw new HttpError(404, 'NotFound', 'file not found');
      sendFile(res, found.file, found.bytes);
    }),
  );
}

/** Sends stored bytes so that no browser runs or re-guesses them. */
export function sendFile(
  res: Response,
  file: { contentType: string; name: string; size: number },
  bytes: Buffer,
  disposition: 'inline' | 'attachment' = 'inline',
): void {
  res.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Length': String(bytes.length),
    'Content-Disposition': `${disposition}; filename="upload"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
  res.end(bytes);
}
