import type { Application } from '../../src/domain/application';
import { ConcurrencyError, type Store } from '../../src/domain/ports';
import { DuplicateReferenceError } from '../../src/storage/storeErrors';

/**
 * The one contract every store adapter passes. Each adapter's test file calls defineStoreContract with a
 * function that opens a fresh, empty store; the suite closes it after each test.
 */

let counter = 0;

/** A complete, plausible application; override what a test cares about. */
export function sampleApplication(overrides: Partial<Application> = {}): Application {
  counter += 1;
  const n = `${process.pid}-${counter}`;
  return {
    referenceNumber: `SH20250301-${n}`,
    kind: 'permit',
    city: 'shanghai',
    status: 'submitted',
    applicant: { name: '张三', idNumber: '11010519491231002X', phone: '13800138000' },
    answers: { residenceType: 'rented', months: 7, hasLease: true, note: null },
    checklist: ['居民身份证', '租赁合同'],
    pickup: { method: 'post', address: '上海市某区某路1号' },
    idempotencyKey: `key-${n}`,
    conversationId: 'conv-1',
    createdAt: new Date(Date.UTC(2025, 2, 1, 8, 0, 0, counter)).toISOString(),
    updatedAt: new Date(Date.UTC(2025, 2, 1, 8, 0, 0, counter)).toISOString(),
    timeline: [{ at: '2025-03-01T08:00:00.000Z', from: null, to: 'submitted', actor: 'resident' }],
    version: 1,
    ...overrides,
  };
}

export const ODD_KEYS = [
  '../x',
  'a/b',
  '..\\..\\etc\\passwd',
  '居住证/上海',
  ' spaced key ',
  'x'.repeat(300),
  `${'长'.repeat(150)}`,
  '.hidden',
  'CON',
];

export function defineStoreContract(name: string, openStore: () => Promise<Store>): void {
  describe(`${name} store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await openStore();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('applications', () => {
      it('returns what was inserted, and a copy the caller cannot change', async () => {
        const app = sampleApplication();
        const { application, created } = await store.applications.insert(app);
        expect(created).toBe(true);
        expect(application).toEqual(app);
        application.status = 'completed';
        app.applicant.name = '李四';
        const again = await store.applications.get(app.referenceNumber);
        expect(again?.status).toBe('submitted');
        expect(again?.applicant.name).toBe('张三');
        expect(again?.answers).toEqual({ residenceType: 'rented', months: 7, hasLease: true, note: null });
      });

      it('answers undefined for an unknown reference number', async () => {
        expect(await store.applications.get('SH-NOPE')).toBeUndefined();
      });

      it('returns the first record when the same idempotency key comes twice', async () => {
        const first = sampleApplication();
        await store.applications.insert(first);
        const retry = sampleApplication({ idempotencyKey: first.idempotencyKey });
        const { application, created } = await store.applications.insert(retry);
        expect(created).toBe(false);
        expect(application.referenceNumber).toBe(first.referenceNumber);
        expect(await store.applications.get(retry.referenceNumber)).toBeUndefined();
        expect(await store.applications.list()).toHaveLength(1);
      });

      it('stores exactly one record when 20 submissions with the same key arrive at once', async () => {
        const key = 'same-key-for-all';
        const results = await Promise.all(
          Array.from({ length: 20 }, () => store.applications.insert(sampleApplication({ idempotencyKey: key }))),
        );
        expect(results.filter((r) => r.created)).toHaveLength(1);
        const winner = results.find((r) => r.created)!.application.referenceNumber;
        expect(new Set(results.map((r) => r.application.referenceNumber))).toEqual(new Set([winner]));
        expect(await store.applications.list()).toHaveLength(1);
      });

      it('loses none of 50 concurrent submissions with different keys', async () => {
        const apps = Array.from({ length: 50 }, () => sampleApplication());
        const results = await Promise.all(apps.map((a) => store.applications.insert(a)));
        expect(results.every((r) => r.created)).toBe(true);
        const stored = await store.applications.list();
        expect(stored.map((a) => a.referenceNumber).sort()).toEqual(apps.map((a) => a.referenceNumber).sort());
      });

      it('refuses a second application with a used reference number', async () => {
        const first = sampleApplication();
        await store.applications.insert(first);
        const clash = sampleApplication({ referenceNumber: first.referenceNumber, city: 'chengdu' });
        await expect(store.applications.insert(clash)).rejects.toBeInstanceOf(DuplicateReferenceError);
        expect((await store.applications.get(first.referenceNumber))?.city).toBe('shanghai');
        // The refused submission did not reserve its key: a corrected retry goes through.
        const retry = await store.applications.insert({ ...clash, referenceNumber: `${first.referenceNumber}-b` });
        expect(retry.created).toBe(true);
      });

      it('updates with the current version and bumps it', async () => {
        const app = sampleApplication();
        await store.applications.insert(app);
        const updated = await store.applications.update({ ...app, status: 'underReview' }, 1);
        expect(updated.version).toBe(2);
        expect(updated.status).toBe('underReview');
        expect(await store.applications.get(app.referenceNumber)).toEqual(updated);
      });

      it('refuses an update with a stale version and keeps the stored record', async () => {
        const app = sampleApplication();
        await store.applications.insert(app);
        await store.applications.update({ ...app, status: 'underReview' }, 1);
        await expect(store.applications.update({ ...app, status: 'rejected' }, 1)).rejects.toBeInstanceOf(
          ConcurrencyError,
        );
        const stored = await store.applications.get(app.referenceNumber);
        expect(stored?.status).toBe('underReview');
        expect(stored?.version).toBe(2);
      });

      it('lets exactly one of two concurrent updates of the same version win', async () => {
        const app = sampleApplication();
        await store.applications.insert(app);
        const outcomes = await Promise.allSettled([
          store.applications.update({ ...app, status: 'underReview' }, 1),
          store.applications.update({ ...app, status: 'rejected' }, 1),
        ]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect((await store.applications.get(app.referenceNumber))?.version).toBe(2);
      });

      it('removes one application and its idempotency key, leaving the others (erasure)', async () => {
        const gone = sampleApplication();
        const kept = sampleApplication();
        await store.applications.insert(gone);
        await store.applications.insert(kept);
        expect(await store.applications.remove(gone.referenceNumber)).toBe(true);
        expect(await store.applications.get(gone.referenceNumber)).toBeUndefined();
        expect((await store.applications.list()).map((a) => a.referenceNumber)).toEqual([kept.referenceNumber]);
        // The key is free again: the same submission later is a new application, not the erased one.
        const again = await store.applications.insert(
          sampleApplication({ idempotencyKey: gone.idempotencyKey, referenceNumber: gone.referenceNumber }),
        );
        expect(again.created).toBe(true);
        expect(await store.applications.remove('SH-NOPE')).toBe(false);
      });

      it('refuses to update an application that does not exist', async () => {
        await expect(store.applications.update(sampleApplication(), 1)).rejects.toThrow(/No application/);
      });

      it('lists oldest first and filters by city, kind, status, applicant and conversation', async () => {
        const at = (m: number) => new Date(Date.UTC(2025, 0, 1, 0, m)).toISOString();
        const c = sampleApplication({
          createdAt: at(3),
          city: 'chengdu',
          kind: 'registration',
          conversationId: 'conv-x',
        });
        const a = sampleApplication({ createdAt: at(1), status: 'underReview' });
        const b = sampleApplication({
          createdAt: at(2),
          kind: 'renewal',
          applicant: { name: '王五', idNumber: '510104199001011234', phone: '13900000000' },
        });
        for (const app of [c, a, b]) await store.applications.insert(app);
        const refs = async (filter?: Parameters<Store['applications']['list']>[0]) =>
          (await store.applications.list(filter)).map((x) => x.referenceNumber);
        expect(await refs()).toEqual([a, b, c].map((x) => x.referenceNumber));
        expect(await refs({ city: 'shanghai' })).toEqual([a.referenceNumber, b.referenceNumber]);
        expect(await refs({ kinds: ['registration', 'renewal'] })).toEqual([b.referenceNumber, c.referenceNumber]);
        expect(await refs({ statuses: ['underReview'] })).toEqual([a.referenceNumber]);
        expect(await refs({ applicantIdNumber: '510104199001011234' })).toEqual([b.referenceNumber]);
        expect(await refs({ conversationId: 'conv-x' })).toEqual([c.referenceNumber]);
        expect(await refs({ city: 'shanghai', statuses: ['submitted'], kinds: ['renewal'] })).toEqual([
          b.referenceNumber,
        ]);
        expect(await refs({ kinds: [] })).toEqual([]);
        expect(await refs({ city: 'beijing' })).toEqual([]);
      });

      it('refuses an application without a reference number and stores nothing', async () => {
        await expect(store.applications.insert(sampleApplication({ referenceNumber: '' }))).rejects.toThrow(
          /Reference number/,
        );
        expect(await store.applications.list()).toEqual([]);
      });
    });

    describe('documents', () => {
      it('round-trips a JSON value and changes the etag on every write', async () => {
        const value = { turn: 1, text: '你好', nested: { list: [1, 'two', null, true] } };
        const etag1 = await store.documents.put('conversations', 'c1', value);
        value.turn = 99;
        const got = await store.documents.get<typeof value>('conversations', 'c1');
        expect(got).toEqual({
          key: 'c1',
          value: { turn: 1, text: '你好', nested: { list: [1, 'two', null, true] } },
          etag: etag1,
        });
        const etag2 = await store.documents.put('conversations', 'c1', { turn: 2 });
        expect(etag2).not.toBe(etag1);
        expect((await store.documents.get('conversations', 'c1'))?.value).toEqual({ turn: 2 });
        expect(await store.documents.get('conversations', 'missing')).toBeUndefined();
        expect(await store.documents.get('other', 'c1')).toBeUndefined();
      });

      it('writes conditionally on the etag', async () => {
        const etag1 = await store.documents.put('state', 'u1', { n: 1 });
        const etag2 = await store.documents.put('state', 'u1', { n: 2 }, etag1);
        await expect(store.documents.put('state', 'u1', { n: 3 }, etag1)).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await store.documents.get('state', 'u1')).toEqual({ key: 'u1', value: { n: 2 }, etag: etag2 });
        await expect(store.documents.put('state', 'nobody', { n: 1 }, etag2)).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await store.documents.get('state', 'nobody')).toBeUndefined();
      });

      it('creates only when absent with expectedEtag null', async () => {
        const etag = await store.documents.put('dedupe', 'msg-1', { seen: true }, null);
        await expect(store.documents.put('dedupe', 'msg-1', { seen: false }, null)).rejects.toBeInstanceOf(
          ConcurrencyError,
        );
        expect(await store.documents.get('dedupe', 'msg-1')).toEqual({ key: 'msg-1', value: { seen: true }, etag });
      });

      it('lets exactly one of 10 concurrent create-only writes win', async () => {
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => store.documents.put('locks', 'job-1', { owner: i }, null)),
        );
        const won = outcomes.filter((o): o is PromiseFulfilledResult<string> => o.status === 'fulfilled');
        expect(won).toHaveLength(1);
        expect(outcomes.filter((o) => o.status === 'rejected').every((o) => o.reason instanceof ConcurrencyError)).toBe(
          true,
        );
        expect((await store.documents.get('locks', 'job-1'))?.etag).toBe(won[0].value);
      });

      it('lists a collection by prefix, ordered by key', async () => {
        for (const key of ['b:2', 'a:1', 'b:10', 'b:1', 'c', '中文']) await store.documents.put('audit', key, { key });
        await store.documents.put('elsewhere', 'b:3', {});
        const keys = async (prefix?: string) =>
          (await store.documents.list('audit', prefix === undefined ? undefined : { prefix })).map((d) => d.key);
        expect(await keys()).toEqual(['a:1', 'b:1', 'b:10', 'b:2', 'c', '中文']);
        expect(await keys('b:')).toEqual(['b:1', 'b:10', 'b:2']);
        expect(await keys('b:1')).toEqual(['b:1', 'b:10']);
        expect(await keys('zzz')).toEqual([]);
        expect(await store.documents.list('empty')).toEqual([]);
        const [first] = await store.documents.list<{ key: string }>('audit', { prefix: 'a' });
        expect(first.value).toEqual({ key: 'a:1' });
        expect(first.etag).toBe((await store.documents.get('audit', 'a:1'))?.etag);
      });

      it('deletes and says whether something was there', async () => {
        await store.documents.put('sessions', 's1', { a: 1 });
        expect(await store.documents.delete('sessions', 's1')).toBe(true);
        expect(await store.documents.delete('sessions', 's1')).toBe(false);
        expect(await store.documents.get('sessions', 's1')).toBeUndefined();
        expect(await store.documents.list('sessions')).toEqual([]);
        // A deleted document can be created again.
        await store.documents.put('sessions', 's1', { a: 2 }, null);
      });

      it('keeps keys with odd characters apart and intact', async () => {
        for (const [i, key] of ODD_KEYS.entries()) await store.documents.put('odd', key, { i });
        for (const [i, key] of ODD_KEYS.entries())
          expect((await store.documents.get('odd', key))?.value).toEqual({ i });
        const listed = (await store.documents.list('odd')).map((d) => d.key);
        expect([...listed].sort()).toEqual([...ODD_KEYS].sort());
        expect((await store.documents.list('odd', { prefix: '长' })).map((d) => d.key)).toEqual([ODD_KEYS[6]]);
        expect((await store.documents.list('odd', { prefix: 'x'.repeat(200) })).map((d) => d.key)).toEqual([
          ODD_KEYS[5],
        ]);
        expect(await store.documents.get('odd', 'x'.repeat(299))).toBeUndefined();
        expect(await store.documents.delete('odd', '../x')).toBe(true);
        expect((await store.documents.get('odd', 'a/b'))?.value).toEqual({ i: 1 });
      });

      it('refuses bad collection names, empty keys and values JSON cannot carry', async () => {
        await expect(store.documents.put('../etc', 'k', {})).rejects.toThrow(/Collection name/);
        await expect(store.documents.put('Upper', 'k', {})).rejects.toThrow(/Collection name/);
        await expect(store.documents.get('ok', '')).rejects.toThrow(/non-empty/);
        await expect(store.documents.put('ok', 'k', undefined)).rejects.toThrow(/JSON/);
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        await expect(store.documents.put('ok', 'k', cyclic)).rejects.toThrow(/JSON/);
        expect(await store.documents.list('ok')).toEqual([]);
      });

      it('stores application-like keys in their own collections without touching applications', async () => {
        const app = sampleApplication();
        await store.applications.insert(app);
        await store.documents.put('applications', app.referenceNumber, { shadow: true });
        expect((await store.applications.get(app.referenceNumber))?.applicant.name).toBe('张三');
      });
    });

    describe('lifecycle', () => {
      it('answers ping while open', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });

      it('finishes pending writes on close, then refuses work, and closing twice is harmless', async () => {
        const pending = Promise.all(Array.from({ length: 5 }, (_, i) => store.documents.put('flush', `k${i}`, { i })));
        await store.close();
        await expect(pending).resolves.toHaveLength(5);
        await expect(store.documents.get('flush', 'k0')).rejects.toThrow();
        await expect(store.ping()).rejects.toThrow();
        await store.close();
      });
    });
  });
}
