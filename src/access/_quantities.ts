import { Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail, show } from '../_errors';
import { isQuantity, parseQuantity } from '../_quantity';
import { checkCpu, checkMemory } from '../qos/_amounts';

const QUANTITY_RULE = 'a Kubernetes quantity (a decimal number with an optional suffix such as m, k, Ki, Mi or Gi, e.g. 500m, 1.5, 256Mi)';

/** An amount as rendered, e.g. `250m` or `2Gi`, and its exact value in nano-units. */
export interface Amount {
  readonly text: string;
  readonly value: bigint;
}

/** A non-negative Kubernetes quantity given as a string; returns its exact value in nano-units. */
export function checkQuantity(scope: IConstruct, field: string, value: unknown): bigint {
  if (typeof value !== 'string' || !isQuantity(value)) fail(scope, field, `must be ${QUANTITY_RULE}, got ${show(value)}`);
  let parsed: bigint;
  try {
    parsed = parseQuantity(value);
  } catch {
    fail(scope, field, `must be ${QUANTITY_RULE} of a size Kubernetes can hold, got ${show(value)}`);
  }
  if (parsed < 0n) fail(scope, field, `must not be negative, got ${show(value)}`);
  return parsed;
}

/** A non-negative whole quantity, such as an object count. */
export function checkWholeQuantity(scope: IConstruct, field: string, value: unknown): bigint {
  const parsed = checkQuantity(scope, field, value);
  if (parsed % 1_000_000_000n !== 0n) fail(scope, field, `must be a whole number, got ${show(value)}`);
  return parsed;
}

/** A CPU amount, as {@link checkCpu} takes it. */
export function checkCpuAmount(scope: IConstruct, field: string, cpu: unknown): Amount {
  const text = checkCpu(scope, field, cpu);
  return { text, value: parseQuantity(text) };
}

/**
 * An amount of bytes, as {@link checkMemory} takes it (a `Size` of a whole
 * number of mebibytes, at least 0), rendered as the Size writes it:
 * `Size.gibibytes(2)` is `2Gi`.
 */
export function checkByteAmount(scope: IConstruct, field: string, size: unknown): Amount {
  checkMemory(scope, field, size);
  const text = (size as Size).asString();
  // an amount of 1e21 or more renders with an exponent and a unit, e.g. `1e+21Gi`
  if (!isQuantity(text)) fail(scope, field, `must be a Size Kubernetes can hold, below 1e21 of its unit, got ${show(text)}`);
  return { text, value: parseQuantity(text) };
}
