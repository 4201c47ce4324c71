/**
 * Upload throughput for `npm run bench` (called from bench/directline.ts): visitors each open a Direct
 * Line conversation and send a 1 MB photo through POST …/upload, as Web Chat's upload button does, a
 * few at a time. Each request is timed from the first byte sent to the answer, which comes once the
 * file is checked (type by content, pixels, hidden content), durably stored, and its activity posted.
 *
 * BENCH_UPLOADS (40) photos in all, BENCH_UPLOAD_CONCURRENCY (4) in flight at once.
 */
import { performance } from 'node:perf_hooks';
import type { TokenBody } from '../test/channels/directLineClient';
import { png } from '../test/fixtures/images';

export interface UploadResult {
  uploads: number;
  bytes: number;
  seconds: number;
  p50: number;
  p99: number;
}

/** A PNG of noise (it does not compress) of about 1 MB: 591 × 591 px × 3 bytes plus row filters. */
export function megabytePhoto(): Buffer {
  return png(591, 591, { noise: true, seed: 2026 });
}

async function conversation(base: string, index: number): Promise<{ id: string; token: string }> {
  const res = await fetch(`${base}/v3/directline/tokens/generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: { id: `uploader${index}` } }),
  });
  if (!res.ok) throw new Error(`tokens/generate answered ${res.status}`);
  const body = (await res.json()) as TokenBody;
  return { id: body.conversationId, token: body.token };
}

async function uploadOnce(base: string, c: { id: string; token: string }, photo: Buffer, n: number): Promise<number> {
  const form = new FormData();
  const activity = { type: 'message', from: { id: 'uploader' } };
  form.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }));
  form.append('file', new Blob([photo], { type: 'image/png' }), `photo-${n}.png`);
  const started = performance.now();
  const res = await fetch(`${base}/v3/directline/conversations/${c.id}/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.token}` },
    body: form,
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`upload answered ${res.status}`);
  return performance.now() - started;
}

export async function uploadThroughput(
  base: string,
  total = Number(process.env.BENCH_UPLOADS ?? 40),
  concurrency = Number(process.env.BENCH_UPLOAD_CONCURRENCY ?? 4),
): Promise<UploadResult> {
  const photo = megabytePhoto();
  const workers = Math.max(1, Math.min(concurrency, total));
  const conversations = await Promise.all(Array.from({ length: workers }, (_, i) => conversation(base, i)));
  // Warm-up: one upload per worker, not measured.
  await Promise.all(conversations.map((c, i) => uploadOnce(base, c, photo, -1 - i)));
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    conversations.map(async (c) => {
      for (let n = next++; n < total; n = next++) latencies.push(await uploadOnce(base, c, photo, n));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { uploads: total, bytes: total * photo.length, seconds, p50: q(0.5), p99: q(0.99) };
}
