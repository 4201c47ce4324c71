import type { ScoredIntent } from './types';

/**
 * Okapi BM25 over feature bags (character unigrams, bigrams, lexicon terms), one document per
 * training utterance; an intent scores as its best utterance. Scores are divided by the query's
 * score against itself, so 1 means "as good as an exact match" whatever the query length: that makes
 * the value usable for rejecting unknown questions.
 */
const K1 = 1.2;
const B = 0.75;

interface Doc {
  intent: string;
  tf: Map<string, number>;
  length: number;
}

export class Bm25Ranker {
  private readonly docs: Doc[] = [];
  private readonly df = new Map<string, number>();
  private readonly postings = new Map<string, number[]>();
  private avgLength = 1;

  constructor(examples: readonly { intent: string; features: readonly string[] }[]) {
    let total = 0;
    for (const e of examples) {
      const tf = new Map<string, number>();
      for (const f of e.features) tf.set(f, (tf.get(f) ?? 0) + 1);
      const index = this.docs.length;
      this.docs.push({ intent: e.intent, tf, length: e.features.length });
      total += e.features.length;
      for (const f of tf.keys()) {
        this.df.set(f, (this.df.get(f) ?? 0) + 1);
        let list = this.postings.get(f);
        if (!list) this.postings.set(f, (list = []));
        list.push(index);
      }
    }
    this.avgLength = this.docs.length ? total / this.docs.length : 1;
  }

  idf(feature: string): number {
    const n = this.df.get(feature) ?? 0;
    return Math.log(1 + (this.docs.length - n + 0.5) / (n + 0.5));
  }

  /** Share of the query's features the corpus has ever seen, weighted by how rare they would be. */
  coverage(query: readonly string[]): number {
    if (query.length === 0) return 0;
    let known = 0;
    for (const f of query) if (this.df.has(f)) known += 1;
    return known / query.length;
  }

  /** Best normalised score per intent, highest first. */
  rank(query: readonly string[]): ScoredIntent[] {
    const qtf = new Map<string, number>();
    for (const f of query) qtf.set(f, (qtf.get(f) ?? 0) + 1);
    const scores = new Map<number, number>();
    let self = 0;
    for (const [f, q] of qtf) {
      const idf = this.idf(f);
      const selfNorm = K1 * (1 - B + (B * query.length) / this.avgLength);
      self += q * idf * ((q * (K1 + 1)) / (q + selfNorm));
      const list = this.postings.get(f);
      if (!list) continue;
      for (const d of list) {
        const doc = this.docs[d];
        const tf = doc.tf.get(f) ?? 0;
        const norm = K1 * (1 - B + (B * doc.length) / this.avgLength);
        scores.set(d, (scores.get(d) ?? 0) + q * idf * ((tf * (K1 + 1)) / (tf + norm)));
      }
    }
    const best = new Map<string, number>();
    for (const [d, s] of scores) {
      const intent = this.docs[d].intent;
      if (s > (best.get(intent) ?? 0)) best.set(intent, s);
    }
    const denominator = self > 0 ? self : 1;
    return [...best.entries()].map(([intent, s]) => ({ intent, score: s / denominator })).sort((a, b) => b.score - a.score);
  }
}
