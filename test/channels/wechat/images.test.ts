import { createAssistantBot } from '../../../src/dialogs';
import { ApplicationService } from '../../../src/domain/applicationService';
import { fileOwner } from '../../../src/domain/files';
import { systemClock } from '../../../src/domain/ports';
import { createLogger } from '../../../src/logger';
import { createMemoryFileStore } from '../../../src/storage/files';
import { createMemoryStore } from '../../../src/storage/memoryStore';
import { createFakeKnowledge } from '../../dialogs/fakeKnowledge';
import { png } from '../../fixtures/images';
import { messageXml, post, startHarness, type Harness } from './harness';

/**
 * WeChat image messages in safe mode reach the materials like any upload: the server downloads the
 * media by MediaId through the official API (stubbed on loopback) with the cached access token, checks
 * it by content, stores it for the user, and the assistant files it as the application's photo.
 */
const PHOTO_ITEM = '本人近期免冠照片（系统已有可用照片的无需再交）';
const OPENID = 'oWeChatResident1';

let h: Harness;
const files = createMemoryFileStore();
let nextMsg = 8_100_000_000_000_000_000n;

beforeEach(async () => {
  const store = createMemoryStore();
  const applications = new ApplicationService({ repository: store.applications, clock: systemClock });
  const bot = createAssistantBot({
    knowledge: createFakeKnowledge(),
    applications,
    store,
    clock: systemClock,
    log: createLogger('silent'),
    files,
  });
  h = await startHarness(bot, { safeMode: true, files, store, replyBudgetMs: 4000, uploadMaxBytes: 1024 * 1024 });
});
afterEach(async () => h.close());

const msgId = () => String((nextMsg += 1n));
async function says(text: string, expected: string): Promise<string> {
  const reply = await post(h, messageXml({ MsgType: 'text', Content: text, MsgId: msgId() }, OPENID));
  expect(reply.status).toBe(200);
  expect(reply.content ?? '').toContain(expected);
  return reply.content ?? '';
}
async function sendsImage(mediaId: string, expected: string): Promise<string> {
  const reply = await post(
    h,
    messageXml(
      { MsgType: 'image', PicUrl: 'http://mmbiz.example/preview.jpg', MediaId: mediaId, MsgId: msgId() },
      OPENID,
    ),
  );
  expect(reply.status).toBe(200);
  expect(reply.content ?? '').toContain(expected);
  return reply.content ?? '';
}
async function toPhotoPrompt(): Promise<void> {
  await says('我要办居住证', '哪个城市');
  await says('上海', '哪天办的');
  await says('2025年11月20日', '哪种情况');
  await says('上班', '姓名');
  await says('张三', '身份证');
  await says('310115199003071239', '手机');
  await says('13800138000', '上传');
}

describe('WeChat image messages (safe mode)', () => {
  it('an image message becomes the photo of the application, downloaded with the cached token', async () => {
    const photo = png(358, 441);
    h.stub.media.set('MEDIA_PHOTO_1', { bytes: photo, contentType: 'image/jpeg' });
    await toPhotoPrompt();
    await sendsImage('MEDIA_PHOTO_1', '一样吗');
    await says('地址不变', '哪种住所');
    await says('1', '怎么领取');
    // The photo from the photo prompt is item 2 of 5 and is not asked again.
    await says('自取', '第1/5项');
    await says('到现场再交', '第3/5项');
    await says('到现场再交', '第4/5项');
    await says('到现场再交', '第5/5项');
    await says('到现场再交', `${PHOTO_ITEM}：已上传`);
    await says('确认提交', '已提交成功');

    const [application] = await h.store.applications.list();
    const photoMaterial = application?.materials?.find((m) => m.item === PHOTO_ITEM);
    expect(photoMaterial?.status).toBe('uploaded');
    const stored = await files.get(photoMaterial?.fileId ?? '');
    expect(stored?.bytes.equals(photo)).toBe(true);
    // Typed by content (a PNG), whatever WeChat's header said; owned by the WeChat user; filed with the application.
    expect(stored?.file).toMatchObject({
      contentType: 'image/png',
      owner: fileOwner('wechat', OPENID),
      applicationRef: application?.referenceNumber,
      material: PHOTO_ITEM,
      width: 358,
      height: 441,
    });
    const downloads = h.stub.calls.filter((c) => c.path === '/cgi-bin/media/get');
    expect(downloads.map((c) => c.query.get('media_id'))).toEqual(['MEDIA_PHOTO_1']);
    expect(downloads[0]?.query.get('access_token')).toBe('TOKEN-1');
    expect(h.stub.tokenFetches()).toBe(1);
  });

  it('a hostile image is refused with the reason, nothing is stored, and the photo prompt still waits', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    h.stub.media.set('MEDIA_SVG', { bytes: svg, contentType: 'image/jpeg' });
    h.stub.media.set('MEDIA_OK', { bytes: png(358, 441), contentType: 'image/jpeg' });
    await toPhotoPrompt();
    const before = (await files.listByOwner(fileOwner('wechat', OPENID))).length;
    const refused = await sendsImage('MEDIA_SVG', '不是能识别的图片');
    expect(refused).not.toContain('一样吗');
    expect(await files.listByOwner(fileOwner('wechat', OPENID))).toHaveLength(before);
    await sendsImage('MEDIA_OK', '一样吗');
  });

  it('an image above UPLOAD_MAX_MB is refused with the limit and not stored', async () => {
    h.stub.media.set('MEDIA_BIG', { bytes: png(700, 700, { noise: true }), contentType: 'image/jpeg' });
    await toPhotoPrompt();
    const before = (await files.listByOwner(fileOwner('wechat', OPENID))).length;
    await sendsImage('MEDIA_BIG', '最大 1 MB');
    expect(await files.listByOwner(fileOwner('wechat', OPENID))).toHaveLength(before);
  });

  it('media WeChat no longer has (errcode) gets a message asking to send it again', async () => {
    await toPhotoPrompt();
    await sendsImage('MEDIA_EXPIRED', '没能从微信取到这张图片');
  });
});
