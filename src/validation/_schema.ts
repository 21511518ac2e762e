import { catalog, refName, Schema } from './_catalog';
import { DEFINITION_RULES } from './_kube-rules';
import { child, itemPath, nearest, Report, shown } from './_problems';
import { yamlKeyProblem, yamlStringProblem } from './_yaml-strings';

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
/** `<signedNumber><suffix>` from k8s.io/apimachinery `resource/quantity.go`. */
const QUANTITY_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;
const BASE64_RE = /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const INT32 = 2 ** 31;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkString(value: string, at: string, report: Report): void {
  const problem = yamlStringProblem(value);
  if (problem) report.problems.push({ path: at, reason: problem });
}

function checkKey(key: string, at: string, report: Report): void {
  const problem = yamlKeyProblem(key);
  if (problem) report.problems.push({ path: at, reason: `has a key that ${problem}` });
}

/** What every value must be, whatever the schema: a finite number, a string YAML carries unchanged. */
function checkAnyValue(value: unknown, at: string, report: Report): void {
  if (typeof value === 'string') return checkString(value, at, report);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) report.problems.push({ path: at, reason: `must be a finite number, got ${value}` });
    else if (Number.isInteger(value) && !Number.isSafeInteger(value)) report.problems.push({ path: at, reason: `must be an integer JSON carries exactly (at most 2^53 - 1), got ${value}` });
    return;
  }
  if (typeof value === 'boolean' || value === null || value === undefined) return;
  if (Array.isArray(value)) return value.forEach((item, i) => checkAnyValue(item, `${at}[${i}]`, report));
  if (isObject(value) && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      checkKey(key, child(at, key), report);
      checkAnyValue(item, child(at, key), report);
    }
    return;
  }
  report.problems.push({ path: at, reason: `must be a JSON value, got ${typeof value === 'function' ? 'a function' : `an instance of ${(value as object).constructor?.name ?? 'a class'}`}` });
}

/** The definition's short name, for messages: `DeploymentSpec`. */
function shortName(definition: string): string {
  return definition.slice(definition.lastIndexOf('.') + 1);
}

function unknownField(key: string, at: string, properties: Record<string, Schema> | undefined, owner: string | undefined, report: Report): void {
  const allowed = Object.keys(properties ?? {});
  const guess = nearest(key, allowed);
  const where = owner ? `a field of ${shortName(owner)}` : 'a field here';
  const hint = guess ? `; did you mean '${guess}'?` : allowed.length > 0 && allowed.length <= 12 ? ` (its fields: ${allowed.join(', ')})` : '';
  report.problems.push({ path: child(at, key), reason: `is not ${where}${hint}` });
}

/**
 * Validates `value` against `schema` strictly, as the API server's
 * `--validate=strict` does, and by the Kubernetes rules the schema does not
 * carry (see `_kube-rules.ts`); null and undefined count as absent.
 */
export function walk(schema: Schema, value: unknown, at: string, report: Report, owner?: string): void {
  if (value === null || value === undefined) return;
  const { definitions } = catalog();
  const fail = (reason: string): void => void report.problems.push({ path: at, reason });
  if (schema.$ref) {
    const name = refName(schema.$ref);
    if (name === QUANTITY) {
      if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string') {
        fail(`must be a Kubernetes quantity (a string such as '100m' or '1Gi', or a number), got ${shown(value, report)}`);
      } else if (typeof value === 'string' && !QUANTITY_RE.test(value)) {
        fail(`must be a Kubernetes quantity (a number with an optional suffix Ki, Mi, Gi, Ti, Pi, Ei, n, u, m, k, M, G, T, P, E or e<exponent>), got ${shown(value, report)}`);
      }
      return;
    }
    walk(definitions[name], value, at, report, name);
    if (isObject(value)) DEFINITION_RULES[name]?.(value, at, report);
    return;
  }
  if (schema.format === 'int-or-string') {
    if (typeof value === 'string') return checkString(value, at, report);
    if (!Number.isInteger(value)) return fail(`must be an integer or a string, got ${shown(value, report)}`);
    if ((value as number) < -INT32 || (value as number) >= INT32) fail(`must fit in int32 (-2147483648 to 2147483647), got ${value}`);
    return;
  }
  switch (schema.type) {
    case 'object': {
      if (!isObject(value)) return fail(`must be an object, got ${shown(value, report)}`);
      for (const key of schema.required ?? []) {
        if (value[key] === undefined || value[key] === null) report.problems.push({ path: child(at, key), reason: `is required${owner ? ` in ${shortName(owner)}` : ''}` });
      }
      const { properties, additionalProperties } = schema;
      // kube-openapi treats an object schema without properties as a free-form map (FieldsV1, RawExtension).
      const freeForm = schema['x-kubernetes-preserve-unknown-fields'] === true || additionalProperties === true || (!properties && !additionalProperties);
      for (const key of Object.keys(value)) {
        const item = value[key];
        const at2 = child(at, key);
        const sub = properties && Object.hasOwn(properties, key) ? properties[key] : typeof additionalProperties === 'object' ? additionalProperties : undefined;
        if (sub) {
          if (!properties || !Object.hasOwn(properties, key)) checkKey(key, at2, report);
          walk(sub, item, at2, report);
        } else if (freeForm) {
          checkKey(key, at2, report);
          checkAnyValue(item, at2, report);
        } else {
          unknownField(key, at, properties, owner, report);
        }
      }
      return;
    }
    case 'array':
      if (!Array.isArray(value)) return fail(`must be a list, got ${shown(value, report)}`);
      value.forEach((item, i) => walk(schema.items ?? {}, item, itemPath(at, i), report));
      return;
    case 'string':
      if (typeof value !== 'string') return fail(`must be a string, got ${shown(value, report)}`);
      if (schema.format === 'byte' && !BASE64_RE.test(value)) return fail(`must be base64 data, got ${shown(value, report)}`);
      // "" stands for "not set" in Go and is defaulted by the API server.
      if (schema.enum && value !== '' && !schema.enum.includes(value)) {
        return fail(`must be one of ${schema.enum.map(e => `'${e}'`).join(', ')}, got ${shown(value, report)}`);
      }
      return checkString(value, at, report);
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail(`must be an integer, got ${shown(value, report)}`);
      if (schema.format === 'int32' && (value < -INT32 || value >= INT32)) return fail(`must fit in int32 (-2147483648 to 2147483647), got ${value}`);
      if (!Number.isSafeInteger(value)) fail(`must be an integer JSON carries exactly (at most 2^53 - 1), got ${value}`);
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(`must be a finite number, got ${shown(value, report)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail(`must be true or false, got ${shown(value, report)}`);
      return;
    default:
      // No type: any JSON value (apiextensions JSON, JSONSchemaPropsOrBool, ...).
      checkAnyValue(value, at, report);
  }
}
