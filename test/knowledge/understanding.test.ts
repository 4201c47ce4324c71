import os from 'node:os';
import path from 'node:path';
import { createKnowledgeBase, type KnowledgeBase } from '../../src/knowledge';
import { otherCityDetector } from '../../src/knowledge/cityDetection';
import { cues } from '../../src/knowledge/features';
import { faqProcedureTieBreak } from '../../src/knowledge/intentModel';
import { normalizeText } from '../../src/knowledge/normalize';

/**
 * What a resident notices beyond the held-out score: greetings are greeted, a question about another
 * city is declined as such, "how does it work" and "do it for me" reach the faq or the procedure,
 * and "did you mean" buttons carry the text they send. The model is the shared cached one.
 */
let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await createKnowledgeBase({ modelDir: path.join(os.tmpdir(), 'banshi-model') });
}, 600_000);

test('greetings and thanks are understood, not rejected', () => {
  for (const text of ['你好', '您好', 'hello', '早上好', '你好呀'])
    expect(kb.understand(text).intent).toBe('smalltalk.greeting');
  expect(kb.understand('谢谢你').intent).toBe('smalltalk.thanks');
});

test('a residence question about a city we do not serve is declined as another city', () => {
  for (const text of ['长沙居住证签注怎么办', '我在杭州，居住证过期了怎么办', '武汉的居住登记去哪办']) {
    const u = kb.understand(text);
    expect({ text, intent: u.intent, kind: u.kind }).toEqual({ text, intent: 'oos.otherCity', kind: 'outOfScope' });
  }
  // A Shanghai street named after a city is not another city.
  const detect = otherCityDetector();
  expect(detect('住在南京西路附近')).toBeUndefined();
  expect(detect('南京的居住证')).toBe('南京');
  expect(detect('浦东新区')).toBeUndefined();
});

test('asking about a topic goes to the faq, asking to start it goes to the procedure', () => {
  expect(cues(normalizeText('地址变了怎么办'))).toEqual({ ask: true, act: false });
  expect(cues(normalizeText('我想问一下挂失'))).toEqual({ ask: true, act: false });
  expect(cues(normalizeText('帮我挂失'))).toEqual({ ask: false, act: true });
  expect(kb.understand('地址变了怎么办').intent).toBe('faq.addressChange');
  expect(kb.understand('我要变更居住地址').intent).toBe('procedure.addressChange');
  expect(kb.understand('居住证丢了怎么办').intent).toBe('faq.lossReport');
  expect(kb.understand('帮我挂失居住证').intent).toBe('procedure.lossReport');
  const ranked = [
    { intent: 'procedure.addressChange', score: 0.6 },
    { intent: 'faq.addressChange', score: 0.55 },
  ];
  expect(faqProcedureTieBreak(ranked, normalizeText('地址变了要怎么弄'))).toBe(true);
  expect(ranked[0].intent).toBe('faq.addressChange');
});

test('did-you-mean offers both candidates with the text each button sends', () => {
  const u = kb.understand('地址变更');
  expect(u.didYouMean?.map((d) => d.intent).sort()).toEqual(['faq.addressChange', 'procedure.addressChange']);
  for (const d of u.didYouMean ?? []) {
    expect(d.title).toBe(kb.title(d.intent));
    expect(d.value).toBe(kb.title(d.intent));
  }
});
