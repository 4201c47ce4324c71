import { BOT_STATE_COLLECTION, HANDOFF_REQUESTS } from '../../src/dialogs';
import { runCase, type Step, type TranscriptCase } from './transcript';

const ID = '310115199003071239';

/** Registration started in Shanghai, up to the name prompt, with residence type and address entered. */
const REGISTRATION_TO_NAME: Step[] = [
  ['我要办居住登记', '哪个城市'],
  ['上海', '开始填写'],
  ['开始填写', '谁的居住登记'],
  ['本人办理', '哪种住所'],
  ['租房', ['先确认三件事', '[都符合]']],
  ['对', '居住地址'],
  ['浦东新区世纪大道100弄2号301室', '申请人姓名'],
];

const cases: TranscriptCase[] = [
  {
    name: 'welcome on joining: two or three lines and the main procedures as buttons',
    steps: [[{ join: true }, ['居住证办事助手', '[办理居住登记]', '[申领居住证]', '[查询办理进度]']]],
  },
  {
    name: 'with no city yet a city-dependent answer is given for each city; the city then chosen is remembered and changed by "我在成都"',
    steps: [
      ['快递要多少钱', ['【上海】', '【答:快递·上海】', '【成都】', '【答:快递·成都】', '[上海]', '[成都]']],
      ['上海', ['上海', '!没听懂']],
      ['快递要多少钱', ['【答:快递·上海】', '!【成都】', '!哪个城市']],
      ['我在成都', ['已切换为成都', '!没听懂']],
      ['快递要多少钱', ['【答:快递·成都】', '!哪个城市']],
      ['我在成都', ['成都', '!没听懂']],
    ],
  },
  {
    name: 'a question the model reads as "another city" while naming none is answered for our own city',
    steps: [
      ['我在成都', '成都'],
      ['居住证咋申请', ['【答:网上步骤·成都】', '!其他城市']],
      ['北京居住证咋申请', ['【答:其他城市】']],
    ],
  },
  {
    name: 'a city named in the question is used without asking',
    steps: [['成都快递要多少钱', ['【答:快递·成都】', '!哪个城市']]],
  },
  {
    name: 'greeting and thanks get a short reply with buttons; out of scope gets its corpus answer',
    steps: [
      ['你好', ['您好', '[办理居住登记]']],
      ['积分怎么算', '【答:积分】'],
      ['谢谢', ['不客气', '[申领居住证]']],
    ],
  },
  {
    name: 'a close call whose closest reading is a procedure starts it instead of offering a choice',
    steps: [['我想申请上海的居住证', ['满6个月', '!您是想问']]],
  },
  {
    name: 'a close call between questions: the closest is answered at once, the other offered as a button that answers it',
    steps: [
      ['材料', ['【答:租房材料】', '如果您想问的是别的', '[照片有什么要求]', '![租房需要什么材料]']],
      ['照片有什么要求', '【答:照片要求】'],
    ],
  },
  {
    name: 'not understood: says what it covers with buttons and 转人工; the second time in a row starts the handoff',
    withHandoffHook: true,
    steps: [
      ['今天天气怎么样', ['没听懂', '只负责居住登记和居住证', '[办理居住登记]', '[转人工]']],
      ['讲个笑话', ['还是没听懂', '转人工', '人工客服已接入']],
    ],
    check: async ({ handoffs }) => expect(handoffs).toEqual(['not understood twice']),
  },
  {
    name: 'asking for a person with no staff hook: acknowledged and recorded',
    steps: [['我要找人工', '已为您登记转人工']],
    check: async ({ store }) => {
      const requests = await store.documents.list<{ reason: string; conversationId: string }>(HANDOFF_REQUESTS);
      expect(requests).toHaveLength(1);
      expect(requests[0].value.conversationId).toBeTruthy();
    },
  },
  {
    name: 'asking for a person mid-procedure with a staff hook: the hook is called and the draft kept',
    withHandoffHook: true,
    steps: [...REGISTRATION_TO_NAME, ['转人工', ['人工客服已接入', '已填写的内容会保留']], ['张三', '身份证号码']],
    check: async ({ handoffs }) => expect(handoffs).toEqual(['procedure:procedure.registration']),
  },
  {
    name: 'FAQ interruption mid-procedure: answered, then the same prompt again, answers kept',
    steps: [
      ...REGISTRATION_TO_NAME,
      ['照片有什么要求？', ['【答:照片要求】', '申请人姓名']],
      ['快递要多少钱？', ['【答:快递·上海】', '申请人姓名']],
      ['张三', '身份证号码'],
      [ID, '手机'],
      ['13800138000', '上传'],
      ['已有照片', ['居住地址：浦东新区世纪大道100弄2号301室', '姓名：张三']],
    ],
  },
  {
    name: 'help at a prompt: explains, then asks again',
    steps: [...REGISTRATION_TO_NAME, ['帮助', ['您正在办理「居住登记」', '取消', '申请人姓名']]],
  },
  {
    name: 'cancel with nothing entered: cancelled at once',
    steps: [
      ['我要办居住登记', '哪个城市'],
      ['上海', '开始填写'],
      ['取消', ['已取消「居住登记」', '!确定不办']],
      ['你好', '您好'],
    ],
  },
  {
    name: 'cancel with data entered: confirm first; "继续办理" keeps everything',
    steps: [
      ...REGISTRATION_TO_NAME,
      ['取消', ['确定不办「居住登记」了吗', '[确定取消]', '[继续办理]']],
      ['继续办理', ['接着办', '申请人姓名']],
      ['退出', '确定不办'],
      ['确定取消', '已取消「居住登记」'],
      ['张三', ['没听懂', '!身份证']],
    ],
  },
  {
    name: 'restart: the procedure starts again from the notice',
    steps: [...REGISTRATION_TO_NAME, ['重新开始', ['从头开始', '开始填写']]],
  },
  {
    name: 'resume after leaving: asked to continue, continues at the same prompt with answers kept',
    steps: [
      ...REGISTRATION_TO_NAME,
      [{ waitMinutes: 60 * 24 }, []],
      ['你好', ['「居住登记」还没完成', '[接着办]', '[不办了]']],
      ['接着办', '申请人姓名'],
      ['张三', '身份证号码'],
      [ID, '手机'],
      ['13800138000', '上传'],
      ['已有照片', '居住地址：浦东新区世纪大道100弄2号301室'],
    ],
  },
  {
    name: 'resume on rejoining the conversation; declining drops the draft',
    steps: [
      ...REGISTRATION_TO_NAME,
      [{ join: true }, ['还没完成', '[接着办]']],
      ['不办了', '已放弃「居住登记」'],
      ['张三', '没听懂'],
    ],
  },
  {
    name: 'a draft older than DRAFT_TTL_HOURS is dropped with a note',
    steps: [...REGISTRATION_TO_NAME, [{ waitMinutes: 73 * 60 }, []], ['你好', ['已超过72小时', '已清除', '您好']]],
  },
  {
    name: 'three wrong answers at one prompt offer a person; tapping it calls the hook',
    withHandoffHook: true,
    steps: [
      ...REGISTRATION_TO_NAME,
      ['张三', '身份证'],
      ['1', ['应为18位', '!转人工']],
      ['2', ['应为18位', '!转人工']],
      ['3', ['应为18位', '[转人工]']],
      ['转人工', '人工客服已接入'],
    ],
  },
];

describe('conversation: routing, city, interruptions, cancel, resume', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runCase(c);
  });

  it('state lives in the store collection "bot-state"', async () => {
    const { env } = await runCase({ name: 'state', steps: REGISTRATION_TO_NAME });
    const docs = await env.store.documents.list<Record<string, unknown>>(BOT_STATE_COLLECTION);
    expect(docs).toHaveLength(1);
    expect(JSON.stringify(docs[0].value)).toContain('浦东新区世纪大道100弄2号301室');
  });
});
