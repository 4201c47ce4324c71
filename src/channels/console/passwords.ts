import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt from node:crypto (no native add-on to build), at OWASP's current minimum for scrypt:
 * N=2^17, r=8, p=1 (128 MiB per hash). A stored hash names its parameters, so a hash made with older
 * ones still verifies and is replaced at the next successful login (see needsRehash).
 */
interface ScryptParams {
  N: number;
  r: number;
  p: number;
}
const CURRENT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
/** Accounts created before parameters were recorded used N=2^15. */
const LEGACY: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

export interface StoredCredential {
  passwordHash: string;
  salt: string;
  /** "scrypt:N=…,r=…,p=…"; absent on accounts hashed with LEGACY. */
  kdf?: string;
}

const kdfLabel = (p: ScryptParams) => `scrypt:N=${p.N},r=${p.r},p=${p.p}`;

function paramsOf(stored: StoredCredential): ScryptParams | undefined {
  if (stored.kdf === undefined) return LEGACY;
  const m = /^scrypt:N=(\d+),r=(\d+),p=(\d+)$/.exec(stored.kdf);
  if (!m) return undefined;
  const params = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  // Bounds keep a tampered record from asking for an absurd amount of memory or time.
  const sane = params.N >= 2 ** 14 && params.N <= 2 ** 20 && params.r >= 1 && params.r <= 16 && params.p === 1;
  return sane ? params : undefined;
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const maxmem = 128 * params.N * params.r * 2;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...params, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<Required<StoredCredential>> {
  const salt = randomBytes(16);
  return {
    passwordHash: (await derive(password, salt, CURRENT)).toString('base64'),
    salt: salt.toString('base64'),
    kdf: kdfLabel(CURRENT),
  };
}

export async function verifyPassword(password: string, stored: StoredCredential): Promise<boolean> {
  const params = paramsOf(stored);
  if (!params) return false;
  const expected = Buffer.from(stored.passwordHash, 'base64');
  const actual = await derive(password, Buffer.from(stored.salt, 'base64'), params);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** True when the credential was hashed with other parameters than today's. */
export function needsRehash(stored: StoredCredential): boolean {
  return stored.kdf !== kdfLabel(CURRENT);
}

/** Compared against when the username is unknown, so timing does not tell which usernames exist. */
export const DUMMY_CREDENTIAL: StoredCredential = {
  passwordHash: Buffer.alloc(KEY_LENGTH).toString('base64'),
  salt: Buffer.alloc(16).toString('base64'),
  kdf: kdfLabel(CURRENT),
};
