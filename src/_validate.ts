import { IConstruct } from 'constructs';
import { fail, show } from './_errors';
import { withoutMarkers } from './_markers';
import { DNS1123_SUBDOMAIN, IANA_SVC_NAME, isDnsLabel, isDnsSubdomain } from './_names';


/** A DNS-1123 label: container, port-less service and namespace names. */
export function checkDnsLabel(scope: IConstruct | undefined, field: string, raw: string): void {
  const value = withoutMarkers(raw);
  if (!isDnsLabel(value)) {
    fail(scope, field, `must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got ${show(value)}`);
  }
}

/** A DNS-1123 subdomain: the name of most Kubernetes objects. */
export function checkDnsSubdomain(scope: IConstruct | undefined, field: string, raw: string): void {
  const value = withoutMarkers(raw);
  if (!isDnsSubdomain(value)) {
    fail(scope, field, `must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters), got ${show(value)}`);
  }
}

/** A port name as Kubernetes accepts it (IANA_SVC_NAME). */
export function checkPortName(scope: IConstruct | undefined, field: string, value: string): void {
  const ok = typeof value === 'string' && value.length <= 15 && IANA_SVC_NAME.test(value)
    && /[a-z]/.test(value) && !value.includes('--');
  if (!ok) {
    fail(scope, field, `must be an IANA service name (at most 15 lowercase letters, digits and single '-', with at least one letter), got ${show(value)}`);
  }
}

/** A TCP/UDP port number. */
export function checkPort(scope: IConstruct | undefined, field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    fail(scope, field, `must be an integer within 1-65535, got ${show(value)}`);
  }
}

/** A mount or file path inside a container. */
export function checkAbsolutePath(scope: IConstruct | undefined, field: string, value: string): void {
  if (typeof value !== 'string' || !value.startsWith('/') || value.split('/').includes('..')) {
    fail(scope, field, `must be an absolute path without '..', got ${show(value)}`);
  }
}

/** A container image reference. */
export function checkImage(scope: IConstruct | undefined, field: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '' || /\s/.test(value)) {
    fail(scope, field, `must be a container image reference such as 'registry/name:1.2.3', got ${show(value)}`);
  }
}

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_KEY_RULE = "a label key ([prefix/]name: an optional DNS-1123 subdomain prefix of at most 253 characters, and a name of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";
const LABEL_VALUE_RULE = "a label value (empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";

/** Whether a string is a Kubernetes label key (a qualified name). */
export function isLabelKey(key: unknown): boolean {
  if (typeof key !== 'string') return false;
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (name.length > 63 || !LABEL_NAME.test(name)) return false;
  return parts.length === 1 || (parts[0].length <= 253 && DNS1123_SUBDOMAIN.test(parts[0]));
}

/** A label key: node labels, taint keys and topology keys are label keys too. */
export function checkLabelKey(scope: IConstruct | undefined, field: string, key: unknown): void {
  if (!isLabelKey(key)) fail(scope, field, `must be ${LABEL_KEY_RULE}, got ${show(key)}`);
}

/** A label value: empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit. */
export function checkLabelValue(scope: IConstruct | undefined, field: string, value: unknown): void {
  const ok = typeof value === 'string' && value.length <= 63 && (value === '' || LABEL_NAME.test(value));
  if (!ok) fail(scope, field, `must be ${LABEL_VALUE_RULE}, got ${show(value)}`);
}

/** Labels: every key and value valid. */
export function checkLabels(scope: IConstruct | undefined, field: string, labels: { [key: string]: string }): void {
  for (const [key, value] of Object.entries(labels)) {
    checkLabelKey(scope, `${field}[${key}]`, key);
    checkLabelValue(scope, `${field}[${key}]`, value);
  }
}

/** A whole number within a range. */
export function checkInteger(scope: IConstruct | undefined, field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `within ${min}-${max}`;
    fail(scope, field, `must be an integer ${range}, got ${show(value)}`);
  }
}

/** The JavaScript types a prop can be checked for. */
export type JsType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'function';

function jsTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * A prop of the right JavaScript type, for callers without TypeScript's
 * checks (JavaScript, jsii languages): a number must also be finite.
 */
export function checkType(scope: IConstruct | undefined, field: string, value: unknown, type: JsType): void {
  const actual = jsTypeOf(value);
  if (actual !== type || (type === 'number' && !Number.isFinite(value))) {
    fail(scope, field, `must be ${type === 'array' ? 'an array' : type === 'object' ? 'an object' : `a ${type === 'number' ? 'finite number' : type}`}, got ${show(value)}`);
  }
}

/** {@link checkType} for an optional prop: `undefined` passes. */
export function checkOptionalType(scope: IConstruct | undefined, field: string, value: unknown, type: JsType): void {
  if (value !== undefined) checkType(scope, field, value, type);
}

/** One of the members of an enum (or any list of allowed values). */
export function checkOneOf<T>(scope: IConstruct | undefined, field: string, value: unknown, allowed: readonly T[] | { [key: string]: T }): void {
  const values: readonly unknown[] = Array.isArray(allowed) ? allowed : Object.values(allowed);
  if (!values.includes(value)) {
    fail(scope, field, `must be one of ${values.map(v => show(v)).join(', ')}, got ${show(value)}`);
  }
}

/**
 * An instance of a class: a construct, or a value class of cdk8s, cdk8s-plus
 * or this library (`Duration`, `Size`, `Cpu`: private constructors too).
 */
export function checkInstance<T>(scope: IConstruct | undefined, field: string, value: unknown, cls: { readonly prototype: T; readonly name: string }, what = `a ${cls.name}`): asserts value is T {
  if (!(value instanceof (cls as unknown as abstract new () => T))) fail(scope, field, `must be ${what}, got ${show(value)}`);
}
