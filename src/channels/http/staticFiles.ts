import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Request, Response, Next, Server } from 'restify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

interface Loaded {
  body: Buffer;
  gzip?: Buffer;
  etag: string;
  type: string;
  mtimeMs: number;
}

/**
 * Serves files from memory with ETag revalidation and gzip. The Web Chat bundle is ~3.9 MB: compressing
 * it once and letting browsers revalidate keeps phones on slow links usable.
 */
export class StaticFiles {
  private readonly cache = new Map<string, Loaded>();

  async load(file: string): Promise<Loaded | undefined> {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const hit = this.cache.get(file);
    if (hit && hit.mtimeMs === info.mtimeMs) return hit;
    const body = await readFile(file);
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const compressible = /text|javascript|json|svg/.test(type) && body.length > 1024;
    const loaded: Loaded = {
      body,
      ...(compressible ? { gzip: gzipSync(body) } : {}),
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      type,
      mtimeMs: info.mtimeMs,
    };
    this.cache.set(file, loaded);
    return loaded;
  }

  /** Writes the file to the response; false when it does not exist. */
  async send(req: Request, res: Response, file: string, cacheControl: string): Promise<boolean> {
    const f = await this.load(file);
    if (!f) return false;
    res.setHeader('Content-Type', f.type);
    res.setHeader('Cache-Control', cacheControl);
    res.setHeader('ETag', f.etag);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.headers['if-none-match'] === f.etag) {
      res.writeHead(304);
      res.end();
      return true;
    }
    const gz = f.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gz ? f.gzip! : f.body;
    if (gz) res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Content-Length', body.length);
    res.writeHead(200);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  }
}

/** The official Web Chat UMD bundle; its package `exports` hides dist/, so go via the main file. */
export function webChatBundlePath(): string {
  return path.join(path.dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
}

/**
 * `/` is the chat page; other paths map into webRoot (sub-folders too, so another helper's page under
 * web/console is served without touching this file). Only known file types; no path escapes webRoot.
 */
export function registerStaticRoutes(server: Server, webRoot: string): void {
  const files = new StaticFiles();
  const root = path.resolve(webRoot);
  const bundle = webChatBundlePath();

  const serve = (req: Request, res: Response, next: Next): void => {
    void (async () => {
      const urlPath = decodeSafe((req.path() ?? '/').split('?')[0]);
      if (urlPath === '/vendor/webchat.js') {
        if (await files.send(req, res, bundle, 'public, max-age=86400')) return;
      } else if (urlPath !== undefined) {
        let rel = urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath;
        rel = path.normalize(rel).replace(/^([/\\])+/, '');
        const file = path.join(root, rel);
        const known = TYPES[path.extname(file).toLowerCase()] !== undefined;
        if (known && file.startsWith(root + path.sep) && !rel.split(path.sep).some((p) => p.startsWith('.'))) {
          // Pages revalidate every time so a deployment shows at once; assets may be reused briefly.
          const policy = file.endsWith('.html') ? 'no-cache' : 'public, max-age=300';
          if (await files.send(req, res, file, policy)) return;
        }
      }
      res.send(404, { error: { code: 'NotFound', message: 'not found' } });
    })()
      .catch(() => {
        if (!res.headersSent) res.send(404, { error: { code: 'NotFound', message: 'not found' } });
      })
      .finally(() => next());
  };
  server.get('/*', serve);
  server.head('/*', serve);
}

function decodeSafe(p: string): string | undefined {
  try {
    return decodeURIComponent(p);
  } catch {
    return undefined;
  }
}
