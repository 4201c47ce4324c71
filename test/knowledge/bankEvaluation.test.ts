import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isUntouched, loadBank } from '../../src/cli/evaluation/bank';
import { judge, type Observation } from '../../src/cli/evaluation/judge';

/** The bank format the independent authors write, and the judge that scores a reply by it. */
const reply = (text: string, extra: Partial<Observation> = {}): Observation => ({
  text,
  buttons: [],
  handoff: false,
  ...extra,
});

function writeBank(content: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bank-')), 'x-untouched.json');
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

test('a bank file in the authors’ format loads, with its authorship comment; a bare array too', () => {
  const cases = [
    {
      id: 'a1',
      text: '成都居住证要几个月',
      city: 'chengdu',
      kind: 'policy',
      facts: ['6个月'],
      source: '003',
      style: 'plain',
    },
    { id: 'a2', text: '你好', city: null, kind: 'smalltalk', style: 'short' },
    { id: 'a3', text: '挂失', city: null, kind: 'task', procedure: 'lossReport' },
  ];
  const bank = loadBank(writeBank({ $comment: 'written by an independent author', cases }));
  expect(bank.cases.map((c) => c.id)).toEqual(['a1', 'a2', 'a3']);
  expect(bank.comment).toContain('independent');
  expect(isUntouched(bank)).toBe(true);
  expect(loadBank(writeBank(cases)).cases).toHaveLength(3);
});

test('a broken bank is refused with the file and the question named', () => {
  const bad = writeBank({ cases: [{ id: 'b1', text: '怎么办', kind: 'policy', facts: ['(unclosed'] }] });
  expect(() => loadBank(bad)).toThrow(/x-untouched\.json.*not a valid regular expression/);
  const noProcedure = writeBank({ cases: [{ id: 'b2', text: '帮我办', kind: 'task' }] });
  expect(() => loadBank(noProcedure)).toThrow(/b2: a task names its procedure/);
});

test('policy replies need every fact, after Traditional → Simplified, and no forbidden claim', () => {
  const c = { id: 'p', text: 'q', kind: 'policy' as const, facts: ['派出所', '6个月|六个月'], forbid: ['随申办'] };
  expect(judge(c, reply('由居住地派出所审核，登记满6个月')).ok).toBe(true);
  expect(judge(c, reply('由居住地派出所審核，登記滿六個月')).ok).toBe(true);
  expect(judge(c, reply('由居住地派出所审核')).reason).toMatch(/missing/);
  expect(judge(c, reply('派出所，6个月，随申办')).reason).toMatch(/forbidden/);
  // A fact only on a button was offered, not said.
  expect(judge(c, reply('请选择', { buttons: ['派出所', '6个月'] })).ok).toBe(false);
});

test('out-of-scope must be declined; handoff, task and smalltalk by what the assistant did', () => {
  const oos = { id: 'o', text: 'q', kind: 'oos' as const };
  expect(judge(oos, reply('公积金不在我能回答的范围内。')).ok).toBe(true);
  expect(judge(oos, reply('抱歉，我没听懂。')).ok).toBe(true);
  expect(judge(oos, reply('好的，已切换为成都。')).ok).toBe(false);
  expect(judge(oos, reply('请问您在哪个城市办理？', { procedure: 'procedure.renewal' })).ok).toBe(false);
  expect(judge({ id: 'h', text: 'q', kind: 'handoff' }, reply('已为您转人工', { handoff: true })).ok).toBe(true);
  expect(judge({ id: 'h', text: 'q', kind: 'handoff' }, reply('需要的话我可以帮您转人工')).ok).toBe(false);
  const task = { id: 't', text: 'q', kind: 'task' as const, procedure: 'lossReport' as const };
  expect(judge(task, reply('…', { procedure: 'procedure.lossReport' })).ok).toBe(true);
  expect(judge(task, reply('…', { procedure: 'procedure.lossCancellation' })).ok).toBe(false);
  const chat = { id: 's', text: '再见', kind: 'smalltalk' as const };
  expect(judge(chat, reply('不客气！还有问题随时问我。')).ok).toBe(true);
  expect(judge(chat, reply('抱歉，我没听懂。')).ok).toBe(false);
});
