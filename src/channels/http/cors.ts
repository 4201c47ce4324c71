import type { Request, Response, Next, Server } from 'restify';

/**
 * CORS for embedding the widget on another site: only the configured origins, only the Direct Line
 * API. restify has none built in; the header lists are what Web Chat's DirectLineJS sends.
 */
const ALLOW_METHODS = 'GET, POST, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type, Accept, x-ms-bot-agent, x-requested-with';

export function installCors(server: Server, pathPrefix: string, allowedOrigins: readonly string[]): void {
  const allowed = new Set(allowedOrigins);
  server.pre((req: Request, res: Response, next: Next) => {
    const url = req.url ?? '';
    if (!url.startsWith(pathPrefix)) return next();
    const origin = req.headers.origin;
    const ok = typeof origin === 'string' && allowed.has(origin);
    if (ok) {
      res.header('Access-Control-Allow-Origin', origin);
      res.header('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      if (!ok) {
        res.send(403, { error: { code: 'Forbidden', message: 'origin not allowed' } });
        return next(false);
      }
      res.header('Access-Control-Allow-Methods', ALLOW_METHODS);
      res.header('Access-Control-Allow-Headers', ALLOW_HEADERS);
      res.header('Access-Control-Max-Age', '600');
      res.send(204);
      return next(false);
    }
    return next();
  });
}
