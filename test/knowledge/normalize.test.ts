import { features } from '../../src/knowledge/features';
import { normalizeText } from '../../src/knowledge/normalize';

test('Traditional, full-width, English and typos become the words the corpus uses', () => {
  expect(normalizeText('居住證過期了怎麼辦？')).toBe('居住证过期了怎么办');
  expect(normalizeText('Residence Permit 要多久')).toBe('居住证 要多久');
  expect(normalizeText('签住可以网上办吗！！')).toBe('签注可以网上办吗');
  expect(normalizeText('ｐｈｏｔｏ　size')).toBe('照片 尺寸');
});

test('features are characters and bigrams, never punctuation or pinyin', () => {
  const f = features(normalizeText('居住正，要多久？'));
  expect(f).toContain('住证');
  expect(f).toContain('#居住证');
  expect(f.some((x) => /[，？,?]/.test(x))).toBe(false);
});
