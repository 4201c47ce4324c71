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
    return account ? { session: doc.value, account } : undefined;
  }

  async endSession(token: string): Promise<void> {
    await this.documents.delete(STAFF_SESSIONS, tokenKey(token));
  }
}

function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
