import { IConstruct } from 'constructs';
import { fail, show } from './_errors';
import { setKey } from './_markers';
import { checkDnsLabel, checkDnsSubdomain, checkLabels, checkOneOf, checkOptionalType, checkType, isLabelKey } from './_validate';
import { yamlStringProblem } from './validation/_yaml-strings';

/**
 * Checks of what JavaScript and jsii callers pass that `src/_validate.ts`
 * does not cover: object metadata, maps of strings, objects with known keys,
 * and the path that names a static factory in its errors.
 */

/**
 * A stand-in scope that names a path in errors where there is no construct
 * yet: a static factory (`ConfigSource.fromConfigMap: 'configMap' ...`), or
 * a construct about to be created.
 */
export function pathScope(path: string): IConstruct {
  return { node: { path } } as IConstruct;
}

/** {@link checkOneOf} for an optional prop: `undefined` passes. */
export function checkOptionalOneOf<T>(scope: IConstruct, field: string, value: unknown, allowed: readonly T[] | { [key: string]: T }): void {
  if (value !== undefined) checkOneOf(scope, field, value, allowed);
}

/** Fails unless an object holds only known keys: a misspelled key would be ignored. */
export function checkKeys(scope: IConstruct, field: string, value: object, allowed: readonly string[]): void {
  const unknown = Object.keys(value).find(key => !allowed.includes(key));
  if (unknown !== undefined) fail(scope, field, `must only hold ${allowed.join(', ')}, got ${show(unknown)}`);
}

/** A map of strings, e.g. provisioner parameters, each one that YAML readers read back unchanged. */
export function checkStringMap(scope: IConstruct, field: string, value: unknown): void {
  checkType(scope, field, value, 'object');
  for (const [key, item] of Object.entries(value as object)) {
    checkType(scope, `${field}[${key}]`, item, 'string');
    // refused here, naming the prop, rather than at synth under the field it renders into
    const problem = yamlStringProblem(item);
    if (problem !== undefined) fail(scope, `${field}[${key}]`, problem);
  }
}

/** Labels, given as an object of label keys to label values. */
export function checkLabelMap(scope: IConstruct, field: string, value: unknown): void {
  checkType(scope, field, value, 'object');
  checkLabels(scope, field, value as { [key: string]: string });
}

/**
 * Metadata as cdk8s should get it: an explicit `name: undefined` (easy to
 * pass from JavaScript) would replace the name cdk8s generates, and the
 * object would render without one.
 */
export function definedName<T>(metadata: T): T {
  if (typeof metadata !== 'object' || metadata === null || !('name' in metadata) || metadata.name !== undefined) return metadata;
  const { name: _, ...rest } = metadata as { name?: unknown };
  return rest as T;
}

const METADATA_FIELDS = ['name', 'namespace', 'labels', 'annotations', 'finalizers', 'ownerReferences'];
const OWNER_STRINGS = ['apiVersion', 'kind', 'name', 'uid'];
const OWNER_BOOLEANS = ['blockOwnerDeletion', 'controller'];

/** How an object's name is checked: most kinds take a DNS-1123 subdomain. */
export type NameCheck = (scope: IConstruct, field: string, name: string) => void;

/**
 * The metadata of an object, when given: only the fields a manifest may set,
 * a name as `checkName` wants it, a DNS-1123 label namespace, valid labels
 * and annotations.
 */
export function checkMetadata(scope: IConstruct, field: string, metadata: unknown, checkName: NameCheck = checkDnsSubdomain): void {
  if (metadata === undefined) return;
  checkType(scope, field, metadata, 'object');
  checkKeys(scope, field, metadata as object, METADATA_FIELDS);
  const { name, namespace, labels, annotations, finalizers, ownerReferences } = metadata as { [key: string]: unknown };
  if (name !== undefined) checkName(scope, `${field}.name`, name as string);
  if (namespace !== undefined) checkDnsLabel(scope, `${field}.namespace`, namespace as string);
  if (labels !== undefined) checkLabelMap(scope, `${field}.labels`, labels);
  if (annotations !== undefined) {
    checkStringMap(scope, `${field}.annotations`, annotations);
    const key = Object.keys(annotations as object).find(k => !isLabelKey(k.toLowerCase()));
    if (key !== undefined) {
      fail(scope, `${field}.annotations`, `must have keys of the form [prefix/]name (an optional DNS-1123 subdomain prefix, a name of at most 63 letters, digits, '-', '_' and '.'), got ${show(key)}`);
    }
  }
  if (finalizers !== undefined) {
    checkType(scope, `${field}.finalizers`, finalizers, 'array');
    const bad = (finalizers as unknown[]).find(f => !isLabelKey(f));
    if (bad !== undefined) fail(scope, `${field}.finalizers`, `must hold qualified names such as 'example.com/cleanup', got ${show(bad)}`);
  }
  if (ownerReferences !== undefined) {
    checkType(scope, `${field}.ownerReferences`, ownerReferences, 'array');
    (ownerReferences as unknown[]).forEach((owner, i) => {
      const at = `${field}.ownerReferences[${i}]`;
      checkType(scope, at, owner, 'object');
      checkKeys(scope, at, owner as object, [...OWNER_STRINGS, ...OWNER_BOOLEANS]);
      const fields = owner as { [key: string]: unknown };
      for (const key of OWNER_STRINGS) checkType(scope, `${at}.${key}`, fields[key], 'string');
      for (const key of OWNER_BOOLEANS) checkOptionalType(scope, `${at}.${key}`, fields[key], 'boolean');
    });
  }
}

/**
 * A plain object of props or data (`{ ... }`, or one made with
 * `Object.create(null)`): not an array, not an instance of a class, which
 * cdk8s cannot render where plain data belongs.
 */
export function checkPlainObject(scope: IConstruct, field: string, value: unknown): asserts value is object {
  checkType(scope, field, value, 'object');
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    fail(scope, field, `must be a plain object, got a ${prototype.constructor?.name ?? 'value of a class'}`);
  }
}

/** {@link checkPlainObject} for an optional prop: `undefined` passes. */
export function checkOptionalPlainObject(scope: IConstruct, field: string, value: unknown): void {
  if (value !== undefined) checkPlainObject(scope, field, value);
}

/**
 * Fails unless a value is JSON all the way down (strings, finite numbers,
 * booleans, null, lists and plain objects), naming the first part that is
 * not: a function, a symbol, a bigint, a Date or another class instance.
 */
export function checkJson(scope: IConstruct, field: string, value: unknown): void {
  if (value === null || ['string', 'boolean'].includes(typeof value)) return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(scope, field, `must be a finite number, got ${show(value)}`);
    return;
  }
  if (Array.isArray(value)) return value.forEach((item, i) => checkJson(scope, `${field}[${i}]`, item));
  if (typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    for (const [key, item] of Object.entries(value as object)) if (item !== undefined) checkJson(scope, `${field}.${key}`, item);
    return;
  }
  const what = typeof value === 'object' ? `an instance of ${(value as object).constructor?.name ?? 'a class'}` : `a ${typeof value}`;
  fail(scope, field, `must be a JSON value (a string, number, boolean, null, list or plain object), got ${what}`);
}

/**
 * A deep copy of the lists and plain objects of a value, made of this
 * realm's objects (`structuredClone` makes the objects of the realm it comes
 * from, which a test runner's vm context does not share, so the validator
 * would take them for class instances); anything else is kept as it is, for
 * the checks to name.
 */
export function copyJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyJson) as T;
  if (value === null || typeof value !== 'object' || ![Object.prototype, null].includes(Object.getPrototypeOf(value))) return value;
  const out: any = {};
  for (const key of Object.keys(value)) setKey(out, key, copyJson((value as any)[key]));
  return out;
}
