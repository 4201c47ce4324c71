import { DocumentIndex } from '../../src/storage/documentIndex';

/** The index answers "is this document's file there?" without a file system call after one listing. */

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('DocumentIndex', () => {
  it('lists a collection once and applies puts and deletes made while the listing ran', async () => {
    const listing = deferred<string[]>();
    const listFiles = jest.fn(() => listing.promise);
    const index = new DocumentIndex(listFiles);
    index.note('state', 'new.json', true);
    index.note('state', 'old.json', false);
    const answer = index.has('state', 'old.json');
    listing.resolve(['old.json', 'other.json']);
    expect(await answer).toBe(false);
    expect(await index.has('state', 'new.json')).toBe(true);
    expect(await index.has('state', 'other.json')).toBe(true);
    expect(await index.has('state', 'never.json')).toBe(false);
    index.note('state', 'other.json', false);
    expect([...(await index.names('state'))!].sort()).toEqual(['new.json']);
    expect(listFiles).toHaveBeenCalledTimes(1);
  });

  it('stops indexing a collection that grows past its limit, and one it cannot list', async () => {
    const index = new DocumentIndex(
      async (collection) => (collection === 'broken' ? Promise.reject(new Error('EACCES')) : ['a.json']),
      2,
    );
    expect(await index.has('big', 'a.json')).toBe(true);
    index.note('big', 'b.json', true);
    index.note('big', 'c.json', true);
    expect(await index.has('big', 'a.json')).toBeUndefined();
    expect(await index.names('big')).toBeUndefined();
    expect(await index.has('broken', 'a.json')).toBeUndefined();
  });
});
