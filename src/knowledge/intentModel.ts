import { Bm25Ranker, type Bm25Data } from './bm25';
import { confidence, type Calibration, type Signals } from './calibration';
import { cues, features } from './features';
import { NlpjsNetwork, type CompactNetwork, type TrainingExample } from './nlpjsClassifier';
import { normalizeText } from './normalize';
import type { ScoredIntent } from './types';

/**
 * The trained classifier: NLP.js (own Chinese features) and BM25 combined, then a calibrated
 * confidence decides between answering and "not understood".
 */
export interface Prediction {
  normalized: string;
  /** Best intent, or "None" when rejected. */
  intent: string;
  /** Calibrated confidence that `ranked[0]` is right. */
  score: number;
  /** Combined scores, best first (the rejected best included). */
  ranked: ScoredIntent[];
  signals: Signals;
}

export interface RawScores {
  normalized: string;
  nlp: ScoredIntent[];
  /** NLP.js's own "None" share (its none feature counts unseen features). */
  nlpNone: number;
  bm25: ScoredIntent[];
  coverage: number;
}

/** Gap in combined score under which a faq/procedure pair is decided by the question/action cues. */
export const TIE_MARGIN = 0.15;

/**
 * "地址变了怎么办" asks about a topic (faq), "我要变更地址" asks to start it (procedure): their words
 * overlap, so when one of each is on top and close, the cues decide. Returns whether it decided
 * (then the pair is no longer an ambiguity, and the margin that counts is to the third candidate).
 */
export function faqProcedureTieBreak(ranked: ScoredIntent[], normalized: string): boolean {
  if (ranked.length < 2 || ranked[0].score - ranked[1].score > TIE_MARGIN) return false;
  const kinds = ranked.slice(0, 2).map((r) => r.intent.split('.')[0]);
  if (!kinds.includes('faq') || !kinds.includes('procedure')) return false;
  const { ask, act } = cues(normalized);
  if (ask === act) return false;
  const wanted = ask ? 'faq' : 'procedure';
  if (kinds[0] !== wanted) [ranked[0], ranked[1]] = [ranked[1], ranked[0]];
  return true;
}

export function combine(raw: RawScores, alpha: number): { ranked: ScoredIntent[]; signals: Signals } {
  const { nlp, bm25: bm } = raw;
  const combined = new Map<string, number>();
  for (const c of nlp) combined.set(c.intent, alpha * c.score);
  for (const c of bm) combined.set(c.intent, (combined.get(c.intent) ?? 0) + (1 - alpha) * Math.min(1, c.score));
  const ranked = [...combined.entries()]
    .map(([intent, score]) => ({ intent, score }))
    .sort((a, b) => b.score - a.score || a.intent.localeCompare(b.intent));
  const decided = faqProcedureTieBreak(ranked, raw.normalized);
  const top = Math.max(ranked[0]?.score ?? 0, ranked[1]?.score ?? 0);
  const signals: Signals = {
    combinedTop: ranked[0]?.score ?? 0,
    combinedMargin: decided ? top - (ranked[2]?.score ?? 0) : (ranked[0]?.score ?? 0) - (ranked[1]?.score ?? 0),
    nlpTop: nlp[0]?.score ?? 0,
    bm25Top: Math.min(1, bm[0]?.score ?? 0),
    coverage: raw.coverage,
    nlpNone: raw.nlpNone,
    agree: nlp[0] && bm[0] && nlp[0].intent === bm[0].intent ? 1 : 0,
  };
  return { ranked, signals };
}

export const DEFAULT_CALIBRATION: Calibration = {
  weights: [4, 4, 2, 4, 2, -2, 1],
  bias: -7,
  threshold: 0.5,
  alpha: 0.5,
  didYouMeanMargin: 0.08,
};

export interface SerializedModel {
  nlp: CompactNetwork;
  bm25: Bm25Data;
  calibration: Calibration;
}

export class IntentModel {
  constructor(
    readonly nlp: NlpjsNetwork,
    readonly bm25: Bm25Ranker,
    public calibration: Calibration,
  ) {}

  /** `iterations`: NLP.js network iterations (calibration folds use fewer; see trainer). */
  static async train(
    examples: readonly TrainingExample[],
    calibration: Calibration = DEFAULT_CALIBRATION,
    iterations?: number,
  ): Promise<IntentModel> {
    const nlp = await NlpjsNetwork.train(examples, iterations);
    return new IntentModel(nlp, IntentModel.ranker(examples), calibration);
  }

  static ranker(examples: readonly TrainingExample[]): Bm25Ranker {
    return Bm25Ranker.fromExamples(
      examples.map((e) => ({ intent: e.intent, features: features(normalizeText(e.text)) })),
    );
  }

  /** Both rankers' raw output; `combine` mixes them (split so calibration can try several weights). */
  rawScores(text: string): RawScores {
    const normalized = normalizeText(text);
    const feats = features(normalized);
    const nlpScores = this.nlp.classifyFeatures(feats);
    return {
      normalized,
      nlp: nlpScores.filter((c) => c.intent !== 'None'),
      nlpNone: nlpScores.find((c) => c.intent === 'None')?.score ?? 0,
      bm25: this.bm25.rank(feats),
      coverage: this.bm25.coverage(feats),
    };
  }

  score(text: string): { normalized: string; ranked: ScoredIntent[]; signals: Signals } {
    const raw = this.rawScores(text);
    return { normalized: raw.normalized, ...combine(raw, this.calibration.alpha) };
  }

  predict(text: string): Prediction {
    const { normalized, ranked, signals } = this.score(text);
    const score = ranked.length ? confidence(this.calibration, signals) : 0;
    const accepted = ranked.length > 0 && score >= this.calibration.threshold;
    return { normalized, intent: accepted ? ranked[0].intent : 'None', score, ranked, signals };
  }

  toJSON(): SerializedModel {
    return { nlp: this.nlp.compact, bm25: this.bm25.data, calibration: this.calibration };
  }

  static fromJSON(data: SerializedModel): IntentModel {
    return new IntentModel(new NlpjsNetwork(data.nlp), new Bm25Ranker(data.bm25), data.calibration);
  }
}
