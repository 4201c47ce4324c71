import type { Attachment, TurnContext } from 'botbuilder';
import { decodeDataUrl, downloadCapped, loopbackOnly, publicOnly } from './download';
import type { AttachmentSource } from './ingest';

/**
 * The files of /api/messages activities (the Emulator, Bot Service channels): an attachment's contentUrl
 * or a data: URL. A contentUrl is a request this server makes on a caller's word, so it is held to what
 * the caller is: without Bot Framework credentials (the local Emulator) only this machine is reached;
 * with them, only the authenticated activity's serviceUrl host over HTTPS, at a public address. Cards and
 * other attachments without a URL are not files and are left alone.
 */
export function botFrameworkAttachmentSource(options: {
  authenticated: boolean;
  timeoutMs?: number;
}): AttachmentSource {
  return {
    fetch(context: TurnContext, attachment: Attachment, maxBytes: number) {
      const url = attachment.contentUrl;
      if (!url) return Promise.resolve(undefined);
      if (/^data:/i.test(url)) return Promise.resolve(decodeDataUrl(url, maxBytes));
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return Promise.resolve({ ok: false as const, code: 'Refused' as const, detail: 'not a URL' });
      }
      if (!options.authenticated)
        return downloadCapped(parsed, { allow: loopbackOnly, maxBytes, timeoutMs: options.timeoutMs });
      let service: URL | undefined;
      try {
        service = new URL(context.activity.serviceUrl ?? '');
      } catch {
        service = undefined;
      }
      if (parsed.protocol !== 'https:' || !service || parsed.host !== service.host)
        return Promise.resolve({ ok: false as const, code: 'Refused' as const, detail: 'not the serviceUrl host' });
      return downloadCapped(parsed, { allow: publicOnly, maxBytes, timeoutMs: options.timeoutMs });
    },
  };
}
