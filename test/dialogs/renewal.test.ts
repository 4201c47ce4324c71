import { REMINDER_REQUESTS } from '../../src/dialogs';
import { runCase, type Env, type TranscriptCase } from './transcript';

const ID = '310115199003071239';

/** An earlier permit application made in this conversation (TestAdapter's conversation id). */
async function earlierPermit(env: Env): Promise<Record<string, string>> {
  const result = await env.applications.submit({
    idempotencyKey: 'earlier-permit-1',
    kind: 'permit',
    city: 'shanghai',
    applicant: { name: '张三', idNumber: ID, phone: '13800138000' },
    answers: { registeredOn: '2024-01-01', occupation: 'employed' },
    pickup: { method: 'selfPickup' },
    conversationId: 'Convo1',
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return { ref: result.value.referenceNumber };
}

/** Today is 2026-05-20; Shanghai's window is 30 days before expiry. */
const cases: TranscriptCase[] = [
  {
    name: 'inside the window (opens today), prefilled from the earlier application, submitted',
    setup: earlierPermit,
    steps: [
      ['上海', '上海'],
      ['居住证续签', ['找到您之前的申请（{ref}）', '有效期到哪天']],
      ['2026年6月19日', ['在签注时间内', '最新的住所证明，以及现在的就业或就读证明', '!凭合法稳定住所']],
      ['就业', ['劳动合同', '哪种住所', '!姓名（与身份证一致）']],
      ['自己的房子', '怎么领取'],
      [
        '网点自取',
        [
          '需要准备这些材料',
          // Audit row 2: renewal uploads the latest residence proof too (001 A4).
          '《房地产权证书》',
          '!租赁合同',
          '住所类型：自有住房',
          '居住证有效期至：2026年6月19日',
          '姓名：张三',
          '3101**********1239',
        ],
      ],
      // Audit row 7: renewal has only the 15-working-day legal limit (001), not the new-card 6 + 7.
      [
        '确认提交',
        [
          '「居住证签注」已提交成功',
          '受理编号：SH-20260520-',
          '法定办理时限：材料齐全后15个工作日，即2026年6月10日前',
          '!审核结果',
          '!制证',
        ],
      ],
    ],
    // TestAdapter's conversation id is "Convo1"; the earlier permit was submitted from it.
    check: async ({ store }) => {
      const apps = await store.applications.list({ kinds: ['renewal'] });
      expect(apps).toHaveLength(1);
      expect(apps[0]).toMatchObject({
        status: 'submitted',
        applicant: { name: '张三', idNumber: ID },
        answers: expect.objectContaining({ expiresOn: '2026-06-19' }) as unknown,
      });
    },
  },
  {
    // Audit row 3: Chengdu's renewal no longer demands a job or study proof.
    name: 'Chengdu: the any-one-of conditions are said and a home alone is offered; the checklist has the residence proofs',
    steps: [
      ['成都', '成都'],
      ['居住证续签', '有效期到哪天'],
      [
        '2026年6月19日',
        [
          '并满足其中任一项：合法稳定就业、合法稳定住所、连续就读',
          '没有另写成都签注的条件',
          '[凭合法稳定住所（没有就业或就读）]',
        ],
      ],
      ['凭合法稳定住所（没有就业或就读）', '姓名'],
      ['李四', '身份证'],
      [ID, '手机'],
      ['13800138000', '哪种住所'],
      ['租房', '怎么领取'],
      // Audit row 13: the delivery-area limit is Shanghai's (000); Chengdu states none (003).
      ['邮寄', ['收件地址', '!仅限']],
      [
        '上海市浦东新区世纪大道100号',
        ['!不在邮寄范围内', '需要准备这些材料', '· 房屋租赁备案凭证', '!居住地址证明', '!就业证明'],
      ],
      ['确认提交', '受理编号：CD-20260520-'],
    ],
  },
  {
    name: 'one day too early: says when the window opens; the reminder is recorded',
    steps: [
      ['上海', '上海'],
      ['我要续签', '有效期到哪天'],
      ['2026-06-20', ['到期前30天内办理', '从2026年5月21日起可以办理', '[到时提醒我]']],
      ['到时提醒我', '2026年5月21日会提醒您'],
    ],
    check: async ({ store }) => {
      const reminders = await store.documents.list<{ dueOn: string; kind: string }>(REMINDER_REQUESTS);
      expect(reminders.map((r) => r.value)).toEqual([
        expect.objectContaining({ kind: 'renewalWindow', dueOn: '2026-05-21' }),
      ]);
    },
  },
  {
    name: 'expired yesterday: explains registering again and the wait, offers registration and starts it',
    steps: [
      ['上海', '上海'],
      ['我要续签', '有效期到哪天'],
      ['2026年5月19日', ['已在2026年5月19日到期', '重新办理居住登记', '再等半年', '[办理居住登记]']],
      ['办理居住登记', ['办理居住登记，需要', '[开始填写]']],
    ],
  },
  {
    // Walk R1-M8: Chengdu's documents do not say what an expired permit needs; no registration in its place.
    name: 'Chengdu, expired: says the documents are silent, offers a person, and starts no other procedure',
    steps: [
      ['成都', '成都'],
      ['我要续签', '有效期到哪天'],
      ['2026年5月19日', ['已在2026年5月19日到期', '派出所确认', '[转人工]', '!办理居住登记吗', '!再等半年']],
      ['我要辦居住證續簽', ['!办理居住登记，需要', '![开始填写]']],
    ],
  },
  {
    name: 'without an earlier application the applicant is asked',
    steps: [
      ['上海', '上海'],
      ['我要续签', ['有效期到哪天', '!找到您之前的申请']],
      ['2026年6月1日', '哪种情况'],
      ['就读', ['在读证明', '姓名']],
      ['王五', '身份证'],
      [ID, '手机'],
      ['13800138000', '哪种住所'],
      ['租房', '怎么领取'],
      ['邮寄', '收件地址'],
      ['浦东新区世纪大道100弄2号301室', ['收件地址：浦东新区世纪大道100弄2号301室', '姓名：王五']],
      ['确认提交', '已提交成功'],
    ],
  },
];

describe('renewal dialog', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runCase(c);
  });
});
