import { runCase, type TranscriptCase } from './transcript';

const CHENGDU_REGISTRATION_TO_NAME: TranscriptCase['steps'] = [
  ['成都', '成都'],
  ['我要办居住登记', '成都的资料没有单独列出办居住登记'],
  ['开始填写', '谁的居住登记'],
  ['1', '哪种住所'],
  ['租房', '居住地址'],
  ['成都市武侯区人民南路四段1号', '姓名'],
];

const SHANGHAI_REGISTRATION_TO_ADDRESS: TranscriptCase['steps'] = [
  ['上海', '上海'],
  ['我要办居住登记', '在上海办理居住登记'],
  ['开始填写', '谁的居住登记'],
  ['1', '哪种住所'],
  ['租房', '都符合吗'],
  ['是的', '居住地址'],
];

/** What residents say in the middle of a procedure that is not an answer to the question asked. */
const cases: TranscriptCase[] = [
  {
    name: 'a city switch at the name prompt is confirmed, not stored as the name; yes starts over for that city',
    steps: [
      ...CHENGDU_REGISTRATION_TO_NAME,
      ['等等 我其实是在上海办', ['改在上海办理「居住登记」吗', '[改在上海办]', '[继续在成都办]', '!身份证号码']],
      ['改在上海办', ['已改为按上海的规定办理', '在上海办理居住登记', '[开始填写]']],
    ],
  },
  {
    name: 'a city switch declined: the same prompt again, and the name typed next is the one kept',
    steps: [
      ...CHENGDU_REGISTRATION_TO_NAME,
      ['我其实是在上海辦', ['改在上海办理', '!身份证号码']],
      ['不用', ['继续按成都的规定办理', '姓名', '!身份证号码']],
      ['张三', '身份证号码'],
    ],
  },
  {
    name: 'a city switch at the address prompt of a Shanghai procedure',
    steps: [
      ...SHANGHAI_REGISTRATION_TO_ADDRESS,
      ['不对，我是在成都办', ['改在成都办理「居住登记」吗', '!地址太短']],
      ['是的', ['已改为按成都的规定办理', '成都的资料没有单独列出办居住登记']],
    ],
  },
  ...(
    [
      ['我要找真人客服', '姓名'],
      ['人工服務', '姓名'],
      ['我想找个工作人员', '姓名'],
      ['能帮我转人工吗', '姓名'],
    ] as const
  ).map(([words]): TranscriptCase => ({
    name: `"${words}" at the name prompt asks for a person and is not taken as the name`,
    withHandoffHook: true,
    steps: [...CHENGDU_REGISTRATION_TO_NAME, [words, ['人工客服已接入', '内容会保留', '!不像姓名']]],
    check: ({ handoffs }) => {
      expect(handoffs).toEqual(['procedure:procedure.registration']);
      return Promise.resolve();
    },
  })),
  {
    name: 'a request for a person at a choice prompt and with nothing running, in any wording',
    withHandoffHook: true,
    steps: [
      ['人工服務', '人工客服已接入'],
      ['成都', '成都'],
      ['我要办居住登记', '成都的资料没有单独列出办居住登记'],
      ['开始填写', '谁的居住登记'],
      ['转人工吧', ['人工客服已接入', '!没有这个选项']],
    ],
    check: ({ handoffs }) => {
      expect(handoffs).toHaveLength(2);
      return Promise.resolve();
    },
  },
  {
    name: '"不用转人工" is not a request for a person',
    withHandoffHook: true,
    steps: [...CHENGDU_REGISTRATION_TO_NAME, ['不用转人工', '!人工客服已接入']],
    check: ({ handoffs }) => {
      expect(handoffs).toEqual([]);
      return Promise.resolve();
    },
  },
  {
    name: 'a question at the address prompt is answered from the FAQ, not stored as the address, and asked again',
    steps: [
      ...SHANGHAI_REGISTRATION_TO_ADDRESS,
      ['地址要写到门牌号吗？', ['【答:地址写法】', '居住地址', '!姓名']],
      // Not in the FAQ, and it reads as an address (号, 室): still a question, never the address.
      ['要写到几号几室吗？', ['没有把握答准', '居住地址', '!姓名']],
      ['浦东新区世纪大道100弄2号301室', '姓名'],
    ],
  },
  {
    name: 'a question at the date prompt that the FAQ cannot answer is not refused as a bad date and not stored',
    steps: [
      ['上海', '上海'],
      ['申领居住证', '哪天办的'],
      ['要是记不清日期怎么办', ['没有把握答准', '转人工', '哪天办的', '!没看懂这个日期']],
      ['2025-03-15', '!哪天办的'],
    ],
  },
  {
    name: 'a question the model is only half sure of gets no guessed answer at a field prompt',
    steps: [
      ['上海', '上海'],
      ['申领居住证', '哪天办的'],
      ['需要什么材料？', ['没有把握答准', '哪天办的', '!【答:租房材料】']],
    ],
  },
  {
    name: 'a question at a choice prompt that contains an option word is not taken as that option',
    steps: [
      ['上海', '上海'],
      ['申领居住证', '哪天办的'],
      ['2025年11月20日', ['哪种情况', '[就业]']],
      ['灵活就业算就业吗', ['像是在提问', '哪种情况', '!「就业」需要准备', '!姓名']],
      ['就业', ['「就业」需要准备', '姓名']],
    ],
  },
];

describe('interruptions inside a procedure', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runCase(c);
  });
});
