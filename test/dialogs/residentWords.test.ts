import { runCase, type TranscriptCase } from './transcript';

/** Majors of the resident walk that are about what residents say, each a row. */
const cases: TranscriptCase[] = [
  {
    name: 'M9 (c52): "我要找客服" at the ID prompt reaches a person, not the ID check',
    withHandoffHook: true,
    steps: [
      ['上海', '上海'],
      ['居住证丢了要挂失', '姓名'],
      ['张三', '身份证'],
      ['我要找客服', ['人工客服已接入', '!应为18位']],
    ],
    check: ({ handoffs }) => {
      expect(handoffs).toHaveLength(1);
      return Promise.resolve();
    },
  },
  {
    name: 'M11 (c58, c59): "确定取消" and "取消申请" with nothing running do not start 解挂',
    steps: [
      ['确定取消', ['现在没有正在办理的事项', '!解挂']],
      ['取消申请', ['现在没有正在办理的事项', '!解挂']],
    ],
  },
  {
    name: 'M17 (c71): a Chengdu address is refused as a Shanghai residence address',
    steps: [
      ['我要办居住登记', '哪个城市'],
      ['上海', '[开始填写]'],
      ['开始填写', '谁的居住登记'],
      ['1', '哪种住所'],
      ['租房', '都符合吗'],
      ['是的', '居住地址'],
      ['成都市武侯区人民南路四段1号', ['这个地址不在上海', '居住地址', '!姓名']],
      ['浦东新区世纪大道100弄2号301室', '姓名'],
    ],
  },
  {
    name: 'M19 (c15): the reminder says how to stop it, and "不用提醒我了" stops it',
    steps: [
      ['上海', '上海'],
      ['申领居住证', '哪天办的'],
      ['2025-11-21', '[到时提醒我]'],
      ['到时提醒我', ['2026年5月21日会提醒您', '回复「退订提醒」']],
      ['不用提醒我了', '已为您退订'],
    ],
  },
  {
    name: 'M19: "取消提醒" stops reminders too',
    steps: [['取消提醒', ['已为您退订', '!解挂']]],
  },
  ...['不要再发了', '别再提醒我了', '以后不用提醒了', '关掉提醒', '停止提醒'].map((words): TranscriptCase => ({
    name: `M19: "${words}" stops reminders`,
    steps: [[words, ['已为您退订', '!解挂']]],
  })),
  ...['我想取消申请', '撤回申请', '申请不要了 帮我撤销'].map((words): TranscriptCase => ({
    name: `M11: "${words}" with nothing running says a submitted application is not withdrawn here, and is not 解挂`,
    steps: [
      ['我在上海', '上海'],
      [words, ['现在没有正在办理的事项', '撤不回', '转人工', '!解挂', '!姓名']],
    ],
  })),
  {
    name: 'M11: "我想取消申请" inside a procedure asks whether to stop it, like 取消',
    steps: [
      ['上海', '上海'],
      ['居住证丢了要挂失', '姓名'],
      ['张三', '身份证'],
      ['我想取消申请', ['确定', '!身份证号码应为']],
    ],
  },
];

describe('what residents say, understood', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runCase(c);
  });
});
