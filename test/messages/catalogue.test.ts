import { basisLine, MessageError, render } from '../../src/messages';

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
