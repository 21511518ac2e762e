import { IConstruct } from 'constructs';
import { fail, show } from '../_errors';

/** Renders any received value for an error message (see {@link show}). */
export const describe = show;

/** A scheduling weight: an integer within 1-100. */
export function checkWeight(scope: IConstruct, field: string, weight: unknown): void {
  if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 1 || weight > 100) {
    fail(scope, field, `must be an integer within 1-100, got ${describe(weight)}`);
  }
}

/** An integer of at least `min`. */
export function checkIntegerAtLeast(scope: IConstruct, field: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    fail(scope, field, `must be an integer of at least ${min}, got ${describe(value)}`);
  }
}

/** One of an enum's values. */
export function checkOneOf(scope: IConstruct, field: string, value: unknown, allowed: readonly string[]): void {
  if (!allowed.includes(value as string)) {
    fail(scope, field, `must be one of ${allowed.join(', ')}, got ${describe(value)}`);
  }
}
