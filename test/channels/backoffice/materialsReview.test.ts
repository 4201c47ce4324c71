import { createMemoryFileStore } from '../../../src/storage/files';
import { png } from '../../fixtures/images';
import { request } from '../directLineClient';
import {
  chatSteps,
  residentInChat,
  shanghaiPermitWithUploads,
  startBackOfficeServer,
  type BackOfficeServer,
} from './fixtures';

interface FileView {
  name: string;
  url: string;
  replaced: boolean;
}
interface MaterialView {
  item: string;
  file: FileView | null;
  earlier: FileView[];
}
const materialsOf = (body: unknown): MaterialView[] => (body as { materials: MaterialView[] }).materials;

const PHOTO_ITEM = '本人近期免冠照片（系统已有可用照片的无需再交）';

/** The round trip over HTTP: resident uploads in Direct Line, staff see the files, ask for the photo again, see old and new. */
describe('materials review round trip', () => {
  let s: BackOfficeServer;
  beforeEach(async () => {
    s = await startBackOfficeServer({ files: createMemoryFileStore() });
  });
  afterEach(() => s.stop());

  it('staff see the photo and the lease scan inline, ask for the photo again, and see the old and the new one', async () => {
    const chat = await residentInChat(s.base);
    const { says, uploads } = chatSteps(chat);
    const photo = png(358, 441);
    await shanghaiPermitWithUploads(
      chat,
      { name: '张三', id: '310115199003071239', phone: '13800138000' },
      { photo, lease: png(120, 160) },
    );

    const [app] = await s.store.applications.list();
    const ref = app.referenceNumber;
    const listed = await s.staff('GET', `/applications/${ref}/materials`);
    expect(listed.status).toBe(200);
    const uploaded = materialsOf(listed.body).filter((m) => m.file);
    expect(uploaded.map((m) => m.file?.name)).toEqual(['证件照.png', '租赁备案.png']);
    const photoUrl = uploaded[0]?.file?.url ?? '';
    const img = await fetch(s.base + photoUrl, { headers: { 'x-test-staff': 'li.review' } });
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await img.arrayBuffer()).equals(photo)).toBe(true);
    expect((await request(s.base, 'GET', photoUrl)).status).toBe(401);

    expect((await s.staff('POST', `/applications/${ref}/actions`, { action: 'accept' })).status).toBe(200);
    const asked = await s.staff('POST', `/applications/${ref}/actions`, {
      action: 'requestCorrection',
      fields: [`material:${PHOTO_ITEM}`],
      note: '照片背景不是白色',
    });
    expect(asked.status).toBe(200);
    await chat.waitForBot((a) => (a.text ?? '').includes('补正'), 8000);
    // Walk R1-M10: the notice says 请重新上传, and the resident sends the photo at once, before 补正材料.
    await uploads(png(358, 441, { seed: 9 }), '直接发的照片.png', `请重新上传「${PHOTO_ITEM}」`);
    expect(chat.seen.some((a) => (a.text ?? '').includes('先打开您要补正的申请'))).toBe(true);
    expect(chat.seen.some((a) => (a.text ?? '').includes('没听懂'))).toBe(false);
    await uploads(png(358, 441, { seed: 7 }), '白底照片.png', '确认重新提交');
    await says('确认提交', '已重新提交');

    const after = await s.staff('GET', `/applications/${ref}/materials`);
    const photoItem = materialsOf(after.body).find((m) => m.item === PHOTO_ITEM);
    expect(photoItem?.file?.name).toBe('白底照片.png');
    expect(photoItem?.earlier.map((f) => [f.name, f.replaced])).toEqual([['证件照.png', true]]);
    expect((await s.store.applications.get(ref))?.status).toBe('resubmitted');
  });
});
