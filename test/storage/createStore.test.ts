import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createStore } from '../../src/storage';

describe('createStore', () => {
  it('uses lowdb files in DATA_DIR when no DATABASE_URL is set', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'banshi-store-'));
    const store = await createStore({ DATA_DIR: dir });
    expect(store.kind).toBe('lowdb');
    await store.documents.put('state', 'k', { v: 1 });
    await store.close();
    expect(await readdir(path.join(dir, 'documents'))).toEqual(['state']);
    await rm(dir, { recursive: true, force: true });
  });

  it('uses PostgreSQL when DATABASE_URL is set', async () => {
    // Unreachable on purpose: the error shows the PostgreSQL adapter was chosen and tried to connect.
    await expect(
      createStore({ DATA_DIR: '/nonexistent', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
