import { chooseThreshold, MIN_DECLINE, type ThresholdItem } from '../../src/knowledge/trainer';

/** The rejection threshold decides whether a resident gets an answer or "not understood". */
const item = (conf: number, kind: 'in' | 'unrelated', extra: Partial<ThresholdItem> = {}): ThresholdItem => ({
  conf,
  unrelated: kind === 'unrelated',
  inScope: kind === 'in',
  correct: kind === 'in',
  toOos: false,
  ...extra,
});

test('the threshold answers confident in-scope questions and declines unrelated ones when they separate', () => {
  const items = [
    ...[0.6, 0.7, 0.8, 0.9].map((c) => item(c, 'in')),
    ...[0.1, 0.15, 0.2, 0.3].map((c) => item(c, 'unrelated')),
  ];
  const t = chooseThreshold(items);
  expect(t).toBeGreaterThan(0.3);
  expect(t).toBeLessThanOrEqual(0.6);
});

test('it declines at least the minimum share of unrelated questions even at a cost in-scope', () => {
  const unrelated = [0.2, 0.3, 0.4, 0.5].map((c) => item(c, 'unrelated'));
  const t = chooseThreshold([...[0.35, 0.45, 0.9].map((c) => item(c, 'in')), ...unrelated]);
  expect(unrelated.filter((u) => u.conf < t).length / unrelated.length).toBeGreaterThanOrEqual(MIN_DECLINE);
});

test('an unrelated question filed under a neighbour intent counts as declined, so it does not raise the bar', () => {
  const inScope = [0.3, 0.8].map((c) => item(c, 'in'));
  const neighbours = [0.9, 0.9, 0.9].map((c) => item(c, 'unrelated', { toOos: true }));
  expect(chooseThreshold([...inScope, ...neighbours, item(0.1, 'unrelated')])).toBeLessThanOrEqual(0.3);
});
