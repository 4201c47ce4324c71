import type { Attachment, Middleware, TurnContext } from 'botbuilder';
import { conversationFilePath, fileOwner, storedFileRef, type FileStore, type StoredFile } from '../../domain/files';
import type { Logger } from '../../logger';
import { render } from '../../messages';
import { uploadTexts } from '../../dialogs/texts/uploads';
import { DIRECTLINE_CHANNEL_ID } from '../directline/adapter';
import type { Fetched } from './download';
import { cleanFileName, inspectUpload, type Inspection, type UploadLimits } from './inspect';

/**
 * The one path every uploaded file takes, whatever the channel: the system's checks (inspect.ts), the
 * file store, and the attachment the bot is shown. Direct Line's upload route hands it the multipart
 * files; WeChat (media API) and /api/messages (contentUrl or data: URL) hand it what a channel source
 * fetched, through the middleware below, before the bot's turn. So the dialogs only ever see files this
 * server checked and stored, owned by the conversation, and a refused file is answered with its reason
 * and never reaches a dialog (as a refused Direct Line upload never becomes an activity).
 */
export interface IngestTarget {
  channelId: string;
  conversationId: string;
}

export type Refusal = { ok: false; status: number; code: string; reason: string };
export type Ingested = { ok: true; file: StoredFile; attachment: Attachment } | Refusal;

/** The attachment the bot sees for a stored file: Direct Line clients read it by URL with their token. */
export function fileAttachment(file: StoredFile, target: IngestTarget): Attachment {
  return {
    contentType: file.contentType,
    contentUrl:
      target.channelId === DIRECTLINE_CHANNEL_ID
        ? conversationFilePath(target.conversationId, file.id)
        : storedFileRef(file.id),
    name: file.name,
  };
}

/** Stores a file that passed the checks, for the conversation. */
export async function storeInspected(
  files: FileStore,
  target: IngestTarget,
  name: string | undefined,
  bytes: Buffer,
  verdict: Extract<Inspection, { ok: true }>,
): Promise<{ file: StoredFile; attachment: Attachment }> {
  const file = await files.put(
    {
      owner: fileOwner(target.channelId, target.conversationId),
      contentType: verdict.contentType,
      name: cleanFileName(name, verdict.ext),
      width: verdict.width,
      height: verdict.height,
    },
    bytes,
  );
  return { file, attachment: fileAttachment(file, target) };
}

/** Checks and stores one file; the stored file or the reason it was refused. */
export async function ingestFile(
  files: FileStore,
  limits: UploadLimits,
  target: IngestTarget,
  upload: { name: string | undefined; bytes: Buffer },
): Promise<Ingested> {
  const verdict = await inspectUpload(upload.bytes, limits);
  if (!verdict.ok) return verdict;
  return { ok: true, ...(await storeInspected(files, target, upload.name, upload.bytes, verdict)) };
}

/**
 * How a channel gets the bytes of an attachment it received. Undefined means "not a file" (a card, a
 * location) and leaves the attachment as it is; a failure carries the reason the resident is told.
 */
export interface AttachmentSource {
  fetch(
    context: TurnContext,
    attachment: Attachment,
    maxBytes: number,
  ): Promise<(Fetched & { reason?: string; name?: string }) | undefined>;
}

export interface IngestMiddlewareDeps {
  files: FileStore;
  log: Logger;
  limits: UploadLimits;
  source: AttachmentSource;
}

/**
 * Before the bot's turn: every file attachment of a message is fetched by the channel's source, checked
 * and stored, and the bot sees the stored file instead. A refused or unreachable file is answered with
 * its reason and the turn stops there, so the prompt that was waiting keeps waiting.
 */
export function ingestMiddleware(deps: IngestMiddlewareDeps): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const activity = context.activity;
      if (activity.type !== 'message' || !activity.attachments?.length) return next();
      const target = { channelId: activity.channelId, conversationId: activity.conversation?.id ?? '' };
      const shown: Attachment[] = [];
      for (const attachment of activity.attachments) {
        const fetched = await deps.source.fetch(context, attachment, deps.limits.maxBytes);
        if (!fetched) {
          shown.push(attachment);
          continue;
        }
        const outcome: Ingested = fetched.ok
          ? await ingestFile(deps.files, deps.limits, target, {
              name: fetched.name ?? attachment.name,
              bytes: fetched.bytes,
            })
          : fetchRefusal(fetched, deps.limits);
        if (!outcome.ok) {
          // The detail (an HTTP status, an errcode) is for operators; it never holds the URL or its token.
          const detail = fetched.ok ? undefined : fetched.detail;
          deps.log.info({ channel: target.channelId, code: outcome.code, detail }, 'attachment refused');
          await context.sendActivity(outcome.reason);
          return;
        }
        deps.log.info({ channel: target.channelId, bytes: outcome.file.size }, 'attachment stored');
        shown.push(outcome.attachment);
      }
      activity.attachments = shown;
      return next();
    },
  };
}

function fetchRefusal(fetched: Extract<Fetched, { ok: false }> & { reason?: string }, limits: UploadLimits): Refusal {
  if (fetched.code === 'TooLarge')
    return {
      ok: false,
      status: 413,
      code: 'FileTooLarge',
      reason: uploadTexts.tooLarge(Math.floor(limits.maxBytes / 1024 / 1024)),
    };
  return {
    ok: false,
    status: 502,
    code: fetched.code === 'Refused' ? 'AttachmentRefused' : 'AttachmentUnreachable',
    reason: fetched.reason ?? render('upload.fetchFailed'),
  };
}
