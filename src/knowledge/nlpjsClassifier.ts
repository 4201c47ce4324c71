import { z } from 'zod';
import { features } from './features';
import { normalizeText } from './normalize';
import { numberRows, rowsBelow } from './numberRows';
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

export const compactNetworkSchema = z
  .object({
    features: z.array(z.string()), // the network's inputs, "nonefeature" included
    intents: z.array(z.string()).min(1), // the network's outputs, "None" included
    /** Per intent: [featureIndex, weight, featureIndex, weight, …] for the non-zero weights. */
    weights: numberRows(),
    bias: z.array(z.number()),
    /** Per intent (not None): indices of the features seen in its utterances (NLP.js "activation"). */
    seen: numberRows({ integers: true }),
    settings: z.record(z.string(), z.unknown()),
  })
  .refine(
    (n) =>
      n.weights.length === n.intents.length &&
      n.bias.length === n.intents.length &&
      n.seen.length === n.intents.filter((i) => i !== 'None').length &&
      rowsBelow(n.weights, n.features.length, 0, 2) &&
      rowsBelow(n.seen, n.features.length),
    'the network tables do not match its features and intents',
  );
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
export function requireNlpjsBasic(): typeof import('@nlpjs/basic') {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    // A require, not an import: it must run after NODE_ENV is set, and only then.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@nlpjs/basic') as typeof import('@nlpjs/basic');
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
}

/** Trains NLP.js (our zh pipeline, explicit network settings) and returns its network in compact form. */
export async function trainNlpjs(
  examples: readonly TrainingExample[],
  iterations = DEFAULT_ITERATIONS,
): Promise<CompactNetwork> {
  return (await trainNlpjsWithProcessor(examples, iterations)).network;
}

/** The same, also keeping NLP.js's own async `process` (tests compare it with the compact network). */
export async function trainNlpjsWithProcessor(
  examples: readonly TrainingExample[],
  iterations = DEFAULT_ITERATIONS,
): Promise<{ network: CompactNetwork; process: (text: string) => Promise<ScoredIntent[]> }> {
  const { Nlp, containerBootstrap } = requireNlpjsBasic();
  const container = containerBootstrap();
  container.register('normalizer-zh', { normalize: (text: string) => normalizeText(text) }, true);
  container.register('tokenizer-zh', { tokenize: (text: string) => text.split(' ').filter(Boolean) }, true);
  container.register('stemmer-zh', { stem: (tokens: string[]) => features(tokens.join(' ')) }, true);
  const settings = { iterations, learningRate: 0.6, errorThresh: 0.00005, deltaErrorThresh: 0.000001 };
  (container as unknown as { registerConfiguration(tag: string, config: unknown): void }).registerConfiguration(
    'domain-manager-zh',
    {
      nluByDomain: { default: { className: 'NeuralNlu', settings } },
    },
  );
  const nlp = new Nlp(
    {
      languages: ['zh'],
      threshold: NLPJS_THRESHOLD,
      autoSave: false,
      autoLoad: false,
      calculateSentiment: false,
      nlu: { log: false, useNoneFeature: true },
    },
    container,
  );
  for (const e of examples) nlp.addDocument('zh', e.text, e.intent);
  await nlp.train();
  const manager = (
    nlp as unknown as { nluManager: { domainManagers: Record<string, { domains: Record<string, NeuralNluLike> }> } }
  ).nluManager;
  const domains = manager.domainManagers.zh?.domains ?? {};
  const nlu = domains.master_domain ?? Object.values(domains)[0];
  const net = nlu?.neuralNetwork;
  if (!nlu || !net) throw new Error('NLP.js produced no trained network');
  const featureNames = net.lookup.inputLookup.items;
  const intents = net.lookup.outputLookup.items;
  const index = new Map(featureNames.map((f, i) => [f, i]));
  const round = (w: number) => Math.round(w * 1e5) / 1e5;
  const network: CompactNetwork = {
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
    seen: intents
      .filter((i) => i !== 'None')
      .map((intent) =>
        Object.keys(nlu.intentFeatures[intent] ?? {})
          .map((f) => index.get(f) ?? -1)
          .filter((i) => i >= 0),
      ),
    settings,
  };
  const process = async (text: string) =>
    ((await nlp.process('zh', text)).classifications ?? []).map((c) => ({ intent: c.intent, score: c.score }));
  return { network, process };
}

/**
 * The trained NLP.js network at run time: NLP.js's NeuralNetwork (its weights, its activation) plus
 * its NLU layer's scoring rules. The forward pass reads the network's own weight arrays by feature
 * index into reused buffers: NeuralNetwork.run() builds two string-keyed objects per call, which
 * showed up as multi-millisecond spikes at p99 (the result is the same; tested).
 */
export class NlpjsNetwork {
  readonly net: NeuralNetworkLike;
  private readonly index = new Map<string, number>();
  private readonly seen: Uint8Array[];
  private readonly noneDelta: number;
  private readonly noneIndex: number;
  private readonly alpha: number;
  private readonly keys: Int32Array;
  private readonly values: Float64Array;

  constructor(readonly compact: CompactNetwork) {
    // @nlpjs/neural ships no declarations: the slice used here is typed at the call.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { NeuralNetwork } = require('@nlpjs/neural') as { NeuralNetwork: new () => NeuralNetworkLike };
    this.net = new NeuralNetwork();
    const width = compact.features.length;
    const dense = compact.weights.map((pairs, i) => {
      const row = new Float32Array(width + 1);
      for (let j = 0; j < pairs.length; j += 2) row[pairs[j]] = pairs[j + 1];
      row[width] = compact.bias[i];
      return row;
    });
    this.net.fromJSON({
      settings: compact.settings,
      features: compact.features,
      intents: compact.intents,
      perceptrons: dense,
    });
    compact.features.forEach((f, i) => {
      if (f !== 'nonefeature') this.index.set(f, i);
    });
    this.noneIndex = compact.features.indexOf('nonefeature');
    this.seen = compact.intents.map((intent) => new Uint8Array(intent === 'None' ? 0 : width));
    const named = compact.intents.filter((i) => i !== 'None');
    named.forEach((intent, i) => {
      const bits = this.seen[compact.intents.indexOf(intent)];
      for (const f of compact.seen[i]) bits[f] = 1;
    });
    this.noneDelta = named.length / this.index.size;
    this.alpha = Number(this.net.settings.alpha ?? 0.07);
    this.keys = new Int32Array(width);
    this.values = new Float64Array(width);
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
    const { keys, values } = this;
    let n = 0;
    let unknown = 0;
    let delta = this.noneDelta;
    let none = 0;
    const unique = new Set(feats);
    for (const f of unique) {
      const i = this.index.get(f);
      if (i !== undefined) {
        keys[n] = i;
        values[n] = 1;
        n += 1;
      } else {
        unknown += 1;
        none += delta;
        delta *= 1.2;
      }
    }
    const known = n;
    if (unknown && this.noneIndex >= 0) {
      keys[n] = this.noneIndex;
      values[n] = none;
      n += 1;
    }
    const scored: ScoredIntent[] = [];
    let total = 0;
    const { perceptrons } = this.net;
    for (let p = 0; p < perceptrons.length; p += 1) {
      const { weights, bias } = perceptrons[p];
      let sum = bias;
      for (let k = 0; k < n; k += 1) sum += values[k] * weights[keys[k]];
      if (sum <= 0) continue;
      const intent = this.compact.intents[p];
      if (intent !== 'None' && !this.activated(p, known)) continue;
      const score = (this.alpha * sum) ** 2;
      total += score;
      scored.push({ intent, score });
    }
    if (!scored.length) return [{ intent: 'None', score: 1 }];
    for (const s of scored) s.score /= total;
    return scored.sort((a, b) => b.score - a.score);
  }

  private activated(perceptron: number, known: number): boolean {
    const bits = this.seen[perceptron];
    for (let k = 0; k < known; k += 1) if (bits[this.keys[k]]) return true;
    return false;
  }

  classify(text: string): ScoredIntent[] {
    return this.classifyFeatures(features(normalizeText(text)));
  }
}
