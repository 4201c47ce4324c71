import { LangZh } from '@nlpjs/lang-zh';
import { requireNlpjsBasic, type TrainingExample } from '../nlpjsClassifier';

/**
 * NLP.js out of the box for comparison: the stock @nlpjs/lang-zh pipeline, threshold 0.5 set
 * explicitly (a settings object otherwise drops it), in a container of its own.
 */
export async function trainBaseline(examples: readonly TrainingExample[]): Promise<(text: string) => Promise<string>> {
  const { Nlp, containerBootstrap } = requireNlpjsBasic();
  const container = containerBootstrap();
  container.use(LangZh);
  const nlp = new Nlp(
    {
      languages: ['zh'],
      threshold: 0.5,
      autoSave: false,
      autoLoad: false,
      calculateSentiment: false,
      nlu: { log: false },
    },
    container,
  );
  for (const e of examples) nlp.addDocument('zh', e.text, e.intent);
  await nlp.train();
  return async (text: string) => {
    const r = await nlp.process('zh', text);
    return r.intent && r.score >= 0.5 ? r.intent : 'None';
  };
}
