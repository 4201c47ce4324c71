import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt from node:crypto (no native add-on to build): N=2^15, r=8, p=1 is OWASP's baseline and
 * takes ~50 ms here, slow enough for guessing, quick enough for a login.
 */
const PARAMS = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, PARAMS, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<{ passwordHash: string; salt: string }> {
  const salt = randomBytes(16);
  return { passwordHash: (await derive(password, salt)).toString('base64'), salt: salt.toString('base64') };
}

export async function verifyPassword(
  password: string,
  stored: { passwordHash: string; salt: string },
): Promise<boolean> {
  const expected = Buffer.from(stored.passwordHash, 'base64');
  const actual = await derive(password, Buffer.from(stored.salt, 'base64'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Compared against when the username is unknown, so timing does not tell which usernames exist. */
export const DUMMY_CREDENTIAL = {
  passwordHash: Buffer.alloc(KEY_LENGTH).toString('base64'),
  salt: Buffer.alloc(16).toString('base64'),
};
