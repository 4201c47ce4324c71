import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { localCoordination } from '../localCoordination';
import { handle } from '../http/errors';
import type { TranscriptEntry } from '../transcriptStore';
import { requireStaff } from './auth';
import type { ConsoleDeps } from './routes';

const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events for the console: `changed` when the queue or an owner changes, `entry` when
 * anything is said in a conversation (the page then fetches the new lines, masked as usual). Only
 * ids travel here, never text, so masking stays in one place. Events are published through the
 * store's coordination (NOTIFY on PostgreSQL), so a console connected to any instance hears what
 * happened on every instance; each stream listens to the topic only, never to the local emitters.
 */
const TOPIC = 'console';
const notice = z.discriminatedUnion('event', [
  z.object({ event: z.literal('changed'), conversationId: z.string() }),
  z.object({ event: z.literal('entry'), conversationId: z.string(), seq: z.string(), speaker: z.string() }),
]);
export function registerConsoleEvents(server: Server, deps: ConsoleDeps): void {
  const open = new Set<Response>();
  const coordination = deps.coordination ?? localCoordination();
  const publish = (payload: z.infer<typeof notice>) =>
    void coordination
      .publish(TOPIC, JSON.stringify(payload))
      .catch((err: unknown) => deps.log.warn({ err }, 'console event not published'));
  deps.handoff.on('changed', (conversationId: string) => publish({ event: 'changed', conversationId }));
  deps.transcripts.on('entry', (conversationId: string, entry: TranscriptEntry) =>
    publish({ event: 'entry', conversationId, seq: entry.seq, speaker: entry.speaker }),
  );

  // A stream never goes idle, so server.close() would wait for it forever; end them first.
  const http = server.server;
  const close = http.close.bind(http);
  http.close = (cb?: (err?: Error) => void) => {
    for (const res of open) res.end();
    open.clear();
    return close(cb);
  };

  server.get(
    '/console/api/events',
    handle(deps.log, async (req: Request, res: Response) => {
      const { token } = await requireStaff(req, deps.staff);
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.write('retry: 1000\n\n');
      const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const unsubscribe = coordination.subscribe(TOPIC, (payload) => {
        const parsed = notice.safeParse(JSON.parse(payload));
        if (!parsed.success) return;
        const { event, ...data } = parsed.data;
        send(event, data);
      });
      const beat = setInterval(() => {
        res.write(': keep-alive\n\n');
        // An open console page keeps its staff member online (and ends when the session does).
        void deps.staff.sessionOf(token).catch((err: unknown) => deps.log.warn({ err }, 'staff presence not kept'));
      }, HEARTBEAT_MS);
      beat.unref();
      open.add(res);
      req.on('close', () => {
        clearInterval(beat);
        unsubscribe();
        open.delete(res);
      });
    }),
  );
}
