import path from 'node:path';
import type { Logger } from 'pino';
import { loadConfig } from '../config';
import { citiesDetector, cityDetector, otherCityDetector } from './cityDetection';
import { loadCorpus, type Corpus } from './corpusLoader';
import { IntentModel } from './intentModel';
import { CorpusKnowledgeBase } from './knowledgeBase';
import lexicon from './lexicon/lexicon.json';
import unrelated from './lexicon/unrelated.json';
import { ModelStore, modelKey } from './modelStore';
import type { TrainingExample } from './nlpjsClassifier';
import { trainCalibratedModel } from './trainer';
import type { KnowledgeBase } from './types';

export type { KnowledgeBase } from './types';

export interface KnowledgeBaseOptions {
  /** Where the trained model is kept; default DATA_DIR/model. */
  modelDir?: string;
  log?: Logger;
  onProgress?: (msg: string) => void;
  /** Corpus folder; default src/knowledge/corpus. */
  corpusDir?: string;
  /** Train even when a saved model exists (benchmarks, `npm run eval -- --retrain`). */
  retrain?: boolean;
}

export function trainingExamples(corpus: Corpus): TrainingExample[] {
  return [...corpus.intents.values()].flatMap((e) => e.utterances.map((text) => ({ text, intent: e.intent })));
}

export const unrelatedQuestions: readonly string[] = unrelated.utterances;

/**
 * Loads the corpus, then the saved model for it, or trains (with progress) and saves one. Throws a
 * CorpusError naming the file and field when the corpus is wrong.
 */
export async function createKnowledgeBase(options: KnowledgeBaseOptions = {}): Promise<KnowledgeBase> {
  const corpus = loadCorpus(options.corpusDir);
  const examples = trainingExamples(corpus);
  const key = modelKey([corpus.fingerprint, JSON.stringify(lexicon), JSON.stringify(unrelated)]);
  const store = new ModelStore(options.modelDir ?? path.join(loadConfig().DATA_DIR, 'model'));
  const progress = (msg: string) => {
    options.onProgress?.(msg);
    options.log?.info({ component: 'knowledge' }, msg);
  };
  const saved = options.retrain ? undefined : store.load(key);
  let model: IntentModel;
  if (saved) {
    model = IntentModel.fromJSON(saved);
    progress(`intent model ${key} loaded`);
  } else {
    progress(`training the intent model on ${examples.length} utterances (${corpus.intents.size} intents)`);
    model = await trainCalibratedModel(examples, { negatives: unrelatedQuestions, onProgress: progress });
    const where = store.save({ key, ...model.toJSON() });
    progress(`intent model saved to ${where}`);
  }
  return new CorpusKnowledgeBase(model, corpus, cityDetector(), otherCityDetector(), citiesDetector());
}
