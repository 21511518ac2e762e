import { showJson } from '../_errors';
import { child, nearest, Report, shown } from './_problems';
import { yamlKeyProblem, yamlStringProblem } from './_yaml-strings';

/** An OpenAPI v3 schema of a CustomResourceDefinition version (`JSONSchemaProps`), as JSON. */
export type V3Schema = { readonly [key: string]: any };

const INT32 = 2 ** 31;
const INT_OR_STRING = 'x-kubernetes-int-or-string';
const PRESERVE = 'x-kubernetes-preserve-unknown-fields';
const EMBEDDED = 'x-kubernetes-embedded-resource';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The formats the API server's OpenAPI v3 validation knows and checks for a
 * custom resource (k8s.io/kube-openapi `strfmt` as apiextensions registers
 * it), each with the test a value must pass; other formats are not checked.
 */
const FORMATS: { readonly [format: string]: (v: string) => boolean } = {
  'date-time': v => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v.replace(' ', 'T'))),
  'date': v => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  'uuid': v => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  'ipv4': v => /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(v),
  'hostname': v => v.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i.test(v),
  'byte': v => /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v),
  'email': v => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v),
};

/**
 * Validates a custom resource's value against its definition's OpenAPI v3
 * schema as the API server does (types, required fields, enums, patterns,
 * ranges, lengths, item counts, list-map key uniqueness, int-or-string),
 * and strictly: a field the schema does not define is refused (the API
 * server would prune it, silently), except under
 * `x-kubernetes-preserve-unknown-fields`. Null and undefined count as absent
 * unless the schema is `nullable`. Problems go into `report` in the
 * library's style, under JSON paths from `at`.
 */
export function walkCustom(schema: V3Schema, value: unknown, at: string, report: Report): void {
  if (value === undefined || value === null) return;
  const fail = (reason: string): void => void report.problems.push({ path: at, reason });
  if (schema[INT_OR_STRING] === true) {
    if (typeof value === 'string') return checkString(schema, value, at, report);
    if (!Number.isInteger(value)) return fail(`must be an integer or a string, got ${shown(value, report)}`);
    return checkNumber(schema, value as number, at, report);
  }
  if (schema.enum && !schema.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(value))) {
    return fail(`must be one of ${schema.enum.map((e: unknown) => showJson(e)).join(', ')}, got ${shown(value, report)}`);
  }
  switch (schema.type) {
    case 'object': return walkObject(schema, value, at, report);
    case 'array': {
      if (!Array.isArray(value)) return fail(`must be a list, got ${shown(value, report)}`);
      if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail(`must have at least ${schema.minItems} item(s), got ${value.length}`);
      if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail(`must have at most ${schema.maxItems} item(s), got ${value.length}`);
      value.forEach((item, i) => walkCustom(schema.items ?? {}, item, `${at}[${i}]`, report));
      return checkListType(schema, value, at, report);
    }
    case 'string':
      if (typeof value !== 'string') return fail(`must be a string, got ${shown(value, report)}`);
      return checkString(schema, value, at, report);
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail(`must be an integer, got ${shown(value, report)}`);
      if (schema.format === 'int32' && (value < -INT32 || value >= INT32)) return fail(`must fit in int32 (-2147483648 to 2147483647), got ${value}`);
      if (!Number.isSafeInteger(value)) return fail(`must be an integer JSON carries exactly (at most 2^53 - 1), got ${value}`);
      return checkNumber(schema, value, at, report);
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`must be a finite number, got ${shown(value, report)}`);
      return checkNumber(schema, value, at, report);
    case 'boolean':
      if (typeof value !== 'boolean') fail(`must be true or false, got ${shown(value, report)}`);
      return;
    default:
      // no type: only under x-kubernetes-preserve-unknown-fields, any JSON value
      if (typeof value === 'string') checkString(schema, value, at, report);
  }
}

function walkObject(schema: V3Schema, value: unknown, at: string, report: Report): void {
  if (!isObject(value)) return void report.problems.push({ path: at, reason: `must be an object, got ${shown(value, report)}` });
  for (const key of schema.required ?? []) {
    if (value[key] === undefined || value[key] === null) report.problems.push({ path: child(at, key), reason: 'is required' });
  }
  const count = Object.keys(value).length;
  if (typeof schema.minProperties === 'number' && count < schema.minProperties) report.problems.push({ path: at, reason: `must have at least ${schema.minProperties} field(s), got ${count}` });
  if (typeof schema.maxProperties === 'number' && count > schema.maxProperties) report.problems.push({ path: at, reason: `must have at most ${schema.maxProperties} field(s), got ${count}` });
  const properties: Record<string, V3Schema> = schema.properties ?? {};
  const map = isObject(schema.additionalProperties) ? schema.additionalProperties as V3Schema : undefined;
  const free = schema[PRESERVE] === true || schema.additionalProperties === true;
  for (const [key, item] of Object.entries(value)) {
    const at2 = child(at, key);
    const keyProblem = yamlKeyProblem(key);
    if (keyProblem) report.problems.push({ path: at2, reason: `has a key that ${keyProblem}` });
    // an embedded resource's apiVersion, kind and metadata are the object's own
    if (schema[EMBEDDED] === true && ['apiVersion', 'kind', 'metadata'].includes(key) && !Object.hasOwn(properties, key)) continue;
    if (Object.hasOwn(properties, key)) {
      walkCustom(properties[key], item, at2, report);
    } else if (map) {
      walkCustom(map, item, at2, report);
    } else if (!free) {
      const allowed = Object.keys(properties);
      const guess = nearest(key, allowed);
      const hint = guess ? `; did you mean '${guess}'?` : allowed.length > 0 && allowed.length <= 12 ? ` (its fields: ${allowed.join(', ')})` : '';
      report.problems.push({ path: at2, reason: `is not a field of the custom resource's schema here, which the API server would drop${hint}` });
    }
  }
}

function checkString(schema: V3Schema, value: string, at: string, report: Report): void {
  const fail = (reason: string): void => void report.problems.push({ path: at, reason });
  const yamlProblem = yamlStringProblem(value);
  if (yamlProblem) return fail(yamlProblem);
  const length = [...value].length;
  if (typeof schema.minLength === 'number' && length < schema.minLength) return fail(`must be at least ${schema.minLength} character(s) long, got ${shown(value, report)}`);
  if (typeof schema.maxLength === 'number' && length > schema.maxLength) return fail(`must be at most ${schema.maxLength} character(s) long, got ${length}`);
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) return fail(`must match the pattern ${showJson(schema.pattern)}, got ${shown(value, report)}`);
  const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined;
  if (format && !format(value)) fail(`must be a string of format '${schema.format}', got ${shown(value, report)}`);
}

function checkNumber(schema: V3Schema, value: number, at: string, report: Report): void {
  const fail = (reason: string): void => void report.problems.push({ path: at, reason });
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = schema;
  if (typeof minimum === 'number' && (exclusiveMinimum === true ? value <= minimum : value < minimum)) {
    return fail(`must be ${exclusiveMinimum === true ? 'greater than' : 'at least'} ${minimum}, got ${value}`);
  }
  if (typeof maximum === 'number' && (exclusiveMaximum === true ? value >= maximum : value > maximum)) {
    return fail(`must be ${exclusiveMaximum === true ? 'less than' : 'at most'} ${maximum}, got ${value}`);
  }
  if (typeof multipleOf === 'number' && multipleOf > 0 && !Number.isInteger(value / multipleOf)) fail(`must be a multiple of ${multipleOf}, got ${value}`);
}

/** A list of type `set` holds no value twice; of type `map`, no two items with the same keys. */
function checkListType(schema: V3Schema, value: unknown[], at: string, report: Report): void {
  const type = schema['x-kubernetes-list-type'];
  if (type !== 'set' && type !== 'map') return;
  const keys: string[] = schema['x-kubernetes-list-map-keys'] ?? [];
  const seen = new Map<string, number>();
  value.forEach((item, i) => {
    const identity = type === 'set' ? JSON.stringify(item) : JSON.stringify(keys.map(k => (isObject(item) ? item[k] : undefined) ?? null));
    const first = seen.get(identity);
    if (first === undefined) return void seen.set(identity, i);
    const what = type === 'set' ? 'the same value' : `the same ${keys.map(k => `'${k}'`).join(', ')}`;
    report.problems.push({ path: `${at}[${i}]`, reason: `must be unique in the list (x-kubernetes-list-type: ${type}), got ${what} as item ${first}` });
  });
}
