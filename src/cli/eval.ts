/**
 * `npm run eval`: how well the assistant understands residents, measured two ways.
 *
 * 1. Question banks, end to end: each question in a fresh conversation through the whole assistant
 *    (router, city handling, did-you-mean, procedures, the trained model), scored by the reply (facts,
 *    forbidden claims, decline, handoff, procedure started, smalltalk answered). Beside it the knowledge
 *    layer alone given the question's city, for our model and for NLP.js out of the box.
 * 2. Intent labels: the held-out files and k-fold cross-validation on the corpus (as before).
 *
 * Usage:
 *   npm run eval                               banks in test/knowledge/independent, held-out files, 5-fold CV
 *   npm run eval -- --bank a.json [b.json…]    only these banks (no CV)
 *   npm run eval -- --url http://127.0.0.1:3978   the end-to-end part over Direct Line against a running server
 *   options: --folds k (0: no CV), --no-cv, --retrain, --show (print failures even of untouched banks),
 *            --hide (print no question texts), --json <file> (per-question results)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCorpus } from '../knowledge/corpusLoader';
import { createKnowledgeBase, trainingExamples } from '../knowledge';
import { trainBaseline } from '../knowledge/evaluation/baseline';
import { intentEvaluation } from '../knowledge/evaluation/runEval';
import { listPolicies } from '../domain/policies';
import { defaultBankFiles, isUntouched, loadBank } from './evaluation/bank';
import {
  directLineAssistant,
  inProcessAssistant,
  knowledgeLayer,
  type AssistantUnderTest,
} from './evaluation/assistants';
import { runBank, score, scoreLine, styleLine, type CaseResult } from './evaluation/score';

const log = (msg: string) => process.stdout.write(`${msg}\n`);

interface Args {
  banks: string[];
  bankOnly: boolean;
  url?: string;
  folds: number;
  retrain: boolean;
  show: boolean;
  hide: boolean;
  json?: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { banks: [], bankOnly: false, folds: 5, retrain: false, show: false, hide: false };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const value = () => {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      i += 1;
      return v;
    };
    if (a === '--bank') {
      args.bankOnly = true;
      while (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) args.banks.push(path.resolve(argv[++i]));
      if (!args.banks.length) throw new Error('--bank needs at least one file');
    } else if (a === '--url') args.url = value();
    else if (a === '--folds') args.folds = Number(value());
    else if (a === '--no-cv') args.folds = 0;
    else if (a === '--retrain') args.retrain = true;
    else if (a === '--show') args.show = true;
    else if (a === '--hide') args.hide = true;
    else if (a === '--json') args.json = path.resolve(value());
    else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isInteger(args.folds) || args.folds < 0) throw new Error('--folds takes a whole number');
  return args;
}

const clip = (s: string, n: number) => {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > n ? `${flat.slice(0, n)}…` : flat;
};

function printFailures(results: readonly CaseResult[]): void {
  const failed = results.filter((r) => !r.verdict.ok);
  if (!failed.length) return;
  log(`  failures (${failed.length}):`);
  for (const r of failed) {
    const c = r.case;
    const what = c.kind === 'task' ? `task ${c.procedure}` : c.kind;
    log(`  ✗ ${c.id} [${what}${c.style ? `/${c.style}` : ''}${c.city ? ` ${c.city}` : ''}] ${c.text}`);
    log(`      ${r.verdict.reason ?? ''} ← ${clip(r.observation.text, 160)}`);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const files = args.banks.length ? args.banks : defaultBankFiles();
  const banks = files.map((f) => loadBank(f));
  const corpus = loadCorpus();
  const kb = await createKnowledgeBase({
    modelDir: path.join(os.tmpdir(), 'banshi-model'),
    onProgress: log,
    retrain: args.retrain,
  });
  log('training NLP.js out of the box on the same corpus');
  const baseline = await trainBaseline(trainingExamples(corpus));
  const cities = listPolicies().map((p) => p.id);

  const endToEnd: AssistantUnderTest = args.url ? directLineAssistant(args.url) : inProcessAssistant(kb);
  const assistants: AssistantUnderTest[] = [
    endToEnd,
    knowledgeLayer('ours, knowledge layer given the city', kb, (t) => kb.understand(t).intent, cities),
    knowledgeLayer('NLP.js out of the box, given the city', kb, baseline, cities),
  ];
  const all = new Map<string, CaseResult[]>(assistants.map((a) => [a.name, []]));
  const perQuestion: unknown[] = [];
  for (const bank of banks) {
    log('');
    log(`== ${bank.name}: ${bank.cases.length} questions (${path.relative(process.cwd(), bank.file)})`);
    if (bank.comment) log(`   ${clip(bank.comment, 200)}`);
    const hidden = args.hide || (isUntouched(bank) && !args.show);
    for (const a of assistants) {
      const results = await runBank(a, bank.cases);
      all.get(a.name)?.push(...results);
      const s = score(results);
      log(scoreLine(a.name, s));
      if (a === endToEnd) {
        log(`  by style: ${styleLine(s)}`);
        if (!hidden) printFailures(results);
        for (const r of results)
          perQuestion.push({
            bank: bank.name,
            id: r.case.id,
            ok: r.verdict.ok,
            ...(r.verdict.reason ? { reason: r.verdict.reason } : {}),
            ...(hidden ? {} : { text: r.case.text, reply: r.observation.text }),
          });
      }
    }
  }
  if (banks.length > 1) {
    log('');
    log(`== all banks together (${banks.map((b) => b.name).join(', ')})`);
    for (const a of assistants) log(scoreLine(a.name, score(all.get(a.name) ?? [])));
  }
  if (args.json) {
    fs.writeFileSync(args.json, JSON.stringify(perQuestion, null, 2));
    log(`per-question results: ${args.json}`);
  }
  await endToEnd.close?.();
  if (args.bankOnly) return;
  log('');
  log('== intent labels: held-out files and cross-validation');
  await intentEvaluation({ folds: args.folds, kb, baseline, log });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
