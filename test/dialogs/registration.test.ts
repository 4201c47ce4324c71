import { runCase, type TranscriptCase } from './transcript';

/** A valid ID (check digit correct), born 1990-03-07; ending 1239. */
export const ID = '310115199003071239';
const ID_BAD_CHECK = '310115199003071238';
const JPG = {
  attachment: { name: 'me.jpg', contentType: 'image/jpeg', contentUrl: 'data:image/jpeg;base64,' + 'A'.repeat(4000) },
};

const START_SHANGHAI: TranscriptCase['steps'] = [
  ['我要办居住登记', ['哪个城市', '[上海]', '[成都]']],
  ['上海', ['按上海', '办理居住登记，需要', '本人有效居民身份证', '[开始填写]']],
  ['开始填写', ['谁的居住登记', '[本人办理]', '未满16周岁']],
  ['1', ['哪种住所', '1. 租赁住房', '[居住在亲属家]']],
];

const cases: TranscriptCase[] = [
  {
    name: 'happy path: rented home, upload photo, submit',
    steps: [
      ...START_SHANGHAI,
      ['租房', '都符合吗'],
      ['是的', '居住地址'],
      ['上海市浦东新区世纪大道100弄2号301室', '姓名'],
      ['张三', '身份证号码'],
      [ID, '手机号码'],
      [
        '138 0013 8000',
        [
          '上传',
          '格式通常是JPG、PNG等，大小上限如2MB或5MB，以办理系统的提示为准',
          '[已有照片]',
          '[照片要求]',
          '!358×441',
          '!白色背景',
        ],
      ],
      ['照片要求', ['尺寸358×441像素', '白色背景', '上传']],
      [
        JPG,
        [
          '需要准备这些材料',
          '房屋租赁合同备案通知书',
          '请核对',
          '3101**********1239',
          '138****8000',
          '[确认提交]',
          '[修改手机号]',
        ],
      ],
      [
        '确认提交',
        [
          '已提交成功',
          '受理编号：SH-20260520-',
          '电子《居住登记凭证》：1个工作日内制发，预计2026年5月21日前',
          '2018年的公告写的是工作人员2个工作日内确认',
          '!工作人员确认后会生成',
          '查询办理进度',
        ],
      ],
    ],
    check: async ({ store }) => {
      const [app] = await store.applications.list();
      expect(app).toMatchObject({
        kind: 'registration',
        city: 'shanghai',
        status: 'submitted',
        applicant: { name: '张三', idNumber: ID, phone: '13800138000' },
      });
      expect(app.answers).toMatchObject({
        residenceType: 'rented',
        address: '上海市浦东新区世纪大道100弄2号301室',
        proxyActor: 'self',
      });
      expect(app.timeline).toEqual([expect.objectContaining({ from: null, to: 'submitted', actor: 'resident' })]);
      expect(app.checklist.join()).toContain('房屋租赁合同备案通知书');
    },
  },
  {
    name: 'validation failures re-prompt with the reason; three failures offer a person',
    steps: [
      ...START_SHANGHAI,
      ['7', ['没有这个选项', '哪种住所']],
      ['１', '都符合吗'],
      ['都符合', '居住地址'],
      ['家里', ['地址太短', '居住地址']],
      ['浦东新区世纪大道100弄2号301室', '姓名'],
      ['张', ['至少两个字', '姓名']],
      ['张三', '身份证号码'],
      ['12345', ['应为18位', '身份证号码', '!转人工']],
      [ID_BAD_CHECK, ['校验位不对', '!转人工']],
      ['31011519900307123A', ['前17位应为数字', '[转人工]']],
      [ID, '手机号码'],
      ['23456789012', ['以1开头', '手机号码']],
      ['13800138000', '上传'],
      [{ attachment: { name: 'form.pdf', contentType: 'application/pdf' } }, ['不是图片', '!JPG或PNG']],
      // Audit row 10: 001 gives JPG/PNG and 2 MB or 5 MB only as examples; a 3 MB photo is not refused.
      [
        {
          attachment: {
            name: 'big.png',
            contentType: 'image/png',
            contentUrl: 'data:image/png;base64,' + 'A'.repeat(4_000_000),
          },
        },
        ['请核对', '!太大'],
      ],
    ],
  },
  {
    name: 'kinship letter: generated, shown, signed with the full name, stored',
    steps: [
      ...START_SHANGHAI,
      ['住在亲戚家', '都符合吗'],
      ['符合', '居住地址'],
      ['浦东新区世纪大道100弄2号301室', '姓名'],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', '上传'],
      ['已有照片', '亲属的姓名'],
      ['李四', ['什么人', '[父母]']],
      [
        '父母',
        [
          '亲属关系承诺书',
          '承诺人：张三（身份证号码：3101**********1239）',
          '亲属：李四（与承诺人的关系：父母）',
          '输入您的全名「张三」',
        ],
      ],
      ['张', ['签名要与您填写的姓名完全一致', '全名']],
      ['张三', ['已签名', '不用回外地开亲属关系证明', '!户口簿', '亲属关系承诺书：已签名（张三）']],
      ['确认提交', '已提交成功'],
    ],
    check: async ({ store }) => {
      const [app] = await store.applications.list();
      expect(app.kinshipLetter).toMatchObject({ signedName: '张三' });
      expect(app.kinshipLetter!.text).toContain('李四');
      expect(app.answers).toMatchObject({ residenceType: 'relatives', relationship: '父母' });
    },
  },
  {
    name: 'summary edit: change the phone, then submit with the new one',
    steps: [
      ...START_SHANGHAI,
      ['自有住房', '都符合吗'],
      ['1', '居住地址'],
      ['浦东新区世纪大道100弄2号301室', '姓名'],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', '上传'],
      ['已有照片', ['138****8000', '[修改手机号]']],
      ['修改手机号', '手机号码'],
      ['13900139000', ['139****9000', '确认提交']],
      ['确认提交', '已提交成功'],
    ],
    check: async ({ store }) => {
      const [app] = await store.applications.list();
      expect(app.applicant.phone).toBe('13900139000');
    },
  },
  {
    name: 'a proxy the ID does not allow: the age is said and the ID asked again, the form kept (audit M1)',
    steps: [
      ...START_SHANGHAI.slice(0, 3),
      ['为老人代办', ['行动不便', '残疾人证']],
      ['行动不便', '哪种住所'],
      ['租房', '都符合吗'],
      ['对', '地址'],
      ['浦东新区世纪大道100弄2号301室', '姓名'],
      ['张三', '身份证'],
      [ID, ['这个身份证号显示申请人36周岁', '不能由他人代办', '再输入一次申请人的身份证号码', '!哪种住所']],
      // The right ID is taken and the form goes on: a close relative is sent to a service centre (000).
      ['310104195502023015', '社区事务受理服务中心'],
    ],
  },
  {
    // Audit row 5: a close relative may act for a 65+ person with difficulty getting about, at a service centre only.
    name: 'a close relative acting for a 71-year-old with limited mobility: sent to a service centre with the checklist',
    steps: [
      ...START_SHANGHAI.slice(0, 3),
      ['为老人代办', ['行动不便', '[满65周岁，行动不便]', '[有残疾人证]']],
      ['行动不便', '哪种住所'],
      ['自有住房', '都符合吗'],
      ['都符合', '地址'],
      ['浦东新区张杨路500号2201室', '姓名'],
      ['王秀英', '身份证'],
      [
        '310104195502023015',
        [
          '要到全市任一社区事务受理服务中心办理',
          '不能网上代为提交',
          '代办人带：委托书',
          '不动产权证书',
          '!残疾人证',
          '!手机',
        ],
      ],
    ],
    check: async ({ store }) => expect(await store.applications.list()).toEqual([]),
  },
  {
    name: 'a close relative acting for a 76-year-old who gets about: refused, 65+ alone is not enough',
    steps: [
      ...START_SHANGHAI.slice(0, 3),
      ['为老人代办', '行动不便'],
      ['都不是', '哪种住所'],
      ['自有住房', '都符合吗'],
      ['都符合', '地址'],
      ['浦东新区张杨路500号2201室', '姓名'],
      ['王秀英', '身份证'],
      ['310104195002023019', ['只有行动不便的65周岁及以上老人或残疾人', '本人办理', '!手机']],
    ],
    check: async ({ store }) => expect(await store.applications.list()).toEqual([]),
  },
  {
    name: "a friend acting is refused at once, before any detail, with every age band's rule",
    steps: [
      ...START_SHANGHAI.slice(0, 2),
      ['开始填写', ['谁的居住登记', '[朋友或其他人代办]']],
      [
        '我帮朋友办',
        [
          '这样代办不了',
          '未满16周岁的，要由',
          '不能由他人代办',
          '行动不便的65周岁及以上老人或残疾人，可由近亲属代办（办理地点：全市任一社区事务受理服务中心）',
          '[转人工]',
          '!哪种住所',
          '!姓名',
        ],
      ],
    ],
    check: async ({ store }) => expect(await store.applications.list()).toEqual([]),
  },
  {
    name: 'a relative\'s home named by the kin word ("住在我姐家") is living with relatives',
    steps: [
      ...START_SHANGHAI.slice(0, 3),
      ['本人', '哪种住所'],
      ['住在我姐家', ['都符合吗', '!没有这个选项']],
      ['都符合', '居住地址'],
      ['浦东新区世纪大道100弄2号301室', '姓名'],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', '上传'],
      ['已有照片', '亲属的姓名'],
      ['张红', '什么人'],
      ['我姐姐', ['承诺书', '兄弟姐妹', '!没有这个选项']],
    ],
  },
  {
    // Audit finding 15: 003 names the ID card, a photo and an address proof for the permit's upload step only.
    name: 'Chengdu: registration does not claim the permit upload list as its own materials',
    steps: [
      ['我要办居住登记', '哪个城市'],
      [
        '成都',
        ['没有单独列出办居住登记要交的材料', '申领居住证时要上传', '身份证正反面', '!办理居住登记，需要', '[开始填写]'],
      ],
    ],
  },
  {
    name: 'Chengdu: acting for someone else is answered at once — the sources do not say',
    steps: [
      ['我要办居住登记', '哪个城市'],
      ['成都', '开始填写'],
      ['开始填写', ['谁的居住登记', '[本人办理]', '[替家人或别人办理]', '!未满16周岁']],
      ['给我孩子办', ['这里暂时办不了', '现有资料没有说明成都能否由他人代办', '!按现有规定', '!哪种住所']],
    ],
  },
  {
    name: 'the name prompt refuses a choice word, a city, "不知道" and a question, each with its reason',
    steps: [
      ...START_SHANGHAI,
      ['租房', '都符合吗'],
      ['都符合', '居住地址'],
      ['浦东新区世纪大道100弄2号301室', '姓名'],
      ['自己去拿', ['「自己去拿」不像姓名', '例如：张伟', '姓名']],
      ['上海', ['「上海」是地名', '姓名']],
      ['不知道', ['真实姓名', '转人工']],
      ['为啥要写名字', ['不像姓名', '直接问']],
      ['金山', '身份证'],
    ],
  },
];

describe('registration dialog', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runCase(c);
  });
});
