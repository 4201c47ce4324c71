/**
 * The intent-label part of `npm run eval` (src/cli/eval.ts): the held-out files and stratified k-fold
 * cross-validation on the corpus, for our model and for NLP.js out of the box, side by side; writes
 * reports/nlu-eval.html.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../paths';
import { loadCorpus } from '../corpusLoader';
import { trainingExamples, unrelatedQuestions, type KnowledgeBase } from '../index';
import { stratifiedFolds, trainCalibratedModel } from '../trainer';
import { trainBaseline } from './baseline';
import { HELDOUT_B_FILE, loadHeldout, type HeldoutCase } from './heldout';
import { htmlReport, type Section } from './htmlReport';
import { pct, report, summaryLine, type Outcome } from './metrics';

export interface IntentEvalOptions {
  /** Cross-validation folds; 0 skips cross-validation (it trains k calibrated models). */
  folds: number;
  /** The trained knowledge base and NLP.js out of the box trained on the whole corpus. */
  kb: KnowledgeBase;
  baseline: (text: string) => Promise<string>;
  log: (msg: string) => void;
}

export async function intentEvaluation({ folds: k, kb, baseline, log }: IntentEvalOptions): Promise<void> {
  const corpus = loadCorpus();
  const examples = trainingExamples(corpus);
  const missing = [...corpus.intents.values()].filter((e) => e.utterances.length === 0).map((e) => e.intent);
  log(
    `corpus: ${examples.length} utterances, ${corpus.intents.size - missing.length}/${corpus.intents.size} intents with utterances`,
  );
  if (missing.length) log(`  intents without utterances (cannot be predicted): ${missing.join(', ')}`);

  const folds = k > 1 ? stratifiedFolds(examples, k) : [];
  const cvOurs: Outcome[] = [];
  const cvBase: Outcome[] = [];
  for (let f = 0; f < (k > 1 ? k : 0); f += 1) {
    log(`cross-validation fold ${f + 1}/${k}`);
    const train = examples.filter((_, i) => folds[i] !== f);
    const test = examples.filter((_, i) => folds[i] === f);
    const model = await trainCalibratedModel(train, { negatives: unrelatedQuestions });
    const baseline = await trainBaseline(train);
    for (const e of test) {
      cvOurs.push({ text: e.text, expected: e.intent, predicted: model.predict(e.text).intent });
      cvBase.push({ text: e.text, expected: e.intent, predicted: await baseline(e.text) });
    }
  }

  const heldout = loadHeldout();
  let cityRight = 0;
  let cityTotal = 0;
  const run = async (cases: readonly HeldoutCase[], hideText: boolean) => {
    const ours: Outcome[] = [];
    const base: Outcome[] = [];
    for (const c of cases) {
      const u = kb.understand(c.text);
      // heldout-b stays unseen by whoever tunes the model: its texts never reach the report.
      const text = hideText ? '(hidden)' : c.text;
      ours.push({ text, expected: c.intent, predicted: u.intent });
      base.push({ text, expected: c.intent, predicted: await baseline(c.text) });
      if (!hideText) {
        cityTotal += 1;
        if (u.city === c.city) cityRight += 1;
      }
    }
    return { ours, base };
  };
  const ho = await run(heldout, false);
  const hoOurs = ho.ours;
  const sections: Section[] = [
    { title: `Ours — held-out (${heldout.length})`, report: report(hoOurs), outcomes: hoOurs },
    { title: 'NLP.js out of the box — held-out', report: report(ho.base), outcomes: ho.base },
  ];
  if (fs.existsSync(HELDOUT_B_FILE)) {
    const casesB = loadHeldout(HELDOUT_B_FILE);
    const b = await run(casesB, true);
    sections.push({ title: `Ours — held-out B (${casesB.length})`, report: report(b.ours), outcomes: b.ours });
    sections.push({ title: 'NLP.js out of the box — held-out B', report: report(b.base), outcomes: b.base });
  }
  if (cvOurs.length) {
    sections.push({ title: `Ours — ${k}-fold CV on the corpus`, report: report(cvOurs), outcomes: cvOurs });
    sections.push({ title: `NLP.js out of the box — ${k}-fold CV`, report: report(cvBase), outcomes: cvBase });
  }
  log('');
  log('Per intent, held-out, ours (accuracy | NLP.js out of the box):');
  const base = new Map(sections[1].report.perIntent.map((p) => [p.intent, p]));
  for (const p of sections[0].report.perIntent)
    log(
      `  ${p.intent.padEnd(30)} ${p.correct}/${p.total} ${pct(p.accuracy).padStart(8)} | ${pct(base.get(p.intent)?.accuracy ?? 0)}`,
    );
  log('');
  log('Most confused (held-out, ours): expected → predicted');
  for (const c of sections[0].report.confusedPairs) log(`  ${c.count} × ${c.expected} → ${c.predicted}`);
  if (cvOurs.length) {
    log('Most confused (CV, ours):');
    for (const c of report(cvOurs).confusedPairs.slice(0, 8)) log(`  ${c.count} × ${c.expected} → ${c.predicted}`);
  }
  log('');
  for (const s of sections) log(summaryLine(s.title, s.report));
  log(`city detection on held-out: ${cityRight}/${cityTotal}`);
  const dir = path.join(projectRoot, 'reports');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'nlu-eval.html');
  fs.writeFileSync(file, htmlReport(sections));
  log(`report: ${path.relative(projectRoot, file)}`);
}
