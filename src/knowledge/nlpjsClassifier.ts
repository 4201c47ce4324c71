import { z } from 'zod';
import { features } from './features';
import { normalizeText } from './normalize';
import type { ScoredIntent } from './types';

/**
 * NLP.js as the intent classifier, with the Chinese pipeline replaced. @nlpjs/lang-zh turns every
 * word into pinyin (homophones collide) and keeps ，？！ as features; here the zh normaliser,
 * tokenizer and stemmer are ours: characters, bigrams and lexicon terms. The container is our own
 * (dockStart always reuses 'default'), and the threshold is set explicitly because a settings object
 * passed to NLP.js replaces its default of 0.5.
 *
 * Training runs NLP.js itself (@nlpjs/basic). What is kept afterwards is only its trained network
 * (@nlpjs/neural, the same class NLP.js runs) in a compact sparse form plus the two facts its NLU
 * layer adds on top (which features each intent has seen, the "None" feature), so start-up does not
 * load the whole NLP.js stack (~0.5 s, ~40 MB) and classification is synchronous.
 */
export const NLPJS_THRESHOLD = 0.5;

/** NLP.js's network stops at 20,000 iterations by default; accuracy is flat after ~40 on this corpus (measured). */
export const DEFAULT_ITERATIONS = 40;

export interface TrainingExample {
  text: string;
  intent: string;
}

export const compactNetworkSchema = z.object({
  features: z.array(z.string()), // the network's inputs, "nonefeature" included
  intents: z.array(z.string()), // the network's outputs, "None" included
  /** Per intent: [featureIndex, weight, featureIndex, weight, …] for the non-zero weights. */
  weights: z.array(z.array(z.number())),
  bias: z.array(z.number()),
  /** Per intent (not None): indices of the features seen in its utterances (NLP.js "activation"). */
  seen: z.array(z.array(z.number().int())),
  settings: z.record(z.string(), z.unknown()),
});
export type CompactNetwork = z.infer<typeof compactNetworkSchema>;

interface NeuralNetworkLike {
  settings: Record<string, unknown>;
  lookup: { inputLookup: { items: string[] }; outputLookup: { items: string[] } };
  perceptrons: { weights: Float32Array; bias: number }[];
  fromJSON(json: unknown): void;
  run(input: Record<string, number>): Record<string, number> | undefined;
}
interface NeuralNluLike {
  neuralNetwork?: NeuralNetworkLike;
  intentFeatures: Record<string, Record<string, number>>;
}

/**
 * @nlpjs/logger builds a pino logger with the removed `prettyPrint` option when it is first loaded,
 * which prints a deprecation warning; it reads NODE_ENV only at that moment, so it is set for the
 * duration of the require (synchronous) and restored.
 */
function requireNlpjsBasic(): typeof import('@nlpjs/basic') {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    return require('@nlpjs/basic') as typeof import('@nlpjs/basic');
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
}

/** Trains NLP.js (our zh pipeline, explicit network settings) and returns its network in compact form. */
export async function trainNlpjs(examples: readonly TrainingExample[], iterations = DEFAULT_ITERATIONS): Promise<CompactNetwork> {
  const { Nlp, containerBootstrap } = requireNlpjsBasic();
  const container = containerBootstrap();
  container.register('normalizer-zh', { normalize: (text: string) => normalizeText(text) }, true);
  container.register('tokenizer-zh', { tokenize: (text: string) => text.split(' ').filter(Boolean) }, true);
  container.register('stemmer-zh', { stem: (tokens: string[]) => features(tokens.join(' ')) }, true);
  const settings = { iterations, learningRate: 0.6, errorThresh: 0.00005, deltaErrorThresh: 0.000001 };
  (container as unknown as { registerConfiguration(tag: string, config: unknown): void }).registerConfiguration('domain-manager-zh', {
    nluByDomain: { default: { className: 'NeuralNlu', settings } },
  });
  const nlp = new Nlp(
    { languages: ['zh'], threshold: NLPJS_THRESHOLD, autoSave: false, autoLoad: false, calculateSentiment: false, nlu: { log: false, useNoneFeature: true } },
    container,
  );
  for (const e of examples) nlp.addDocument('zh', e.text, e.intent);
  await nlp.train();
  const manager = (nlp as unknown as { nluManager: { domainManagers: Record<string, { domains: Record<string, NeuralNluLike> }> } }).nluManager;
  const domains = manager.domainManagers.zh?.domains ?? {};
  const nlu = domains.master_domain ?? Object.values(domains)[0];
  const net = nlu?.neuralNetwork;
  if (!nlu || !net) throw new Error('NLP.js produced no trained network');
  const featureNames = net.lookup.inputLookup.items;
  const intents = net.lookup.outputLookup.items;
  const index = new Map(featureNames.map((f, i) => [f, i]));
  const round = (w: number) => Math.round(w * 1e5) / 1e5;
  return {
    features: featureNames,
    intents,
    weights: net.perceptrons.map((p) => {
      const out: number[] = [];
      p.weights.forEach((w, i) => {
        if (round(w) !== 0) out.push(i, round(w));
      });
      return out;
    }),
    bias: net.perceptrons.map((p) => round(p.bias)),
    seen: intents.filter((i) => i !== 'None').map((intent) => Object.keys(nlu.intentFeatures[intent] ?? {}).map((f) => index.get(f) ?? -1).filter((i) => i >= 0)),
    settings,
  };
}

/** The trained NLP.js network at run time: NLP.js's NeuralNetwork plus its NLU layer's scoring rules. */
export class NlpjsNetwork {
  private readonly net: NeuralNetworkLike;
  private readonly known: Set<string>;
  private readonly seen: Map<string, Set<string>>;
  private readonly noneDelta: number;

  constructor(readonly compact: CompactNetwork) {
    const { NeuralNetwork } = require('@nlpjs/neural') as { NeuralNetwork: new () => NeuralNetworkLike };
    this.net = new NeuralNetwork();
    const dense = compact.weights.map((pairs, i) => {
      const row = new Array<number>(compact.features.length + 1).fill(0);
      for (let j = 0; j < pairs.length; j += 2) row[pairs[j]] = pairs[j + 1];
      row[compact.features.length] = compact.bias[i];
      return row;
    });
    this.net.fromJSON({ settings: compact.settings, features: compact.features, intents: compact.intents, perceptrons: dense });
    this.known = new Set(compact.features.filter((f) => f !== 'nonefeature'));
    const named = compact.intents.filter((i) => i !== 'None');
    this.seen = new Map(named.map((intent, i) => [intent, new Set(compact.seen[i].map((f) => compact.features[f]))]));
    this.noneDelta = named.length / this.known.size;
  }

  static async train(examples: readonly TrainingExample[], iterations?: number): Promise<NlpjsNetwork> {
    return new NlpjsNetwork(await trainNlpjs(examples, iterations));
  }

  /**
   * NLP.js's classification of a feature bag, as its NeuralNlu does it: unknown features feed the
   * "None" input (growing by 1.2× each), intents that share no feature with the input score 0, and
   * scores are squared and renormalised to sum to 1.
   */
  classifyFeatures(feats: readonly string[]): ScoredIntent[] {
    const input: Record<string, number> = {};
    let unknown = 0;
    let delta = this.noneDelta;
    let none = 0;
    const unique = new Set(feats);
    for (const f of unique) {
      if (this.known.has(f)) input[f] = 1;
      else {
        unknown += 1;
        none += delta;
        delta *= 1.2;
      }
    }
    if (unknown) input.nonefeature = none;
    const outputs = this.net.run(input) ?? { None: 1 };
    const scored: ScoredIntent[] = [];
    let total = 0;
    for (const intent of this.compact.intents) {
      let score = outputs[intent] ?? 0;
      if (intent !== 'None' && score > 0 && !this.activated(intent, unique)) score = 0;
      if (score <= 0) continue;
      score **= 2;
      total += score;
      scored.push({ intent, score });
    }
    if (!scored.length) return [{ intent: 'None', score: 1 }];
    for (const s of scored) s.score /= total;
    return scored.sort((a, b) => b.score - a.score);
  }

  private activated(intent: string, feats: ReadonlySet<string>): boolean {
    const seen = this.seen.get(intent);
    if (!seen) return false;
    for (const f of feats) if (seen.has(f)) return true;
    return false;
  }

  classify(text: string): ScoredIntent[] {
    return this.classifyFeatures(features(normalizeText(text)));
  }
}
