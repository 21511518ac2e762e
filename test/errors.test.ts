import * as fc from 'fast-check';
import { errorMessage, show, showJson } from '../src/_errors';
import { LIBRARY_ERROR_LINE, LINE_BREAK, params } from './harness/fuzz';

const awkward = fc.string({ unit: fc.constantFrom('a', ' ', '"', "'", '\\', '\n', '\r', '\t', '\u0085', '\u2028', '\u2029', '\u0000', '\u007f', '\ud800', '😀'), maxLength: 8 });

describe('error messages', () => {
  test('escape a line separator in the value they quote', () => {
    expect(errorMessage('app/web', 'path', `must be absolute, got ${show('a\u2028b')}`)).toBe("app/web: 'path' must be absolute, got 'a\\u2028b'");
    expect(showJson('a\u2029b')).toBe('"a\\u2029b"');
    expect(showJson({ k: 'v\n' })).toBe('{"k":"v\\n"}');
    expect(showJson(undefined)).toBe('undefined');
  });

  test('stay one line in the library style, whatever the problem, path or field holds', () => {
    fc.assert(fc.property(awkward, awkward, awkward, (path, field, problem) => {
      const message = errorMessage(`app/${path.replace(/[\s/']/g, 'x') || 'x'}`, `f${field.replace(/'/g, '')}`, `must be valid, got ${show(problem)} (${problem})`);
      expect(message).not.toMatch(LINE_BREAK);
      expect(message).toMatch(LIBRARY_ERROR_LINE);
    }), params());
  });

  test('leave a message that is one line already as it is', () => {
    fc.assert(fc.property(awkward, text => {
      const once = errorMessage('app/web', 'field', `got ${show(text)}`);
      expect(errorMessage('app/web', 'field', once.slice("app/web: 'field' ".length))).toBe(once);
    }), params());
  });
});
