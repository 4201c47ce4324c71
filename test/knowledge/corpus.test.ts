import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CORPUS_DIR, CorpusError, loadCorpus, resolvePlaceholders } from '../../src/knowledge/corpusLoader';

/** The corpus files load, cover the whole catalogue, and a wrong placeholder stops loading. */
function corpusCopyWith(extra: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banshi-corpus-'));
  fs.copyFileSync(path.join(CORPUS_DIR, 'intents.json'), path.join(dir, 'intents.json'));
  fs.writeFileSync(path.join(dir, 'extra.json'), JSON.stringify(extra));
  return dir;
}
const utterances = Array.from({ length: 20 }, (_, i) => `快递要多少钱${i}`);

test('every catalogue intent has at least 20 utterances and every faq intent an answer with a source', () => {
  const corpus = loadCorpus();
  for (const entry of corpus.intents.values()) {
    expect({ intent: entry.intent, enough: entry.utterances.length >= 20 }).toEqual({
      intent: entry.intent,
      enough: true,
    });
    if (entry.kind === 'faq') {
      expect(entry.answers.length).toBeGreaterThan(0);
      for (const a of entry.answers) {
        expect(a.sources.length).toBeGreaterThan(0);
        expect(a.text).not.toMatch(/\{\{|\}\}/);
      }
    }
  }
});

test('a placeholder naming no policy fact fails loudly with the file and intent', () => {
  const dir = corpusCopyWith({
    entries: [
      {
        intent: 'faq.postalDelivery',
        answers: [{ city: 'shanghai', text: '{{delivery.nope}}', sources: ['000_1d6aa793aa3d65e2.txt'] }],
        utterances,
      },
    ],
  });
  expect(() => loadCorpus(dir)).toThrow(/extra\.json faq\.postalDelivery.*delivery\.nope/);
});

test('placeholders resolve to the city fact and add its source; "any" answers must name the city', () => {
  const r = resolvePlaceholders('费用{{delivery.post.feeYuan}}元', 'shanghai', 'test');
  expect(r.text).toBe('费用15元');
  expect(r.sources.length).toBeGreaterThan(0);
  expect(resolvePlaceholders('{{shanghai:delivery.post.feeYuan}}', 'any', 'test').text).toBe('15');
  expect(() => resolvePlaceholders('{{delivery.post.feeYuan}}', 'any', 'test')).toThrow(CorpusError);
});

test('an intent outside the catalogue or too few utterances is refused with a reason', () => {
  expect(() => loadCorpus(corpusCopyWith({ entries: [{ intent: 'faq.unknown', answers: [], utterances }] }))).toThrow(
    /not in intents\.json/,
  );
  expect(() =>
    loadCorpus(corpusCopyWith({ entries: [{ intent: 'faq.pickup', answers: [], utterances: ['取证'] }] })),
  ).toThrow(/at least 20/);
});
