import { Construct, IConstruct } from 'constructs';
import { fail, show } from '../_errors';

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const KEY_RULE = "a label key ([prefix/]name: an optional DNS-1123 subdomain prefix of at most 253 characters, and a name of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";
const VALUE_RULE = "a label value (empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";

/**
 * Renders any received value for an error message, constructs included
 * (which `JSON.stringify` cannot render: they are circular).
 */
export function describe(value: unknown): string {
  if (Construct.isConstruct(value)) return `${value.constructor.name} '${value.node.path}'`;
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  try {
    return show(value);
  } catch {
    return String(value);
  }
}

/** Whether a string is a Kubernetes label key (a qualified name). */
export function isLabelKey(key: unknown): boolean {
  if (typeof key !== 'string') return false;
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (name.length > 63 || !LABEL_NAME.test(name)) return false;
  if (parts.length === 1) return true;
  const prefix = parts[0];
  return prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix);
}

/** A label key, as node labels, taint keys and topology keys must be. */
export function checkLabelKey(scope: IConstruct, field: string, key: unknown): void {
  if (!isLabelKey(key)) fail(scope, field, `must be ${KEY_RULE}, got ${describe(key)}`);
}

/** A label value, as node label and taint values must be. */
export function checkLabelValue(scope: IConstruct, field: string, value: unknown): void {
  const ok = typeof value === 'string' && value.length <= 63 && (value === '' || LABEL_NAME.test(value));
  if (!ok) fail(scope, field, `must be ${VALUE_RULE}, got ${describe(value)}`);
}

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
