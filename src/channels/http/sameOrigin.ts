import type { Request, Response, Next, Server } from 'restify';
import { sendError } from './errors';
import type { ProxyTrust } from './proxyTrust';
import { render } from '../../messages';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when the browser says (or the Origin shows) that another site made this request. */
function crossSite(req: Request, proxies: ProxyTrust): boolean {
  // Browsers compute Sec-Fetch-Site themselves, so it holds behind proxies that rewrite Host.
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return false;
  // X-Forwarded-Host counts only from a configured proxy: anyone else could forge it to match the Origin.
  const host = proxies.host(req);
  try {
    return new URL(origin).host !== host;
  } catch {
    return true; // "null" (sandboxed frames, file:) or garbage
  }
}

/**
 * CSRF defence for the staff APIs, on top of the SameSite=Strict session cookie (older browsers,
 * same-site subdomains): a state-changing request from another site is refused, and its body may only
 * be JSON. A plain HTML form can send only form or text types, so it cannot pass as JSON.
 */
export function installSameOriginGuard(server: Server, pathPrefix: string, proxies: ProxyTrust): void {
  server.pre((req: Request, res: Response, next: Next) => {
    if (!(req.url ?? '').startsWith(pathPrefix) || SAFE_METHODS.has(req.method ?? 'GET')) return next();
    if (crossSite(req, proxies)) {
      sendError(res, 403, 'Forbidden', render('http.crossSite'));
      return next(false);
    }
    const type = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (type !== '' && type !== 'application/json') {
      sendError(res, 415, 'UnsupportedMediaType', render('http.jsonOnly'));
      return next(false);
    }
    return next();
  });
}
