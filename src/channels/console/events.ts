import type { Request, Response, Server } from 'restify';
import { handle } from '../http/errors';
import type { TranscriptEntry } from '../transcriptStore';
import { requireStaff } from './auth';
import type { ConsoleDeps } from './routes';

const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events for the console: `changed` when the queue or an owner changes, `entry` when
 * anything is said in a conversation (the page then fetches the new lines, masked as usual). Only
 * ids travel here, never text, so masking stays in one place. In-process: with several server
 * processes the page's fallback polling covers what another process saw.
 */
export function registerConsoleEvents(server: Server, deps: ConsoleDeps): void {
  const open = new Set<Response>();

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
      await requireStaff(req, deps.staff);
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.write('retry: 1000\n\n');
      const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const onChanged = (conversationId: string) => send('changed', { conversationId });
      const onEntry = (conversationId: string, entry: TranscriptEntry) =>
        send('entry', { conversationId, seq: entry.seq, speaker: entry.speaker });
      deps.handoff.on('changed', onChanged);
      deps.transcripts.on('entry', onEntry);
      const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      beat.unref();
      open.add(res);
      req.on('close', () => {
        clearInterval(beat);
        deps.handoff.off('changed', onChanged);
        deps.transcripts.off('entry', onEntry);
        open.delete(res);
      });
    }),
  );
}
