import { runCase, type Env, type Step, type TranscriptCase } from './transcript';

const ID = '310115199003071239';

/** Submits a permit application (and optionally ships it); returns its reference number as {ref}. */
async function submitted(env: Env, ship = false, city = 'shanghai'): Promise<Record<string, string>> {
  const result = await env.applications.submit({
    idempotencyKey: 'setup-permit-1',
    kind: 'permit',
    city,
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
        [
          '「居住证申领」受理编号 {ref}',
          '当前状态：已提交，等待受理',
          '办理记录',
          '2026年5月20日 已提交，等待受理',
          '预计2026年5月28日前',
        ],
      ],
    ],
  },
  {
    // Audit finding 18: 待受理/审核中/制证中/办结 are Chengdu's names (003); Shanghai's documents name none.
    name: 'Shanghai: plain words and a note that the city names no stages, never Chengdu’s status names',
    setup: (env) => submitted(env, true),
    steps: [
      ['查进度', '受理编号'],
      ['{ref}', '最后4位'],
      [
        '1239',
        [
          '当前状态：证件已寄出',
          '寄送信息：邮政EMS单号 1234',
          '正在审核',
          '正在制作证件',
          '上海的资料没有列出固定的状态名称',
          '!审核中',
          '!制证中',
          '!邮寄中',
        ],
      ],
    ],
  },
  {
    name: 'Chengdu: the stages carry the names Chengdu’s service shows (003), in plain words where it names none',
    setup: (env) => submitted(env, true, 'chengdu'),
    steps: [
      ['我在成都', '成都'],
      ['查进度', '受理编号'],
      ['{ref}', '最后4位'],
      ['1239', ['当前状态：证件已寄出', '待受理', '审核中', '制证中', '!没有列出固定的状态名称']],
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
      ['1239', '当前状态：已提交'],
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
      ['1239', '当前状态：已提交'],
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
