import { NlpjsNetwork, trainNlpjsWithProcessor } from '../../src/knowledge/nlpjsClassifier';

/**
 * The compact network the assistant loads at start-up must classify exactly as NLP.js itself does
 * after training (same scores, "None" handling and renormalisation), or the saved model would
 * silently behave differently from the trained one.
 */
const examples = [
  ...['居住证快递要多少钱', '寄到家里收费吗', '邮寄费用是多少', '快递到付还是寄付'].map((text) => ({
    text,
    intent: 'faq.postal',
  })),
  ...['照片有什么要求', '证件照尺寸多大', '照片要白底吗', '照片可以自己拍吗'].map((text) => ({
    text,
    intent: 'faq.photo',
  })),
  ...['我要办居住证', '帮我申请居住证', '开始办理居住证', '想申领居住证'].map((text) => ({
    text,
    intent: 'procedure.permit',
  })),
];

test('the saved compact network gives the same scores as NLP.js process()', async () => {
  const { network, process } = await trainNlpjsWithProcessor(examples, 40);
  const compact = new NlpjsNetwork(JSON.parse(JSON.stringify(network)) as typeof network);
  for (const text of ['快递多少钱', '照片要求', '我想办居住证', '今天天气怎么样', '居住證照片尺寸？']) {
    const ours = compact.classify(text).filter((c) => c.score > 1e-9);
    const theirs = (await process(text)).filter((c) => c.score > 1e-9);
    expect(ours.map((c) => c.intent)).toEqual(theirs.map((c) => c.intent));
    ours.forEach((c, i) => expect(c.score).toBeCloseTo(theirs[i].score, 3));
  }
});
