import { REMINDER_JOBS } from '../../src/domain/reminders';
import { runCase, type Env, type TranscriptCase } from './transcript';

/** Found by walking every procedure as a resident would; each row is one fix. Today is 2026-05-20. */
const ID_X = '31011519900307101X';
const ID = '310115199003071239';
const ADDRESS = '浦东新区世纪大道100弄2号301室';

/** A registration from this conversation ("Convo1", the TestAdapter's), optionally confirmed by staff. */
async function registration(
  env: Env,
  city: 'shanghai' | 'chengdu',
  confirmed: boolean,
): Promise<Record<string, string>> {
  const result = await env.applications.submit({
    idempotencyKey: `setup-registration-${city}`,
    kind: 'registration',
    city,
    conversationId: 'Convo1',
    applicant: { name: '王五', idNumber: ID, phone: '13800138000' },
    answers: { residenceType: 'rented', address: ADDRESS, photo: 'existing' },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const ref = result.value.referenceNumber;
  if (confirmed) {
    for (const to of ['underReview', 'approved'] as const) {
      const moved = await env.applications.transition(ref, to, { actor: 'staff1', at: '2025-11-10T02:00:00.000Z' });
      if (!moved.ok) throw new Error(JSON.stringify(moved.problems));
    }
  }
  return { ref };
}

const cases: TranscriptCase[] = [
  {
    name: 'registration answered in free text: 好的, 我自己, 我租的房子, 对, an ID with a lower-case x, a phone with spaces, 对 at the summary',
    steps: [
      ['我要办居住登记', '哪个城市'],
      ['上海', ['按上海的规定办理', '!为您解答', '开始填写']],
      ['好的', '谁的居住登记'],
      ['我自己', '哪种住所'],
      ['我租的房子', ['先确认三件事', '商铺、写字楼、厂房', '实际住在上海']],
      ['对', '居住地址'],
      ['浦东新区 世纪大道100弄2号301室', '姓名'],
      ['张三', '身份证'],
      ['31011519900307101x', '手机'],
      ['138 0013 8000', '照片'],
      ['已有照片', ['需要准备这些材料', '3101**********101X', '[确认提交]']],
      ['对', ['「居住登记」已提交成功', '受理编号']],
    ],
    check: async ({ store }) => {
      const [app] = await store.applications.list();
      expect(app).toMatchObject({
        kind: 'registration',
        applicant: { idNumber: ID_X, phone: '13800138000' },
        answers: { address: ADDRESS },
      });
    },
  },
  {
    name: 'summary: "不对" is not read as "对"; the resident is asked which field to change',
    steps: [
      ['我要办居住登记', '哪个城市'],
      ['上海', '开始填写'],
      ['开始', '谁的'],
      ['本人', '哪种住所'],
      ['自己买的', '都符合吗'],
      ['都符合', '居住地址'],
      [ADDRESS, '姓名'],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', '照片'],
      ['已有照片', '[确认提交]'],
      ['不对', ['请点要修改的那一项', '[修改手机号]', '!已提交']],
      ['手机号不对', '手机号码'],
      ['13900139000', ['139****9000', '[确认提交]']],
      ['是的', '已提交成功'],
    ],
    check: async ({ store }) => expect((await store.applications.list())[0].applicant.phone).toBe('13900139000'),
  },
  {
    name: 'Shanghai: a commercial property is refused with the policy reason; nothing is stored',
    steps: [
      ['我要办居住登记', '哪个城市'],
      ['上海', '开始填写'],
      ['开始填写', '谁的'],
      ['本人办理', '哪种住所'],
      ['租房', '都符合吗'],
      ['不符合', ['请点不符合的那一项', '都符合吗']],
      ['租的是写字楼', ['办不了居住登记', '商铺、写字楼、办公楼、厂房', '[转人工]']],
    ],
    check: async ({ store }) => expect(await store.applications.list()).toEqual([]),
  },
  {
    name: 'Shanghai: not living in the city is refused with the policy reason',
    steps: [
      ['我要办居住登记', '哪个城市'],
      ['上海', '开始填写'],
      ['开始填写', '谁的'],
      ['本人办理', '哪种住所'],
      ['租房', '都符合吗'],
      ['4', ['办不了居住登记', '不在上海实际居住的不能申办']],
    ],
  },
  {
    // Re-audit: Shanghai's refusals (non-residential buildings, 000) were put to Chengdu residents; 003 states none.
    name: 'Chengdu: no Shanghai pre-checks (its sources state none); the registration goes on to the address',
    steps: [
      ['我要办居住登记', '哪个城市'],
      ['成都', '开始填写'],
      ['开始填写', ['谁的居住登记', '[本人办理]', '[替家人或别人办理]']],
      ['本人办理', '哪种住所'],
      ['租房', ['地址', '!商铺', '!都符合吗']],
    ],
  },
  {
    name: 'Chengdu: living with relatives is not a listed residence type — said plainly, not "没有这个选项"',
    steps: [
      ['我要办居住登记', '哪个城市'],
      ['成都', '开始填写'],
      ['开始填写', ['谁的居住登记', '[本人办理]', '[替家人或别人办理]']],
      ['本人办理', '哪种住所'],
      ['住在我爸妈家', ['成都的资料只列出了租赁住房、自有住房、单位提供的住宿', '派出所', '!没有这个选项']],
      ['住我姐家', ['成都的资料只列出了', '!没有这个选项']],
    ],
  },
  {
    name: 'permit: "去年3月" alone is not enough for the 6-month count — the day is asked',
    steps: [
      ['上海', '上海'],
      ['申领居住证', '哪天办的'],
      ['去年3月', ['期限按天计算', '2025年3月的哪一天', '哪天办的', '!已满规定时间']],
      ['去年3月5号', ['已满规定时间', '哪种情况']],
      ['上班的', '「就业」需要准备'],
    ],
  },
  {
    // Walk R1-B1: the month of the year just asked about, not the last 5 March (which would be this year's).
    name: 'permit: after "请说2025年3月的哪一天", "3月5號" and "5号" are days of March 2025',
    steps: [
      ['上海', '上海'],
      ['申领居住证', '哪天办的'],
      ['去年3月', '2025年3月的哪一天'],
      ['3月5號', ['已满规定时间', '哪种情况', '!2026年9月']],
    ],
  },
  {
    name: 'permit: a bare day after "请说2025年3月的哪一天" is that March',
    steps: [
      ['上海', '上海'],
      ['申领居住证', '哪天办的'],
      ['去年3月', '2025年3月的哪一天'],
      ['5号', ['已满规定时间', '哪种情况']],
    ],
  },
  {
    name: 'permit: a post address in another province or city (not only ones we serve) is outside the delivery area',
    steps: [
      ['上海', '上海'],
      ['申领居住证', '哪天办的'],
      ['2025.3.1', '哪种情况'],
      ['上班的', '姓名'],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', '照片'],
      ['已有照片', '一样吗'],
      ['没变', '哪种住所'],
      ['租房', '怎么领取'],
      ['寄到家里', '收件地址'],
      ['北京市朝阳区建国路1号', ['不在邮寄范围内', '仅限上海市范围内']],
      ['江苏省苏州市吴中区东吴北路1号', '不在邮寄范围内'],
      ['杨浦区市光路100号2室', ['请核对您填写的信息', '收件地址：杨浦区市光路100号2室']],
    ],
  },
  {
    name: 'address change: "上个月15号" is a date (deadline passed)',
    steps: [
      ['上海', '上海'],
      ['我要改地址', '哪天搬'],
      ['上个月15号', ['2026年5月15日', '哪种住所']],
    ],
  },
  {
    name: 'renewal: "下个月底" is the end of next month; too early, and the reminder becomes a job',
    steps: [
      ['上海', '上海'],
      ['我要续签', '到哪天'],
      ['下个月底', ['从2026年5月31日起可以办理', '[到时提醒我]']],
      ['到时提醒我', '2026年5月31日会提醒您'],
    ],
    check: async ({ store }) => {
      const jobs = await store.documents.list<{
        kind: string;
        dueOn: string;
        conversationId: string;
        expiresOn: string;
        status: string;
      }>(REMINDER_JOBS);
      expect(jobs.map((j) => j.value)).toEqual([
        expect.objectContaining({
          kind: 'renewalDue',
          dueOn: '2026-05-31',
          expiresOn: '2026-06-30',
          conversationId: 'Convo1',
          status: 'pending',
        }),
      ]);
    },
  },
  {
    name: 'renewal inside the window: the proofs are introduced, not a bare list',
    steps: [
      ['上海', '上海'],
      ['我要续签', '到哪天'],
      ['2026年6月10日', ['在签注时间内', '哪种情况']],
      ['上班的', ['「就业」需要准备', '在上海缴纳社保的记录', '姓名']],
    ],
  },
  {
    name: 'Chengdu renewal: no window in the sources, so it does not claim "在签注时间内"',
    steps: [
      ['成都', '成都'],
      ['我要续签', '到哪天'],
      [
        '2026年6月10日',
        ['还没到期，可以先填写', '现有资料没有说明成都签注要在到期前多少天内办理', '!在签注时间内', '凭哪一项'],
      ],
    ],
  },
  {
    name: 'permit too early: the reminder wish becomes one reminder job; asking again with another date replaces it',
    steps: [
      ['上海', '上海'],
      ['申领居住证', '哪天办的'],
      ['2025-11-21', '[到时提醒我]'],
      ['到时提醒我', '2026年5月21日会提醒您'],
      ['申领居住证', '哪天办的'],
      ['2025-12-01', '[到时提醒我]'],
      ['是的', '2026年6月1日会提醒您'],
    ],
    check: async ({ store }) => {
      const jobs = await store.documents.list<{ kind: string; dueOn: string; dueAt: string; city: string }>(
        REMINDER_JOBS,
      );
      expect(jobs.map((j) => j.value)).toEqual([
        expect.objectContaining({
          kind: 'permitEligible',
          dueOn: '2026-06-01',
          dueAt: '2026-06-01T01:00:00.000Z',
          city: 'shanghai',
        }),
      ]);
    },
  },
  {
    name: 'permit: the registration confirmed in this conversation gives the date and the applicant; no city asked (reminder button)',
    setup: (env) => registration(env, 'chengdu', true),
    steps: [
      ['申领居住证', ['!哪个城市', '{ref}', '2025年11月10日已确认', '已满规定时间', '哪种情况', '[就读]']],
      ['上班', ['「就业」需要准备', '照片', '!姓名（与身份证一致）']],
    ],
  },
  {
    name: 'permit: a registration not yet confirmed is named and the date is asked',
    setup: (env) => registration(env, 'shanghai', false),
    steps: [['申领居住证', ['!哪个城市', '{ref}', '还没有确认', '哪天办的']]],
  },
  {
    name: 'an upset resident is handed to a person, at the main menu and mid-procedure (draft kept)',
    withHandoffHook: true,
    steps: [
      ['什么破系统', ['非常抱歉', '人工客服已接入']],
      ['我要办居住登记', '哪个城市'],
      ['上海', '开始填写'],
      ['太差了，我要投诉', ['非常抱歉', '人工客服已接入', '已填写的内容会保留']],
    ],
    check: async ({ handoffs }) => expect(handoffs).toEqual(['resident upset', 'upset:procedure.registration']),
  },
  {
    name: 'nothing running: 取消/重新开始 say so, 帮助 explains, a bare 对 or 没有 gets a short reply (not a handoff)',
    withHandoffHook: true,
    steps: [
      ['取消', ['现在没有正在办理的事项', '[办理居住登记]', '!哪个城市']],
      ['重新开始', '现在没有正在办理的事项'],
      ['帮助', ['政策问题', '转人工']],
      ['对', ['还有什么可以帮您', '!人工客服已接入']],
      ['没有', ['有需要随时找我', '!您是想问']],
    ],
    check: async ({ handoffs }) => expect(handoffs).toEqual([]),
  },
  {
    name: 'a sentence naming a new city that is not understood: not understood, without announcing a city switch; the city is kept for the next question',
    steps: [
      ['我是来上海打工的，呜呜呜', ['!已切换', '没听懂', '[转人工]']],
      ['快递要多少钱', ['【答:快递·上海】', '!【成都】']],
    ],
  },
  {
    name: '转人工 at the main menu reaches the handoff even when the model does not know the word',
    withHandoffHook: true,
    steps: [['转人工', '人工客服已接入']],
  },
];

describe('resident answers walked end to end', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runCase(c);
  });
});
