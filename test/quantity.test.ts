import { isQuantity, parseQuantity } from '../src/_quantity';

const NANO = 1_000_000_000n;

describe('parseQuantity', () => {
  test.each([
    ['1', NANO],
    ['0', 0n],
    ['100m', 100_000_000n],
    ['1.5', 1_500_000_000n],
    ['.5', 500_000_000n],
    ['5.', 5n * NANO],
    ['+2', 2n * NANO],
    ['-2', -2n * NANO],
    ['500u', 500_000n],
    ['10n', 10n],
    ['2k', 2_000n * NANO],
    ['2G', 2_000_000_000n * NANO],
    ['1E', 10n ** 18n * NANO],
    ['1e3', 1_000n * NANO],
    ['1E3', 1_000n * NANO],
    ['1.5e-3', 1_500_000n],
    ['1e+2', 100n * NANO],
    ['1Ki', 1_024n * NANO],
    ['128Mi', 128n * 2n ** 20n * NANO],
    ['1.5Gi', 3n * 2n ** 29n * NANO],
    ['1Ei', 2n ** 60n * NANO],
  ])('parses %s exactly', (text, expected) => {
    expect(parseQuantity(text)).toBe(expected);
  });

  test('treats equal amounts in different notations as equal', () => {
    expect(parseQuantity('1')).toBe(parseQuantity('1000m'));
    expect(parseQuantity('1Gi')).toBe(parseQuantity('1024Mi'));
    expect(parseQuantity('1e3')).toBe(parseQuantity('1k'));
  });

  test('accepts numbers', () => {
    expect(parseQuantity(2)).toBe(2n * NANO);
    expect(parseQuantity(0.25)).toBe(250_000_000n);
    expect(parseQuantity(1e21)).toBe(10n ** 21n * NANO);
  });

  test('rounds fractions finer than a nano-unit away from zero', () => {
    expect(parseQuantity('0.1n')).toBe(1n);
    expect(parseQuantity('1.0000000001')).toBe(NANO + 1n);
    expect(parseQuantity('-0.1n')).toBe(-1n);
    expect(parseQuantity('0.0n')).toBe(0n);
    expect(parseQuantity('1e-2147483648')).toBe(1n);
  });

  test.each(['', ' 1', '1 ', 'abc', '1K', '1mi', '1e', '1e1.5', '1.2.3', '--1', '1Mi2', '0x10', '1e2147483648', 'm'])(
    'rejects %p', (text) => {
      expect(() => parseQuantity(text)).toThrow(`${JSON.stringify(text).replace(/"/g, "'")} is not a Kubernetes quantity`);
    });

  test('rejects non-finite numbers', () => {
    expect(() => parseQuantity(NaN)).toThrow('NaN is not a Kubernetes quantity');
    expect(() => parseQuantity(Infinity)).toThrow('is not a Kubernetes quantity');
  });

  test('names the field when given one', () => {
    expect(() => parseQuantity('100x', 'containers[0].resources.limits.cpu')).toThrow(
      "'containers[0].resources.limits.cpu' is not a Kubernetes quantity, got '100x'; expected a signed decimal number with an optional suffix",
    );
  });

  test('rejects quantities too large to compare exactly', () => {
    expect(() => parseQuantity('1e20000')).toThrow("'1e20000' is too large a Kubernetes quantity to compare");
    expect(parseQuantity('0e20000')).toBe(0n);
  });
});

describe('isQuantity', () => {
  test('accepts Kubernetes quantities', () => {
    for (const q of ['1', '100m', '128Mi', '1e3', '-1.5', 3]) expect(isQuantity(q)).toBe(true);
  });

  test('rejects anything else', () => {
    for (const q of ['1K', '', 'ten', undefined, null, {}, NaN]) expect(isQuantity(q)).toBe(false);
  });
});

describe('parseQuantity, asked again', () => {
  test('gives the same value for a quantity parsed before, and fails every time on a bad one', () => {
    for (let i = 0; i < 3; i++) {
      expect(parseQuantity('1500m')).toBe(1_500_000_000n);
      expect(parseQuantity(1.5)).toBe(1_500_000_000n);
      expect(parseQuantity('1Ki')).toBe(1_024_000_000_000n);
      expect(() => parseQuantity('1.5.5', 'limits.cpu')).toThrow(/^'limits\.cpu' is not a Kubernetes quantity, got '1\.5\.5'/);
    }
  });

  test('still parses right after more distinct quantities than it keeps', () => {
    for (let i = 0; i < 10_000; i++) expect(parseQuantity(`${i}Mi`)).toBe(BigInt(i) * 1_048_576_000_000_000n);
    expect(parseQuantity('0.1')).toBe(100_000_000n);
  });
});
