import { createApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { createMemoryStore } from '../../../src/storage/memoryStore';
import { CONVERSATION_REFS } from '../../../src/channels/conversationRefs';
import { wechatPlugin } from '../../../src/channels/wechat/plugin';
import { APP_ID, messageXml, post, TOKEN, WeChatApiStub, type Harness } from './harness';
import { TestBot } from './testBot';
import { listenOnLoopback } from '../directLineClient';
import { fileOwner } from '../../../src/domain/files';
import { createMemoryFileStore } from '../../../src/storage/files';
import { png } from '../../fixtures/images';

/** The plug-in inside the real server: staff replies reach WeChat users, unsubscribe forgets them. */
describe('WeChat plug-in in the server', () => {
  let app: App;
  let stub: WeChatApiStub;
  let target: Harness;
  const store = createMemoryStore();
  const files = createMemoryFileStore();

  beforeAll(async () => {
    stub = new WeChatApiStub();
    await stub.start();
    const config = loadConfig({
      WECHAT_TOKEN: TOKEN,
      WECHAT_APP_ID: APP_ID,
      WECHAT_APP_SECRET: 's',
      WECHAT_API_BASE: stub.url,
    });
    app = await createApp({
      config,
      store,
      bot: new TestBot(),
      log: createLogger('silent'),
      plugins: [wechatPlugin({ replyBudgetMs: 1500 })],
      files,
    });
    const url = await listenOnLoopback(app.server);
    target = { url, safeMode: false } as Harness;
  });
  afterAll(async () => {
    await app.close();
    await stub.stop();
  });

  it('answers, then carries a staff reply through the customer-service API, then erases on unsubscribe', async () => {
    expect(
      (
        await post(
          target,
          messageXml({ MsgType: 'text', Content: '人工：请帮我', MsgId: '9000000000000000001' }, 'oPlug'),
        )
      ).body,
    ).toBe('success');
    expect(await store.documents.get(CONVERSATION_REFS, 'oPlug')).toBeDefined();
    expect(await app.proactive.sendToConversation('oPlug', [{ type: 'message', text: '工作人员：您好。' }])).toBe(true);
    expect(stub.sends()).toEqual([{ touser: 'oPlug', content: '工作人员：您好。', token: 'TOKEN-1' }]);

    // An image message: downloaded through the media API, stored for the user; the bot sees the stored file.
    stub.media.set('MEDIA_PLUG', { bytes: png(358, 441), contentType: 'image/jpeg' });
    const image = await post(
      target,
      messageXml(
        { MsgType: 'image', PicUrl: 'http://mmbiz.example/p.jpg', MediaId: 'MEDIA_PLUG', MsgId: '9000000000000000002' },
        'oPlug',
      ),
    );
    const [sent] = await files.listByOwner(fileOwner('wechat', 'oPlug'));
    expect(image.content).toBe(`图片：banshi:files/${sent?.id}`);
    // One image the user filed with an application stays with it; the unfiled one goes with the user.
    const filed = await files.put(
      { owner: fileOwner('wechat', 'oPlug'), contentType: 'image/png', name: 'a.png' },
      png(10, 10),
    );
    await files.attach(filed.id, 'SH-20260101-AAAAAAAA', '照片');

    await post(target, messageXml({ MsgType: 'event', Event: 'unsubscribe', EventKey: '' }, 'oPlug'));
    await app.close();
    expect(await store.documents.get(CONVERSATION_REFS, 'oPlug')).toBeUndefined();
    expect((await files.listByOwner(fileOwner('wechat', 'oPlug'))).map((f) => f.id)).toEqual([filed.id]);
  });
});
