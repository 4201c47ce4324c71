import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../../paths';

/** The held-out test file: written before tuning, never trained on, never used to pick thresholds. */
export const HELDOUT_FILE = path.join(projectRoot, 'test', 'knowledge', 'heldout.json');
/** A second, independent test set written by someone who never saw the corpus; only aggregates are printed. */
export const HELDOUT_B_FILE = path.join(projectRoot, 'test', 'knowledge', 'heldout-b.json');

const heldoutSchema = z.object({
  $comment: z.string().optional(),
  cases: z.array(z.object({ text: z.string().min(1), intent: z.string().min(1), city: z.string().optional() })).min(1),
});
export type HeldoutCase = z.infer<typeof heldoutSchema>['cases'][number];

export function loadHeldout(file: string = HELDOUT_FILE): HeldoutCase[] {
  return heldoutSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).cases;
}
