import { runCase, type TranscriptCase } from './transcript';

const ID = '310115199003071239';

/** Today is 2026-05-20; Shanghai gives 30 days after moving. */
const cases: TranscriptCase[] = [
  {
    name: 'address change in time (deadline is today), submitted with the new address',
    steps: [
      ['上海', '上海'],
      ['变更地址', '哪天搬到新地址'],
      ['2026年4月20日', ['搬家后30天内', '截止日期是2026年5月20日', '来得及', '新住所是哪种住所']],
      ['自有住房', '新的居住地址'],
      ['徐汇区漕溪北路1号1201室', '姓名'],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', ['不动产权证书', '搬家日期：2026年4月20日', '新居住地址：徐汇区漕溪北路1号1201室']],
      ['确认提交', ['「居住地址变更」已提交成功', '受理编号：SH-20260520-']],
    ],
    check: async ({ store }) => {
      const [app] = await store.applications.list();
      expect(app).toMatchObject({
        kind: 'addressChange',
        status: 'submitted',
        answers: { movedOn: '2026-04-20', residenceType: 'owned', address: '徐汇区漕溪北路1号1201室' },
      });
    },
  },
  {
    name: 'address change one day past the deadline: says so without inventing a penalty',
    steps: [
      ['上海', '上海'],
      ['变更地址', '哪天搬'],
      ['2026-04-19', ['截止日期2026年5月19日已经过了', '现有资料没有说明', '哪种住所']],
    ],
  },
  {
    name: 'address change: a month without a day is not read as its last day (which would say "too late") — the day is asked',
    steps: [
      ['上海', '上海'],
      ['变更地址', '哪天搬'],
      ['4月', ['期限按天计算', '2026年4月的哪一天', '哪天搬', '!已经过了', '!来得及']],
      ['4月25号', ['截止日期是2026年5月25日', '来得及']],
    ],
  },
  {
    name: 'address change in Chengdu: the sources give no deadline',
    steps: [
      ['我在成都', '成都'],
      ['变更地址', '哪天搬'],
      ['2026-01-01', ['现有资料没有说明成都地址变更的期限', '[单位提供的住宿]']],
    ],
  },
  {
    name: 'address change to a relative’s home: the commitment letter is signed and stored',
    steps: [
      ['上海', '上海'],
      ['变更地址', '哪天搬'],
      ['2026-05-01', '哪种住所'],
      ['亲属家', '新的居住地址'],
      ['徐汇区漕溪北路1号1201室', '姓名'],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', '亲属的姓名'],
      ['王芳', '什么人'],
      ['配偶', ['亲属关系承诺书', '居住地址：徐汇区漕溪北路1号1201室', '全名「张三」']],
      ['张三', ['已签名', '房屋所有权人同意接受居住的声明']],
      ['确认提交', '已提交成功'],
    ],
    check: async ({ store }) => {
      const [app] = await store.applications.list();
      expect(app.kinshipLetter).toMatchObject({ signedName: '张三' });
    },
  },
  {
    name: 'loss report: no materials, identify, confirm, submitted',
    steps: [
      ['上海', '上海'],
      ['我要挂失', ['办理挂失', '不需要提交任何材料', '姓名', '!冒用']],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', ['请核对', '3101**********1239', '[确认挂失]']],
      // Audit row 16: no consequence the sources do not state.
      ['确认挂失', ['「居住证挂失」已提交成功', '!不能再使用']],
    ],
    check: async ({ store }) => {
      const [app] = await store.applications.list();
      expect(app).toMatchObject({ kind: 'lossReport', status: 'submitted', checklist: [] });
    },
  },
  {
    // Independent walk F-B1: "找到了！可以解掛嗎" at the summary held 可以 and filed the loss report.
    name: 'loss report: a question at the summary (找到了，可以解挂吗) does not submit',
    steps: [
      ['上海', '上海'],
      ['我要挂失', '姓名'],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', '[确认挂失]'],
      ['欸找到了！可以解掛嗎', ['还没有提交', '!已提交成功']],
    ],
    check: async ({ store }) => {
      expect(await store.applications.list()).toEqual([]);
    },
  },
  {
    // Audit row 14: 挂失/解挂 appear only in Shanghai's documents; Chengdu's name online 补换领 (003).
    name: 'loss cancellation in Chengdu: not offered as a Chengdu procedure; the online replacement is named',
    steps: [
      ['我在成都', '成都'],
      ['我要解挂', ['现有资料没有写成都居住证的挂失、解挂怎么办', '补换领可以在网上办理', '天府市民云', '!姓名']],
    ],
    check: async ({ store }) => expect(await store.applications.list()).toEqual([]),
  },
];

describe('address change and loss report dialogs', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runCase(c);
  });
});
