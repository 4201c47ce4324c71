import os from 'node:os';
import path from 'node:path';
import { inProcessAssistant, type AssistantUnderTest } from '../../src/cli/evaluation/assistants';
import { defaultBankFiles, loadBank } from '../../src/cli/evaluation/bank';
import { runBank, score } from '../../src/cli/evaluation/score';
import { createKnowledgeBase } from '../../src/knowledge';

/**
 * The floor on the independent question banks' tune parts, end to end: every question in a fresh
 * conversation through the whole assistant (router, city handling, did-you-mean, the trained model),
 * scored by the facts in the reply as `npm run eval` scores it. The floors sit a little under what
 * `npm run eval` measures (tune: 91.4 % overall, 88.0 % policy, 100 % out-of-scope, handoff and
 * smalltalk, 95 % task), so a change that makes residents get wrong answers fails here.
 *
 * The untouched parts were run once, after all tuning, on 2026-12-02 (`npm run eval -- --bank
 * test/knowledge/independent/*-untouched.json`), on the merged tree: 85.5 % overall, 83.3 % policy, 89.8 %
 * out-of-scope declined, 100 % handoff, 90.9 % task, 77.8 % smalltalk. Their floor sits just under that; nobody may
 * tune on them (their question texts are not printed by `npm run eval`), only raise the floor.
 */
const TUNE_FLOOR = { overall: 0.89, policy: 0.85, oos: 0.95, handoff: 1, task: 0.9, smalltalk: 1 };
const UNTOUCHED_FLOOR = { overall: 0.84, policy: 0.81, oos: 0.87, handoff: 1, task: 0.88, smalltalk: 0.72 };

const tuneFiles = defaultBankFiles().filter((f) => /-tune\.json$/.test(f));
const untouchedFiles = defaultBankFiles().filter((f) => /-untouched\.json$/.test(f));
let assistant: AssistantUnderTest;

beforeAll(async () => {
  const kb = await createKnowledgeBase({ modelDir: path.join(os.tmpdir(), 'banshi-model') });
  assistant = inProcessAssistant(kb);
}, 600_000);

afterAll(async () => assistant.close?.());

test('both cities have a frozen tune and untouched bank with its authorship noted', () => {
  expect(tuneFiles.map((f) => path.basename(f)).sort()).toEqual(['chengdu-tune.json', 'shanghai-tune.json']);
  expect(untouchedFiles.map((f) => path.basename(f)).sort()).toEqual([
    'chengdu-untouched.json',
    'shanghai-untouched.json',
  ]);
  for (const f of [...tuneFiles, ...untouchedFiles]) expect(loadBank(f).comment).toMatch(/independent author/);
});

async function expectFloor(files: string[], floor: typeof TUNE_FLOOR): Promise<void> {
  // One question at a time: the in-process assistant reads each turn's replies from one adapter queue.
  const results = [];
  for (const f of files) results.push(...(await runBank(assistant, loadBank(f).cases)));
  const s = score(results);
  const share = (k: keyof typeof s.byKind) => s.byKind[k].correct / s.byKind[k].total;
  const failed = results.filter((r) => !r.verdict.ok).map((r) => r.case.id);
  expect({ overall: s.correct / s.total >= floor.overall, failed }).toEqual(expect.objectContaining({ overall: true }));
  expect(share('policy')).toBeGreaterThanOrEqual(floor.policy);
  expect(share('oos')).toBeGreaterThanOrEqual(floor.oos);
  expect(share('handoff')).toBeGreaterThanOrEqual(floor.handoff);
  expect(share('task')).toBeGreaterThanOrEqual(floor.task);
  expect(share('smalltalk')).toBeGreaterThanOrEqual(floor.smalltalk);
}

test('tune banks end to end: facts answered, out-of-scope declined, handoffs, tasks and smalltalk above the floors', async () => {
  await expectFloor(tuneFiles, TUNE_FLOOR);
}, 120_000);

test('untouched banks end to end stay above the floor measured once after tuning', async () => {
  await expectFloor(untouchedFiles, UNTOUCHED_FLOOR);
}, 180_000);
