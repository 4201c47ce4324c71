import os from 'node:os';
import path from 'node:path';
import { createKnowledgeBase, type KnowledgeBase } from '../../src/knowledge';
import { loadHeldout } from '../../src/knowledge/evaluation/heldout';
import { report, type Outcome } from '../../src/knowledge/evaluation/metrics';

/**
 * Guards the model's quality on the held-out questions (never trained on). The floors sit a little
 * under the measured numbers (see `npm run eval`), so a corpus or code change that makes residents
 * get wrong answers fails here. The model is cached by corpus hash; the first run trains it.
 */
const IN_SCOPE_FLOOR = 0.95;
const OUT_OF_SCOPE_FLOOR = 0.92;

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await createKnowledgeBase({ modelDir: path.join(os.tmpdir(), 'banshi-model') });
}, 600_000);

test('held-out questions: in-scope answered right and out-of-scope declined above the floors', () => {
  const outcomes: Outcome[] = loadHeldout().map((c) => ({
    text: c.text,
    expected: c.intent,
    predicted: kb.understand(c.text).intent,
  }));
  const r = report(outcomes);
  expect(r.inScope.accuracy).toBeGreaterThanOrEqual(IN_SCOPE_FLOOR);
  expect(r.outOfScope.recall).toBeGreaterThanOrEqual(OUT_OF_SCOPE_FLOOR);
});

test('the city named in a question is detected, Traditional characters and districts included', () => {
  expect(kb.detectCity('我在浦东租房')).toBe('shanghai');
  expect(kb.detectCity('武侯区的派出所在哪')).toBe('chengdu');
  expect(kb.detectCity('成都居住證')).toBe('chengdu');
  expect(kb.detectCity('申请居住证要什么')).toBeUndefined();
});

test('a postal question gets the city fee from the policy data, or a request for the city', () => {
  expect(kb.understand('居住证能寄到家吗').intent).toBe('faq.postalDelivery');
  const sh = kb.answer('faq.postalDelivery', 'shanghai');
  expect(sh.kind).toBe('answer');
  if (sh.kind === 'answer') {
    expect(sh.answer.text).toContain('15');
    expect(sh.answer.text).not.toMatch(/\{\{/);
    expect(sh.answer.sources.length).toBeGreaterThan(0);
  }
  expect(kb.answer('faq.postalDelivery').kind).toBe('needsCity');
  expect(kb.answer('faq.noSuchIntent').kind).toBe('unknownIntent');
});

test('unrelated or empty input is not understood, and titles exist for did-you-mean buttons', () => {
  for (const text of ['', '今天股市怎么样', '？？？']) expect(kb.understand(text).intent).toBe('None');
  expect(kb.understand('').kind).toBe('none');
  expect(kb.title('faq.postalDelivery')).toContain('快递');
});
