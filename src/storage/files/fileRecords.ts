import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { NewFile, StoredFile } from '../../domain/files';
import { InvalidStoreInputError } from '../storeErrors';

/** What every file store adapter shares: ids, checks on input, and the record's shape on disk or in a row. */

/** 24 random bytes, base64url: safe as a file name and in a URL, and unguessable. */
export const FILE_ID = /^[A-Za-z0-9_-]{32}$/;

export function newFileId(): string {
  return randomBytes(24).toString('base64url');
}

export function isFileId(id: string): boolean {
  return FILE_ID.test(id);
}

export const storedFileSchema = z.object({
  id: z.string().regex(FILE_ID),
  owner: z.string().min(1),
  contentType: z.string().min(1),
  name: z.string(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  size: z.number().int().nonnegative(),
  sha256: z.string().length(64),
  createdAt: z.string(),
  applicationRef: z.string().optional(),
  material: z.string().optional(),
  replacedBy: z.string().optional(),
});

const newFileSchema = z.object({
  owner: z.string().min(1).max(300),
  contentType: z.string().min(1).max(100),
  name: z.string().max(300),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
});

/** Builds the record for new bytes; throws InvalidStoreInputError on a malformed description. */
export function newRecord(file: NewFile, bytes: Buffer, now: Date, inherit: Partial<StoredFile> = {}): StoredFile {
  const parsed = newFileSchema.safeParse(file);
  if (!parsed.success) throw new InvalidStoreInputError(`Invalid file: ${parsed.error.issues[0]?.message ?? ''}`);
  if (!Buffer.isBuffer(bytes)) throw new InvalidStoreInputError('File bytes must be a Buffer.');
  const record: StoredFile = {
    ...parsed.data,
    id: newFileId(),
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    createdAt: now.toISOString(),
  };
  if (inherit.applicationRef !== undefined) record.applicationRef = inherit.applicationRef;
  if (inherit.material !== undefined) record.material = inherit.material;
  return record;
}

export function byCreation(a: StoredFile, b: StoredFile): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
