import { answerKey } from './turn/utterance';

/**
 * Words of an upset resident, a fallback for when the model does not read the message as a request for
 * a person: such a resident is better served by staff than by another "not understood".
 */
const UPSET_CUES = [
  '投诉',
  '太差',
  '垃圾',
  '气死',
  '什么破',
  '破系统',
  '烂系统',
  '没用的',
  '有病',
  '骗子',
  '坑人',
  '差评',
  '举报你',
  '搞什么',
  '浪费时间',
];

export function looksUpset(text: string): boolean {
  const t = answerKey(text);
  return UPSET_CUES.some((cue) => t.includes(cue));
}
