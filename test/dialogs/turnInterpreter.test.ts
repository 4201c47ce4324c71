import { interpret } from '../../src/dialogs/turn/utterance';
import { runCase, type TranscriptCase } from './transcript';

const ID = '310115199003071239';

const LOSS_TO_SUMMARY: TranscriptCase['steps'] = [
  ['上海', '上海'],
  ['居住证丢了要挂失', '姓名'],
  ['张三', '身份证'],
  [ID, '手机'],
  ['13800138000', ['姓名：张三', '[修改姓名]']],
];

/**
 * The turn interpreter (code review P1): one normaliser and one vocabulary in front of every layer.
 * Traditional input works at every prompt, a command is never stored as an answer (audit M3), and
 * "确定不办了吗？" is a dialog on the stack.
 */
const cases: TranscriptCase[] = [
  {
    name: 'Traditional at the prompts: 就業, 網點自取 and 確認提交 are understood (permit, Shanghai)',
    steps: [
      ['上海', '上海'],
      ['申領居住證', '哪天办的'],
      ['2025年11月20日', '哪种情况'],
      ['就業', ['「就业」需要准备', '姓名']],
      ['張三', '身份证'],
      [ID, '手机'],
      ['１３８００１３８０００', '上传'],
      ['已有照片', '一样吗'],
      ['地址不變', '哪种住所'],
      ['租賃住房', '怎么领取'],
      ['網點自取', ['请核对', '姓名：张三', '领取方式：网点自取']],
      ['確認提交', '已提交成功'],
    ],
    check: async ({ store }) => {
      const [app] = await store.applications.list();
      expect(app).toMatchObject({
        applicant: { name: '张三', phone: '13800138000' },
        pickup: { method: 'selfPickup' },
      });
    },
  },
  {
    name: 'Traditional 確定 at "确定不办了吗？" cancels (it used to continue the procedure)',
    steps: [
      ...LOSS_TO_SUMMARY.slice(0, 3),
      ['取消', ['确定不办', '[确定取消]', '[继续办理]']],
      ['確定', ['已取消', '!我们接着办']],
    ],
    check: async ({ store }) => expect(await store.applications.list()).toEqual([]),
  },
  {
    name: '继续办理 at "确定不办了吗？": the question that was asked comes again and its answer is taken',
    steps: [...LOSS_TO_SUMMARY.slice(0, 3), ['取消', '确定不办'], ['继续办理', ['我们接着办', '身份证']], [ID, '手机']],
  },
  {
    name: 'Traditional 轉人工 inside a procedure reaches a person and keeps the draft',
    withHandoffHook: true,
    steps: [...LOSS_TO_SUMMARY.slice(0, 3), ['轉人工', ['人工客服已接入', '!身份证号码格式']]],
    check: ({ handoffs }) => {
      expect(handoffs).toEqual(['procedure:procedure.lossReport']);
      return Promise.resolve();
    },
  },
  {
    name: 'M3 (c09): 返回 while changing the name from the summary goes back to the summary, name unchanged',
    steps: [
      ...LOSS_TO_SUMMARY,
      ['修改姓名', '姓名'],
      ['返回', ['姓名：张三', '!姓名：返回', '[修改姓名]']],
      ['修改姓名', '姓名'],
      ['上一步', ['姓名：张三', '!姓名：上一步']],
      ['修改姓名', '姓名'],
      ['李四', '姓名：李四'],
    ],
  },
  {
    name: 'M3: 返回 at the name prompt in the middle of a procedure is not taken as the name',
    steps: [
      ['上海', '上海'],
      ['居住证丢了要挂失', '姓名'],
      ['返回', ['核对信息时都可以点「修改」', '姓名']],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', ['姓名：张三', '!姓名：返回']],
    ],
  },
];

describe('turn interpreter: transcripts', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runCase(c);
  });
});

describe('turn interpreter: one reading of a message', () => {
  it.each([
    ['取消', { command: 'cancel' }],
    ['轉人工', { command: 'human', text: '转人工' }],
    ['返回', { command: 'back' }],
    ['上一步。', { command: 'back' }],
    ['取消排队', { command: 'leaveQueue' }],
    ['確定', { yesNo: 'yes', text: '确定' }],
    ['不要', { yesNo: 'no' }],
    ['ＯＫ', { yesNo: 'yes', text: 'OK' }],
    ['居住證怎麼辦理？', { isQuestion: true, text: '居住证怎么办理?' }],
    ['浦东新区世纪大道100弄2号', { isQuestion: false }],
  ] as const)('%s', (said, expected) => {
    expect(interpret(said)).toMatchObject(expected);
  });

  it('a sentence containing a command word is not the command', () => {
    expect(interpret('我想取消之前的申请').command).toBeUndefined();
    expect(interpret('返回上海以后还要办吗').command).toBeUndefined();
  });
});
