import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import catalogue from '../../src/messages/zh-CN.json';
import { sourceFiles } from './cjkLiterals';

const codes = Object.keys(catalogue.messages);

/** The code each render(...) call in a source file names: a literal, or the fixed start of a template. */
function renderedCodes(file: string): { code: string; prefix: boolean; line: number }[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { code: string; prefix: boolean; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'render') {
      const arg = node.arguments[0];
      const line = arg ? source.getLineAndCharacterOfPosition(arg.getStart()).line + 1 : 0;
      if (arg && ts.isStringLiteralLike(arg)) found.push({ code: arg.text, prefix: false, line });
      else if (arg && ts.isTemplateExpression(arg)) found.push({ code: arg.head.text, prefix: true, line });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A code missing from the catalogue only shows when a resident reaches that branch; find it here. */
describe('every message code the source renders is in the catalogue', () => {
  const root = path.join(__dirname, '..', '..');
  const files = sourceFiles(path.join(root, 'src')).filter((f) => renderedCodes(f).length > 0);
  it('finds render calls to check', () => expect(files.length).toBeGreaterThan(20));
  it.each(files.map((f) => [path.relative(root, f)] as const))('%s', (file) => {
    const missing = renderedCodes(path.join(root, file)).filter(({ code, prefix }) =>
      prefix ? !codes.some((c) => c.startsWith(code)) : !codes.includes(code),
    );
    expect(missing.map((m) => `${file}:${m.line} ${m.code}${m.prefix ? '…' : ''}`)).toEqual([]);
  });
});
