import { BANK_KINDS, type BankCase, type BankKind } from './bank';
import { judge, type Observation, type Verdict } from './judge';
import type { AssistantUnderTest } from './assistants';

export interface CaseResult {
  case: BankCase;
  observation: Observation;
  verdict: Verdict;
}

export interface BankScore {
  total: number;
  correct: number;
  byKind: Record<BankKind, { total: number; correct: number }>;
  byStyle: Record<string, { total: number; correct: number }>;
}

export async function runBank(assistant: AssistantUnderTest, cases: readonly BankCase[]): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) {
    const observation = await assistant.ask(c.text, c.city);
    results.push({ case: c, observation, verdict: judge(c, observation) });
  }
  return results;
}

export function score(results: readonly CaseResult[]): BankScore {
  const byKind = Object.fromEntries(BANK_KINDS.map((k) => [k, { total: 0, correct: 0 }])) as BankScore['byKind'];
  const byStyle: BankScore['byStyle'] = {};
  let correct = 0;
  for (const r of results) {
    const ok = r.verdict.ok ? 1 : 0;
    correct += ok;
    byKind[r.case.kind].total += 1;
    byKind[r.case.kind].correct += ok;
    const style = r.case.style ?? 'unstyled';
    byStyle[style] ??= { total: 0, correct: 0 };
    byStyle[style].total += 1;
    byStyle[style].correct += ok;
  }
  return { total: results.length, correct, byKind, byStyle };
}

const pct = (c: number, t: number) => (t ? `${((100 * c) / t).toFixed(1)} %` : '—');
const cell = (x: { correct: number; total: number }) => `${pct(x.correct, x.total)} (${x.correct}/${x.total})`;

/** One line per assistant: overall, policy facts, out-of-scope declined, handoff, task, smalltalk. */
export function scoreLine(name: string, s: BankScore): string {
  const k = s.byKind;
  return [
    name.padEnd(44),
    `overall ${cell(s)}`,
    `policy ${cell(k.policy)}`,
    `oos declined ${cell(k.oos)}`,
    `handoff ${cell(k.handoff)}`,
    `task ${cell(k.task)}`,
    `smalltalk ${cell(k.smalltalk)}`,
  ].join('  ');
}

export function styleLine(s: BankScore): string {
  return Object.entries(s.byStyle)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([style, x]) => `${style} ${cell(x)}`)
    .join('  ');
}
