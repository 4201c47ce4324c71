import { sha1Signature, WeChatCipher, WeChatCryptoError } from '../../../src/channels/wechat/crypto';
import { composeMessages, splitUtf8 } from '../../../src/channels/wechat/replyText';
import { buildTextReply, cdata, parseXmlFields } from '../../../src/channels/wechat/xml';

const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APP_ID = 'wxb11529c136998cb6';

describe('WeChat signatures and safe-mode encryption (official test vectors)', () => {
  it('computes the URL-verification signature of the documentation', () => {
    expect(sha1Signature('AAAAA', '1714036504', '1514711492')).toBe('f464b24fc39322e44b38aa78f5edd27bd1441696');
  });

  it("reproduces Tencent's encryption sample, whose length field counts UTF-8 bytes", () => {
    const cipher = new WeChatCipher(KEY, APP_ID);
    const encrypted = cipher.encrypt('我是中文abcd123', Buffer.from('aaaabbbbccccdddd'));
    expect(encrypted).toBe('jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==');
    expect(cipher.decrypt(encrypted)).toBe('我是中文abcd123');
  });

  it('refuses a payload encrypted for another appid', () => {
    const foreign = new WeChatCipher(KEY, 'wx0000000000000000').encrypt('<xml/>');
    expect(() => new WeChatCipher(KEY, APP_ID).decrypt(foreign)).toThrow(/another appid/);
  });

  it('refuses garbage instead of crashing', () => {
    const cipher = new WeChatCipher(KEY, APP_ID);
    expect(() => cipher.decrypt('not base64 ciphertext')).toThrow(WeChatCryptoError);
    expect(() => cipher.decrypt(Buffer.alloc(32, 7).toString('base64'))).toThrow(WeChatCryptoError);
  });
});

describe('reply text', () => {
  it('keeps "]]>" inside a reply intact', () => {
    const xml = buildTextReply({ toUser: 'o1', fromUser: 'gh', createTime: 1, content: 'a]]>b' });
    expect(xml).toContain(cdata('a]]>b'));
    expect(parseXmlFields(xml).Content).toBe('a]]>b');
  });

  it('splits long text at about 2000 bytes without breaking characters', () => {
    const text = `${'办'.repeat(600)}\n${'证'.repeat(600)}`;
    const chunks = splitUtf8(text);
    expect(chunks.length).toBe(2);
    for (const chunk of chunks) expect(Buffer.byteLength(chunk, 'utf8')).toBeLessThanOrEqual(2000);
    expect(chunks.join('\n')).toBe(text);
    expect(chunks[0]).toBe('办'.repeat(600));
    expect(splitUtf8('办'.repeat(1000)).map((c) => c.length)).toEqual([666, 334]);
  });

  it('joins a turn into one message with a numbered menu', () => {
    expect(composeMessages(['你好。', '请选择：'], [{ title: '续签', value: 'renew' }])).toEqual([
      '你好。\n\n请选择：\n\n回复 1：续签',
    ]);
  });
});
