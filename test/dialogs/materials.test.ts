import { conversationFilePath, type NewFile } from '../../src/domain/files';
import { png } from '../fixtures/images';
import { runCase, type Env, type TranscriptCase } from './transcript';

const ID = '310115199003071239';
const PHOTO_ITEM = '本人近期免冠照片（系统已有可用照片的无需再交）';

/** Stores files as the upload route would, owned by the test conversation; returns their contentUrls. */
async function uploads(env: Env): Promise<Record<string, string>> {
  const conversationId = env.adapter.conversation.conversation.id;
  const put = async (file: Omit<NewFile, 'owner'>, bytes: Buffer) => {
    const stored = await env.files!.put({ ...file, owner: `test:${conversationId}` }, bytes);
    return conversationFilePath(conversationId, stored.id);
  };
  const other = await env.files!.put(
    { owner: 'webchat:someone-else', contentType: 'image/png', name: 'x.png', width: 358, height: 441 },
    png(358, 441),
  );
  return {
    photo: await put({ contentType: 'image/png', name: '证件照.png', width: 358, height: 441 }, png(358, 441)),
    photo2: await put({ contentType: 'image/png', name: '新照片.png', width: 716, height: 882 }, png(716, 882)),
    wide: await put({ contentType: 'image/png', name: '横拍.png', width: 800, height: 600 }, png(800, 600)),
    tiny: await put({ contentType: 'image/png', name: 'tiny.png', width: 10, height: 10 }, png(10, 10)),
    lease: await put({ contentType: 'image/png', name: '租赁备案.png', width: 1200, height: 1600 }, png(120, 160)),
    foreign: conversationFilePath(conversationId, other.id),
    // The same bytes as {photo}, uploaded again (a new file id): a re-send.
    photoAgain: await put({ contentType: 'image/png', name: '证件照(1).png', width: 358, height: 441 }, png(358, 441)),
  };
}

const cases: TranscriptCase[] = [
  {
    name: 'Shanghai permit: photo uploaded at the photo step, each material uploaded or brought, one replaced from the summary',
    withFiles: true,
    setup: uploads,
    steps: [
      ['我要办居住证', '哪个城市'],
      ['上海', '哪天办的'],
      ['2025年11月20日', '哪种情况'],
      ['上班', '姓名'],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', '上传'],
      [{ upload: '{photo}' }, '一样吗'],
      ['地址不变', '哪种住所'],
      ['租房', '怎么领取'],
      ['自取', ['需要准备这些材料', '逐项上传材料（共5项）', '第1/5项', '本人有效居民身份证', '[到现场再交]']],
      [{ upload: '{foreign}' }, ['没能读取这个附件', '第1/5项']],
      ['到现场再交', ['「本人有效居民身份证（正反面）」到现场再交', '第3/5项', '租赁合同']],
      [{ upload: '{lease}' }, ['已收到「已备案租赁合同', '第4/5项', '劳动合同']],
      ['好的', ['请用输入框旁的上传按钮']],
      ['到现场再交', '第5/5项'],
      [
        '到现场再交',
        [
          '到现场再交：',
          '· 本人有效居民身份证（正反面）',
          `· ${PHOTO_ITEM}：已上传（证件照.png）`,
          '已上传（租赁备案.png）',
          '[修改材料]',
        ],
      ],
      ['修改材料', ['要替换哪一项材料', `[${PHOTO_ITEM}]`]],
      [PHOTO_ITEM, `请重新上传「${PHOTO_ITEM}」`],
      [{ upload: '{wide}' }, ['358×441像素', '800×600像素', '宽高比例不对', '请重新上传']],
      [
        { upload: '{photo2}' },
        ['已收到', '比例相符，先收下', `· ${PHOTO_ITEM}：已上传（新照片.png）`, '!到现场再交：', '[确认提交]'],
      ],
      ['确认提交', ['已提交成功', '受理编号']],
    ],
    check: async ({ store, files }) => {
      const [app] = await store.applications.list();
      expect(app?.materials?.map((m) => [m.item.slice(0, 6), m.status, typeof m.fileId])).toEqual([
        ['本人有效居民', 'bring', 'undefined'],
        ['本人近期免冠', 'uploaded', 'string'],
        ['已备案租赁合', 'uploaded', 'string'],
        ['劳动合同或聘', 'bring', 'undefined'],
        ['在上海缴纳社', 'bring', 'undefined'],
      ]);
      const attached = await files!.listByApplication(app.referenceNumber);
      // Both were stored at the same test-clock instant, so their order is not the point here.
      expect(
        attached.map((f) => [f.material, f.name]).sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
      ).toEqual([
        [PHOTO_ITEM, '新照片.png'],
        [app?.materials?.[2]?.item, '租赁备案.png'],
      ]);
    },
  },
  {
    name: 'Shanghai permit: "已有照片" counts as the photo on file and is not asked again',
    withFiles: true,
    steps: [
      ['我要办居住证', '哪个城市'],
      ['上海', '哪天办的'],
      ['2025年11月20日', '哪种情况'],
      ['上学', '姓名'],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', '上传'],
      ['已有照片', '一样吗'],
      ['地址不变', '哪种住所'],
      ['租房', '怎么领取'],
      ['自取', ['共4项', '第1/4项']],
      ['到现场再交', ['第3/4项', '租赁合同']],
      ['到现场再交', ['第4/4项', '在读证明']],
      ['到现场再交', [`${PHOTO_ITEM}：复用系统已有照片`, '确认提交']],
    ],
  },
];

cases.push({
  name: 'Shanghai permit: the photo re-sent while the lease is asked for is recognised as the photo, not filed as the lease',
  withFiles: true,
  setup: uploads,
  steps: [
    ['我要办居住证', '哪个城市'],
    ['上海', '哪天办的'],
    ['2025年11月20日', '哪种情况'],
    ['上班', '姓名'],
    ['张三', '身份证'],
    [ID, '手机'],
    ['13800138000', '上传'],
    [{ upload: '{photo}' }, '一样吗'],
    ['地址不变', '哪种住所'],
    ['租房', '怎么领取'],
    // The photo from the photo prompt is not asked again: item 2 is skipped.
    ['自取', ['第1/5项', '!第2/5项']],
    ['到现场再交', ['第3/5项', '租赁合同']],
    [
      { upload: '{photoAgain}' },
      [`和已经收到的「${PHOTO_ITEM}」是同一份`, '第3/5项', '!已收到「已备案租赁合同', '!第4/5项'],
    ],
    [{ upload: '{lease}' }, ['已收到「已备案租赁合同', '第4/5项']],
    ['到现场再交', '第5/5项'],
    ['到现场再交', [`· ${PHOTO_ITEM}：已上传（证件照.png）`, '已上传（租赁备案.png）', '确认提交']],
    ['修改材料', '要替换哪一项材料'],
    [PHOTO_ITEM, `请重新上传「${PHOTO_ITEM}」`],
    // Replacing the photo with the very same file changes nothing: said so, and asked again.
    [{ upload: '{photoAgain}' }, ['是同一份文件，请上传新的一份', `请重新上传「${PHOTO_ITEM}」`]],
    [{ upload: '{photo2}' }, ['已收到', `· ${PHOTO_ITEM}：已上传（新照片.png）`, '确认提交']],
    ['确认提交', '已提交成功'],
  ],
  check: async ({ store, files }) => {
    const [app] = await store.applications.list();
    const names = await Promise.all(
      (app?.materials ?? []).map(async (m) => [
        m.item.slice(0, 4),
        m.fileId ? (await files!.head(m.fileId))?.name : m.status,
      ]),
    );
    expect(names).toEqual([
      ['本人有效', 'bring'],
      ['本人近期', '新照片.png'],
      ['已备案租', '租赁备案.png'],
      ['劳动合同', 'bring'],
      ['在上海缴', 'bring'],
    ]);
  },
});

cases.push({
  name: 'Shanghai permit: a photo of the wrong shape is refused at the photo prompt, saying why, and asked again',
  withFiles: true,
  setup: uploads,
  steps: [
    ['我要办居住证', '哪个城市'],
    ['上海', '哪天办的'],
    ['2025年11月20日', '哪种情况'],
    ['上班', '姓名'],
    ['张三', '身份证'],
    [ID, '手机'],
    ['13800138000', '上传'],
    [{ upload: '{wide}' }, ['800×600像素', '宽高比例不对', '上传', '!一样吗']],
    [{ upload: '{photo}' }, '一样吗'],
    ['地址不变', '哪种住所'],
    ['租房', '怎么领取'],
    ['自取', ['第1/5项', '!宽高比例不对']],
    ['到现场再交', ['第3/5项', '!第2/5项']],
  ],
});

cases.push({
  // Walk R1-M3: registration has no materials step, so the photo prompt is where the photo is checked.
  name: 'Chengdu registration: a 10×10 image is not taken as the ID photo',
  withFiles: true,
  setup: uploads,
  steps: [
    ['我要办居住登记', '哪个城市'],
    ['成都', '开始'],
    ['开始填写', '谁的居住登记'],
    ['本人办理', '哪种住所'],
    ['租房', '居住地址'],
    ['成都市武侯区人民南路4段1号', '姓名'],
    ['张三', '身份证'],
    [ID, '手机'],
    ['13800138000', '上传'],
    [{ upload: '{tiny}' }, ['10×10像素', '太小', '上传', '!核对']],
    // Walk R1-M1/M2: registration collects its materials too, and the photo from the prompt is one of them.
    [{ upload: '{photo}' }, ['需要准备这些材料', '第1/3项', '身份证']],
    ['到现场再交', ['第3/3项', '房屋租赁备案凭证']],
    [{ upload: '{lease}' }, ['核对', '已上传（证件照.png）', '已上传（租赁备案.png）']],
    ['确认提交', '已提交成功'],
  ],
  check: async ({ store }) => {
    const [app] = await store.applications.list();
    expect(app?.kind).toBe('registration');
    expect(app?.materials?.map((m) => m.status)).toEqual(['bring', 'uploaded', 'uploaded']);
  },
});

describe('materials step', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runCase(c);
  });
});
