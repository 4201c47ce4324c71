import type { Request, Response, Server } from 'restify';
import { maskUrl, type Logger } from '../../logger';

/**
 * One line per request: method, path, status, duration. Never bodies (they hold what residents type)
 * and never headers (they hold tokens). Polls are debug: at 300 ms per visitor they would drown the rest.
 */
export function installRequestLog(server: Server, log: Logger): void {
  server.on('after', (req: Request, res: Response) => {
    const path = req.path();
    const isPoll = req.method === 'GET' && path.endsWith('/activities');
    // The whole URL (query included) is logged, masked: residents paste ID and phone numbers anywhere.
    const entry = {
      method: req.method,
      path: maskUrl(req.url ?? path),
      status: res.statusCode,
      ms: Math.round(Date.now() - req.time()),
    };
    if (isPoll || path.startsWith('/vendor/')) log.debug(entry, 'request');
    else log.info(entry, 'request');
  });
  // restify's own errors (404 route, 405, bad URL): answer in our JSON shape.
  server.on(
    'restifyError',
    (
      _req: Request,
      _res: Response,
      err: { statusCode?: number; body?: { code?: string; message?: string }; toJSON?: () => unknown },
      callback: () => void,
    ) => {
      const status = err.statusCode ?? 500;
      const code = err.body?.code ?? 'Error';
      const message = status >= 500 ? 'the request could not be handled' : (err.body?.message ?? 'bad request');
      if (status >= 500) log.error({ err }, 'restify error');
      err.toJSON = () => ({ error: { code, message } });
      callback();
    },
  );
}
