import type { Request, Response } from 'restify';
import { HttpError } from '../http/errors';
import type { StaffAccount } from '../../domain/handoff/records';
import type { StaffDirectory } from './staffDirectory';
import type { ProxyTrust } from '../http/proxyTrust';
import { render } from '../../messages';

export const SESSION_COOKIE = 'banshi_staff';

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      // A forged cookie with broken %-escapes is simply no session (401), not a server error.
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** HttpOnly so page scripts cannot read it; SameSite=Strict so other sites cannot ride on it. */
export function setSessionCookie(
  req: Request,
  res: Response,
  token: string,
  maxAgeSeconds: number,
  proxies: ProxyTrust,
): void {
  const secure = proxies.isHttps(req);
  res.header(
    'Set-Cookie',
    `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`,
  );
}

export function clearSessionCookie(res: Response): void {
  res.header('Set-Cookie', `${SESSION_COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0`);
}

export interface Authenticated {
  account: StaffAccount;
  token: string;
}

/** 401 without a live session; 403 when the role is not enough. */
export async function requireStaff(req: Request, staff: StaffDirectory, role?: 'admin'): Promise<Authenticated> {
  const token = readCookie(req, SESSION_COOKIE);
  const found = await staff.sessionOf(token);
  if (!found || !token) throw new HttpError(401, 'Unauthorized', render('console.auth.signIn'));
  if (role === 'admin' && found.account.role !== 'admin')
    throw new HttpError(403, 'Forbidden', render('console.auth.adminOnly'));
  return { account: found.account, token };
}
