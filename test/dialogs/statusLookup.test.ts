import { runCase, type Env, type Step, type TranscriptCase } from './transcript';

const ID = '310115199003071239';

/** Submits a permit application (and optionally ships it); returns its reference number as {ref}. */
async function submitted(env: Env, ship = false): Promise<Record<string, string>> {
  const result = await env.applications.submit({
    idempotencyKey: 'setup-permit-1',
    kind: 'permit',
    city: 'shanghai',
    applicant: { name: '张三', idNumber: ID, phone: '13800138000' },
    answers: { registeredOn: '2025-01-01', occupation: 'employed' },
    pickup: { method: 'post', address: '浦东新区世纪大道100弄2号301室' },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const ref = result.value.referenceNumber;
  if (ship) {
    const at = env.clock.now().toISOString();
    for (const to of ['underReview', 'approved', 'inProduction'] as const) {
      const moved = await env.applications.transition(ref, to, { actor: 'staff1', at });
      if (!moved.ok) throw new Error(JSON.stringify(moved.problems));
    }
    const shipped = await env.applications.transition(ref, 'shipped', {
      actor: 'staff1',
      at,
      deliveryNote: '邮政EMS单号 1234',
    });
    if (!shipped.ok) throw new Error(JSON.stringify(shipped.problems));
  }
  return { ref, refLower: ref.toLowerCase() };
}

const NOT_FOUND = ['没有找到对应的申请', '!待受理', '!张三'];
const failedLookup: Step[] = [
  ['查进度', '受理编号'],
  ['{ref}', '最后4位'],
  ['0000', NOT_FOUND],
];

const cases: TranscriptCase[] = [
  {
    name: 'the reference example follows the conversation city (no Shanghai number shown in Chengdu)',
    steps: [
      ['我在成都', '成都'],
      ['查询办理进度', ['例如 CD-20260520-', '!SH-']],
    ],
  },
  {
    name: 'right details (reference typed in lower case): status in plain words, timeline, expected date',
    setup: (env) => submitted(env),
    steps: [
      ['查询办理进度', '受理编号'],
      ['{refLower}', '身份证号码的最后4位'],
      [
        '1239',
        ['「居住证申领」受理编号 {ref}', '当前状态：待受理', '办理记录', '2026年5月20日 待受理', '预计2026年5月28日前'],
      ],
    ],
  },
  {
    name: 'shipped card: the delivery note and the whole timeline are shown',
    setup: (env) => submitted(env, true),
    steps: [
      ['查进度', '受理编号'],
      ['{ref}', '最后4位'],
      ['1239', ['当前状态：邮寄中', '寄送信息：邮政EMS单号 1234', '审核中', '制证中']],
    ],
  },
  {
    name: 'wrong last 4 and wrong reference get the same neutral answer',
    setup: (env) => submitted(env),
    steps: [
      ['查进度', '受理编号'],
      ['{ref}', '最后4位'],
      ['1238', NOT_FOUND],
      ['查进度', '受理编号'],
      ['SH-20260520-ZZZZZZZZ', '最后4位'],
      ['1239', NOT_FOUND],
    ],
  },
  {
    name: 'not found offers to look again; a reference number typed on its own starts the lookup with it',
    setup: (env) => submitted(env),
    steps: [
      ['查进度', '受理编号'],
      ['{ref}', '最后4位'],
      ['1238', [...NOT_FOUND, '[查询办理进度]', '[转人工]']],
      ['{ref}', ['最后4位', '!请输入受理编号']],
      ['1239', '当前状态：待受理'],
    ],
  },
  {
    name: 'five failures in an hour: refused, then allowed again an hour later',
    setup: (env) => submitted(env),
    steps: [
      ...failedLookup,
      ...failedLookup,
      ...failedLookup,
      ...failedLookup,
      ...failedLookup,
      ['查进度', ['查询失败已达5次', '[转人工]', '!请输入受理编号']],
      [{ waitMinutes: 61 }, []],
      ['查进度', '请输入受理编号'],
      ['{ref}', '最后4位'],
      ['1239', '当前状态：待受理'],
    ],
  },
  {
    name: 'badly formed answers are asked again with the reason',
    setup: (env) => submitted(env),
    steps: [
      ['查进度', '受理编号'],
      ['编号', ['受理编号由字母、数字', '请输入受理编号']],
      ['{ref}', '最后4位'],
      ['12', ['最后4位（数字']],
    ],
  },
];

describe('status lookup dialog', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runCase(c);
  });
});
