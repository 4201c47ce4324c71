import type { ConversationReference, TurnContext } from 'botbuilder';
import { sha1Signature } from '../../../src/channels/wechat/crypto';
import { MENU_COLLECTION } from '../../../src/channels/wechat/replyText';
import { messageXml, post, startHarness, TOKEN, type Harness } from './harness';
import { TestBot } from './testBot';

let h: Harness;
let bot: TestBot;
let msgId = 5000000000000000000n;
const nextId = (): string => String((msgId += 1n));
const text = (content: string, from?: string): string =>
  messageXml({ MsgType: 'text', Content: content, MsgId: nextId() }, from);

beforeEach(async () => {
  bot = new TestBot();
  h = await startHarness(bot);
});
afterEach(async () => h.close());

describe('URL verification', () => {
  it('echoes echostr when the signature matches, refuses otherwise', async () => {
    const q = (signature: string) =>
      `${h.url}/wechat?signature=${signature}&timestamp=1714036504&nonce=1514711492&echostr=hello123`;
    const ok = await fetch(q(sha1Signature(TOKEN, '1714036504', '1514711492')));
    expect([ok.status, await ok.text()]).toEqual([200, 'hello123']);
    const bad = await fetch(q('f464b24fc39322e44b38aa78f5edd27bd1441697'));
    expect(bad.status).toBe(401);
    expect(await bad.text()).not.toContain('hello123');
  });
});

describe('inbound messages', () => {
  it('answers a text passively with every reply of the turn, as one message', async () => {
    const reply = await post(h, text('你好'));
    expect(reply.content).toBe('收到：你好\n\n还有别的问题吗？');
    const activity = bot.seen[0];
    expect(activity).toMatchObject({
      channelId: 'wechat',
      from: { id: 'oUser1' },
      conversation: { id: 'oUser1' },
      recipient: { id: 'gh_banshi' },
    });
    // CreateTime is seconds: the activity must land in 2024, not in 1970.
    expect(new Date(activity.timestamp!).getUTCFullYear()).toBe(2024);
    expect(h.stub.sends()).toEqual([]);
  });

  it('gives the bot the recognised text of a voice message', async () => {
    const reply = await post(
      h,
      messageXml({ MsgType: 'voice', MediaId: 'm1', Format: 'amr', Recognition: '怎么办居住证', MsgId: nextId() }),
    );
    expect(reply.content).toContain('收到：怎么办居住证');
  });

  it('turns a location into GeoCoordinates', async () => {
    const reply = await post(
      h,
      messageXml({
        MsgType: 'location',
        Location_X: '31.2304',
        Location_Y: '121.4737',
        Scale: '15',
        Label: '上海市',
        MsgId: nextId(),
      }),
    );
    expect(reply.content).toBe('位置：31.2304,121.4737');
    expect(bot.seen[0].entities![0]).toMatchObject({ type: 'GeoCoordinates', name: '上海市' });
  });

  it('passes an image as an attachment', async () => {
    const reply = await post(
      h,
      messageXml({ MsgType: 'image', PicUrl: 'http://mmbiz.example/pic.jpg', MediaId: 'm2', MsgId: nextId() }),
    );
    expect(reply.content).toBe('图片：http://mmbiz.example/pic.jpg');
  });

  it('welcomes a new follower and maps menu clicks to events', async () => {
    expect((await post(h, messageXml({ MsgType: 'event', Event: 'subscribe', EventKey: '' }))).content).toBe(
      '欢迎关注。',
    );
    expect(bot.seen[0].type).toBe('conversationUpdate');
    expect((await post(h, messageXml({ MsgType: 'event', Event: 'CLICK', EventKey: 'PROGRESS' }))).content).toBe(
      '菜单：PROGRESS',
    );
  });

  it('apologises when the bot fails instead of leaving the user without an answer', async () => {
    expect((await post(h, text('出错'))).content).toContain('抱歉');
  });

  it('sends what does not fit in one reply through the customer-service API', async () => {
    const reply = await post(h, text('长'));
    await h.adapter.idle();
    expect(Buffer.byteLength(reply.content!, 'utf8')).toBeLessThanOrEqual(2000);
    expect(
      reply.content! +
        h.stub
          .sends()
          .map((s) => s.content)
          .join(''),
    ).toBe('办'.repeat(1000));
    expect(h.stub.sends()[0].touser).toBe('oUser1');
  });
});

describe('refused requests never reach the bot', () => {
  it('answers 401 to a bad signature', async () => {
    const reply = await post(h, text('你好'), { signature: '0'.repeat(40) });
    expect(reply.status).toBe(401);
    expect(bot.seen).toHaveLength(0);
  });

  it('answers 400 to a body that is not a WeChat message', async () => {
    expect((await post(h, '', { body: '<xml><a>' })).status).toBe(400);
    expect((await post(h, '', { body: '<xml><MsgType>text</MsgType></xml>' })).status).toBe(400);
    expect(bot.seen).toHaveLength(0);
  });
});

describe('deadline and retries', () => {
  it('answers "success" to a slow turn and sends its replies through the API', async () => {
    const reply = await post(h, text('慢'));
    expect([reply.status, reply.body]).toEqual([200, 'success']);
    await h.adapter.idle();
    expect(h.stub.sends()).toEqual([{ touser: 'oUser1', content: '久等了。\n\n这是答复。', token: 'TOKEN-1' }]);
  });

  it('does not start a second turn for a retry that arrives while the first runs', async () => {
    const xml = text('慢');
    const [first, retry] = await Promise.all([
      post(h, xml),
      new Promise((r) => setTimeout(r, 50)).then(() => post(h, xml)),
    ]);
    expect([first.body, retry.body]).toEqual(['success', 'success']);
    await h.adapter.idle();
    expect(bot.seen).toHaveLength(1);
    expect(h.stub.sends()).toHaveLength(1);
  });

  it('repeats the first passive answer to a late retry without running the bot again', async () => {
    const xml = text('你好');
    const first = await post(h, xml);
    const retry = await post(h, xml);
    expect(retry.content).toBe(first.content);
    expect(bot.seen).toHaveLength(1);
  });
});

describe('numbered menus', () => {
  it.each([
    ['1', '办理居住证'],
    ['１', '办理居住证'],
    ['２', '查询进度'],
    ['查询进度', '查询进度'],
  ])('maps the reply %s to the option %s', async (answer, chosen) => {
    const menu = await post(h, text('菜单'));
    expect(menu.content).toBe('请选择要办的事。\n\n回复 1：办理居住证\n回复 2：查询进度');
    expect((await post(h, text(answer))).content).toContain(`收到：${chosen}`);
  });

  it("lists a prompt's options once: the dialogs' numbered list gives way to the WeChat menu", async () => {
    const menu = await post(h, text('住所'));
    expect(menu.content).toBe('您住的是哪种住所？\n\n回复 1：租赁住房\n回复 2：自有住房');
    expect((await post(h, text('2'))).content).toContain('收到：自有住房');
  });

  it('forgets the menu once the bot answers without one', async () => {
    await post(h, text('菜单'));
    await post(h, text('1'));
    expect((await post(h, text('1'))).content).toContain('收到：1');
  });

  it('turns card buttons into menu options', async () => {
    expect((await post(h, text('卡片'))).content).toBe('居住证\n请选择\n\n回复 1：续签');
    expect((await post(h, text('1'))).content).toContain('收到：renew');
  });
});

describe('unsubscribe', () => {
  it("erases the user's data and sends nothing", async () => {
    await post(h, text('菜单'));
    expect(await h.store.documents.get(MENU_COLLECTION, 'oUser1')).toBeDefined();
    const reply = await post(h, messageXml({ MsgType: 'event', Event: 'unsubscribe', EventKey: '' }));
    await h.adapter.idle();
    expect(reply.body).toBe('success');
    expect(h.erased).toEqual(['oUser1']);
    expect(await h.store.documents.get(MENU_COLLECTION, 'oUser1')).toBeUndefined();
    expect(bot.seen.at(-1)).toMatchObject({ type: 'event', name: 'unsubscribe' });
  });
});

describe('proactive messages (staff replies, notifications)', () => {
  const reference: Partial<ConversationReference> = {
    channelId: 'wechat',
    conversation: { id: 'oUser1', isGroup: false, name: '', conversationType: 'personal' },
    user: { id: 'oUser1', name: '' },
    bot: { id: 'gh_banshi', name: '' },
  };
  const sendProactive = (message: string) =>
    h.adapter.continueConversation(reference, async (context: TurnContext) => {
      await context.sendActivity(message);
    });

  it('go through the customer-service API inside the window', async () => {
    await post(h, text('你好'));
    await sendProactive('工作人员：您好，我来帮您。');
    expect(h.stub.sends().map((s) => s.content)).toEqual(['工作人员：您好，我来帮您。']);
  });

  it('carry a handoff exchange: the user gets "success", then the staff reply by API', async () => {
    const reply = await post(h, text('人工：我的申请卡住了'));
    expect([reply.status, reply.body]).toEqual([200, 'success']);
    await sendProactive('工作人员：请提供受理编号。');
    expect(h.stub.sends()).toEqual([{ touser: 'oUser1', content: '工作人员：请提供受理编号。', token: 'TOKEN-1' }]);
  });

  it('wait for the next user message outside the window, and staff are told', async () => {
    await sendProactive('您的居住证已办好。');
    expect(h.stub.sends()).toEqual([]);
    expect(h.undeliverable).toMatchObject([{ openId: 'oUser1', texts: ['您的居住证已办好。'] }]);
    const reply = await post(h, text('你好'));
    expect(reply.content).toBe('您的居住证已办好。\n\n收到：你好\n\n还有别的问题吗？');
  });

  it('are kept when WeChat says the window is closed (45015)', async () => {
    await post(h, text('你好'));
    h.stub.sendErrors.push(45015);
    await sendProactive('材料已收到。');
    expect(h.undeliverable).toMatchObject([{ errcode: 45015, texts: ['材料已收到。'] }]);
    expect((await post(h, text('在吗'))).content).toContain('材料已收到。');
  });

  it('stop at the configured number of messages per window', async () => {
    await post(h, text('你好'));
    for (let i = 1; i <= 6; i += 1) await sendProactive(`通知 ${i}`);
    expect(h.stub.sends()).toHaveLength(5);
    expect(h.undeliverable).toMatchObject([{ texts: ['通知 6'] }]);
  });

  it('refresh a rejected token once and retry (40001)', async () => {
    await post(h, text('你好'));
    h.stub.sendErrors.push(40001);
    await sendProactive('请补充材料。');
    expect(h.stub.tokenFetches()).toBe(2);
    expect(h.stub.sends().map((s) => s.token)).toEqual(['TOKEN-1', 'TOKEN-2']);
    expect(h.undeliverable).toEqual([]);
    // The refreshed token is cached in the store: the next send fetches none.
    await sendProactive('谢谢。');
    expect(h.stub.tokenFetches()).toBe(2);
  });
});
