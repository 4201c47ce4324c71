import { Nlp, containerBootstrap, type Container } from '@nlpjs/basic';
import { features } from './features';
import { normalizeText } from './normalize';
import type { ScoredIntent } from './types';

/**
 * NLP.js as the intent classifier, with the Chinese pipeline replaced. @nlpjs/lang-zh turns every
 * word into pinyin (homophones collide) and keeps ，？！ as features; here the zh normaliser,
 * tokenizer and stemmer are ours: characters, bigrams and lexicon terms. The container is our own
 * (dockStart always reuses 'default'), and the threshold is set explicitly because a settings object
 * passed to NLP.js replaces its default of 0.5.
 */
export const NLPJS_THRESHOLD = 0.5;

interface NluInput {
  tokens: Record<string, number>;
  settings: unknown;
  classifications: { intent: string; score: number }[];
}
// The parts of @nlpjs/nlu's NeuralNlu that classifySync calls (all synchronous in 4.x).
interface NeuralNluInternals {
  settings: unknown;
  textToFeatures(input: Pick<NluInput, 'tokens' | 'settings'>): NluInput;
  innerProcess(input: NluInput): NluInput;
  filterNonActivated(input: NluInput): NluInput;
  normalizeClassifications(input: NluInput): NluInput;
}

export interface TrainingExample {
  text: string;
  intent: string;
}

function pipelineContainer(): Container {
  const container = containerBootstrap();
  container.register('normalizer-zh', { normalize: (text: string) => normalizeText(text) }, true);
  container.register('tokenizer-zh', { tokenize: (text: string) => text.split(' ').filter(Boolean) }, true);
  container.register('stemmer-zh', { stem: (tokens: string[]) => features(tokens.join(' ')) }, true);
  return container;
}

export class NlpjsIntentClassifier {
  private constructor(private readonly nlp: Nlp) {}

  private static create(): Nlp {
    return new Nlp(
      {
        languages: ['zh'],
        threshold: NLPJS_THRESHOLD,
        autoSave: false,
        autoLoad: false,
        calculateSentiment: false,
        nlu: { log: false, useNoneFeature: true },
      },
      pipelineContainer(),
    );
  }

  static async train(examples: readonly TrainingExample[]): Promise<NlpjsIntentClassifier> {
    const nlp = NlpjsIntentClassifier.create();
    for (const e of examples) nlp.addDocument('zh', e.text, e.intent);
    await nlp.train();
    return new NlpjsIntentClassifier(nlp);
  }

  static fromJSON(data: string): NlpjsIntentClassifier {
    const nlp = NlpjsIntentClassifier.create();
    nlp.import(data);
    return new NlpjsIntentClassifier(nlp);
  }

  toJSON(): string {
    return this.nlp.export(true);
  }

  /**
   * The same classification synchronously, for the hot path: the trained NLP.js network is run on
   * our own features directly (NLP.js's own pipeline is async only). Scores are NLP.js's: squared
   * and renormalised to sum to 1. The async `classify` gives the same result (tested).
   */
  classifySync(text: string): ScoredIntent[] {
    const nlu = this.neuralNlu();
    const tokens: Record<string, number> = {};
    for (const f of features(normalizeText(text))) tokens[f] = 1;
    const input = nlu.textToFeatures({ tokens, settings: { ...(nlu.settings as object), useNoneFeature: true } });
    const output = nlu.filterNonActivated(nlu.innerProcess(input));
    return nlu.normalizeClassifications(output).classifications.map((c) => ({ intent: c.intent, score: c.score }));
  }

  private neuralNlu(): NeuralNluInternals {
    const manager = (this.nlp as unknown as { nluManager: { domainManagers: Record<string, { domains: Record<string, NeuralNluInternals> }> } }).nluManager;
    const domains = manager.domainManagers.zh?.domains ?? {};
    const nlu = domains.master_domain ?? Object.values(domains)[0];
    if (!nlu) throw new Error('The NLP.js model has not been trained');
    return nlu;
  }

  /** Scores for every intent the model knows (NLP.js renormalises them to sum to 1). */
  async classify(text: string): Promise<ScoredIntent[]> {
    const result = await this.nlp.process('zh', text);
    return (result.classifications ?? []).map((c) => ({ intent: c.intent, score: c.score }));
  }
}
