/**
 * Out-of-scope rejection as a small logistic regression over signals from both rankers. It is fitted
 * on cross-validation predictions of the corpus (with whole intents left out, so the model sees what
 * an unknown question looks like), never on the held-out test file.
 */
export interface Signals {
  combinedTop: number;
  combinedMargin: number;
  nlpTop: number;
  bm25Top: number;
  coverage: number;
  nlpNone: number;
  agree: number; // 1 when NLP.js and BM25 pick the same intent
}

export interface Calibration {
  weights: number[];
  bias: number;
  threshold: number;
  alpha: number; // weight of NLP.js against BM25 in the combined score
  didYouMeanMargin: number;
}

export const vector = (s: Signals): number[] => [
  s.combinedTop,
  s.combinedMargin,
  s.nlpTop,
  s.bm25Top,
  s.coverage,
  s.nlpNone,
  s.agree,
];

export function confidence(c: Calibration, s: Signals): number {
  const x = vector(s);
  let z = c.bias;
  for (let i = 0; i < x.length; i += 1) z += c.weights[i] * x[i];
  return 1 / (1 + Math.exp(-z));
}

/** Plain batch gradient descent with a little L2; the data is a few thousand rows. */
export function fitLogistic(
  rows: { x: number[]; y: number }[],
  epochs = 2000,
  rate = 0.5,
  l2 = 1e-3,
): { weights: number[]; bias: number } {
  const dim = rows[0]?.x.length ?? 0;
  const weights = new Array<number>(dim).fill(0);
  let bias = 0;
  if (rows.length === 0) return { weights, bias };
  const positives = rows.filter((r) => r.y === 1).length;
  // Balance the classes so a corpus with few unknowns still learns to reject.
  const wPos = rows.length / (2 * Math.max(1, positives));
  const wNeg = rows.length / (2 * Math.max(1, rows.length - positives));
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    const grad = new Array<number>(dim).fill(0);
    let gBias = 0;
    for (const r of rows) {
      let z = bias;
      for (let i = 0; i < dim; i += 1) z += weights[i] * r.x[i];
      const p = 1 / (1 + Math.exp(-z));
      const err = (p - r.y) * (r.y === 1 ? wPos : wNeg);
      for (let i = 0; i < dim; i += 1) grad[i] += err * r.x[i];
      gBias += err;
    }
    for (let i = 0; i < dim; i += 1) weights[i] -= rate * (grad[i] / rows.length + l2 * weights[i]);
    bias -= (rate * gBias) / rows.length;
  }
  return { weights, bias };
}
