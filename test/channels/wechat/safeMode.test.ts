import { sha1Signature, WeChatCipher } from '../../../src/channels/wechat/crypto';
import { ACCOUNT, AES_KEY, messageXml, post, startHarness, TOKEN, type Harness } from './harness';
import { TestBot } from './testBot';

let h: Harness;
let bot: TestBot;

beforeEach(async () => {
  bot = new TestBot();
  h = await startHarness(bot, { safeMode: true });
});
afterEach(async () => h.close());

const timestamp = '1714036504';
const nonce = '1514711492';

/** An encrypted envelope with a valid msg_signature around whatever Encrypt value is given. */
function envelope(encrypt: string): { signature: string; body: string; msgSignature: string } {
  return {
    signature: sha1Signature(TOKEN, timestamp, nonce),
    msgSignature: sha1Signature(TOKEN, timestamp, nonce, encrypt),
    body: `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
  };
}

async function postRaw(encrypt: string, msgSignature?: string): Promise<number> {
  const e = envelope(encrypt);
  const q = new URLSearchParams({
    signature: e.signature,
    timestamp,
    nonce,
    encrypt_type: 'aes',
    msg_signature: msgSignature ?? e.msgSignature,
  });
  const response = await fetch(`${h.url}/wechat?${q.toString()}`, {
    method: 'POST',
    body: e.body,
    headers: { 'content-type': 'text/xml' },
  });
  return response.status;
}

describe('safe mode (AES)', () => {
  it('decrypts the message and answers with an encrypted, signed reply', async () => {
    const reply = await post(h, messageXml({ MsgType: 'text', Content: '你好', MsgId: '7000000000000000001' }));
    expect(reply.body).toContain('<Encrypt>');
    expect(reply.body).not.toContain('收到');
    expect(reply.content).toBe('收到：你好\n\n还有别的问题吗？');
  });

  it('refuses a payload that is not AES ciphertext with 400', async () => {
    expect(await postRaw(Buffer.from('this is not encrypted at all!!').toString('base64'))).toBe(400);
    expect(bot.seen).toHaveLength(0);
  });

  it('refuses a message encrypted for another appid with 400', async () => {
    const foreign = new WeChatCipher(AES_KEY, 'wx1111111111111111').encrypt(
      messageXml({ MsgType: 'text', Content: '你好', MsgId: '7000000000000000002' }),
    );
    expect(await postRaw(foreign)).toBe(400);
    expect(bot.seen).toHaveLength(0);
  });

  it('refuses a bad msg_signature with 401', async () => {
    const encrypt = new WeChatCipher(AES_KEY, 'wxb11529c136998cb6').encrypt(
      messageXml({ MsgType: 'text', Content: '你好', MsgId: '7000000000000000003' }),
    );
    expect(await postRaw(encrypt, '0'.repeat(40))).toBe(401);
    expect(bot.seen).toHaveLength(0);
  });

  it('refuses a plain message when safe mode is configured', async () => {
    const q = new URLSearchParams({ signature: sha1Signature(TOKEN, timestamp, nonce), timestamp, nonce });
    const xml = messageXml({ MsgType: 'text', Content: '你好', MsgId: '7000000000000000004' });
    const response = await fetch(`${h.url}/wechat?${q.toString()}`, { method: 'POST', body: xml });
    expect(response.status).toBe(400);
    expect(bot.seen).toHaveLength(0);
  });
});
