/**
 * Write cost of the lowdb store at 100 vs 10,000 stored applications (`npm run bench:store`).
 * lowdb rewrites a whole file per write, so the store keeps one file per record; this measures that the
 * cost of an insert and of an update stays flat as the number of records grows.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Application } from '../src/domain/application';
import type { Store } from '../src/domain/ports';
import { createLogger } from '../src/logger';
import { DocumentCache } from '../src/storage/documentCache';
import { createLowdbStore } from '../src/storage/lowdbStore';

const SIZES = [100, 10_000];
const SAMPLES = 500;
const ROUNDS = 5;
const PREFILL_CONCURRENCY = 64;

let serial = 0;
function application(): Application {
  serial += 1;
  const at = new Date(Date.UTC(2025, 0, 1) + serial * 1000).toISOString();
  return {
    referenceNumber: `SH20250101-B${serial.toString().padStart(7, '0')}`,
    kind: 'permit',
    city: 'shanghai',
    status: 'submitted',
    applicant: { name: '测试', idNumber: '11010519491231002X', phone: '13800138000' },
    answers: { residenceType: 'rented', months: 7, hasLease: true },
    checklist: ['居民身份证', '租赁合同', '就业证明'],
    idempotencyKey: `bench-${serial}`,
    createdAt: at,
    updatedAt: at,
    timeline: [{ at, from: null, to: 'submitted', actor: 'resident' }],
    version: 1,
  };
}

async function timed(times: number[], operation: () => Promise<unknown>): Promise<void> {
  const start = performance.now();
  await operation();
  times.push(performance.now() - start);
}

function summary(times: number[]): { mean: number; p99: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    mean: times.reduce((s, t) => s + t, 0) / times.length,
    p99: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))],
  };
}

interface Fixture {
  size: number;
  dir: string;
  store: Store;
  prefill: Application[];
  inserts: number[];
  updates: number[];
}

async function prepare(size: number): Promise<Fixture> {
  const dir = await mkdtemp(path.join(tmpdir(), 'banshi-bench-'));
  const store = await createLowdbStore(dir, { logger: createLogger('silent') });
  const prefill = Array.from({ length: size }, application);
  for (let i = 0; i < prefill.length; i += PREFILL_CONCURRENCY) {
    await Promise.all(prefill.slice(i, i + PREFILL_CONCURRENCY).map((a) => store.applications.insert(a)));
  }
  return { size, dir, store, prefill, inserts: [], updates: [] };
}

/** One round: a batch of inserts then a batch of updates of already stored records. */
async function round(f: Fixture, count: number, offset: number): Promise<void> {
  for (let i = 0; i < count; i += 1) await timed(f.inserts, () => f.store.applications.insert(application()));
  for (let i = 0; i < count; i += 1) {
    const target = f.prefill[((offset + i) * 7919) % f.prefill.length];
    const current = (await f.store.applications.get(target.referenceNumber))!;
    await timed(f.updates, () => f.store.applications.update({ ...current, status: 'underReview' }, current.version));
  }
}

async function main(): Promise<void> {
  const fixtures: Fixture[] = [];
  for (const size of SIZES) fixtures.push(await prepare(size));
  // Rounds alternate between the sizes so background load on the machine hits both alike.
  for (let r = 0; r < ROUNDS; r += 1)
    for (const f of fixtures) await round(f, SAMPLES / ROUNDS, r * (SAMPLES / ROUNDS));
  for (const f of fixtures) {
    await f.store.close();
    await rm(f.dir, { recursive: true, force: true });
  }
  const ms = (n: number) => `${n.toFixed(3)} ms`;
  process.stdout.write(
    `lowdb store write cost (${SAMPLES} inserts and ${SAMPLES} updates per size, in ${ROUNDS} alternating rounds)\n`,
  );
  const results = fixtures.map((f) => ({ size: f.size, insert: summary(f.inserts), update: summary(f.updates) }));
  for (const r of results) {
    process.stdout.write(
      `  ${String(r.size).padStart(6)} records  insert mean ${ms(r.insert.mean)} p99 ${ms(r.insert.p99)}  update mean ${ms(r.update.mean)} p99 ${ms(r.update.p99)}\n`,
    );
  }
  const [small, large] = results;
  const ratio = (a: number, b: number) => (b / a).toFixed(2);
  process.stdout.write(
    `  ratio ${large.size}/${small.size}: insert mean ${ratio(small.insert.mean, large.insert.mean)}x p99 ${ratio(small.insert.p99, large.insert.p99)}x, ` +
      `update mean ${ratio(small.update.mean, large.update.mean)}x p99 ${ratio(small.update.p99, large.update.p99)}x (goal: about 1x)\n`,
  );
}

/**
 * The document cache alone, in the state the reliability audit profiled (F1): full, and nearly every
 * entry pinned because its write is still pending. A set must cost the same at 100 and 10,000 entries.
 */
function cacheWriteCost(): void {
  const SETS = 20_000;
  const results = SIZES.map((size) => {
    const cache = new DocumentCache(size, (_collection, key) => key !== 'free');
    for (let i = 0; i < size; i += 1) cache.set('bench', `k${i}`, { key: `k${i}`, value: i, etag: 'e' });
    const start = performance.now();
    for (let i = 0; i < SETS; i += 1) cache.set('bench', `n${i % size}`, { key: `n${i}`, value: i, etag: 'e' });
    return { size, perSet: ((performance.now() - start) * 1000) / SETS };
  });
  process.stdout.write('document cache write cost, cache full and all entries pinned\n');
  for (const r of results)
    process.stdout.write(`  ${String(r.size).padStart(6)} cached documents  ${r.perSet.toFixed(2)} µs per set\n`);
  process.stdout.write(
    `  ratio ${results[1].size}/${results[0].size}: ${(results[1].perSet / results[0].perSet).toFixed(2)}x (goal: about 1x)\n`,
  );
}

main()
  .then(cacheWriteCost)
  .catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  });
