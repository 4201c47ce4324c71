import os from 'node:os';
import path from 'node:path';
import { inProcessAssistant, type AssistantUnderTest } from '../../src/cli/evaluation/assistants';
import type { BankCase } from '../../src/cli/evaluation/bank';
import { judge } from '../../src/cli/evaluation/judge';
import { createKnowledgeBase, type KnowledgeBase } from '../../src/knowledge';

/**
 * One test per failure class of issue 11, on questions written here (not from the banks), asked the way
 * a resident asks: a fresh conversation, the whole assistant, the trained model, the reply judged by
 * the facts it must state.
 */
let kb: KnowledgeBase;
let assistant: AssistantUnderTest;

beforeAll(async () => {
  kb = await createKnowledgeBase({ modelDir: path.join(os.tmpdir(), 'banshi-model') });
  assistant = inProcessAssistant(kb);
}, 600_000);

afterAll(async () => assistant.close?.());

type Case = Omit<BankCase, 'id' | 'city' | 'style' | 'source'>;

async function expectRight(c: Case): Promise<string> {
  const o = await assistant.ask(c.text);
  const verdict = judge({ id: c.text, ...c }, o);
  expect({ text: c.text, reply: o.text, reason: verdict.reason ?? 'ok' }).toEqual(
    expect.objectContaining({ reason: 'ok' }),
  );
  return o.text;
}

test('a city named with a question not understood: no "switched to" announcement', async () => {
  const o = await assistant.ask('我是来上海打工的，呜呜呜');
  expect(o.text).not.toContain('已切换');
});

test('neighbouring intents: photo size and clothing get the photo rules, not photo reuse', async () => {
  await expectRight({ text: '居住证照片宽和高是多少像素', kind: 'policy', facts: ['358', '441'] });
  await expectRight({ text: '上海拍居住证照片要穿什么衣服', kind: 'policy', facts: ['深色', '制服'] });
});

test('neighbouring intents (re-audit): a photo background colour gets the white background, a fee question the only fee', async () => {
  await expectRight({ text: '上海居住證照片可以用藍色背景嗎', kind: 'policy', facts: ['白'], forbid: ['^可以'] });
  await expectRight({ text: '上海居住证工本费要交吗', kind: 'policy', facts: ['15\\s*元'], forbid: ['不能办'] });
});

test('neighbouring intents: how long after registering gets the six months, not the confirmation time', async () => {
  await expectRight({ text: '办完居住登记多久以后可以申请居住证', kind: 'policy', facts: ['6个月'] });
});

test('neighbouring intents: Chengdu, who reviews the application', async () => {
  await expectRight({ text: '成都居住证是谁来审核', kind: 'policy', facts: ['派出所'], forbid: ['提醒'] });
});

test('platform names imply the city: 随申办 is Shanghai, 天府市民云 is Chengdu', async () => {
  await expectRight({ text: '在随申办上怎么查办理进度', kind: 'policy', facts: ['我的办件'], forbid: ['天府市民云'] });
  await expectRight({
    text: '天府市民云提交居住证申请一直显示不符合条件',
    kind: 'policy',
    facts: ['社保|居住登记'],
    forbid: ['随申办'],
  });
  expect(kb.detectCity('一网通办网址打不开')).toBe('shanghai');
  expect(kb.detectCity('上海公安人口管理公众号')).toBe('shanghai');
  expect(kb.detectCity('四川政务服务网怎么登录')).toBe('chengdu');
  // A city named outright wins over a platform of the other city.
  expect(kb.detectCity('可以用天府市民云办上海的居住证吗')).toBe('shanghai');
});

test('compound questions comparing the cities get both cities’ answers', async () => {
  const reply = await expectRight({
    text: '上海和成都的居住证分别在哪里办',
    kind: 'policy',
    facts: ['社区事务受理服务中心', '派出所'],
  });
  expect(reply).toContain('【上海】');
  expect(reply).toContain('【成都】');
});

test('compound questions are answered in parts: how long until I can apply, and how many working days after', async () => {
  await expectRight({
    text: '上海办完居住登记要等多久才能申请居住证？申请以后审核要几个工作日？',
    kind: 'policy',
    facts: ['6个月', '6个工作日'],
  });
});

test('long situational questions get their topic', async () => {
  await expectRight({
    text: '我是去年从河南过来的，在浦东一家工厂上班，厂里给安排了宿舍住，现在想办个居住证，需要厂里开什么证明吗',
    kind: 'policy',
    facts: ['集体宿舍证明'],
  });
});

test('an out-of-scope request naming a city is declined, not just "switched to"', async () => {
  for (const text of ['成都明天会下雨吗', '成都公租房怎么申请', '上海的护照过期了怎么换'])
    expect((await expectRight({ text, kind: 'oos' })).includes('已切换')).toBe(false);
});

test('a city the card is posted to is not a question about that city’s permit', async () => {
  await expectRight({
    text: '我想把居住证寄到南京我爸家，可以吗',
    kind: 'policy',
    facts: ['本市'],
    forbid: ['其他城市'],
  });
  await expectRight({ text: '南京居住证怎么办', kind: 'oos' });
});

test('a procedure started without a city names the procedure when asking for it', async () => {
  const o = await assistant.ask('我要挂失居住证');
  expect(o.procedure).toBe('procedure.lossReport');
  expect(o.text).toContain('办理「居住证挂失」，请问您在哪个城市办理');
});

test('asked where to register in Chengdu, the resident is told where', async () => {
  await expectRight({ text: '在成都去哪里办居住登记', kind: 'policy', facts: ['派出所|天府市民云'] });
});

test('a question the model is unsure of but about residence permits gets an answer and other readings as buttons', async () => {
  const o = await assistant.ask('上海居住证网签备案和居住证申请能一起办吗');
  expect(o.text).not.toContain('没听懂');
  expect(o.buttons.length).toBeGreaterThan(0);
});
