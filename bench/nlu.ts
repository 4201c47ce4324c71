/**
 * `npm run bench:nlu`: training time (fresh model folder), cold start with the saved model, RSS and
 * classification latency p50/p99 over 10,000 warm queries. Everything is measured on the compiled
 * code (dist/, as `npm start` runs it) in fresh `node` processes: the bench compiles first.
 * Usage: npm run bench:nlu [-- --no-build]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/paths';

const QUERIES = 10_000;

// Runs in a plain node child (no tsx), so module loading is what production pays.
const CHILD = `
const [mode, modelDir, root, queries] = process.argv.slice(1);
const started = process.hrtime.bigint();
const { createKnowledgeBase } = require(root + '/dist/knowledge/index.js');
createKnowledgeBase({ modelDir, retrain: mode === 'train', onProgress: mode === 'train' ? (m) => process.stderr.write('  ' + m + '\\n') : undefined }).then((kb) => {
  const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (mode === 'train') return void process.stdout.write(JSON.stringify({ readyMs }) + '\\n');
  const { loadHeldout } = require(root + '/dist/knowledge/evaluation/heldout.js');
  const texts = loadHeldout().map((c) => c.text);
  const first = process.hrtime.bigint();
  kb.understand(texts[0]);
  const firstMs = Number(process.hrtime.bigint() - first) / 1e6;
  for (let i = 0; i < 1000; i += 1) kb.understand(texts[i % texts.length]);
  const n = Number(queries);
  const times = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const t = process.hrtime.bigint();
    kb.understand(texts[i % texts.length]);
    times[i] = Number(process.hrtime.bigint() - t) / 1e6;
  }
  times.sort();
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  process.stdout.write(JSON.stringify({ readyMs, firstMs, p50: times[Math.floor(n * 0.5)], p99: times[Math.floor(n * 0.99)], max: times[n - 1], rssMb }) + '\\n');
});
`;

function child(mode: 'train' | 'cold', modelDir: string): Record<string, number> {
  const out = execFileSync(process.execPath, ['-e', CHILD, mode, modelDir, projectRoot, String(QUERIES)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, number>;
}

function build(): void {
  const started = Date.now();
  process.stdout.write('compiling (tsc -p tsconfig.build.json)…\n');
  try {
    execFileSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', path.join(projectRoot, 'tsconfig.build.json')],
      { stdio: 'ignore' },
    );
  } catch {
    // Type errors elsewhere in the tree still emit JavaScript; what matters is that ours is fresh.
  }
  const compiled = path.join(projectRoot, 'dist', 'knowledge', 'index.js');
  if (!fs.existsSync(compiled) || fs.statSync(compiled).mtimeMs < started - 1000)
    throw new Error(`${compiled} was not rebuilt`);
}

function main(): void {
  if (!process.argv.includes('--no-build')) build();
  const modelDir = fs.mkdtempSync(path.join(os.tmpdir(), 'banshi-bench-'));
  try {
    const trained = child('train', modelDir);
    const r = child('cold', modelDir);
    process.stdout.write(
      [
        `training (calibration folds + final model, incl. start-up): ${(trained.readyMs / 1000).toFixed(1)} s`,
        `cold start with saved model (module loading + model + corpus): ${r.readyMs.toFixed(0)} ms (target ≤ 1000); first question ${r.firstMs.toFixed(1)} ms`,
        `classification over ${QUERIES} warm queries: p50 ${r.p50.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms, max ${r.max.toFixed(1)} ms (target p99 ≤ 2)`,
        `RSS of the classifier process: ${r.rssMb.toFixed(0)} MB (target ≤ 150)`,
      ].join('\n') + '\n',
    );
  } finally {
    fs.rmSync(modelDir, { recursive: true, force: true });
  }
}

main();
