import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../../paths';

/**
 * An independent question bank: questions written by people who never saw the code or the corpus,
 * each with what a right reply must contain. `facts` and `forbid` are regular-expression sources
 * matched against the reply text after Traditional → Simplified; every fact must match, no forbid may.
 */
export const BANK_PROCEDURES = [
  'registration',
  'permit',
  'renewal',
  'addressChange',
  'lossReport',
  'lossCancellation',
  'statusLookup',
] as const;

export const BANK_KINDS = ['policy', 'oos', 'handoff', 'task', 'smalltalk'] as const;
export type BankKind = (typeof BANK_KINDS)[number];

const regexSource = z.string().refine((s) => {
  try {
    new RegExp(s, 'i');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

export const bankCaseSchema = z
  .object({
    id: z.string().min(1),
    text: z.string().min(1),
    city: z.enum(['shanghai', 'chengdu']).nullish(),
    kind: z.enum(BANK_KINDS),
    facts: z.array(regexSource).optional(),
    forbid: z.array(regexSource).optional(),
    procedure: z.enum(BANK_PROCEDURES).optional(),
    source: z.string().nullish(),
    style: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.kind === 'task' && !c.procedure)
      ctx.addIssue({ code: 'custom', message: `${c.id}: a task names its procedure` });
    if (c.kind === 'policy' && !c.facts?.length)
      ctx.addIssue({ code: 'custom', message: `${c.id}: a policy question lists the facts its reply needs` });
  });
export type BankCase = z.infer<typeof bankCaseSchema>;

const bankFileSchema = z.union([
  z.object({ $comment: z.string().optional(), cases: z.array(bankCaseSchema).min(1) }),
  z.array(bankCaseSchema).min(1),
]);

export interface Bank {
  file: string;
  name: string;
  comment?: string;
  cases: BankCase[];
}

/** The frozen independent banks in the repository (tune parts, and the untouched parts once added). */
export const INDEPENDENT_DIR = path.join(projectRoot, 'test', 'knowledge', 'independent');

export function loadBank(file: string): Bank {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const parsed = bankFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'not a question bank'}`);
  }
  const data = parsed.data;
  return {
    file,
    name: path.basename(file, '.json'),
    ...(Array.isArray(data) ? {} : data.$comment ? { comment: data.$comment } : {}),
    cases: Array.isArray(data) ? data : data.cases,
  };
}

export function defaultBankFiles(dir: string = INDEPENDENT_DIR): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => path.join(dir, n));
}

/** Untouched parts are scored but their questions never printed, so nobody tunes on them by accident. */
export const isUntouched = (bank: Bank): boolean => /untouched/i.test(bank.name);
