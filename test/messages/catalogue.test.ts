import fs from 'node:fs';
import path from 'node:path';
import { basisLine, MessageError, render } from '../../src/messages';
import { cjkLiterals, sourceFiles } from './cjkLiterals';

describe('message catalogue', () => {
  it('renders a code with its parameters', () => {
    expect(render('basis.line', { titles: 'X' })).toBe('依据：X');
  });
  it('refuses an unknown code or a missing parameter instead of showing a placeholder', () => {
    expect(() => render('no.such.code')).toThrow(MessageError);
    expect(() => render('basis.line')).toThrow(/titles/);
  });
  it('names each source document on one basis line, once each', () => {
    expect(basisLine(['000_1d6aa793aa3d65e2.txt', '002_7149ee6b2e8ba172.txt', '000_1d6aa793aa3d65e2.txt'])).toBe(
      '依据：上海“一网通办”居住证办理一件事说明；2018年上海市公安局便民措施',
    );
    expect(basisLine([])).toBeUndefined();
  });
});

/**
 * Resident- and staff-facing text belongs in the catalogue (src/messages), the corpus, the vocabulary
 * or the policy data, all of them data files. Code still holding Chinese literals is listed with a
 * ceiling in cjk-allowlist.json, shrinking as files migrate.
 */
describe('no Chinese string literal outside the catalogue and the data', () => {
  const allow = (
    JSON.parse(fs.readFileSync(path.join(__dirname, 'cjk-allowlist.json'), 'utf8')) as { files: Record<string, number> }
  ).files;
  const root = path.join(__dirname, '..', '..');
  it.each(sourceFiles(path.join(root, 'src')).map((f) => [path.relative(root, f)] as const))('%s', (file) => {
    const found = cjkLiterals(path.join(root, file));
    const ceiling = allow[file] ?? 0;
    if (found.length > ceiling)
      throw new Error(
        `${file} holds ${found.length} Chinese literals (allowed ${ceiling}); move text to src/messages/zh-CN.json:\n${found.slice(0, 5).join('\n')}`,
      );
  });
});
