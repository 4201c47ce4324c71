/**
 * Scores predictions the way a resident experiences them: an in-scope question counts only when the
 * exact intent is found; an out-of-scope one (expected "None" or an oos.* neighbour) counts when the
 * assistant declines it, i.e. predicts "None" or any oos.* intent.
 */
export interface Outcome {
  text: string;
  expected: string;
  predicted: string;
}

export const isDecline = (intent: string): boolean => intent === 'None' || intent.startsWith('oos.');

export interface Report {
  total: number;
  inScope: { total: number; correct: number; accuracy: number };
  outOfScope: { total: number; declined: number; recall: number; precision: number; exactOos: number };
  overall: number;
  perIntent: { intent: string; total: number; correct: number; accuracy: number }[];
  confusedPairs: { expected: string; predicted: string; count: number }[];
}

export function correct(o: Outcome): boolean {
  return isDecline(o.expected) ? isDecline(o.predicted) : o.predicted === o.expected;
}

export function report(outcomes: readonly Outcome[]): Report {
  const inScope = outcomes.filter((o) => !isDecline(o.expected));
  const oos = outcomes.filter((o) => isDecline(o.expected));
  const inCorrect = inScope.filter(correct).length;
  const declined = oos.filter((o) => isDecline(o.predicted)).length;
  const allDeclined = outcomes.filter((o) => isDecline(o.predicted)).length;
  const per = new Map<string, { total: number; correct: number }>();
  const pairs = new Map<string, number>();
  for (const o of outcomes) {
    const p = per.get(o.expected) ?? { total: 0, correct: 0 };
    p.total += 1;
    if (correct(o)) p.correct += 1;
    else pairs.set(`${o.expected}\t${o.predicted}`, (pairs.get(`${o.expected}\t${o.predicted}`) ?? 0) + 1);
    per.set(o.expected, p);
  }
  const ratio = (a: number, b: number) => (b ? a / b : 1);
  return {
    total: outcomes.length,
    inScope: { total: inScope.length, correct: inCorrect, accuracy: ratio(inCorrect, inScope.length) },
    outOfScope: {
      total: oos.length,
      declined,
      recall: ratio(declined, oos.length),
      precision: ratio(declined, allDeclined),
      exactOos: oos.filter((o) => o.predicted === o.expected).length,
    },
    overall: ratio(outcomes.filter(correct).length, outcomes.length),
    perIntent: [...per.entries()]
      .map(([intent, p]) => ({ intent, ...p, accuracy: ratio(p.correct, p.total) }))
      .sort((a, b) => a.intent.localeCompare(b.intent)),
    confusedPairs: [...pairs.entries()]
      .map(([k, count]) => {
        const [expected, predicted] = k.split('\t');
        return { expected, predicted, count };
      })
      .sort((a, b) => b.count - a.count)
      .slice(0, 12),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function summaryLine(name: string, r: Report): string {
  return `${name.padEnd(28)} in-scope ${pct(r.inScope.accuracy)} (${r.inScope.correct}/${r.inScope.total})  out-of-scope declined ${pct(r.outOfScope.recall)} (${r.outOfScope.declined}/${r.outOfScope.total}), decline precision ${pct(r.outOfScope.precision)}  overall ${pct(r.overall)}`;
}

export { pct };
