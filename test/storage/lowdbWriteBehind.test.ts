import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { ConcurrencyError } from '../../src/domain/ports';
import { createLogger } from '../../src/logger';
import { RecordFiles } from '../../src/storage/lowdbFiles';
import { createLowdbStore } from '../../src/storage/lowdbStore';

/** Documents in the lowdb store are cached and written behind; these tests watch the files underneath. */

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'banshi-wb-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => jest.restoreAllMocks());
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const docFile = (dir: string, collection: string, key: string) =>
  path.join(dir, 'documents', collection, Buffer.from(key).toString('hex') + '.json');
const onDisk = async (dir: string, collection: string, key: string): Promise<unknown> => {
  try {
    return JSON.parse(await readFile(docFile(dir, collection, key), 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
};

/** The prototype's own method, kept before a spy replaces it; call it with `.call(this, …)`. */
function originalMethod<K extends 'write' | 'remove'>(name: K): RecordFiles[K] {
  return Object.getOwnPropertyDescriptor(RecordFiles.prototype, name)!.value as RecordFiles[K];
}

/** Holds every document file write and removal until release() is called. */
function holdWrites(): { release: () => void; writes: () => number } {
  const original = originalMethod('write');
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const spy = jest.spyOn(RecordFiles.prototype, 'write').mockImplementation(async function (
    this: RecordFiles,
    file,
    data,
  ) {
    if (file.includes(`${path.sep}documents${path.sep}`)) await gate;
    return original.call(this, file, data);
  });
  const originalRemove = originalMethod('remove');
  jest.spyOn(RecordFiles.prototype, 'remove').mockImplementation(async function (this: RecordFiles, file) {
    if (file.includes(`${path.sep}documents${path.sep}`)) await gate;
    return originalRemove.call(this, file);
  });
  return {
    release,
    writes: () => spy.mock.calls.filter(([file]) => file.includes(`${path.sep}documents${path.sep}`)).length,
  };
}

function logSink(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  return { lines, logger: createLogger('warn', sink) };
}

describe('lowdb documents written behind', () => {
  it('writes a put made just before close, and a new store sees it', async () => {
    const dir = await freshDir();
    const store = await createLowdbStore(dir);
    const etag = await store.documents.put('bot-state', 'conv-1', { step: 4 });
    await store.close();
    expect(await onDisk(dir, 'bot-state', 'conv-1')).toEqual({ key: 'conv-1', value: { step: 4 }, etag });
    const again = await createLowdbStore(dir);
    expect(await again.documents.get('bot-state', 'conv-1')).toEqual({ key: 'conv-1', value: { step: 4 }, etag });
    await again.close();
  });

  it('answers put before the file is written, and close waits for the file', async () => {
    const dir = await freshDir();
    const held = holdWrites();
    const store = await createLowdbStore(dir);
    const etag = await store.documents.put('transcripts', 't1', { text: '你好' });
    expect(await store.documents.get('transcripts', 't1')).toEqual({ key: 't1', value: { text: '你好' }, etag });
    expect(await onDisk(dir, 'transcripts', 't1')).toBeUndefined();
    const closing = store.close();
    held.release();
    await closing;
    expect(await onDisk(dir, 'transcripts', 't1')).toMatchObject({ value: { text: '你好' }, etag });
  });

  it('coalesces a burst of 10 puts to one document into at most 2 file writes of the newest value', async () => {
    const dir = await freshDir();
    const spy = jest.spyOn(RecordFiles.prototype, 'write');
    const store = await createLowdbStore(dir);
    let last = '';
    for (let i = 1; i <= 10; i += 1) last = await store.documents.put('directline-activities', 'c1', { seq: i });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.documents.put('directline-activities', 'c2', { seq: i })),
    );
    await store.close();
    const writesOf = (key: string) =>
      spy.mock.calls.filter(([file]) => file === docFile(dir, 'directline-activities', key)).length;
    expect(writesOf('c1')).toBeLessThanOrEqual(2);
    expect(writesOf('c2')).toBeLessThanOrEqual(2);
    expect(await onDisk(dir, 'directline-activities', 'c1')).toEqual({ key: 'c1', value: { seq: 10 }, etag: last });
    expect(await onDisk(dir, 'directline-activities', 'c2')).toMatchObject({ value: { seq: 9 } });
  });

  it('keeps etag checks exact while writes are still pending, and on disk afterwards', async () => {
    const dir = await freshDir();
    const held = holdWrites();
    const store = await createLowdbStore(dir);
    const etag1 = await store.documents.put('bot-state', 'u', { n: 1 }, null);
    await expect(store.documents.put('bot-state', 'u', { n: 0 }, null)).rejects.toBeInstanceOf(ConcurrencyError);
    const etag2 = await store.documents.put('bot-state', 'u', { n: 2 }, etag1);
    await expect(store.documents.put('bot-state', 'u', { n: 3 }, etag1)).rejects.toBeInstanceOf(ConcurrencyError);
    held.release();
    await store.close();
    expect(await onDisk(dir, 'bot-state', 'u')).toEqual({ key: 'u', value: { n: 2 }, etag: etag2 });
    const again = await createLowdbStore(dir);
    await expect(again.documents.put('bot-state', 'u', { n: 3 }, etag1)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await again.documents.put('bot-state', 'u', { n: 3 }, etag2)).not.toBe(etag2);
    await again.close();
  });

  it('applies a delete and a put in the order they were made', async () => {
    const dir = await freshDir();
    const first = await createLowdbStore(dir);
    await first.documents.put('sessions', 'kept', { v: 'old' });
    await first.documents.put('sessions', 'gone', { v: 'old' });
    await first.close();

    const held = holdWrites();
    const store = await createLowdbStore(dir);
    expect(await store.documents.delete('sessions', 'kept')).toBe(true);
    await store.documents.put('sessions', 'kept', { v: 'new' }, null);
    await store.documents.put('sessions', 'gone', { v: 'newer' });
    expect(await store.documents.delete('sessions', 'gone')).toBe(true);
    expect(await store.documents.delete('sessions', 'gone')).toBe(false);
    held.release();
    await store.close();
    expect(await onDisk(dir, 'sessions', 'kept')).toMatchObject({ value: { v: 'new' } });
    expect(await onDisk(dir, 'sessions', 'gone')).toBeUndefined();
  });

  it('lists pending creates and hides pending deletes', async () => {
    const dir = await freshDir();
    const first = await createLowdbStore(dir);
    await first.documents.put('audit', 'a:1', { n: 1 });
    await first.documents.put('audit', 'a:2', { n: 2 });
    await first.close();

    const held = holdWrites();
    const store = await createLowdbStore(dir);
    await store.documents.put('audit', 'a:3', { n: 3 });
    await store.documents.put('audit', 'a:1', { n: 10 });
    await store.documents.get('audit', 'a:2');
    await store.documents.delete('audit', 'a:2');
    await store.documents.put('audit', 'b:1', { n: 4 });
    expect(await onDisk(dir, 'audit', 'a:2')).toMatchObject({ value: { n: 2 } });
    const listed = await store.documents.list<{ n: number }>('audit', { prefix: 'a:' });
    expect(listed.map((d) => [d.key, d.value.n])).toEqual([
      ['a:1', 10],
      ['a:3', 3],
    ]);
    held.release();
    await store.close();
    const again = await createLowdbStore(dir);
    expect((await again.documents.list<{ n: number }>('audit')).map((d) => [d.key, d.value.n])).toEqual([
      ['a:1', 10],
      ['a:3', 3],
      ['b:1', 4],
    ]);
    await again.close();
  });

  it('reads a document file once, then serves it from memory, and never reads for an absent one', async () => {
    const dir = await freshDir();
    const first = await createLowdbStore(dir);
    await first.documents.put('bot-state', 'here', { x: 1 });
    await first.close();
    const reads = jest.spyOn(RecordFiles.prototype, 'read');
    const store = await createLowdbStore(dir);
    for (let i = 0; i < 5; i += 1) {
      expect((await store.documents.get('bot-state', 'here'))?.value).toEqual({ x: 1 });
      expect(await store.documents.get('bot-state', 'absent')).toBeUndefined();
    }
    await store.documents.put('bot-state', 'absent', { x: 2 }, null);
    // One read of the file that is there; absence is known from the collection's listing.
    expect(reads).toHaveBeenCalledTimes(1);
    // What a caller gets back is its own copy: changing it changes nothing stored.
    const got = await store.documents.get<{ x: number }>('bot-state', 'here');
    got!.value.x = 99;
    expect((await store.documents.get('bot-state', 'here'))?.value).toEqual({ x: 1 });
    await store.close();
  });

  it('keeps pending documents in a full cache and reads evicted ones back from disk', async () => {
    const dir = await freshDir();
    const held = holdWrites();
    const store = await createLowdbStore(dir, { documentCacheEntries: 2 });
    for (let i = 0; i < 6; i += 1) await store.documents.put('state', `k${i}`, { i });
    for (let i = 0; i < 6; i += 1) expect((await store.documents.get('state', `k${i}`))?.value).toEqual({ i });
    held.release();
    await store.close();
    const again = await createLowdbStore(dir, { documentCacheEntries: 2 });
    for (let round = 0; round < 2; round += 1)
      for (let i = 0; i < 6; i += 1) expect((await again.documents.get('state', `k${i}`))?.value).toEqual({ i });
    await again.close();
  });

  it('retries a failed background write once and logs it without the value', async () => {
    const dir = await freshDir();
    const { lines, logger } = logSink();
    const original = originalMethod('write');
    let failures = 1;
    jest.spyOn(RecordFiles.prototype, 'write').mockImplementation(async function (this: RecordFiles, file, data) {
      if (failures > 0) {
        failures -= 1;
        throw new Error('ENOSPC: no space left on device');
      }
      return original.call(this, file, data);
    });
    const store = await createLowdbStore(dir, { logger });
    await store.documents.put('bot-state', 'c9', { phone: '13800138000' });
    await store.close();
    expect(await onDisk(dir, 'bot-state', 'c9')).toMatchObject({ value: { phone: '13800138000' } });
    const log = lines.join('');
    expect(log).toContain('retrying once');
    expect(log).toContain('ENOSPC');
    expect(log).not.toContain('13800138000');
  });

  it('logs an error when the retry fails too, and keeps serving the value', async () => {
    const dir = await freshDir();
    const { lines, logger } = logSink();
    jest.spyOn(RecordFiles.prototype, 'write').mockRejectedValue(new Error('EIO: i/o error'));
    const store = await createLowdbStore(dir, { logger });
    await store.documents.put('bot-state', 'c1', { step: 1 });
    expect((await store.documents.get('bot-state', 'c1'))?.value).toEqual({ step: 1 });
    await store.close();
    expect(lines.join('')).toMatch(/"level":50.*failed twice/);
    await expect(stat(docFile(dir, 'bot-state', 'c1'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
