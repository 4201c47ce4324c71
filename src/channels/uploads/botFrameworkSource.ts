import type { Attachment, TurnContext } from 'botbuilder';
import { decodeDataUrl, downloadCapped, loopbackOnly, publicOnly, readStreamCapped, type Fetched } from './download';
import type { AttachmentSource } from './ingest';

/**
 * The files of /api/messages activities (the Emulator, Bot Service channels): an attachment's contentUrl
 * or a data: URL. A contentUrl is a request this server makes on a caller's word, so it is held to what
 * the caller is: without Bot Framework credentials (the local Emulator) only this machine is reached;
 * with them, only the authenticated activity's serviceUrl host over HTTPS, at a public address. Cards and
 * other attachments without a URL are not files and are left alone.
 *
 * A file the channel keeps on its connector ({serviceUrl}/v3/attachments/{id}/views/{view}) is read with
 * the turn's own connector client, which signs the request with the bot's credentials as Bot Service
 * channels require (the Emulator needs none).
 */

/** The part of botframework-connector's ConnectorClient used here (botbuilder puts it in the turn state). */
interface AttachmentsClient {
  attachments: {
    getAttachment(attachmentId: string, viewId: string): Promise<{ readableStreamBody?: NodeJS.ReadableStream }>;
  };
}

const CONNECTOR_ATTACHMENT = /^v3\/attachments\/([^/?#]+)\/views\/([^/?#]+)$/;

/** The attachment and view a URL names on the connector at serviceUrl (which may have a path, as /emea/). */
function connectorAttachment(url: URL, service: URL | undefined): [string, string] | undefined {
  if (!service) return undefined;
  const base = service.href.endsWith('/') ? service.href : `${service.href}/`;
  const whole = `${url.origin}${url.pathname}`;
  if (url.origin !== service.origin || !whole.startsWith(base)) return undefined;
  const m = CONNECTOR_ATTACHMENT.exec(whole.slice(base.length));
  return m ? [decodeURIComponent(m[1] ?? ''), decodeURIComponent(m[2] ?? '')] : undefined;
}

async function viaConnector(client: AttachmentsClient, id: string, view: string, maxBytes: number): Promise<Fetched> {
  try {
    const response = await client.attachments.getAttachment(id, view);
    if (!response.readableStreamBody) return { ok: false, code: 'Failed', detail: 'the connector sent no body' };
    return await readStreamCapped(response.readableStreamBody, maxBytes);
  } catch (err) {
    return { ok: false, code: 'Failed', detail: (err as Error).message };
  }
}

function serviceOf(context: TurnContext): URL | undefined {
  try {
    return new URL(context.activity.serviceUrl ?? '');
  } catch {
    return undefined;
  }
}
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
      const service = serviceOf(context);
      const onConnector = connectorAttachment(parsed, service);
      const client = context.turnState.get<AttachmentsClient | undefined>(context.adapter.ConnectorClientKey);
      // The serviceUrl was vetted before the turn (loopback without credentials, authenticated with them).
      if (onConnector && client) return viaConnector(client, onConnector[0], onConnector[1], maxBytes);
      if (!options.authenticated)
        return downloadCapped(parsed, { allow: loopbackOnly, maxBytes, timeoutMs: options.timeoutMs });
      if (parsed.protocol !== 'https:' || !service || parsed.host !== service.host)
        return Promise.resolve({ ok: false as const, code: 'Refused' as const, detail: 'not the serviceUrl host' });
      return downloadCapped(parsed, { allow: publicOnly, maxBytes, timeoutMs: options.timeoutMs });
    },
  };
}
