import { createHash } from 'node:crypto';
import { access, mkdir, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { z } from 'zod';
import { StoreCorruptionError } from './storeErrors';

/**
 * One small lowdb JSON file per record. lowdb rewrites a whole file on each write, so keeping each record
 * in its own file makes a write cost the same whether 100 or 100,000 records are stored. lowdb's JSONFile
 * writes through steno: a temporary file renamed over the old one, so a crash never leaves half a file.
 */

const HEX_LIMIT = 160;
const EXTENSION = '.json';

/**
 * A file name for any key: the hex of its UTF-8 bytes, so nothing in a key ("../", "/", "\", NUL, CON)
 * can escape or clash on any file system. Long keys keep a hex head (for prefix listing) and a SHA-256
 * tail, which keeps names under the usual 255-byte limit.
 */
export function fileNameForKey(key: string): string {
  const hex = Buffer.from(key, 'utf8').toString('hex');
  if (hex.length <= HEX_LIMIT) return hex + EXTENSION;
  return `${hex.slice(0, HEX_LIMIT)}~${createHash('sha256').update(key, 'utf8').digest('hex')}${EXTENSION}`;
}

/** Whether a file name may hold a key starting with prefix (the key inside the file decides). */
export function fileNameMayMatchPrefix(fileName: string, prefix: string): boolean {
  const prefixHex = Buffer.from(prefix, 'utf8').toString('hex');
  return fileName.startsWith(prefixHex.slice(0, HEX_LIMIT));
}

/** Record files in a directory, skipping steno's temporary ".name.tmp" files and anything foreign. */
export async function listRecordFiles(dir: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names.filter((n) => !n.startsWith('.') && n.endsWith(EXTENSION));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

export class RecordFiles {
  private readonly madeDirs = new Set<string>();

  constructor(private readonly root: string) {}

  /** Reads and checks one record; undefined when absent; StoreCorruptionError when unreadable. */
  async read<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S> | undefined> {
    const db = new Low<unknown>(new JSONFile<unknown>(file), null);
    try {
      await db.read();
    } catch (e) {
      throw new StoreCorruptionError(this.describe(file), e);
    }
    if (db.data === null) return undefined;
    const parsed = schema.safeParse(db.data);
    if (!parsed.success)
      throw new StoreCorruptionError(
        this.describe(file),
        new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')),
      );
    return parsed.data;
  }

  async write(file: string, data: object): Promise<void> {
    const dir = path.dirname(file);
    if (!this.madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    const db = new Low<object>(new JSONFile<object>(file), data);
    await db.write();
  }

  /** Whether a record file is there (readable or not). */
  async exists(file: string): Promise<boolean> {
    try {
      await access(file);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  /** Returns whether a file was there. */
  async remove(file: string): Promise<boolean> {
    try {
      await unlink(file);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  /** The path relative to the data directory, which is what an operator needs to find the file. */
  describe(file: string): string {
    return path.relative(this.root, file);
  }
}
