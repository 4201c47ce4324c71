import { REMINDER_REQUESTS } from '../../src/dialogs';
import { runCase, type TranscriptCase } from './transcript';

const ID = '310115199003071239';
const ADDRESS = '浦东新区世纪大道100弄2号301室';

/** Today is 2026-05-20 (the test clock). */
const cases: TranscriptCase[] = [
  {
    name: 'happy path (Shanghai): on the 6-month day, employed, post delivery with the 15 yuan fee',
    steps: [
      ['我要办居住证', '哪个城市'],
      ['上海', ['按上海', '满6个月', '哪天办的']],
      ['2025年11月20日', ['已满规定时间', '2026年5月20日', '哪种情况', '[就业]', '[投资创业]']],
      ['上班', ['「就业」需要准备', '劳动合同', '姓名']],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', '上传'],
      ['已有照片', ['地址和居住登记的一样吗', '[地址不变]']],
      // Audit finding 1: the permit asks the residence type; a relative's home brings the commitment letter.
      ['地址不变', ['哪种住所', '[居住在亲属家]']],
      ['住在我舅舅家', ['承诺书', '居住地址']],
      [ADDRESS, '亲属的姓名'],
      ['赵大海', '什么人'],
      ['其他亲属', ['亲属关系承诺书', '赵大海', '签名']],
      [
        '张三',
        [
          '网点自取：到系统提示的网点领取',
          '费用15元',
          '货到付款',
          '仅限上海市范围内',
          '[网点自取]',
          '[邮政专递（邮政直投）]',
        ],
      ],
      ['邮寄', ['收件地址', '仅限上海市范围内']],
      ['成都市武侯区人民南路4段1号', ['不在邮寄范围内', '收件地址']],
      [
        ADDRESS,
        [
          '需要准备这些材料',
          '在上海缴纳社保的记录',
          // Audit rows 1 and 4: the proof for the chosen residence type; relatives sign the letter instead of a kinship proof.
          '亲属关系承诺书（网上申请时由系统生成，签名确认即可',
          '!租赁合同',
          '!户口簿',
          '住所类型：居住在亲属家',
          '亲属姓名：赵大海',
          '亲属关系承诺书：已签名（张三）',
          '居住登记日期：2025年11月20日',
          '领取方式：邮政专递（邮政直投）',
          `收件地址：${ADDRESS}`,
          '[确认提交]',
        ],
      ],
      [
        '1',
        [
          '「居住证申领」已提交成功',
          '受理编号：SH-20260520-',
          '审核结果：6个工作日内，预计2026年5月28日前可查询',
          '制证：审核通过后接着制证，预计2026年6月8日前完成',
          '法定办理时限：材料齐全后15个工作日，即2026年6月10日前',
        ],
      ],
    ],
    check: async ({ store }) => {
      const [app] = await store.applications.list();
      expect(app).toMatchObject({
        kind: 'permit',
        status: 'submitted',
        pickup: { method: 'post', address: ADDRESS },
        expectedBy: '2026-05-28',
      });
      expect(app.answers).toMatchObject({
        registeredOn: '2025-11-20',
        occupation: 'employed',
        residenceType: 'relatives',
        relativeName: '赵大海',
      });
      expect(app.kinshipLetter?.signedName).toBe('张三');
      expect(app.checklist).toEqual(expect.arrayContaining(['在上海缴纳社保的记录']));
      expect(app.timeline.map((e) => e.to)).toEqual(['submitted']);
    },
  },
  {
    name: 'summary: the registration date and the new address can be changed; a date too recent is said at once',
    steps: [
      ['我在上海', '上海'],
      ['申领居住证', '哪天办的'],
      ['2025年11月1日', '哪种情况'],
      ['上班', '姓名'],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', '上传'],
      ['已有照片', '一样吗'],
      ['地址不变', '哪种住所'],
      ['租房', '怎么领取'],
      ['自取', ['居住登记日期：2025年11月1日', '新居住地址：与居住登记相同', '[修改居住登记日期]', '[修改新居住地址]']],
      ['修改新居住地址', '新的居住地址'],
      [ADDRESS, [`新居住地址：${ADDRESS}`, '确认提交']],
      ['修改居住登记日期', '居住登记的日期'],
      ['2025年12', ['期限按天计算', '2025年12月的哪一天']],
      ['2025年12月1日', ['从2026年6月1日起可以申请', '还不能提交', '居住登记日期：2025年12月1日']],
      ['修改居住登记日期', '居住登记的日期'],
      ['2025年11月2日', ['居住登记日期：2025年11月2日', '!还不能提交']],
      ['确认提交', '已提交成功'],
    ],
    check: async ({ store }) => {
      const [app] = await store.applications.list();
      expect(app.answers).toMatchObject({ registeredOn: '2025-11-02', address: ADDRESS });
    },
  },
  {
    name: 'one day short of 6 months: the exact date, and the reminder wish is recorded',
    steps: [
      ['上海', '已切换为上海'],
      ['申领居住证', '哪天办的'],
      ['2025-11-21', ['要满6个月', '从2026年5月21日起可以申请', '[到时提醒我]']],
      ['到时提醒我', '2026年5月21日会提醒您'],
    ],
    check: async ({ store }) => {
      const reminders = await store.documents.list<{ dueOn: string; kind: string }>(REMINDER_REQUESTS);
      expect(reminders.map((r) => r.value)).toEqual([
        expect.objectContaining({ dueOn: '2026-05-21', kind: 'permitEligible', city: 'shanghai' }),
      ]);
      expect(await store.applications.list()).toEqual([]);
    },
  },
  {
    name: 'a date in the future or unreadable is asked again',
    steps: [
      ['我在上海', '上海'],
      ['申领居住证', '哪天办的'],
      ['明年', ['没看懂这个日期', '哪天办的']],
      ['2026年6月1日', ['还没到', '哪天办的']],
      ['2026年2月30日', '没有2026年2月30日'],
    ],
  },
  {
    name: 'Chengdu: pickup at the police station, postage paid but amount not stated; no time limit given',
    steps: [
      ['我在成都', '成都'],
      ['申领居住证', '哪天办的'],
      ['2025年1月1日', '哪种情况'],
      ['2', ['「就读」需要准备', '姓名']],
      ['李四', '身份证'],
      [ID, '手机'],
      // Audit rows 11-12: Chengdu states no format list and no photo reuse; a WebP photo is taken.
      ['13800138000', ['上传', '!已有照片', '!JPG', '!2MB']],
      [{ attachment: { name: 'me.webp', contentType: 'image/webp' } }, '一样吗'],
      ['地址有变', '新的居住地址'],
      ['武侯区人民南路4段1号', '哪种住所'],
      ['租房', ['自行领取：到指定的公安派出所领取', '需要付费，现有资料没有写明金额']],
      ['自取', ['需要准备这些材料', '新居住地址：武侯区人民南路4段1号', '领取方式：自行领取']],
      ['确认提交', ['受理编号：CD-20260520-', '现有资料没有说明成都的办理时限']],
    ],
    check: async ({ store }) => {
      const [app] = await store.applications.list();
      expect(app).toMatchObject({
        city: 'chengdu',
        pickup: { method: 'selfPickup' },
        answers: expect.objectContaining({ address: '武侯区人民南路4段1号', occupation: 'student' }) as unknown,
      });
    },
  },
  {
    // Audit row 3: Chengdu needs any one of a job, a home or study (003); a home alone is enough.
    name: 'Chengdu: the any-one-of conditions are stated and a home alone qualifies, with its proof listed',
    steps: [
      ['我在成都', '成都'],
      ['申领居住证', '哪天办的'],
      [
        '2025年1月1日',
        [
          '居住登记满6个月',
          '并满足其中任一项：合法稳定就业、合法稳定住所、连续就读',
          '[凭合法稳定住所（没有就业或就读）]',
        ],
      ],
      ['凭合法稳定住所', ['姓名', '!需要满足下面的条件']],
      ['李四', '身份证'],
      [ID, '手机'],
      ['13800138000', ['上传', '!已有照片']],
      [{ attachment: { name: 'me.webp', contentType: 'image/webp' } }, '一样吗'],
      ['地址不变', ['哪种住所', '!居住在亲属家']],
      ['自己买的房子', '怎么领取'],
      ['自取', ['需要准备这些材料', '· 房屋产权证明', '!就业证明', '!居住地址证明', '!租赁', '凭合法稳定住所']],
      ['确认提交', '受理编号：CD-20260520-'],
    ],
    check: async ({ store }) => {
      const [app] = await store.applications.list();
      expect(app.answers).toMatchObject({ occupation: 'none' });
    },
  },
  {
    name: 'no occupation condition met: the conditions are explained and nothing is stored',
    steps: [
      ['上海', '上海'],
      ['申领居住证', '哪天办的'],
      ['2025年1月1日', '哪种情况'],
      ['以上都不是', ['需要满足下面的条件', '至少满足一项']],
    ],
    check: async ({ store }) => expect(await store.applications.list()).toEqual([]),
  },
];

describe('permit application dialog', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runCase(c);
  });
});
