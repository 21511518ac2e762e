import { show } from './_errors';

/**
 * The grammar of k8s.io/apimachinery `resource.Quantity`: a signed decimal
 * number followed by a binary SI suffix, a decimal SI suffix or a decimal
 * exponent. The exponent alternative comes first so that `1E3` is 1000 and
 * `1E` is one exa.
 */
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;

const DECIMAL_EXPONENTS: Record<string, number> = {
  'n': -9, 'u': -6, 'm': -3, '': 0, 'k': 3, 'M': 6, 'G': 9, 'T': 12, 'P': 15, 'E': 18,
};

const BINARY_EXPONENTS: Record<string, number> = {
  Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60,
};

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Beyond this power of ten a quantity is too large to hold as an exact number. */
const MAX_POWER_OF_TEN = 10_000;

const GRAMMAR = 'expected a signed decimal number with an optional suffix '
  + '(n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent such as e3), e.g. 100m, 1.5, 128Mi';

interface QuantityParts {
  readonly negative: boolean;
  readonly digits: string;
  readonly fraction: string;
  readonly suffix: string;
}

function split(q: string | number): QuantityParts | undefined {
  if (typeof q === 'number' && !Number.isFinite(q)) return undefined;
  if (typeof q !== 'string' && typeof q !== 'number') return undefined;
  const match = QUANTITY.exec(String(q));
  if (!match) return undefined;
  const suffix = match[3] ?? '';
  const exponent = /^[eE]/.test(suffix) ? Number(suffix.slice(1)) : 0;
  if (exponent < INT32_MIN || exponent > INT32_MAX) return undefined;
  const [digits, fraction = ''] = match[2].split('.');
  return { negative: match[1] === '-', digits: digits || '0', fraction, suffix };
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** Whether the value is a Kubernetes quantity, such as `100m`, `1.5`, `128Mi` or `1e3`. */
export function isQuantity(q: unknown): boolean {
  return split(q as string | number) !== undefined;
}

/**
 * The exact value of a Kubernetes quantity in nano-units: `'100m'` is
 * 100_000_000n, `'1'` is 1_000_000_000n, `'1Ki'` is 1_024_000_000_000n.
 * Fractions finer than a nano-unit round away from zero, as Kubernetes does.
 *
 * @param field names the field in the error message, e.g. `containers[0].resources.limits.cpu`
 */
export function parseQuantity(q: string | number, field?: string): bigint {
  // an app holds few distinct quantities, parsed again by every check of every container
  const key = typeof q === 'string' ? q : typeof q === 'number' ? `#${q}` : undefined;
  const known = key === undefined ? undefined : PARSED.get(key);
  if (known !== undefined) return known;
  const value = parse(q, field);
  if (key !== undefined) {
    if (PARSED.size >= PARSED_MAX) PARSED.clear();
    PARSED.set(key, value);
  }
  return value;
}

/** Quantities parsed already (a pure function's results, bounded): string, or `#` and the number. */
const PARSED = new Map<string, bigint>();
const PARSED_MAX = 4096;

function parse(q: string | number, field?: string): bigint {
  const parts = split(q);
  if (!parts) {
    const received = typeof q === 'number' ? String(q) : show(q);
    const subject = field ? `'${field}' is not a Kubernetes quantity, got ${received}` : `${received} is not a Kubernetes quantity`;
    throw new Error(`${subject}; ${GRAMMAR}`);
  }
  const { negative, digits, fraction, suffix } = parts;
  let magnitude = BigInt(digits + fraction);
  let powerOfTen = 9 - fraction.length;
  if (suffix in BINARY_EXPONENTS) {
    magnitude *= 2n ** BigInt(BINARY_EXPONENTS[suffix]);
  } else if (suffix in DECIMAL_EXPONENTS) {
    powerOfTen += DECIMAL_EXPONENTS[suffix];
  } else {
    powerOfTen += Number(suffix.slice(1));
  }
  if (powerOfTen > MAX_POWER_OF_TEN && magnitude !== 0n) {
    throw new Error(`${show(q)} is too large a Kubernetes quantity to compare, expected at most 1e${MAX_POWER_OF_TEN - 9}`);
  }
  if (powerOfTen >= 0) {
    magnitude *= 10n ** BigInt(powerOfTen);
  } else if (-powerOfTen > MAX_POWER_OF_TEN) {
    magnitude = magnitude === 0n ? 0n : 1n;
  } else {
    magnitude = ceilDiv(magnitude, 10n ** BigInt(-powerOfTen));
  }
  return negative ? -magnitude : magnitude;
}
