import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/**
 * Which forwarded headers to believe. A request's X-Forwarded-* headers are only taken from a peer
 * listed in TRUSTED_PROXIES (addresses or CIDR ranges, proxy-addr's syntax): anyone can send the
 * headers, so without a configured proxy the socket's own address, Host and protocol are the truth.
 */
export interface ProxyTrust {
  /** The client's address: the nearest untrusted hop of X-Forwarded-For, or the socket's peer. */
  clientAddress(req: IncomingMessage): string;
  /** The host the client asked for (X-Forwarded-Host from a trusted proxy, else Host). */
  host(req: IncomingMessage): string | undefined;
  /** Whether the client's connection is HTTPS (X-Forwarded-Proto from a trusted proxy, else the socket). */
  isHttps(req: IncomingMessage): boolean;
}

/** Throws on an entry proxy-addr cannot read (the config schema reports it). */
export function createProxyTrust(trusted: readonly string[]): ProxyTrust {
  const trust = proxyaddr.compile([...trusted]);
  const peerTrusted = (req: IncomingMessage) => {
    const peer = req.socket?.remoteAddress;
    return trusted.length > 0 && peer !== undefined && trust(peer, 0);
  };
  const firstValue = (value: string | string[] | undefined) => {
    const raw = Array.isArray(value) ? value[0] : value;
    const first = raw?.split(',')[0]?.trim();
    return first ? first : undefined;
  };
  return {
    clientAddress: (req) => (trusted.length > 0 ? proxyaddr(req, trust) : (req.socket?.remoteAddress ?? 'unknown')),
    host: (req) => (peerTrusted(req) ? firstValue(req.headers['x-forwarded-host']) : undefined) ?? req.headers.host,
    isHttps: (req) => {
      if (peerTrusted(req)) {
        const proto = firstValue(req.headers['x-forwarded-proto']);
        if (proto) return proto.toLowerCase() === 'https';
      }
      return (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
    },
  };
}

/** Validates a TRUSTED_PROXIES list; returns a reason when proxy-addr refuses it. */
export function proxyListProblem(trusted: readonly string[]): string | undefined {
  try {
    proxyaddr.compile([...trusted]);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
