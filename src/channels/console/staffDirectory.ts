import { createHash, randomBytes } from 'node:crypto';
import { ConcurrencyError, type Clock, type DocumentStore } from '../../domain/ports';
import {
  displayNameSchema,
  passwordSchema,
  usernameSchema,
  type StaffAccount,
  type StaffRole,
} from '../../domain/handoff/records';
import { fail, ok, problem, type Result } from '../../domain/result';
import { hashPassword } from './passwords';

export const STAFF_ACCOUNTS = 'staff-accounts';
export const STAFF_SESSIONS = 'staff-sessions';
/** When each staff member last used the console (any request, or the open event stream's heartbeat). */
export const STAFF_PRESENCE = 'staff-presence';
/** A console this recently in use counts as a staff member online; the event stream keeps an open page within it. */
export const ONLINE_WINDOW_MS = 2 * 60_000;
/** Presence is written at most this often per staff member and instance. */
const PRESENCE_WRITE_MS = 30_000;

export interface StaffSession {
  username: string;
  createdAt: string;
  expiresAt: string;
}

export type PublicStaff = Pick<StaffAccount, 'username' | 'displayName' | 'role'>;

export function publicStaff(a: StaffAccount): PublicStaff {
  return { username: a.username, displayName: a.displayName, role: a.role };
}

/** Staff accounts and their login sessions. Session tokens are stored only as their SHA-256. */
export class StaffDirectory {
  private readonly presenceWritten = new Map<string, number>();

  constructor(
    private readonly documents: DocumentStore,
    private readonly clock: Clock,
    private readonly sessionHours: number,
  ) {}

  async get(username: string): Promise<StaffAccount | undefined> {
    return (await this.documents.get<StaffAccount>(STAFF_ACCOUNTS, username.trim().toLowerCase()))?.value;
  }

  async list(): Promise<StaffAccount[]> {
    return (await this.documents.list<StaffAccount>(STAFF_ACCOUNTS)).map((d) => d.value);
  }

  /** Creates an account; refuses a taken username or a weak password. */
  async create(input: {
    username: string;
    password: string;
    displayName?: string;
    role: StaffRole;
  }): Promise<Result<StaffAccount>> {
    const username = usernameSchema.safeParse(input.username);
    if (!username.success) return fail(problem('staff.username', username.error.issues[0].message));
    const password = passwordSchema.safeParse(input.password);
    if (!password.success) return fail(problem('staff.password', password.error.issues[0].message));
    const displayName = displayNameSchema.safeParse(input.displayName ?? username.data);
    if (!displayName.success) return fail(problem('staff.displayName', displayName.error.issues[0].message));
    const account: StaffAccount = {
      username: username.data,
      displayName: displayName.data,
      role: input.role,
      ...(await hashPassword(password.data)),
      createdAt: this.clock.now().toISOString(),
    };
    try {
      await this.documents.put(STAFF_ACCOUNTS, account.username, account, null);
    } catch (err) {
      if (err instanceof ConcurrencyError)
        return fail(problem('staff.exists', `account ${account.username} already exists`));
      throw err;
    }
    return ok(account);
  }

  /** Replaces the stored hash (same password) with one made with today's parameters. */
  async rehashPassword(username: string, password: string): Promise<void> {
    const doc = await this.documents.get<StaffAccount>(STAFF_ACCOUNTS, username);
    if (!doc) return;
    const upgraded: StaffAccount = { ...doc.value, ...(await hashPassword(password)) };
    try {
      await this.documents.put(STAFF_ACCOUNTS, username, upgraded, doc.etag);
    } catch (err) {
      // Someone changed the account meanwhile (another login already upgraded it): theirs stands.
      if (!(err instanceof ConcurrencyError)) throw err;
    }
  }

  async startSession(username: string): Promise<{ token: string; session: StaffSession }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const session: StaffSession = {
      username,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.sessionHours * 3_600_000).toISOString(),
    };
    await this.documents.put(STAFF_SESSIONS, tokenKey(token), session, null);
    await this.touch(username);
    return { token, session };
  }

  /** The live session of a token with its account; expired sessions are removed on sight. */
  async sessionOf(token: string | undefined): Promise<{ session: StaffSession; account: StaffAccount } | undefined> {
    if (!token || token.length > 100) return undefined;
    const doc = await this.documents.get<StaffSession>(STAFF_SESSIONS, tokenKey(token));
    if (!doc) return undefined;
    if (Date.parse(doc.value.expiresAt) <= this.clock.now().getTime()) {
      await this.documents.delete(STAFF_SESSIONS, tokenKey(token));
      return undefined;
    }
    const account = await this.get(doc.value.username);
    if (account) await this.touch(account.username);
    return account ? { session: doc.value, account } : undefined;
  }

  async endSession(token: string): Promise<void> {
    const doc = await this.documents.get<StaffSession>(STAFF_SESSIONS, tokenKey(token));
    await this.documents.delete(STAFF_SESSIONS, tokenKey(token));
    if (doc) {
      this.presenceWritten.delete(doc.value.username);
      await this.documents.delete(STAFF_PRESENCE, doc.value.username);
    }
  }

  /**
   * Whether any staff member has used the console within ONLINE_WINDOW_MS: the handoff promises
   * nothing it cannot keep when nobody is there to answer (audit M18). Shared by every instance.
   */
  async someoneOnline(): Promise<boolean> {
    const since = this.clock.now().getTime() - ONLINE_WINDOW_MS;
    const seen = await this.documents.list<{ lastSeenAt: string }>(STAFF_PRESENCE);
    return seen.some((d) => Date.parse(d.value.lastSeenAt) >= since);
  }

  private async touch(username: string): Promise<void> {
    const now = this.clock.now().getTime();
    const written = this.presenceWritten.get(username);
    if (written !== undefined && now - written < PRESENCE_WRITE_MS && now >= written) return;
    this.presenceWritten.set(username, now);
    await this.documents.put(STAFF_PRESENCE, username, { lastSeenAt: new Date(now).toISOString() });
  }
}

function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
