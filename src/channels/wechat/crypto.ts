import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WeChat's signatures and safe-mode (安全模式) message encryption. The layout of the plaintext and the
 * 32-byte PKCS#7 block come from Tencent's "消息加解密说明"; see shared/reference §1 and §5.
 */

/** sha1 over the lexicographically sorted parts, hex: the scheme of both `signature` and `msg_signature`. */
export function sha1Signature(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** Constant-time comparison, so a forger learns nothing from response times. */
export function signatureMatches(expected: string, received: string | undefined): boolean {
  if (typeof received !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The payload could not be decrypted, or it was encrypted for another official account. */
export class WeChatCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeChatCryptoError';
  }
}

const BLOCK_SIZE = 32;

function pad(data: Buffer): Buffer {
  const amount = BLOCK_SIZE - (data.length % BLOCK_SIZE);
  return Buffer.concat([data, Buffer.alloc(amount, amount)]);
}

function unpad(data: Buffer): Buffer {
  const amount = data.length > 0 ? data[data.length - 1] : 0;
  if (amount < 1 || amount > BLOCK_SIZE || amount > data.length) throw new WeChatCryptoError('bad padding');
  for (let i = data.length - amount; i < data.length; i += 1) {
    if (data[i] !== amount) throw new WeChatCryptoError('bad padding');
  }
  return data.subarray(0, data.length - amount);
}

export class WeChatCipher {
  private readonly key: Buffer;
  private readonly iv: Buffer;

  constructor(
    encodingAesKey: string,
    private readonly appId: string,
  ) {
    if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey))
      throw new WeChatCryptoError('EncodingAESKey must be 43 base64 characters');
    this.key = Buffer.from(`${encodingAesKey}=`, 'base64');
    if (this.key.length !== 32) throw new WeChatCryptoError('EncodingAESKey must decode to 32 bytes');
    this.iv = this.key.subarray(0, 16);
  }

  /** `random` is injectable only so that Tencent's test vector can be reproduced. */
  encrypt(message: string, random: Buffer = randomBytes(16)): string {
    const body = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length, 0);
    const plain = pad(Buffer.concat([random, length, body, Buffer.from(this.appId, 'utf8')]));
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
  }

  /** Returns the message; throws WeChatCryptoError for garbage, bad padding or a foreign appid. */
  decrypt(encrypted: string): string {
    const data = Buffer.from(encrypted, 'base64');
    if (data.length === 0 || data.length % 16 !== 0) throw new WeChatCryptoError('payload is not AES ciphertext');
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv);
      decipher.setAutoPadding(false);
      plain = Buffer.concat([decipher.update(data), decipher.final()]);
    } catch {
      throw new WeChatCryptoError('payload could not be decrypted');
    }
    const content = unpad(plain);
    if (content.length < 20) throw new WeChatCryptoError('payload too short');
    const length = content.readUInt32BE(16);
    if (20 + length > content.length) throw new WeChatCryptoError('bad message length');
    const appId = content.subarray(20 + length).toString('utf8');
    // Existing adapters skip this check; without it a message for another account would be accepted.
    if (appId !== this.appId) throw new WeChatCryptoError('payload was encrypted for another appid');
    return content.subarray(20, 20 + length).toString('utf8');
  }
}
