import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Server } from 'restify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../logger';
import { conversationIdSchema, watermarkSchema } from './schemas';
import type { DirectLine } from './service';

/**
 * The `streamUrl` WebSocket of Direct Line 3.0: after connecting, the client receives an ActivitySet
 * (`{activities, watermark}`) whenever the conversation has something new, instead of polling. The
 * bot's reply reaches the browser as soon as it is stored. Appends from other instances arrive through
 * the log's notices (LISTEN/NOTIFY on PostgreSQL), and every push is read from the log after the
 * socket's own watermark, so a missed or duplicated notice never loses or repeats an activity.
 * The client sends nothing over the socket; messages are still POSTed.
 */

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;
const HEARTBEAT_MS = 30_000;
const MAX_STREAMS_PER_CONVERSATION = 8;

/** The URL a client opens, on the scheme and host the request that asked for it reached us by. */
export function streamUrlFor(
  origin: { secure: boolean; host: string },
  conversationId: string,
  token: string,
  watermark?: string,
): string {
  const query = new URLSearchParams({ t: token, ...(watermark ? { watermark } : {}) });
  const scheme = origin.secure ? 'wss' : 'ws';
  return `${scheme}://${origin.host}/v3/directline/conversations/${encodeURIComponent(conversationId)}/stream?${query.toString()}`;
}

interface Subscriber {
  push(): void;
}

export function registerDirectLineStream(server: Server, dl: DirectLine, log: Logger): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const subscribers = new Map<string, Set<Subscriber>>();
  dl.conversations.onAppend((conversationId) => {
    for (const s of subscribers.get(conversationId) ?? []) s.push();
  });

  const refuse = (socket: Duplex, status: number, reason: string) => {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return refuse(socket, 404, 'Not Found');
    const id = conversationIdSchema.safeParse(decodeURIComponent(match[1]));
    const watermark = watermarkSchema.safeParse(url.searchParams.get('watermark') ?? undefined);
    if (!id.success) return refuse(socket, 404, 'Not Found');
    if (!watermark.success) return refuse(socket, 400, 'Bad Request');
    const token = url.searchParams.get('t') ?? undefined;
    dl.authorize(id.data, token ?? undefined).then(
      () => {
        const open = subscribers.get(id.data);
        if (open && open.size >= MAX_STREAMS_PER_CONVERSATION) return refuse(socket, 429, 'Too Many Requests');
        wss.handleUpgrade(req, socket, head, (ws) => serve(ws, id.data, watermark.data));
      },
      (err: unknown) => {
        const status = (err as { status?: number }).status ?? 500;
        refuse(socket, status === 500 ? 503 : status, status === 404 ? 'Not Found' : 'Forbidden');
      },
    );
  };

  const serve = (ws: WebSocket, conversationId: string, from: number) => {
    let watermark = from;
    let busy = false;
    let again = false;
    const subscriber: Subscriber = {
      push() {
        if (busy) {
          again = true;
          return;
        }
        busy = true;
        void (async () => {
          try {
            do {
              again = false;
              const page = await dl.conversations.since(conversationId, watermark);
              if (page.activities.length === 0 || ws.readyState !== ws.OPEN) continue;
              watermark = page.watermark;
              ws.send(JSON.stringify({ activities: page.activities, watermark: String(page.watermark) }));
            } while (again && ws.readyState === ws.OPEN);
          } catch (err) {
            log.warn({ err, conversationId }, 'direct line stream could not read the log');
          } finally {
            busy = false;
          }
        })();
      },
    };
    let set = subscribers.get(conversationId);
    if (!set) subscribers.set(conversationId, (set = new Set()));
    set.add(subscriber);
    let alive = true;
    ws.on('pong', () => (alive = true));
    const beat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, HEARTBEAT_MS);
    beat.unref();
    ws.on('message', () => undefined);
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      clearInterval(beat);
      set.delete(subscriber);
      if (set.size === 0) subscribers.delete(conversationId);
    });
    // Whatever came after the client's watermark, at once.
    subscriber.push();
  };

  server.server.on('upgrade', upgrade);
  // Open sockets would hold server.close() open; end them with the server.
  const http = server.server;
  const close = http.close.bind(http);
  http.close = (cb?: (err?: Error) => void) => {
    for (const ws of wss.clients) ws.terminate();
    return close(cb);
  };
  return {
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
