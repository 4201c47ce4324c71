import { runCase, type TranscriptCase } from './transcript';

/** Born 1990-03-07 (an adult) and born 2011-06-01 (a child), both with valid check digits. */
const ADULT_ID = '310115199003071239';
const CHILD_ID = '310104201106013454';
const ADDRESS = '浦东新区世纪大道100弄2号301室';

const PERMIT_TO_SUMMARY: TranscriptCase['steps'] = [
  ['我在上海', '上海'],
  ['申领居住证', '哪天办的'],
  ['2025年11月1日', '哪种情况'],
  ['上班', '姓名'],
  ['张三', '身份证'],
  [ADULT_ID, '手机'],
  ['13800138000', '上传'],
  ['已有照片', '一样吗'],
  ['地址不变', '哪种住所'],
  ['租房', '怎么领取'],
  ['自取', ['请核对', '[确认提交]']],
];

/**
 * Audit B1 and its class: a submission the domain refuses shows why and keeps the form; the resident
 * fixes the field, submits again and gets a reference number. On the old main the second 确认提交 was
 * silent and the form was gone.
 */
const cases: TranscriptCase[] = [
  {
    name: 'B1 permit: refused at 确认提交 (registration too recent), date fixed, second 确认提交 submits',
    steps: [
      ...PERMIT_TO_SUMMARY,
      ['修改居住登记日期', '居住登记的日期'],
      ['2025年12月1日', ['还不能提交', '[确认提交]']],
      ['确认提交', ['提交没有成功', '2026年6月1日', '请核对', '[修改居住登记日期]']],
      ['修改居住登记日期', '居住登记的日期'],
      ['2025年11月2日', ['居住登记日期：2025年11月2日', '[确认提交]']],
      ['确认提交', ['已提交成功', '受理编号：SH-20260520-']],
    ],
    check: async ({ store }) => {
      const apps = await store.applications.list();
      expect(apps).toHaveLength(1);
      expect(apps[0].answers).toMatchObject({ registeredOn: '2025-11-02', occupation: 'employed' });
    },
  },
  {
    name: 'B1 permit: refused twice in a row, then fixed: still one form, still submits',
    steps: [
      ...PERMIT_TO_SUMMARY,
      ['修改居住登记日期', '居住登记的日期'],
      ['2026年1月1日', '还不能提交'],
      ['确认提交', ['提交没有成功', '请核对']],
      ['确认提交', ['提交没有成功', '请核对']],
      ['修改居住登记日期', '居住登记的日期'],
      ['2025年10月1日', '[确认提交]'],
      ['确认提交', '已提交成功'],
    ],
    check: async ({ store }) => expect(await store.applications.list()).toHaveLength(1),
  },
  {
    name: 'B1 registration (c12): a parent changes the child ID to their own in the summary; refused, fixed, submitted',
    steps: [
      ['我要办居住登记', '哪个城市'],
      ['上海', '[开始填写]'],
      ['开始填写', '未满16周岁'],
      ['为未满16周岁的孩子办理', '哪种住所'],
      ['租房', '都符合吗'],
      ['是的', '居住地址'],
      [ADDRESS, '姓名'],
      ['刘小宇', '身份证'],
      [CHILD_ID, '手机'],
      ['13800138000', '上传'],
      ['已有照片', ['请核对', '[修改身份证号]']],
      ['修改身份证号', '身份证'],
      [ADULT_ID, ['请核对', '[确认提交]']],
      ['确认提交', ['提交没有成功', '请核对', '[修改身份证号]']],
      ['修改身份证号', '身份证'],
      [CHILD_ID, '[确认提交]'],
      ['确认提交', ['已提交成功', '受理编号：SH-']],
    ],
    check: async ({ store }) => {
      const [app] = await store.applications.list();
      expect(app).toMatchObject({ applicant: { name: '刘小宇', idNumber: CHILD_ID } });
      expect(app.answers).toMatchObject({ proxyActor: 'guardian' });
    },
  },
  {
    name: 'M1 (c12): a parent types their own ID at the ID prompt: the age is said, the ID asked again, nothing lost',
    steps: [
      ['我要办居住登记', '哪个城市'],
      ['上海', '[开始填写]'],
      ['开始填写', '未满16周岁'],
      ['为未满16周岁的孩子办理', '哪种住所'],
      ['租房', '都符合吗'],
      ['是的', '居住地址'],
      [ADDRESS, '姓名'],
      ['刘小宇', '身份证'],
      ['310115198506152140', ['这个身份证号显示申请人已经40周岁', '输成了您自己的号码', '!本人办理']],
      [`哦，输错了，是孩子的身份证${CHILD_ID}`, ['手机', '!不在我能回答的范围']],
      ['13800138000', '上传'],
      ['已有照片', ['请核对', '姓名：刘小宇', '3101**********3454']],
      ['确认提交', '已提交成功'],
    ],
  },
  {
    name: 'B3 (c23): an expiry date without a year is the next one, not one in the past',
    at: '2026-12-03T02:00:00.000Z',
    steps: [
      ['上海', '上海'],
      ['居住证续签', '有效期到哪天'],
      ['1月20号', ['!已在2026年1月20日到期', '!不能再签注', '从2026年12月21日起可以办理']],
    ],
  },
  {
    name: 'B3: an expiry date inside the window said without a year goes on to the occupation',
    at: '2026-12-03T02:00:00.000Z',
    steps: [
      ['上海', '上海'],
      ['居住证续签', '有效期到哪天'],
      ['12月20日', ['在签注时间内', '哪种情况']],
    ],
  },
  {
    name: 'M5 (c22): "11月2号过期的" is a past expiry: the permit has expired, registration is offered',
    at: '2026-12-03T02:00:00.000Z',
    steps: [
      ['上海', '上海'],
      ['居住证续签', '有效期到哪天'],
      ['11月2号过期的', ['2026年11月2日到期', '[办理居住登记]']],
    ],
  },
  {
    name: 'M5 (c20): "10天后" as an expiry date is read from today',
    at: '2026-12-03T02:00:00.000Z',
    steps: [
      ['上海', '上海'],
      ['居住证续签', '有效期到哪天'],
      ['10天后', ['在签注时间内', '哪种情况']],
    ],
  },
  {
    name: 'M5 (c78): "三个月前" as a registration date gives the exact day the permit can be applied for',
    at: '2026-12-03T02:00:00.000Z',
    steps: [
      ['上海', '上海'],
      ['申领居住证', '哪天办的'],
      ['三个月前', ['从2027年3月3日起可以申请', '[到时提醒我]']],
    ],
  },
  {
    name: 'M5 (c26): "20天前" as a moving date',
    at: '2026-12-03T02:00:00.000Z',
    steps: [
      ['上海', '上海'],
      ['我搬家了要变更地址', '哪天搬'],
      ['20天前', '!没看懂'],
    ],
  },
];

describe('a failed submission keeps the form; dates as residents say them', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runCase(c);
  });
});
