import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Fetching a file a channel names by URL (a Bot Framework attachment's contentUrl, WeChat's media API),
 * without letting the URL reach what it should not and without holding more than the size cap in memory:
 * every address the host resolves to is checked before the connection is made (the check is in the
 * socket's own DNS lookup, so a second lookup cannot answer differently), redirects are not followed, and
 * the body is cut off at the cap while it streams.
 */
export type Fetched =
  | { ok: true; bytes: Buffer; contentType?: string }
  | { ok: false; code: 'TooLarge' | 'Refused' | 'Failed'; detail: string };

/** Which resolved addresses a download may connect to. */
export type AddressRule = (address: string) => boolean;

function rangeOf(address: string): string {
  try {
    // process() reads an IPv4-mapped IPv6 address (::ffff:10.0.0.1) as the IPv4 address it carries.
    return ipaddr.process(address).range();
  } catch {
    return 'invalid';
  }
}

/** This machine only: the local Bot Framework Emulator. */
export const loopbackOnly: AddressRule = (address) => rangeOf(address) === 'loopback';
/** The public internet only: no private, loopback, link-local (cloud metadata), multicast or reserved address. */
export const publicOnly: AddressRule = (address) => rangeOf(address) === 'unicast';

class BlockedAddress extends Error {}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

function guardedLookup(allow: AddressRule) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      // One address outside the rule refuses the host: a name answering both ways is not to be trusted.
      if (addresses.length === 0 || !addresses.every((a) => allow(a.address)))
        return callback(new BlockedAddress(`${hostname} resolves to an address this download may not reach`), []);
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      callback(null, first?.address ?? '', first?.family);
    });
  };
}

export interface DownloadOptions {
  allow: AddressRule;
  maxBytes: number;
  timeoutMs?: number;
}

/** GET one URL under the address rule and the size cap. Never throws. */
export function downloadCapped(url: URL, options: DownloadOptions): Promise<Fetched> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return Promise.resolve({ ok: false, code: 'Refused', detail: `scheme ${url.protocol} is not fetched` });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // A literal address is connected to without a lookup, so it is checked here.
  if (net.isIP(host) && !options.allow(host))
    return Promise.resolve({ ok: false, code: 'Refused', detail: 'the address may not be reached' });
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise<Fetched>((resolve) => {
    let settled = false;
    const finish = (result: Fetched) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const req = lib.get(url, { lookup: guardedLookup(options.allow), timeout: options.timeoutMs ?? 10_000 }, (res) => {
      const status = res.statusCode ?? 0;
      if (status !== 200) {
        res.resume();
        req.destroy();
        return finish({ ok: false, code: 'Failed', detail: `HTTP ${status}` });
      }
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        req.destroy();
        return finish({ ok: false, code: 'TooLarge', detail: `declared ${declared} bytes` });
      }
      void readStreamCapped(res, options.maxBytes).then((read) => {
        if (!read.ok) req.destroy();
        const type = res.headers['content-type'];
        finish(read.ok && type ? { ...read, contentType: type } : read);
      });
    });
    req.on('timeout', () => {
      req.destroy();
      finish({ ok: false, code: 'Failed', detail: 'timed out' });
    });
    req.on('error', (err) =>
      finish({ ok: false, code: err instanceof BlockedAddress ? 'Refused' : 'Failed', detail: err.message }),
    );
  });
}

/** Reads a fetch() body up to the cap, cancelling the rest. */
export async function readCapped(response: Response, maxBytes: number): Promise<Fetched> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, code: 'TooLarge', detail: `declared ${declared} bytes` };
  }
  const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
  const chunks: Buffer[] = [];
  let total = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, code: 'TooLarge', detail: `more than ${maxBytes} bytes` };
      }
      chunks.push(Buffer.from(value));
    }
  }
  const type = response.headers.get('content-type');
  return { ok: true, bytes: Buffer.concat(chunks), ...(type ? { contentType: type } : {}) };
}

/** Reads a Node stream up to the cap, destroying it beyond. */
export function readStreamCapped(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Fetched> {
  return new Promise<Fetched>((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const finish = (result: Fetched) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    stream.on('data', (chunk: Buffer | string) => {
      const piece = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += piece.length;
      if (total > maxBytes) {
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        finish({ ok: false, code: 'TooLarge', detail: `more than ${maxBytes} bytes` });
        return;
      }
      chunks.push(piece);
    });
    stream.on('end', () => finish({ ok: true, bytes: Buffer.concat(chunks) }));
    stream.on('error', (err: Error) => finish({ ok: false, code: 'Failed', detail: err.message }));
  });
}

/** A data: URL's bytes (RFC 2397), refused above the cap before decoding. */
export function decodeDataUrl(url: string, maxBytes: number): Fetched | undefined {
  const m = /^data:([^,]*?)(;base64)?,(.*)$/is.exec(url);
  if (!m) return undefined;
  const payload = m[3] ?? '';
  const estimate = m[2] ? Math.floor((payload.length * 3) / 4) : payload.length;
  if (estimate > maxBytes) return { ok: false, code: 'TooLarge', detail: `about ${estimate} bytes` };
  let bytes: Buffer;
  try {
    bytes = m[2] ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload), 'latin1');
  } catch {
    return { ok: false, code: 'Failed', detail: 'the data URL does not decode' };
  }
  if (bytes.length > maxBytes) return { ok: false, code: 'TooLarge', detail: `${bytes.length} bytes` };
  return { ok: true, bytes, ...(m[1] ? { contentType: m[1] } : {}) };
}
