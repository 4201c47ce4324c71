import { TestAdapter } from 'botbuilder';
import { ConcurrencyError } from '../../src/domain/ports';
import { DocumentStoreStorage, EtagConversationState } from '../../src/dialogs/stateStorage';
import { createMemoryStore } from '../../src/storage/memoryStore';

/** The item these tests write; botbuilder's StoreItems leaves values untyped. */
interface Counter {
  n: number;
  eTag?: string;
}
const readCounter = async (storage: DocumentStoreStorage, key: string) =>
  (await storage.read([key]))[key] as Counter | undefined;

describe('DocumentStoreStorage', () => {
  it('reads back what was written, with an eTag', async () => {
    const storage = new DocumentStoreStorage(createMemoryStore().documents);
    await storage.write({ a: { n: 1 } });
    const items = await storage.read(['a', 'missing']);
    expect(items.a).toMatchObject({ n: 1, eTag: expect.any(String) as unknown });
    expect(items.missing).toBeUndefined();
  });

  it('a write with a stale eTag fails and changes nothing; "*" writes unconditionally', async () => {
    const storage = new DocumentStoreStorage(createMemoryStore().documents);
    await storage.write({ a: { n: 1 } });
    const first = await readCounter(storage, 'a');
    const second = await readCounter(storage, 'a');
    await storage.write({ a: { ...first, n: 2 } });
    await expect(storage.write({ a: { ...second, n: 3 } })).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await readCounter(storage, 'a'))!.n).toBe(2);
    await storage.write({ a: { n: 4, eTag: '*' } });
    expect((await readCounter(storage, 'a'))!.n).toBe(4);
  });

  it('an item without eTag is created only if absent', async () => {
    const storage = new DocumentStoreStorage(createMemoryStore().documents);
    await storage.write({ a: { n: 1 } });
    await expect(storage.write({ a: { n: 2 } })).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('deletes', async () => {
    const storage = new DocumentStoreStorage(createMemoryStore().documents);
    await storage.write({ a: { n: 1 } });
    await storage.delete(['a']);
    expect(await storage.read(['a'])).toEqual({});
  });
});

describe('EtagConversationState', () => {
  it('two overlapping turns of one conversation: the slower save fails instead of overwriting', async () => {
    const store = createMemoryStore();
    const state = new EtagConversationState(new DocumentStoreStorage(store.documents));
    const counter = state.createProperty<number>('counter');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let loaded!: () => void;
    const slowLoaded = new Promise<void>((resolve) => (loaded = resolve));
    const adapter = new TestAdapter(async (context) => {
      const n = await counter.get(context, 0);
      if (context.activity.text === 'slow') {
        loaded();
        await gate;
      }
      await counter.set(context, n + (context.activity.text === 'slow' ? 100 : 1));
      await state.saveChanges(context);
      // A second save in the same turn uses the eTag of the first.
      await counter.set(context, n + (context.activity.text === 'slow' ? 100 : 2));
      await state.saveChanges(context);
    });
    const slow = adapter.receiveActivity('slow');
    await slowLoaded;
    await adapter.receiveActivity('fast');
    release();
    await expect(slow).rejects.toBeInstanceOf(ConcurrencyError);
    const stored = await store.documents.list<{ counter: number }>('bot-state');
    expect(stored[0].value.counter).toBe(2);
  });
});
