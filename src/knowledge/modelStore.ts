import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../paths';
import { bm25DataSchema } from './bm25';
import { compactNetworkSchema } from './nlpjsClassifier';

/**
 * Saves the trained model beside the data and reuses it while the corpus and the model code are the
 * same (the file name carries their hash), so start-up does not retrain.
 */
// The saved format's version; the model code itself is hashed too (knowledgeCodeFingerprint).
export const MODEL_CODE_VERSION = 'banshi-intent-model-3';

/**
 * A hash of the TypeScript that trains and applies the model (src/knowledge, evaluation excluded), so
 * a change to features, normalisation or calibration retrains instead of reusing a stale saved model.
 * The sources are read from the project tree, which is where the corpus is read from as well.
 */
export function knowledgeCodeFingerprint(dir: string = path.join(projectRoot, 'src', 'knowledge')): string {
  const hash = crypto.createHash('sha256');
  for (const name of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.ts'))
    .sort()) {
    hash
      .update(name)
      .update('\0')
      .update(fs.readFileSync(path.join(dir, name)))
      .update('\0');
  }
  return hash.digest('hex');
}

export function modelKey(parts: readonly string[]): string {
  const hash = crypto.createHash('sha256');
  for (const p of [MODEL_CODE_VERSION, knowledgeCodeFingerprint(), ...parts]) hash.update(p).update('\0');
  return hash.digest('hex').slice(0, 16);
}

const storedModelSchema = z.object({
  key: z.string(),
  nlp: compactNetworkSchema,
  bm25: bm25DataSchema,
  calibration: z.object({
    weights: z.array(z.number()),
    bias: z.number(),
    threshold: z.number(),
    alpha: z.number(),
    didYouMeanMargin: z.number(),
  }),
});
export type StoredModel = z.infer<typeof storedModelSchema>;

export class ModelStore {
  constructor(readonly dir: string) {}

  /** The saved model for this key, or undefined when absent or unreadable (then we retrain). */
  load(key: string): StoredModel | undefined {
    for (const dir of this.places()) {
      try {
        const parsed = storedModelSchema.safeParse(
          JSON.parse(fs.readFileSync(path.join(dir, `intent-model-${key}.json`), 'utf8')),
        );
        if (parsed.success && parsed.data.key === key) return parsed.data;
      } catch {
        // absent or unreadable here
      }
    }
    return undefined;
  }

  private places(): string[] {
    return [this.dir, path.join(os.tmpdir(), 'banshi-model')];
  }

  /** Writes atomically; returns where it went, falling back to the OS temp folder when dir is read-only. */
  save(model: StoredModel): string {
    for (const dir of this.places()) {
      try {
        fs.mkdirSync(dir, { recursive: true });
        const target = path.join(dir, `intent-model-${model.key}.json`);
        const tmp = `${target}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, JSON.stringify(model));
        fs.renameSync(tmp, target);
        return target;
      } catch {
        // try the next place
      }
    }
    throw new Error(`Cannot save the intent model in ${this.dir} or the temp folder`);
  }
}
