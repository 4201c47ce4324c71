/**
 * `npm run bench:nlu`: training time (fresh model folder), cold start with the saved model and RSS
 * (measured in a child process that loads only the knowledge layer), and classification latency
 * p50/p99 over 10,000 warm queries.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const QUERIES = 10_000;

async function cold(modelDir: string): Promise<void> {
  const started = process.hrtime.bigint();
  // Loaded here, not at the top, so module loading counts as part of the cold start.
  const { createKnowledgeBase } = require('../src/knowledge/index') as typeof import('../src/knowledge/index');
  const kb = await createKnowledgeBase({ modelDir });
  const coldMs = Number(process.hrtime.bigint() - started) / 1e6;
  const { loadHeldout } = require('../src/knowledge/evaluation/heldout') as typeof import('../src/knowledge/evaluation/heldout');
  const texts = loadHeldout().map((c) => c.text);
  for (let i = 0; i < 500; i += 1) kb.understand(texts[i % texts.length]);
  const times: number[] = [];
  for (let i = 0; i < QUERIES; i += 1) {
    const t = process.hrtime.bigint();
    kb.understand(texts[i % texts.length]);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  process.stdout.write(JSON.stringify({ coldMs, p50: times[Math.floor(QUERIES * 0.5)], p99: times[Math.floor(QUERIES * 0.99)], rssMb }) + '\n');
}

async function main(): Promise<void> {
  const coldIndex = process.argv.indexOf('--cold');
  if (coldIndex > 0) return cold(process.argv[coldIndex + 1]);
  const modelDir = fs.mkdtempSync(path.join(os.tmpdir(), 'banshi-bench-'));
  const { createKnowledgeBase } = require('../src/knowledge/index') as typeof import('../src/knowledge/index');
  const started = Date.now();
  await createKnowledgeBase({ modelDir, onProgress: (m) => process.stdout.write(`  ${m}\n`) });
  const trainingS = (Date.now() - started) / 1000;
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--cold', modelDir], { encoding: 'utf8' });
  const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { coldMs: number; p50: number; p99: number; rssMb: number };
  fs.rmSync(modelDir, { recursive: true, force: true });
  process.stdout.write(
    [
      `training (calibration folds + final model): ${trainingS.toFixed(1)} s`,
      `cold start with saved model: ${r.coldMs.toFixed(0)} ms (target ≤ 1000)`,
      `classification over ${QUERIES} warm queries: p50 ${r.p50.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms (target p99 ≤ 2)`,
      `RSS of the classifier process: ${r.rssMb.toFixed(0)} MB (target ≤ 150)`,
    ].join('\n') + '\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
