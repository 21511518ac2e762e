import { Yaml } from 'cdk8s';
import { show } from '../_errors';
import { ValueNode, ValueRegistry, yamlKey, yamlString } from './_values';
import { HelmChart } from './helm-chart';
import { DNS1123_LABEL, DNS1123_SUBDOMAIN } from '../_names';
import { catalog, refName, Schema } from '../validation/_catalog';
import { FIELD_RANGES, FieldRange } from '../validation/_kube-rules';
import { CRON_FIELDS, CRON_MACROS } from '../workloads/_cron';

/*
 * The JSON Schemas of the values the knobs bind, with the rules the API
 * server applies to the fields they set (those of src/validation/_kube-rules.ts
 * and src/_names.ts), so that helm refuses a value the cluster would.
 */
const INT32_MAX = 2 ** 31 - 1;
const SUBDOMAIN_BODY = DNS1123_SUBDOMAIN.source.slice(1, -1);
const NUMBER = '([0-9]+(\\.[0-9]*)?|\\.[0-9]+)';
const SUFFIX = '([KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]{1,2})?';

/** A count: replicas, retries; int32, at least 0. */
export const COUNT = { type: 'integer', minimum: 0, maximum: INT32_MAX };
/** A count of at least 1: an autoscaler's bounds and targets. */
export const POSITIVE_COUNT = { type: 'integer', minimum: 1, maximum: INT32_MAX };
export const PORT = { type: 'integer', minimum: 1, maximum: 65535 };
export const NODE_PORT = { type: ['integer', 'null'], minimum: 30000, maximum: 32767 };
/**
 * A Kubernetes quantity (k8s.io/apimachinery `resource.Quantity`) of at least
 * 0: no '-1', no '-1Gi'; at most 64 characters and an exponent of two digits,
 * so that the template can compare two as floating-point numbers.
 */
export const QUANTITY = { type: ['string', 'number'], minimum: 0, maxLength: 64, pattern: `^\\+?${NUMBER}${SUFFIX}$` };
/** A quantity above 0: a storage request. */
export const POSITIVE_QUANTITY = {
  type: ['string', 'number'],
  exclusiveMinimum: 0,
  maxLength: 64,
  pattern: `^\\+?([0-9]*[1-9][0-9]*(\\.[0-9]*)?|[0-9]*\\.[0-9]*[1-9][0-9]*)${SUFFIX}$`,
};
/** A number of pods (int32, at least 0) or a percentage from 0% to 100%: a disruption budget. */
export const INT_OR_PERCENT = { type: ['integer', 'string'], minimum: 0, maximum: INT32_MAX, pattern: '^(100|[1-9]?[0-9])%$' };
export const DNS_SUBDOMAIN = { type: 'string', maxLength: 253, pattern: DNS1123_SUBDOMAIN.source };
export const DNS_LABEL = { type: 'string', maxLength: 63, pattern: DNS1123_LABEL.source };
/** An Ingress host: a DNS-1123 subdomain, optionally under the wildcard label '*.', not an IP address. */
export const HOST = {
  type: 'string',
  maxLength: 253,
  pattern: `^(\\*\\.)?${SUBDOMAIN_BODY}$`,
  not: { pattern: '^(\\*\\.)?[0-9]{1,3}(\\.[0-9]{1,3}){3}$' },
};
/** A label key: an optional DNS-1123 subdomain prefix of at most 253 characters, '/', a name of at most 63. */
export const LABEL_KEY = {
  type: 'string',
  maxLength: 317,
  pattern: `^(${SUBDOMAIN_BODY}/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$`,
  not: { pattern: '^[^/]{254,}/' },
};
export const LABEL_VALUE = { type: 'string', maxLength: 63, pattern: '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$' };
/** Labels, as a node selector or a selector's matchLabels. */
export const LABELS = { type: 'object', propertyNames: LABEL_KEY, additionalProperties: LABEL_VALUE };
/** An image without tag or digest, by the grammar of distribution/reference: `[host[:port]/]path`, lowercase path. */
export const REPOSITORY = {
  type: 'string',
  maxLength: 255,
  pattern: '^(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(\\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(:[0-9]+)?/)?'
    + '[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$',
};
/** An image tag, a string (empty: none). */
export const TAG = { type: 'string', pattern: '^([\\w][\\w.-]{0,127})?$' };
/** An image digest, `<algorithm>:<hex>` (empty: none). */
export const DIGEST = { type: 'string', pattern: '^([a-z0-9]+([+._-][a-z0-9]+)*:[a-f0-9]{32,})?$' };
/**
 * Text that survives the YAML of plain manifests (src/validation/_yaml-strings.ts):
 * no DEL, C1 control, line or paragraph separator, release marker or
 * noncharacter, and no tab starting a multi-line text cdk8s would write as a
 * block scalar. The chart itself writes text quoted, where a tab is fine;
 * the rule keeps what a value can set to what synth accepts, and it lets
 * through the strings cdk8s quotes (one with a control character, or a
 * leading line break).
 */
export const TEXT = {
  type: 'string',
  not: {
    anyOf: [
      { pattern: '[\u007f-\u009f\u2028\u2029\ue000\ue001\ufffe\uffff]' },
      // a tab starting the first line of a string cdk8s writes as a block scalar (several lines, no control
      // character that makes it quote the string): synth refuses it in plain manifests, so the chart does too
      { allOf: [{ pattern: '^\\t[\\s\\S]*\\n' }, { not: { pattern: '[\\x00-\\x08\\x0b-\\x1f]' } }] },
    ],
  },
};
/** A ConfigMap entry: JSON Schema can only bound each value (in characters); the template bounds their total (in bytes). */
export const DATA_VALUE = { ...TEXT, maxLength: 1048576 };

/** The fields of a cron schedule, as src/workloads/_cron.ts checks them; `?` is allowed from the day of month on. */
const SCHEDULE_FIELDS = CRON_FIELDS.map((field, i) => ({ ...field, any: i >= 2 ? '[*?]' : '\\*' }));
const SCHEDULE_MACROS = CRON_MACROS.map(m => m.slice(1));

/** A regular expression for the whole numbers lo..hi (lo < 10, hi < 100), leading zeros allowed: `0*([1-9]|[12][0-9]|3[01])`. */
function numbersIn(lo: number, hi: number): string {
  const [tens, units] = [Math.floor(hi / 10), hi % 10];
  const alternatives = [`[${lo}-${tens === 0 ? units : 9}]`];
  const fullTens = units === 9 ? tens : tens - 1;
  if (fullTens >= 1) alternatives.push(`${fullTens === 1 ? '1' : `[1-${fullTens}]`}[0-9]`);
  if (tens > 0 && units < 9) alternatives.push(`${tens}[0-${units}]`);
  return `0*(${alternatives.join('|')})`;
}

function cronField(field: typeof SCHEDULE_FIELDS[number]): string {
  const names = field.names.map(n => [...n].map(c => `[${c}${c.toLowerCase()}]`).join(''));
  const value = `(${[numbersIn(field.min, field.max), ...names].join('|')})`;
  const item = `(${field.any}|${value}(-${value})?)(/0*[1-9][0-9]*)?`;
  return `${item}(,${item})*`;
}

/**
 * A CronJob schedule: five fields, each a list of values, ranges and steps
 * within the field's range, or a macro such as '@daily'. A range that ends
 * before it starts is left to the chart's template (a regular expression
 * for it would be 13 KB).
 */
export const CRON_SCHEDULE = {
  type: 'string',
  pattern: `^(@(${SCHEDULE_MACROS.join('|')})|${SCHEDULE_FIELDS.map(cronField).join('[ \\t]+')})$`,
};

/** The months and days a cron schedule names, by name, for the template's check of its ranges. */
export const CRON_NAMES: { [name: string]: number } = Object.fromEntries([
  ...CRON_FIELDS[3].names.map((m, i) => [m.toLowerCase(), i + 1]), ...CRON_FIELDS[4].names.map((d, i) => [d.toLowerCase(), i]),
]);

/**
 * The value rules values.schema.json holds once, under `definitions` by
 * these names: a value whose whole schema is one of them refers to it
 * instead of repeating it. A chart of many workloads would otherwise hold
 * the same patterns thousands of times, and helm would compile each copy
 * on every install. (The Kubernetes definitions are named `io.k8s.…`.)
 */
const SHARED_RULES: { [name: string]: any } = {
  quantity: QUANTITY,
  positiveQuantity: POSITIVE_QUANTITY,
  intOrPercent: INT_OR_PERCENT,
  dnsSubdomain: DNS_SUBDOMAIN,
  dnsLabel: DNS_LABEL,
  host: HOST,
  labels: LABELS,
  repository: REPOSITORY,
  tag: TAG,
  digest: DIGEST,
  text: TEXT,
  dataValue: DATA_VALUE,
  cronSchedule: CRON_SCHEDULE,
};
const SHARED_BY_JSON = new Map(Object.entries(SHARED_RULES).map(([name, rule]) => [JSON.stringify(rule), name]));

/** A schema that is the definition of that name in values.schema.json: one of Kubernetes 1.26 or a shared rule (see {@link writeSchema}). */
export function kubeSchema(definition: string): any {
  return { $ref: `#/definitions/${definition}` };
}

const nonEmptyFor = (operators: string[], values: any = { minItems: 1 }) => ({
  if: { required: ['operator'], properties: { operator: { enum: operators } } },
  then: { required: ['values'], properties: { values } },
});
const emptyFor = (operators: string[]) => ({
  if: { required: ['operator'], properties: { operator: { enum: operators } } },
  then: { properties: { values: { maxItems: 0 } } },
});
const WEIGHT = { minimum: 1, maximum: 100 };

/** The API server's rules on the fields of the definitions that values hold, which the OpenAPI document does not carry. */
const KUBE_RULES: { [definition: string]: { properties?: { [field: string]: any }; [keyword: string]: any } } = {
  'io.k8s.api.core.v1.Toleration': {
    properties: { key: { anyOf: [{ maxLength: 0 }, LABEL_KEY] }, value: LABEL_VALUE },
    allOf: [
      { if: { required: ['operator'], properties: { operator: { const: 'Exists' } } }, then: { properties: { value: { const: '' } } } },
      {
        if: { anyOf: [{ not: { required: ['key'] } }, { properties: { key: { const: '' } } }] },
        then: { required: ['operator'], properties: { operator: { const: 'Exists' } } },
      },
      { if: { required: ['tolerationSeconds'] }, then: { required: ['effect'], properties: { effect: { const: 'NoExecute' } } } },
    ],
  },
  'io.k8s.api.core.v1.PreferredSchedulingTerm': { properties: { weight: WEIGHT } },
  'io.k8s.api.core.v1.WeightedPodAffinityTerm': { properties: { weight: WEIGHT } },
  'io.k8s.api.core.v1.NodeSelector': { properties: { nodeSelectorTerms: { minItems: 1 } } },
  'io.k8s.api.core.v1.NodeSelectorRequirement': {
    properties: { key: LABEL_KEY },
    allOf: [nonEmptyFor(['In', 'NotIn']), emptyFor(['Exists', 'DoesNotExist']),
      nonEmptyFor(['Gt', 'Lt'], { minItems: 1, maxItems: 1, items: { pattern: '^-?[0-9]+$' } })],
  },
  'io.k8s.api.core.v1.PodAffinityTerm': { properties: { topologyKey: LABEL_KEY, namespaces: { items: DNS_LABEL } } },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': { properties: { matchLabels: LABELS } },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement': {
    properties: { key: LABEL_KEY, operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] }, values: { items: LABEL_VALUE } },
    allOf: [nonEmptyFor(['In', 'NotIn']), emptyFor(['Exists', 'DoesNotExist'])],
  },
  'io.k8s.api.networking.v1.IngressTLS': { properties: { hosts: { items: HOST }, secretName: DNS_SUBDOMAIN } },
};

/** The values schema of a field's range: a minimum, a maximum, or a percentage's pattern. */
function rangeSchema(r: FieldRange): any {
  if (r.percent) return { minimum: r.min, pattern: '^(100|[1-9]?[0-9])%$' };
  return r.max === undefined ? { minimum: r.min } : { minimum: r.min, maximum: r.max };
}

/**
 * The rules of the field a JSON pointer designates in an object, for a
 * value bound to it: the API server's range ({@link FIELD_RANGES}), int32's,
 * the allowed strings of an enum ('' leaves the field to its default), a
 * quantity's pattern.
 */
export function fieldRules(apiVersion: string, kind: string, pointer: string): any {
  const { definitions, byGvk } = catalog();
  let definition = byGvk.get(`${apiVersion} ${kind}`);
  let schema: Schema | undefined = definition === undefined ? undefined : definitions[definition];
  let rule: any;
  for (const key of pointer.split('/').slice(1).map(k => k.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    while (schema?.$ref) schema = definitions[definition = refName(schema.$ref)];
    const map = typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    const fieldRange = schema?.type === 'array' || !definition ? undefined : FIELD_RANGES[definition]?.[key];
    rule = fieldRange && rangeSchema(fieldRange);
    schema = schema?.type === 'array' ? schema.items : schema?.properties?.[key] ?? map;
    definition = undefined;
  }
  const out: any = schema?.$ref && refName(schema.$ref) === 'io.k8s.apimachinery.pkg.api.resource.Quantity' ? { minimum: 0, maxLength: QUANTITY.maxLength, pattern: QUANTITY.pattern } : { ...rule };
  if (schema?.format === 'int32') Object.assign(out, { minimum: Math.max(out.minimum ?? -(2 ** 31), -(2 ** 31)), maximum: Math.min(out.maximum ?? INT32_MAX, INT32_MAX) });
  if (schema?.enum) out.enum = ['', ...schema.enum];
  return out;
}

/** The rules of two fields one value sets, together: the narrower range, the strings both allow. */
export function bothRules(a: any, b: any): any {
  const out = { ...a, ...b };
  if (a.minimum !== undefined && b.minimum !== undefined) out.minimum = Math.max(a.minimum, b.minimum);
  if (a.maximum !== undefined && b.maximum !== undefined) out.maximum = Math.min(a.maximum, b.maximum);
  if (a.enum && b.enum) out.enum = a.enum.filter((x: unknown) => b.enum.includes(x));
  return out;
}

/** A definition of the Kubernetes OpenAPI document as JSON Schema: no unknown field, int32 in range, the API server's rules added. */
function fromOpenApi(s: Schema, definition?: string): any {
  if (s.$ref) return kubeSchema(refName(s.$ref));
  const out: any = {};
  if (s.format === 'int-or-string') out.type = ['integer', 'string'];
  else if (s.type) out.type = s.type;
  if (s.format === 'int32') Object.assign(out, { minimum: -(2 ** 31), maximum: INT32_MAX });
  if (s.enum) out.enum = s.enum;
  if (s.items) out.items = fromOpenApi(s.items);
  if (s.required) out.required = s.required;
  if (s.properties) {
    out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, p]) => [k, fromOpenApi(p)]));
    out.additionalProperties = false;
  } else if (typeof s.additionalProperties === 'object') {
    out.additionalProperties = fromOpenApi(s.additionalProperties);
  }
  const { properties = {}, ...rules } = (definition && KUBE_RULES[definition]) || {};
  for (const [k, p] of Object.entries(properties)) {
    const { items, ...rest } = p as any;
    out.properties[k] = { ...out.properties[k], ...rest, ...(items ? { items: { ...out.properties[k].items, ...items } } : {}) };
  }
  return { ...out, ...rules };
}

/** The Kubernetes definitions the schemas refer to, and those they refer to. */
function definitionsFor(schemas: any[]): { [definition: string]: any } {
  const definitions: { [definition: string]: any } = {};
  const visit = (v: any): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v === null || typeof v !== 'object') return;
    if (typeof v.$ref === 'string') {
      const name = refName(v.$ref);
      if (definitions[name] === undefined) {
        definitions[name] = fromOpenApi(catalog().definitions[name], name);
        visit(definitions[name]);
      }
    }
    Object.values(v).forEach(visit);
  };
  visit(schemas);
  return Object.fromEntries(Object.keys(definitions).sort().map(k => [k, definitions[k]]));
}

/**
 * values.yaml: every value with its default, groups first-defined first,
 * each key under a comment that starts with its name (Helm's best practice),
 * strings quoted.
 */
export function writeValues(values: ValueRegistry, helm: HelmChart): string {
  const lines = [
    `# Default values of the ${helm.name} chart ${helm.version}, generated by cdk8s-patterns from the app's constructs.`,
    '# values.schema.json checks every value: a wrong type, a value out of range or an unknown key fails the install.',
  ];
  const write = (node: ValueNode, indent: string) => {
    if (indent === '') lines.push('');
    // HelmValue refuses such a description; generated ones embed names and keys the library validated
    if (COMMENT_BREAKER.test(node.description)) throw new Error(`internal: the description of value '${node.path}' is not one comment line: ${show(node.description)}`);
    lines.push(`${indent}# ${node.key} ${node.description}`);
    if (node.children) {
      lines.push(`${indent}${yamlKey(node.key)}:`);
      for (const child of node.children.values()) write(child, `${indent}  `);
      return;
    }
    lines.push(...leaf(node.key, node.def!.default, indent));
  };
  for (const child of values.tree().children!.values()) write(child, '');
  for (const d of helm.dependencies) {
    const key = d.alias ?? d.name;
    lines.push('', `# ${key} holds the values of the ${d.name} chart${d.condition ? `; ${d.condition} turns it on` : ''}`, `${yamlKey(key)}: {}`);
  }
  return `${lines.join('\n')}\n`;
}

/** What a comment line cannot hold. */
const COMMENT_BREAKER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
/** What a block scalar must not hold: controls and what YAML readers refuse or read as line breaks; else the string is double-quoted. */
const BLOCK_BREAKER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]|^\n*\t/;

/**
 * `key: value` in block style, every key and string that a YAML 1.1 or 1.2
 * reader could take for anything but that string quoted; a multi-line string
 * as a literal block when it holds only printable text and line breaks.
 */
function leaf(key: string, value: any, indent: string): string[] {
  const head = `${indent}${yamlKey(key)}:`;
  if (typeof value === 'string') {
    const block = value.includes('\n') && !BLOCK_BREAKER.test(value) ? Yaml.stringify({ k: value }).replace(/\n$/, '').split('\n') : [];
    if (!/^k: \|(\d?[-+]?|[-+]\d)$/.test(block[0] ?? '')) return [`${head} ${yamlString(value)}`];
    return [`${head}${block[0].slice(2)}`, ...block.slice(1).map(l => (l === '' ? '' : `${indent}${l}`))];
  }
  if (value === null || typeof value !== 'object') return [`${head} ${JSON.stringify(value)}`];
  if (Array.isArray(value)) return value.length === 0 ? [`${head} []`] : [head, ...value.flatMap(item => listItem(item, `${indent}  `))];
  const entries = Object.entries(value);
  return entries.length === 0 ? [`${head} {}`] : [head, ...entries.flatMap(([k, v]) => leaf(k, v, `${indent}  `))];
}

/** One item of a block sequence. */
function listItem(item: any, indent: string): string[] {
  if (item === null || typeof item !== 'object') return leaf('', item, indent).map(l => l.replace(`${indent}"":`, `${indent}-`));
  const lines = Array.isArray(item) || Object.keys(item).length === 0 ? leaf('', item, indent).slice(1) : Object.entries(item).flatMap(([k, v]) => leaf(k, v, `${indent}  `));
  if (lines.length === 0) return [`${indent}- ${Array.isArray(item) ? '[]' : '{}'}`];
  if (Array.isArray(item)) return [`${indent}-`, ...lines];
  return [`${indent}- ${lines[0].slice(indent.length + 2)}`, ...lines.slice(1)];
}

/**
 * values.schema.json: the type, range and pattern of every value, `rules`
 * adding those of the fields a value of the app's own is bound to; no
 * unknown keys, so that a misspelt `--set` fails instead of being ignored;
 * every value required but the `optional` ones, whose field the template
 * leaves out when they are null.
 * Values holding Kubernetes objects (tolerations, affinity, TLS) refer to
 * the definitions of the Kubernetes 1.26 OpenAPI document, which it holds;
 * values whose rule is one of the shared ones (quantities, images, labels,
 * text...) refer to its single definition.
 * `global` and the dependencies' keys take anything. Fails when a default
 * does not meet its own schema: the chart could not be installed.
 */
export function writeSchema(values: ValueRegistry, dependencyKeys: string[], rules: ReadonlyMap<string, any>, optional: ReadonlySet<string>): string {
  const leaves: any[] = [];
  const shared: { [name: string]: any } = {};
  const node = (n: ValueNode): any => {
    if (!n.children) {
      const own = { ...n.def!.schema, ...rules.get(n.path) };
      const name = SHARED_BY_JSON.get(JSON.stringify(own));
      if (name !== undefined) shared[name] = SHARED_RULES[name];
      const schema = { description: `${n.key} ${n.description}`, ...(name === undefined ? own : kubeSchema(name)) };
      leaves.push({ def: n.def!, own, schema });
      return schema;
    }
    const properties: any = {};
    for (const [k, child] of n.children) properties[k] = node(child);
    // helm drops a key set to null (`--set x=null`), and the template would render '<nil>': only a value whose field it leaves out may be missing
    const required = [...n.children.values()].filter(c => c.children || !optional.has(c.path)).map(c => c.key);
    return { type: 'object', description: `${n.key} ${n.description}`, additionalProperties: false, required, properties };
  };
  const root = node(values.tree());
  delete root.description;
  root.properties.global = { type: 'object', description: 'global values shared with subcharts' };
  for (const key of dependencyKeys) root.properties[key] = { type: 'object', description: `${key} values of the ${key} subchart` };
  const kube = definitionsFor(leaves.map(l => l.own));
  const definitions = Object.fromEntries(Object.entries({ ...kube, ...shared }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  for (const { def, schema } of leaves) {
    const problem = schemaProblem(schema, def.default, definitions);
    if (problem) {
      throw new Error(`${def.owner}: '${def.path}' must meet the Helm chart's schema of the value, got default ${show(def.default)}, which ${problem}; fix the field in the app`);
    }
  }
  const ordered = { $schema: 'http://json-schema.org/draft-07/schema#', ...root, ...(Object.keys(definitions).length > 0 ? { definitions } : {}) };
  // the characters TEXT refuses, escaped: raw, they would break the YAML readers of the chart's files
  const escaped = JSON.stringify(ordered, undefined, 2).replace(/[\u007f-\u009f\u2028\u2029\ue000\ue001\ufffe\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${escaped}\n`;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/**
 * Why a value does not meet a schema, or undefined: the keywords the
 * chart's schemas use, as helm's validator reads them.
 */
function schemaProblem(s: any, v: unknown, definitions: { [definition: string]: any }, at = ''): string | undefined {
  const where = at === '' ? '' : ` at '${at}'`;
  if (s.$ref) return schemaProblem(definitions[refName(s.$ref)], v, definitions, at);
  const type = jsonType(v);
  if (s.type !== undefined && ![s.type].flat().some((t: string) => t === type || (t === 'number' && type === 'integer'))) return `is not of type ${[s.type].flat().join(' or ')}${where}`;
  if (s.enum && !s.enum.includes(v)) return `is not one of ${s.enum.join(', ')}${where}`;
  if ('const' in s && s.const !== v) return `is not ${show(s.const)}${where}`;
  if (typeof v === 'string') {
    if (s.pattern && !new RegExp(s.pattern).test(v)) return `does not match the pattern ${show(s.pattern)}${where}`;
    if (v.length > (s.maxLength ?? Infinity) || v.length < (s.minLength ?? 0)) return `has the wrong length${where}`;
  }
  if (typeof v === 'number' && (v < (s.minimum ?? -Infinity) || v > (s.maximum ?? Infinity) || v <= (s.exclusiveMinimum ?? -Infinity))) return `is out of range${where}`;
  if (Array.isArray(v)) {
    if (v.length < (s.minItems ?? 0) || v.length > (s.maxItems ?? Infinity)) return `has the wrong number of items${where}`;
    for (const [i, item] of v.entries()) {
      const problem = s.items && schemaProblem(s.items, item, definitions, `${at}[${i}]`);
      if (problem) return problem;
    }
  }
  if (type === 'object') {
    const object = v as { [key: string]: unknown };
    const missing = (s.required ?? []).find((k: string) => object[k] === undefined);
    if (missing) return `lacks '${missing}'${where}`;
    for (const [k, item] of Object.entries(object)) {
      const sub = s.properties?.[k] ?? s.additionalProperties;
      if (sub === false) return `has the unknown field '${k}'${where}`;
      const problem = (s.propertyNames && schemaProblem(s.propertyNames, k, definitions, `${at}.${k}`))
        || (typeof sub === 'object' && schemaProblem(sub, item, definitions, `${at}.${k}`));
      if (problem) return problem;
    }
  }
  if (s.not && schemaProblem(s.not, v, definitions) === undefined) return `matches what the schema excludes${where}`;
  if (s.anyOf && s.anyOf.every((x: any) => schemaProblem(x, v, definitions, at) !== undefined)) return `meets none of the allowed forms${where}`;
  for (const part of s.allOf ?? []) {
    const problem = schemaProblem(part, v, definitions, at);
    if (problem) return problem;
  }
  if (s.if && schemaProblem(s.if, v, definitions) === undefined && s.then) return schemaProblem(s.then, v, definitions, at);
  return undefined;
}
