import * as fs from 'fs';
import * as path from 'path';

/** One problem of one manifest. */
export interface SchemaError {
  /** `apiVersion kind name`, e.g. `apps/v1 Deployment tickets-api`. */
  readonly object: string;
  /** JSON path of the offending value, e.g. `.spec.replicas`; `.` is the root. */
  readonly path: string;
  readonly reason: string;
}

/** The subset of an OpenAPI v2 schema that the Kubernetes document uses. */
interface Schema {
  readonly 'type'?: string;
  readonly 'format'?: string;
  readonly '$ref'?: string;
  readonly 'properties'?: Record<string, Schema>;
  readonly 'additionalProperties'?: Schema | boolean;
  readonly 'items'?: Schema;
  readonly 'required'?: string[];
  readonly 'enum'?: unknown[];
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
}

interface Catalog {
  readonly definitions: Record<string, Schema>;
  /** `apiVersion kind` → definition name. */
  readonly byGvk: Map<string, string>;
  /** kind → every apiVersion that serves it. */
  readonly apiVersionsOfKind: Map<string, string[]>;
}

type Problem = Omit<SchemaError, 'object'>;

const SCHEMA_FILE = path.join(__dirname, '..', '..', 'schemas', 'k8s-openapi', 'swagger-v1.26.10.json');
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const LABEL_SELECTOR = 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector';

/** `<signedNumber><suffix>` from k8s.io/apimachinery `resource/quantity.go`. */
const QUANTITY_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;
const DNS1123_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const BASE64_RE = /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const SUBDOMAIN_RULE = 'must be a lowercase RFC 1123 subdomain (a-z, 0-9, "-", "."; alphanumeric at both ends; at most 253 characters)';
const LABEL_RULE = 'must be a lowercase RFC 1123 label (a-z, 0-9, "-"; alphanumeric at both ends; at most 63 characters)';
const DNS1035_RULE = 'must be a lowercase RFC 1035 label (a-z, 0-9, "-"; starts with a letter, ends alphanumeric; at most 63 characters)';
const KEY_RULE = 'must be [prefix/]name: prefix a DNS subdomain, name at most 63 characters of A-Z, a-z, 0-9, "-", "_", "." (alphanumeric at both ends)';
const VALUE_RULE = 'must be empty or at most 63 characters of A-Z, a-z, 0-9, "-", "_", "." (alphanumeric at both ends)';

let catalog: Catalog | undefined;

/** Reads and indexes the OpenAPI document once per process. */
function load(): Catalog {
  if (catalog) return catalog;
  const definitions: Record<string, Schema> = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')).definitions;
  const byGvk = new Map<string, string>();
  const apiVersionsOfKind = new Map<string, string[]>();
  for (const [name, schema] of Object.entries(definitions)) {
    for (const { group, version, kind } of schema['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = group ? `${group}/${version}` : version;
      byGvk.set(`${apiVersion} ${kind}`, name);
      apiVersionsOfKind.set(kind, [...apiVersionsOfKind.get(kind) ?? [], apiVersion]);
    }
  }
  catalog = { definitions, byGvk, apiVersionsOfKind };
  return catalog;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Renders a value for a reason, e.g. `string "80"`. */
function show(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value)}`;
  if (typeof value === 'object') return 'object';
  return `${typeof value} ${String(value)}`;
}

function child(at: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`;
}

function isSubdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN_RE.test(value);
}

/** Label and annotation keys: `[DNS subdomain/]name`. */
function isQualifiedName(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const name = key.slice(slash + 1);
  return (slash < 0 || isSubdomain(key.slice(0, slash))) && name !== '' && name.length <= 63 && LABEL_VALUE_RE.test(name);
}

/** Label and annotation syntax, as the API server checks on every ObjectMeta and LabelSelector. */
function checkMap(map: unknown, at: string, what: 'label' | 'annotation', out: Problem[]): void {
  if (!isObject(map)) return;
  for (const [key, value] of Object.entries(map)) {
    if (!isQualifiedName(what === 'annotation' ? key.toLowerCase() : key)) {
      out.push({ path: child(at, key), reason: `invalid ${what} key "${key}": ${KEY_RULE}` });
    }
    if (what === 'label' && typeof value === 'string' && (value.length > 63 || !LABEL_VALUE_RE.test(value))) {
      out.push({ path: child(at, key), reason: `invalid label value "${value}": ${VALUE_RULE}` });
    }
  }
}

/** The name rule of a kind, as in the API server's per-kind validation. */
function nameProblem(group: string, kind: string, name: string): string | undefined {
  if (group === 'rbac.authorization.k8s.io') {
    return name === '.' || name === '..' || /[/%]/.test(name) ? 'may not be "." or ".." or contain "/" or "%"' : undefined;
  }
  if (kind === 'Service') return name.length <= 63 && DNS1035_LABEL_RE.test(name) ? undefined : DNS1035_RULE;
  if (kind === 'Namespace') return name.length <= 63 && DNS1123_LABEL_RE.test(name) ? undefined : LABEL_RULE;
  if (!isSubdomain(name)) return SUBDOMAIN_RULE;
  return kind === 'CronJob' && name.length > 52 ? 'must be no more than 52 characters' : undefined;
}

/** Top-level metadata checks that the schema cannot express. */
function checkRootMetadata(group: string, kind: string, metadata: unknown, out: Problem[]): void {
  if (metadata === undefined || metadata === null) {
    out.push({ path: '.', reason: 'missing required field "metadata"' });
    return;
  }
  if (!isObject(metadata)) return;
  const { name, generateName, namespace } = metadata;
  if (name === undefined || name === null || name === '') {
    if (typeof generateName !== 'string' || generateName === '') {
      out.push({ path: '.metadata', reason: 'missing required field "name"' });
    }
  } else if (typeof name === 'string') {
    const problem = nameProblem(group, kind, name);
    if (problem) out.push({ path: '.metadata.name', reason: `invalid name "${name}": ${problem}` });
  }
  if (typeof namespace === 'string' && namespace !== '' && !(namespace.length <= 63 && DNS1123_LABEL_RE.test(namespace))) {
    out.push({ path: '.metadata.namespace', reason: `invalid namespace "${namespace}": ${LABEL_RULE}` });
  }
}

/** Validates `value` against `schema`; null and undefined count as absent. */
function walk(definitions: Record<string, Schema>, schema: Schema, value: unknown, at: string, out: Problem[]): void {
  if (value === null || value === undefined) return;
  const fail = (reason: string) => out.push({ path: at || '.', reason });
  if (schema.$ref) {
    const name = schema.$ref.replace('#/definitions/', '');
    if (name === QUANTITY) {
      if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string') {
        fail(`expected quantity (string or number), got ${show(value)}`);
      } else if (typeof value === 'string' && !QUANTITY_RE.test(value)) {
        fail(`invalid quantity "${value}": expected a number with an optional suffix (Ki, Mi, Gi, Ti, Pi, Ei, n, u, m, k, M, G, T, P, E or e<exponent>)`);
      }
      return;
    }
    walk(definitions, definitions[name], value, at, out);
    if (name === OBJECT_META && isObject(value)) {
      checkMap(value.labels, `${at}.labels`, 'label', out);
      checkMap(value.annotations, `${at}.annotations`, 'annotation', out);
    }
    if (name === LABEL_SELECTOR && isObject(value)) checkMap(value.matchLabels, `${at}.matchLabels`, 'label', out);
    return;
  }
  if (schema.format === 'int-or-string') {
    if (typeof value !== 'string' && !Number.isInteger(value)) fail(`expected integer or string, got ${show(value)}`);
    return;
  }
  switch (schema.type) {
    case 'object': {
      if (!isObject(value)) return void fail(`expected object, got ${show(value)}`);
      for (const key of schema.required ?? []) {
        if (value[key] === undefined || value[key] === null) fail(`missing required field "${key}"`);
      }
      const { properties, additionalProperties } = schema;
      // kube-openapi treats an object schema without properties as a free-form map (FieldsV1, RawExtension).
      const freeForm = schema['x-kubernetes-preserve-unknown-fields'] === true || additionalProperties === true || (!properties && !additionalProperties);
      for (const [key, item] of Object.entries(value)) {
        const sub = properties && Object.hasOwn(properties, key) ? properties[key] : typeof additionalProperties === 'object' ? additionalProperties : undefined;
        if (sub) walk(definitions, sub, item, child(at, key), out);
        else if (!freeForm) out.push({ path: child(at, key), reason: `unknown field "${key}"` });
      }
      return;
    }
    case 'array':
      if (!Array.isArray(value)) return void fail(`expected array, got ${show(value)}`);
      value.forEach((item, i) => walk(definitions, schema.items ?? {}, item, `${at}[${i}]`, out));
      return;
    case 'string':
      if (typeof value !== 'string') return void fail(`expected string, got ${show(value)}`);
      if (schema.format === 'byte' && !BASE64_RE.test(value)) return void fail(`expected base64 data, got ${show(value)}`);
      // "" stands for "not set" in Go and is defaulted by the API server.
      if (schema.enum && value !== '' && !schema.enum.includes(value)) {
        fail(`unsupported value "${value}": expected one of ${schema.enum.map((e) => `"${e}"`).join(', ')}`);
      }
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return void fail(`expected integer, got ${show(value)}`);
      if (schema.format === 'int32' && (value < -(2 ** 31) || value >= 2 ** 31)) fail(`integer ${value} does not fit in int32`);
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(`expected number, got ${show(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail(`expected boolean, got ${show(value)}`);
      return;
    default:
      // No type: any JSON value (apiextensions JSON, JSONSchemaPropsOrBool, ...).
      return;
  }
}

/** All problems of one manifest; [] when valid. `object` is like "apps/v1 Deployment tickets-api". */
export function validateManifest(manifest: any): SchemaError[] {
  const { definitions, byGvk, apiVersionsOfKind } = load();
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const apiVersion = text(manifest?.apiVersion);
  const kind = text(manifest?.kind);
  const name = text(manifest?.metadata?.name) ?? text(manifest?.metadata?.generateName) ?? '<no name>';
  const object = `${apiVersion ?? '<no apiVersion>'} ${kind ?? '<no kind>'} ${name}`;
  const out: Problem[] = [];
  if (!isObject(manifest)) {
    out.push({ path: '.', reason: `expected object, got ${manifest === null ? 'null' : show(manifest)}` });
  } else if (!apiVersion || !kind) {
    if (!apiVersion) out.push({ path: '.', reason: 'missing required field "apiVersion"' });
    if (!kind) out.push({ path: '.', reason: 'missing required field "kind"' });
  } else if (!apiVersionsOfKind.has(kind)) {
    out.push({ path: '.kind', reason: `unknown kind "${kind}"` });
  } else if (!byGvk.has(`${apiVersion} ${kind}`)) {
    const known = apiVersionsOfKind.get(kind)!.join(', ');
    out.push({ path: '.apiVersion', reason: `kind "${kind}" is not served by apiVersion "${apiVersion}" (known: ${known})` });
  } else {
    const definition = byGvk.get(`${apiVersion} ${kind}`)!;
    walk(definitions, { $ref: `#/definitions/${definition}` }, manifest, '', out);
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    checkRootMetadata(group, kind, manifest.metadata, out);
  }
  return out.map((problem) => ({ object, ...problem }));
}

/** Throws one Error listing every problem of every manifest (object, JSON path, reason on each line). */
export function assertValidManifests(manifests: any[]): void {
  const errors = manifests.flatMap((manifest) => validateManifest(manifest));
  if (errors.length === 0) return;
  const lines = errors.map((e) => `  ${e.object}: ${e.path}: ${e.reason}`);
  throw new Error(`${errors.length} schema error(s) against Kubernetes v1.26.10:\n${lines.join('\n')}`);
}
