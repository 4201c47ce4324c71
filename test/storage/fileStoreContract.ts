import type { FileStore, NewFile } from '../../src/domain/files';

/**
 * The contract every file store adapter passes (memory, lowdb, PostgreSQL). open() gives a fresh, empty
 * store on a clock the test moves; the suite closes it after each test.
 */
export interface FileStoreFixture {
  store: FileStore;
  clock: { set(iso: string): void };
}

export function testClock(start = '2026-12-01T08:00:00.000Z'): { now(): Date; set(iso: string): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date((t += 1)),
    set: (iso: string) => {
      t = new Date(iso).getTime();
    },
  };
}

const photo = (owner = 'directline:conv-a'): NewFile => ({
  owner,
  contentType: 'image/jpeg',
  name: '证件照.jpg',
  width: 358,
  height: 441,
});

export function defineFileStoreContract(name: string, open: () => Promise<FileStoreFixture>): void {
  describe(`${name} file store contract`, () => {
    let fx: FileStoreFixture;
    beforeEach(async () => {
      fx = await open();
    });
    afterEach(async () => {
      await fx.store.close();
    });

    it('gives back the exact bytes and the record of a stored file', async () => {
      const bytes = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01, 0x02, 0xfe]);
      const put = await fx.store.put(photo(), bytes);
      expect(put).toMatchObject({ owner: 'directline:conv-a', contentType: 'image/jpeg', size: 7, width: 358 });
      expect(put.sha256).toMatch(/^[0-9a-f]{64}$/);
      const got = await fx.store.get(put.id);
      expect(got?.bytes.equals(bytes)).toBe(true);
      expect(got?.file).toEqual(put);
      expect(await fx.store.head(put.id)).toEqual(put);
    });

    it('keeps a megabyte of binary intact', async () => {
      const bytes = Buffer.alloc(1024 * 1024);
      for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 7919) & 0xff;
      const put = await fx.store.put(photo(), bytes);
      expect((await fx.store.get(put.id))?.bytes.equals(bytes)).toBe(true);
    });

    it('answers undefined for an unknown or malformed id, never a path outside the store', async () => {
      expect(await fx.store.get('A'.repeat(32))).toBeUndefined();
      expect(await fx.store.get('../../etc/passwd')).toBeUndefined();
      expect(await fx.store.head('')).toBeUndefined();
      expect(await fx.store.delete('../x')).toBe(false);
    });

    it('replace stores the new file in the old one’s place and keeps the old one for comparison', async () => {
      const first = await fx.store.put(photo(), Buffer.from('old'));
      await fx.store.attach(first.id, 'SH-1', '照片');
      const second = await fx.store.replace(first.id, photo(), Buffer.from('new'));
      expect(second).toMatchObject({ applicationRef: 'SH-1', material: '照片' });
      expect(second?.id).not.toBe(first.id);
      expect((await fx.store.head(first.id))?.replacedBy).toBe(second?.id);
      expect((await fx.store.get(second?.id ?? ''))?.bytes.toString()).toBe('new');
      expect((await fx.store.get(first.id))?.bytes.toString()).toBe('old');
      expect((await fx.store.listByApplication('SH-1')).map((f) => f.id)).toEqual([first.id, second?.id]);
      expect(await fx.store.replace('B'.repeat(32), photo(), Buffer.from('x'))).toBeUndefined();
    });

    it('delete removes one file and nothing else', async () => {
      const a = await fx.store.put(photo(), Buffer.from('a'));
      const b = await fx.store.put(photo(), Buffer.from('b'));
      expect(await fx.store.delete(a.id)).toBe(true);
      expect(await fx.store.delete(a.id)).toBe(false);
      expect(await fx.store.get(a.id)).toBeUndefined();
      expect((await fx.store.get(b.id))?.bytes.toString()).toBe('b');
    });

    it('lists an application’s materials and an owner’s uploads, oldest first, and nobody else’s', async () => {
      const a = await fx.store.put(photo(), Buffer.from('a'));
      const b = await fx.store.put({ ...photo(), name: '租赁合同.png', contentType: 'image/png' }, Buffer.from('b'));
      const other = await fx.store.put(photo('directline:conv-b'), Buffer.from('c'));
      await fx.store.attach(b.id, 'SH-2', '住所证明');
      await fx.store.attach(a.id, 'SH-2', '照片');
      await fx.store.attach(other.id, 'SH-3', '照片');
      const listed = await fx.store.listByApplication('SH-2');
      expect(listed.map((f) => [f.id, f.material])).toEqual([
        [a.id, '照片'],
        [b.id, '住所证明'],
      ]);
      expect((await fx.store.listByOwner('directline:conv-a')).map((f) => f.id)).toEqual([a.id, b.id]);
      expect(await fx.store.listByApplication('SH-404')).toEqual([]);
      expect(await fx.store.attach('C'.repeat(32), 'SH-2', '照片')).toBeUndefined();
    });

    it('erasure removes every file of an owner, or of an application, and leaves the others', async () => {
      const a = await fx.store.put(photo(), Buffer.from('a'));
      const b = await fx.store.put(photo(), Buffer.from('b'));
      const c = await fx.store.put(photo('wechat:o-1'), Buffer.from('c'));
      await fx.store.attach(b.id, 'SH-4', '照片');
      await fx.store.attach(c.id, 'SH-5', '照片');
      expect(await fx.store.eraseOwner('directline:conv-a')).toBe(2);
      expect(await fx.store.get(a.id)).toBeUndefined();
      expect(await fx.store.get(b.id)).toBeUndefined();
      expect(await fx.store.eraseApplication('SH-5')).toBe(1);
      expect(await fx.store.get(c.id)).toBeUndefined();
    });

    it('retention removes old files never attached, and keeps recent ones and every application’s', async () => {
      fx.clock.set('2026-10-01T00:00:00.000Z');
      const oldLoose = await fx.store.put(photo(), Buffer.from('old loose'));
      const oldAttached = await fx.store.put(photo(), Buffer.from('old attached'));
      await fx.store.attach(oldAttached.id, 'SH-6', '照片');
      fx.clock.set('2026-12-01T00:00:00.000Z');
      const recent = await fx.store.put(photo(), Buffer.from('recent'));
      expect(await fx.store.purgeUnattached(new Date('2026-11-01T00:00:00.000Z'))).toBe(1);
      expect(await fx.store.head(oldLoose.id)).toBeUndefined();
      expect(await fx.store.head(oldAttached.id)).toBeDefined();
      expect(await fx.store.head(recent.id)).toBeDefined();
    });

    it('refuses a malformed description without storing anything', async () => {
      await expect(fx.store.put({ ...photo(), owner: '' }, Buffer.from('x'))).rejects.toThrow(/Invalid file/);
      expect(await fx.store.listByOwner('')).toEqual([]);
    });
  });
}
