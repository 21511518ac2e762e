import { IConstruct } from 'constructs';
import { fail, show } from '../_errors';
import { isQuantity, parseQuantity } from '../_quantity';

const QUANTITY_RULE = 'a Kubernetes quantity (a decimal number with an optional suffix such as m, k, Ki, Mi or Gi, e.g. 500m, 1.5, 256Mi)';

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
