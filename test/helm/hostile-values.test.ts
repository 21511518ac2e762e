import * as path from 'path';
import { App } from 'cdk8s';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { NodeAgents, Ticketing } from '../../main';
import { PatternsApp } from '../../src';
import { checkAll } from '../harness';
import { RUNS } from '../harness/fuzz';
import { HelmSetting, helmRender, PATTERN_CHARTS, RenderedDoc, TemplateRef, ValueLeaf, valueLeaves, valueReaders, writeApp } from '../harness/helm';

/*
 * Users run `helm install -f prod-values.yaml` unattended, so no value may make a chart render an object the API
 * server rejects. Every leaf of every chart's values gets hostile values (fast-check; a failure prints the seed,
 * FC_SEED replays it, FC_RUNS sets how many values each leaf gets, 3 by default) through `--set`, `--set-string` or
 * a `-f` values file. Helm must refuse each (its schema, or a template's `fail`), or render objects that pass
 * checkAll, that a YAML 1.1 reader (kubectl's) reads, that hold no Go placeholder (`<nil>`), and that show each
 * string exactly as the user typed it.
 *
 * A helm run costs 50-100 ms, so values of independent knobs go to helm together (never two of one unit: a
 * container's image, one resource of a container, a Service, an autoscaler, ...); a run that fails is split until
 * each failure has its value.
 */

const PER_VALUE = process.env.FC_RUNS ? RUNS : 3;
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);

type Via = HelmSetting['via'];
type Given = Omit<HelmSetting, 'path'>;
/** What one case gives helm, and the strings it must render if helm accepts it. */
interface Case {
  readonly kind: string;
  readonly settings: HelmSetting[];
  /** Cases of one unit never go to helm together. */
  readonly unit: string;
  readonly expected: string[];
  /** The strings the case's knobs render by default, which it replaces. */
  readonly defaults: string[];
}

const given = (via: Via) => (...raws: string[]): Given[] => raws.map(raw => ({ via, raw }));
const [set, str, file] = [given('set'), given('setString'), given('file')];
const one = (...values: Given[]) => fc.constantFrom(...values);
/** A YAML double-quoted string with every character outside printable ASCII escaped, as a careful user writes one. */
const yq = (text: string) => `"${[...text].map(c => {
  const code = c.codePointAt(0)!;
  if (c === '"' || c === '\\') return `\\${c}`;
  if (code >= 0x20 && code < 0x7f) return c;
  return code > 0xffff ? `\\U${code.toString(16).padStart(8, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}).join('')}"`;

const NULLS = [...set('null', 'NULL'), ...str('null', '~'), ...file('null', '~')];
const TRAPS = [
  ...set('1.10', '20240101123456', 'on', 'yes', '0777', '1e3', '~'), ...str('1.10', '20240101123456', 'on', 'null', '~'),
  ...file('1.10', '20240101123456', 'on', 'yes', '0777', '0x1F', '1_000', '1e3', '"1.10"'),
];
const NOT_NUMBERS = [
  ...str('3', 'NaN', 'Infinity', '1e309', '0x1F', '+5', ' 5'), ...set('abc', 'NaN', 'true', '99999999999999999999', '{1,2}'),
  ...file('"3"', '1.5', '.nan', '.inf', '{a: 1}', '[1, 2]', 'false'),
];
const NOT_STRINGS = [...set('42', 'true', '{a,b}'), ...file('1.5', '-3', 'false', '{a: 1}', '[a, b]')];
const NOT_OBJECTS = [...set('abc', '1', '{a,b}'), ...file('"abc"', '[1]', 'true', '3')];
const NOT_LISTS = [...set('abc', '1'), ...file('{a: 1}', '"abc"', '[1]', '["x"]', '[null]', '3')];
const OUT_OF_RANGE = [...set('-1', '0', '2147483648', '-2147483649', '9007199254740993'), ...file('1e20', '2147483647.5', '-0.0', '-1')];
const EMPTY_OR_LONG = [...set(''), ...str('', ' ', 'x'.repeat(254), 'a'.repeat(64)), ...file('""')];
const HOSTILE_CHARS = file(...[
  '\u007f', 'a\u0085b', 'a\u2028b', 'a\u0000b', '\ufeffbom', 'tab\there', 'line\nbreak\n', '\tfirst\nsecond', ' leading', 'trailing ',
  'a\n \nb', 'a\r\nb', '{{ .Release.Name }}', '"quoted"', 'back\\slash', '# comment', 'key: value', '---', '\u{1F600}', '\ue000name\ue001',
].map(yq));

const setOf = (n: number): Given => ({ via: 'set', raw: String(n) });
const integers = fc.oneof(fc.integer({ min: -(2 ** 31), max: -1 }), fc.nat(70000), fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER }))
  .map(setOf);
/** Any text a user can type (no lone surrogates): through --set-string when argv can carry it, else a values file. */
const anyText = fc.string({ unit: 'binary', maxLength: 24 }).filter(t => !/[\ud800-\udfff]/u.test(t))
  .chain(t => fc.constantFrom<Given>(...(/^\{|\0/.test(t) ? [] : str(t)), ...file(yq(t))));
/** Strings of a pattern, through each way of giving them. */
const typed = (pattern: RegExp) => fc.stringMatching(pattern).chain(t => one(...str(t), ...file(yq(t)), ...(/^[^{]/.test(t) ? set(t) : [])));

/** The hostile values of one kind of value, by class; whether what it renders is a string the user types. */
interface Role {
  readonly classes: { readonly [kind: string]: fc.Arbitrary<Given> };
  /** 'text': every scalar the user types renders as typed; 'string': a string renders as given. */
  readonly exact?: 'text' | 'string';
}
const COUNT = { 'wrong type': one(...NOT_NUMBERS), 'null': one(...NULLS), 'out of range': one(...OUT_OF_RANGE), 'any integer': integers };
const TEXT = { 'wrong type': one(...NOT_STRINGS), 'null': one(...NULLS), 'YAML trap': one(...TRAPS) };
const text = (classes: Role['classes']): Role => ({ exact: 'text', classes: { ...TEXT, ...classes } });
const ROLES: { readonly [name: string]: Role } = {
  count: { classes: COUNT },
  port: { classes: { ...COUNT, 'bad port': one(...set('0', '-1', '65536', '2147483648')) } },
  nodePort: {
    classes: {
      ...COUNT,
      'bad node port': one(...set('80', '29999', '32768', '0', '30000', '32767'), ...str('31111')),
      'any node port': fc.integer({ min: 29990, max: 32780 }).map(setOf),
    },
  },
  boolean: { classes: { 'wrong type': one(...str('true', 'false'), ...set('1', 'yes', 'off'), ...file('"true"', '0', '{}', '[]')), 'null': one(...NULLS) } },
  text: text({
    'empty or long': one(...EMPTY_OR_LONG),
    'over 1 MiB': one(...file(yq('x'.repeat(1024 * 1024 + 64)))),
    'hostile characters': one(...HOSTILE_CHARS),
    'any text': anyText,
  }),
  quantity: {
    exact: 'string',
    classes: {
      'wrong type': one(...set('true', '{a,b}'), ...file('{a: 1}', '[1]', 'false')),
      'null': one(...NULLS),
      'YAML trap': one(...TRAPS),
      'bad quantity': one(
        ...str('-1', '1.5.3', '-1Gi', '1Gb', '1 Gi', 'Gi', '1e309', '0x10', '9223372036854775808Ei', '.5', '+1', '1e-9', '0', '1m', '100000000000000000000Gi', '1Ki ', ''),
        ...set('-1', '1.5.3'), ...file('-1', '1e-7', '1.10'),
      ),
      'any quantity': typed(/^[+-]?[0-9]{0,4}(\.[0-9]{0,3})?(Ki|Mi|Gi|Ti|m|k|M|G|e[+-]?[0-9]{1,3})?$/),
    },
  },
  percent: {
    exact: 'string',
    classes: {
      'wrong type': one(...set('{1,2}'), ...file('{a: 1}', '[1]', 'true', '1.5')),
      'null': one(...NULLS),
      'bad percentage': one(...str('101%', '-1%', '1.5%', '%', '50 %', '25', 'abc', '2147483648%'), ...set('-1', '2147483648', '101%')),
      'any percentage': fc.integer({ min: -5, max: 300 }).map(n => str(`${n}%`)[0]),
    },
  },
  cron: text({
    'bad cron': one(...str(
      '99 * * * *', '* * * *', '*/0 * * * *', '60 * * * *', '* 24 * * *', '* * 0 * *', '* * * 13 *', '* * * * 8', 'a b c d e',
      'TZ=UTC */5 * * * *', 'CRON_TZ=UTC 0 * * * *', '@every 5m', '@hourly', '@reboot', '* * * * * *', '5-1 * * * *', '0 0 31 2 *',
    )),
    'any cron': fc.array(fc.oneof(fc.constant('*'), fc.nat(99).map(String), fc.nat(70).map(n => `*/${n}`), fc.tuple(fc.nat(70), fc.nat(70)).map(([a, b]) => `${a}-${b}`)), { minLength: 4, maxLength: 6 })
      .map(fields => str(fields.join(' '))[0]),
  }),
  name: text({
    'bad name': one(...str('Bad_NS', 'UPPER', '-leading', 'trailing-', 'a..b', 'a b', 'nginx.', '.nginx')),
    'empty or long': one(...EMPTY_OR_LONG),
    'any name': typed(/^[a-zA-Z0-9._ -]{1,20}$/),
  }),
  host: text({
    'bad host name': one(...str(
      'Bad_Host.example.com', '-bad.example.com', 'a..b.com', '*.*.example.com', 'example.com:443', '1.2.3.4', 'UPPER.example.com',
      'tickets.example.com.', `${'a'.repeat(64)}.com`, `${`${'a'.repeat(60)}.`.repeat(5)}com`, '*', 'http://x.com', 'a b.com', '',
    )),
    'any host name': typed(/^[a-zA-Z0-9*._:-]{1,30}$/),
  }),
  enum: text({ 'not a choice': one(...str('Headless', 'clusterip', 'ExternalName', 'NodePort ', '')), 'any word': typed(/^[A-Za-z]{1,12}$/) }),
  repository: text({
    'bad repository': one(...str('Bad Repo', ' leading', 'trailing ', 'UPPER/app', 'repo:tag', `repo@sha256:${'a'.repeat(64)}`, '', 'ghcr.io/', '//x', 'x'.repeat(300)), ...file(yq('a\nb'))),
    'any repository': typed(/^[a-zA-Z0-9._/:@ -]{1,30}$/),
  }),
  tag: text({ 'bad tag': one(...str('bad tag', '-x', ':x', '@x', 'x'.repeat(129), '', ' 1.0', '1.0 '), ...file(yq('v1.0\n'))), 'any tag': typed(/^[a-zA-Z0-9._-]{1,20}$/) }),
  digest: text({
    'bad digest': one(...str('sha256:xyz', `sha256:${'A'.repeat(64)}`, `md5:${'a'.repeat(32)}`, `sha256:${'a'.repeat(63)}`, 'sha256', ':abc', `sha256:${'a'.repeat(64)} `)),
    'any digest': typed(/^[a-z0-9]{1,8}:[a-f0-9]{30,70}$/),
  }),
  nodeSelector: {
    classes: {
      'wrong type': one(...NOT_OBJECTS),
      'null': one(...NULLS),
      'bad labels': one(...file(
        '{"bad key": "x"}', '{"k": "bad value"}', `{"k": "${'x'.repeat(64)}"}`, '{"a/b/c": "x"}', '{"": "x"}', '{"k": 1}', '{"k": null}',
        '{"Bad_NS/k": "v"}', '{"-k": "v"}', '{"k": "-v"}',
      )),
      'any labels': fc.dictionary(fc.stringMatching(/^[a-zA-Z0-9._/ -]{0,12}$/), fc.stringMatching(/^[a-zA-Z0-9._ -]{0,12}$/), { maxKeys: 3 })
        .map(labels => file(JSON.stringify(labels))[0]),
    },
  },
  tolerations: {
    classes: {
      'wrong type': one(...NOT_LISTS),
      'null': one(...NULLS),
      'bad tolerations': one(...file(
        '[{"key": "a b", "operator": "Equal", "value": "x"}]', '[{"operator": "Bogus"}]', '[{"operator": "Exists", "value": "x"}]',
        '[{"effect": "Sometimes"}]', '[{"key": "k", "operator": "Exists", "effect": "NoSchedule", "tolerationSeconds": 60}]', '[{"bogusField": 1}]',
        `[{"key": "${'k'.repeat(64)}", "operator": "Exists"}]`, '[{"operator": "Equal"}]',
      )),
    },
  },
  affinity: {
    classes: {
      'wrong type': one(...NOT_OBJECTS),
      'null': one(...NULLS),
      'bad affinity': one(...file(
        '{"nodeAffinity": {"bogus": 1}}', '{"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{}]}}', '{"nodeAffinity": "x"}', '{"bogus": {}}',
        '{"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": []}}}',
        '{"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 101, "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname"}}]}}',
        '{"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "a b", "operator": "In", "values": ["x"]}]}]}}}',
      )),
    },
  },
  tls: {
    classes: {
      'wrong type': one(...NOT_LISTS),
      'null': one(...NULLS),
      'bad TLS': one(...file(
        '[{"hosts": ["Bad_Host"]}]', '[{"secretName": "Bad_Name"}]', '[{"hosts": "x"}]', '[{"bogus": 1}]', '[{"hosts": ["*.*.example.com"], "secretName": "t"}]',
        '[{"hosts": ["tickets.example.com"], "secretName": ""}]', '[{}]',
      )),
    },
  },
  object: { classes: { 'wrong type': one(...NOT_OBJECTS), 'null': one(...NULLS), 'unknown fields': one(...file('{"bogus": 1}')) } },
  list: { classes: { 'wrong type': one(...NOT_LISTS), 'null': one(...NULLS) } },
};

/** The role of a leaf, from its key and its schema. */
function roleOf(leaf: ValueLeaf): Role {
  const key = leaf.path.split('.').pop()!;
  const types: string[] = [leaf.schema.type].flat();
  const byKey = /\.image\.(repository|tag|digest)$/.test(leaf.path) || ['nodePort', 'port', 'nodeSelector', 'tolerations', 'affinity', 'tls'].includes(key);
  const rules: [boolean, string][] = [
    [byKey, key], [leaf.schema.enum !== undefined, 'enum'], [types.includes('boolean'), 'boolean'],
    [types.includes('integer') && types.includes('string'), 'percent'], [types.includes('number') && types.includes('string'), 'quantity'],
    [types.includes('integer') || types.includes('number'), 'count'], [key === 'schedule', 'cron'], [key === 'className', 'name'],
    [/^host\d*$/.test(key), 'host'], [types.includes('object'), 'object'], [types.includes('array'), 'list'], [true, 'text'],
  ];
  return ROLES[rules.find(([applies]) => applies)![1]];
}

/** The value helm holds for a setting: what its `--set` parser makes of the text, or the values file read as YAML 1.1. */
function heldBy(s: HelmSetting): unknown {
  if (s.via === 'setString') return s.raw;
  if (s.via === 'file') return YAML.parse(s.raw, { version: '1.1' });
  if (s.raw.startsWith('{')) return s.raw.slice(1, -1).split(',');
  if (/^(true|false)$/i.test(s.raw)) return s.raw.toLowerCase() === 'true';
  if (/^null$/i.test(s.raw)) return null;
  // Go's strconv.ParseInt, unless the text starts with '0' ('0' itself is 0)
  if (s.raw === '0' || /^[+-]?[0-9]+$/.test(s.raw) && !s.raw.startsWith('0') && BigInt(s.raw) < 2n ** 63n && BigInt(s.raw) >= -(2n ** 63n)) return Number(s.raw);
  return s.raw;
}

/** A chart under test: its values, the templates that read them, and what it renders with its defaults. */
interface Context {
  readonly chart: string;
  readonly dir: string;
  readonly namespace: string;
  readonly leaves: Map<string, ValueLeaf>;
  readonly readers: Map<string, TemplateRef[]>;
  readonly baseline: RenderedDoc[];
  /** The chart's Namespace objects (rendered with namespace.create=true): off, the namespace exists before the install. */
  readonly namespaces: any[];
}

const imageRef = (ctx: Context, group: string, part: { [k: string]: string } = {}) => {
  const [repository, tag, digest] = ['repository', 'tag', 'digest'].map(k => part[k] ?? ctx.leaves.get(`${group}.${k}`)?.default);
  return `${repository}${tag === '' || tag === null || tag === undefined ? '' : `:${tag}`}${digest ? `@${digest}` : ''}`;
};

/** A case of the settings (none when a setting gives a knob its default): its unit, and the strings it must render. */
function caseOf(ctx: Context, kind: string, settings: HelmSetting[]): Case[] {
  const expected: string[] = [];
  const defaults: string[] = [];
  for (const s of settings) {
    const leaf = ctx.leaves.get(s.path)!;
    const held = heldBy(s);
    const exact = roleOf(leaf).exact;
    if (JSON.stringify(held) === JSON.stringify(leaf.default)) return [];
    const typedText = typeof held === 'string' ? held : exact === 'text' && ['number', 'boolean'].includes(typeof held) ? s.raw : undefined;
    const image = /^(.*\.image)\.(repository|tag|digest)$/.exec(s.path);
    if (exact === undefined) continue;
    defaults.push(...(image ? [imageRef(ctx, image[1])] : typeof leaf.default === 'string' ? [leaf.default] : []));
    if (typedText !== undefined) expected.push(image ? imageRef(ctx, image[1], { [image[2]]: typedText }) : typedText);
  }
  return [{ kind, settings, unit: unitOf(ctx, settings[0].path), expected, defaults }];
}

/** A container's image, one resource of a container (request and limit), a Service, a claim, an autoscaler, a ConfigMap, ... */
function unitOf(ctx: Context, p: string): string {
  const parts = p.split('.');
  const i = parts.findIndex(k => ['containers', 'initContainers', 'services', 'volumeClaims'].includes(k));
  if (i > 0 && i + 2 < parts.length) {
    return !parts[i].endsWith('ontainers') ? parts.slice(0, i + 2).join('.')
      : [...parts.slice(0, i + 3), ...(parts[i + 2] === 'resources' ? [parts[parts.length - 1]] : [])].join('.');
  }
  const siblings = [...ctx.leaves.keys()].filter(l => l.startsWith(`${parts[0]}.`));
  return siblings.every(l => l.split('.').length === 2) ? parts[0] : parts.slice(0, 2).join('.');
}

/** PER_VALUE hostile values of a leaf, drawn by fast-check from its role's classes (the seed and the leaf's path pick them). */
function hostileCases(ctx: Context, leaf: ValueLeaf): Case[] {
  const arb = fc.oneof(...Object.entries(roleOf(leaf).classes).map(([kind, values]) => values.map(g => ({ kind, ...g }))));
  const seed = [...`${ctx.chart}/${leaf.path}`].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 2147483647, SEED);
  const seen = new Set<string>();
  return fc.sample(arb, { numRuns: PER_VALUE, seed }).filter(d => !seen.has(d.via + d.raw) && seen.add(d.via + d.raw))
    .flatMap(d => caseOf(ctx, d.kind, [{ path: leaf.path, via: d.via, raw: d.raw }]));
}

/** Values that contradict each other or a default: minReplicas above maxReplicas, requests above limits, a node port on a ClusterIP Service. */
function contradictions(ctx: Context): Case[] {
  const cases: Case[] = [];
  const at = (p: string, via: Via, raw: string): HelmSetting => ({ path: p, via, raw });
  for (const { path: p, schema, default: dflt } of ctx.leaves.values()) {
    const group = p.replace(/\.[^.]+$/, '');
    const max = ctx.leaves.get(`${group}.maxReplicas`);
    if (p.endsWith('.minReplicas') && max) {
      cases.push(...caseOf(ctx, 'minReplicas above maxReplicas', [at(p, 'set', String(max.default + 1))]));
      cases.push(...caseOf(ctx, 'minReplicas above maxReplicas', [at(p, 'set', '5'), at(max.path, 'set', '3')]));
    }
    const request = /^(.*)\.resources\.requests\.([^.]+)$/.exec(p);
    if (request && ctx.leaves.has(`${request[1]}.resources.limits.${request[2]}`)) {
      const cpu = request[2] === 'cpu';
      cases.push(...caseOf(ctx, 'request above its limit', [at(p, 'setString', cpu ? '64' : '64Gi')]));
      cases.push(...caseOf(ctx, 'limit below its request', [at(`${request[1]}.resources.limits.${request[2]}`, 'setString', cpu ? '1m' : '1Mi')]));
    }
    const nodePorts = [...ctx.leaves.values()].filter(l => l.path.startsWith(`${group}.ports.`) && l.path.endsWith('.nodePort'));
    if (p.endsWith('.type') && schema.enum?.includes('ClusterIP') && dflt !== 'ClusterIP' && nodePorts.length > 0) {
      if (nodePorts.some(n => n.default !== null)) cases.push(...caseOf(ctx, 'ClusterIP with its default node port', [at(p, 'setString', 'ClusterIP')]));
      for (const n of nodePorts) cases.push(...caseOf(ctx, 'ClusterIP with a node port', [at(p, 'setString', 'ClusterIP'), at(n.path, 'set', '30080')]));
    }
  }
  return cases;
}

/** Groups cases for helm runs: one case per unit, and no string one case expects that another renders or replaces. */
function rounds(cases: Case[]): Case[][] {
  const queues = new Map<string, Case[]>();
  for (const c of cases) queues.set(c.unit, [...(queues.get(c.unit) ?? []), c]);
  const groups: Case[][] = [];
  while (queues.size > 0) {
    const group: Case[] = [];
    const expected = new Set<string>();
    const all = new Set<string>();
    for (const [unit, queue] of queues) {
      const i = queue.findIndex(c => c.expected.every(t => !all.has(t)) && c.defaults.every(t => !expected.has(t)));
      if (i < 0) continue;
      const [c] = queue.splice(i, 1);
      group.push(c);
      c.expected.forEach(t => expected.add(t) && all.add(t));
      c.defaults.forEach(t => all.add(t));
      if (queue.length === 0) queues.delete(unit);
    }
    groups.push(group);
  }
  return groups;
}

const show = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 45)}…(${s.length} chars)` : s;
};
const messageOf = (check: () => void): string | undefined => {
  try {
    check();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
};
/** The first two problems of a check's message. */
const summary = (message: string) => message.split('\n').map(l => l.trim())
  .filter(l => l !== '' && !/problem\(s\) against Kubernetes|^Pod Security Standard violated:$/.test(l))
  .slice(0, 2).map(l => (l.length > 300 ? `${l.slice(0, 300)}…` : l)).join(' / ');
const objectName = (o: any) => `${o?.kind} ${o?.metadata?.name}`;

/** Every string of an object with its path; keys too, at `<path>{key}`. */
function stringsOf(v: any, at = '', out: [string, string][] = []): [string, string][] {
  if (typeof v === 'string') {
    out.push([at, v]);
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => stringsOf(x, `${at}[${i}]`, out));
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push([`${at}{key}`, k]);
      stringsOf(x, at === '' ? k : `${at}.${k}`, out);
    }
  }
  return out;
}

interface Problem { readonly check: string; readonly message: string; readonly files: string[] }
/** What is wrong with a whole render, with the templates whose objects show it; pods are judged by their Namespace's level. */
function problemsOf(ctx: Context, docs: RenderedDoc[]): Problem[] {
  const problems: Problem[] = docs.filter(d => d.error !== undefined).map(d => ({ check: 'YAML 1.1 reader', message: `${d.file}: ${d.error}`, files: [d.file] }));
  const objects = docs.filter(d => d.object !== undefined);
  const namespaces = ctx.namespaces.filter(n => !objects.some(d => d.object.kind === 'Namespace' && d.object.metadata?.name === n.metadata.name));
  const judged = (ds: RenderedDoc[]) => () => checkAll([...ds.map(d => d.object), ...namespaces]);
  const invalid = messageOf(judged(objects));
  if (invalid) problems.push({ check: 'checkAll', message: invalid, files: objects.filter(d => messageOf(judged([d]))).map(d => d.file) });
  for (const d of objects) {
    const found = stringsOf(d.object).filter(([, s]) => /<nil>|<no value>|%!|map\[/.test(s)).map(([at, s]) => `'${at}' holds ${show(s)}`);
    if (found.length > 0) problems.push({ check: 'Go placeholder', message: `${objectName(d.object)}: ${found.join(', ')}`, files: [d.file] });
  }
  return problems;
}

/** The strings a case expects that the render holds no more often than the defaults' render does. */
function notAsGiven(ctx: Context, c: Case, docs: RenderedDoc[]): string[] {
  const count = (ds: RenderedDoc[], t: string) => ds.reduce((n, d) => n + stringsOf(d.object).filter(([at, s]) => !at.endsWith('{key}') && s === t).length, 0);
  return c.expected.filter(t => count(docs, t) <= count(ctx.baseline, t)).map(t => `renders ${show(t)} nowhere`);
}

/** The fields that changed, against the defaults, in the objects whose templates read the case's values. */
function changes(ctx: Context, c: Case, docs: RenderedDoc[]): string {
  const files = new Set(c.settings.flatMap(s => ctx.readers.get(s.path)!.map(r => r.file)));
  const out: string[] = [];
  const diff = (a: any, b: any, at: string, name: string) => {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diff(a[k], b[k], at === '' ? k : `${at}.${k}`, name);
    } else {
      out.push(`${name} ${at}: ${show(a)} → ${show(b)}`);
    }
  };
  for (const f of files) {
    const before = ctx.baseline.find(d => d.file === f)?.object;
    const after = docs.find(d => d.file === f)?.object;
    if (before === undefined || after === undefined) out.push(after === undefined ? `no ${f}` : `${objectName(after)} (new)`);
    else diff(before, after, '', objectName(after));
  }
  return out.length === 0 ? 'nothing new' : out.slice(0, 3).join(', ') + (out.length > 3 ? ` (+${out.length - 3})` : '');
}

const FLAGS: { [via in Via]: string } = { set: '--set ', setString: '--set-string ', file: '-f ' };
const givenText = (c: Case) => c.settings.map(s => {
  const raw = s.raw.length > 60 ? `${s.raw.slice(0, 40)}…(${s.raw.length} chars)` : s.raw;
  return `${FLAGS[s.via]}${s.path}${s.via === 'file' ? `: ${raw}` : `=${/^[\x21-\x7e]+$/.test(raw) ? raw : JSON.stringify(raw)}`}`;
}).join(' ');
const pathIn = (p: string, message: string) => new RegExp(`(?<![\\w.])${p.replace(/\./g, '\\.')}(?![\\w.])`).test(message);

/**
 * Runs cases together and records each case's failure, if any. Values the
 * schema refuses are done; a run that fails otherwise is split, suspects
 * apart (the cases a template's fail names, or whose values the failing
 * objects' templates read), until each failure has its case.
 */
async function evaluate(ctx: Context, cases: Case[], failures: Map<Case, string>, together: string[]): Promise<void> {
  const run = await helmRender(ctx.dir, 'r', ctx.namespace, cases.flatMap(c => c.settings));
  const reads = (c: Case, files: Set<string>) => c.settings.some(s => ctx.readers.get(s.path)!.some(r => files.has(r.file)));
  const split = async (suspects: Case[]) => {
    const [a, b] = suspects.length === 0 || suspects.length === cases.length
      ? [cases.slice(0, Math.floor(cases.length / 2)), cases.slice(Math.floor(cases.length / 2))]
      : [suspects, cases.filter(c => !suspects.includes(c))];
    await Promise.all([evaluate(ctx, a, failures, together), evaluate(ctx, b, failures, together)]);
  };
  if ('error' in run) {
    if (/values don't meet the specifications of the schema/.test(run.error)) {
      // '- a.b: Invalid type ...', or for a value null removed: '- a: b is required'
      const refused = [...run.error.matchAll(/^- (\S+?): (?:(\S+) is required$)?/gm)].map(m => (m[2] === undefined ? m[1] : m[1] === '(root)' ? m[2] : `${m[1]}.${m[2]}`));
      const hit = (c: Case, p: string) => c.settings.some(s => p === s.path || p.startsWith(`${s.path}.`));
      if (refused.length > 0 && refused.every(p => cases.some(c => hit(c, p)))) {
        const rest = cases.filter(c => !refused.some(p => hit(c, p)));
        if (rest.length > 0) await evaluate(ctx, rest, failures, together);
        return;
      }
    }
    if (cases.length === 1) return;
    // a values file helm cannot read (NaN, infinity): one of the values in it
    if (/failed to parse .*\.yaml/.test(run.error)) return split(cases.filter(c => c.settings.some(s => s.via === 'file')));
    const named = cases.filter(c => c.settings.some(s => pathIn(s.path, run.error)));
    return split(named.length > 0 ? named : cases.filter(c => reads(c, new Set(run.error.match(/templates\/[\w./-]+?\.(?:yaml|tpl|txt)/g) ?? []))));
  }
  const problems = problemsOf(ctx, run.docs);
  if (problems.length === 0 && cases.length > 1) {
    // a string not as given is its case's own failure: shown alone, what rendered is that case's doing
    await Promise.all(cases.filter(c => notAsGiven(ctx, c, run.docs).length > 0).map(c => evaluate(ctx, [c], failures, together)));
  } else if (cases.length === 1) {
    const wrong = [...problems.map(p => `${p.check}: ${summary(p.message)}`), ...notAsGiven(ctx, cases[0], run.docs).map(m => `exact strings: ${m}`)];
    if (wrong.length > 0) failures.set(cases[0], `${givenText(cases[0])} [${cases[0].kind}] rendered ${changes(ctx, cases[0], run.docs)}; refused by ${wrong.join('; ')}`);
  } else {
    const files = new Set(problems.flatMap(p => p.files));
    await split(cases.filter(c => reads(c, files)));
    if (cases.every(c => !failures.has(c))) {
      together.push(`${ctx.chart}: only together: ${cases.map(givenText).join(' ')}: ${problems.map(p => `${p.check}: ${summary(p.message)}`).join('; ')}`);
    }
  }
}

/**
 * Every failure of the cases, one line per knob: its chart, and for each
 * failing value what rendered and which check refused it. Cases a template's
 * fail should refuse one by one (`grouped` false) cost one helm run each.
 */
async function failuresOf(ctx: Context, cases: Case[], grouped = true): Promise<string[]> {
  const failures = new Map<Case, string>();
  const together: string[] = [];
  await Promise.all((grouped ? rounds(cases) : cases.map(c => [c])).map(group => evaluate(ctx, group, failures, together)));
  const byKnob = new Map<string, string[]>();
  for (const c of cases.filter(x => failures.has(x))) {
    const knob = c.settings.map(s => s.path).join(' + ');
    byKnob.set(knob, [...(byKnob.get(knob) ?? []), failures.get(c)!]);
  }
  return [...[...byKnob].map(([knob, lines]) => `${ctx.chart} ${knob}: ${lines.join(' | ')}`), ...together];
}

const reference = (app: App) => {
  new Ticketing(app, 'ticketing');
  new NodeAgents(app, 'node-agents');
};
const CHARTS = [
  { name: 'ticketing', namespace: 'ticketing', build: reference },
  { name: 'node-agents', namespace: 'node-agents', build: reference },
  ...PATTERN_CHARTS.map(p => ({ name: p.name, namespace: p.namespace ?? 'default', build: p.build })),
];

const dirs = new Map<string, string>();
beforeAll(() => {
  const built = new Map<(app: App) => void, string>();
  for (const c of CHARTS) {
    if (!built.has(c.build)) {
      const app = new PatternsApp();
      c.build(app);
      built.set(c.build, writeApp(app));
    }
    dirs.set(c.name, path.join(built.get(c.build)!, 'charts', c.name));
  }
}, 60_000);

const contexts = new Map<string, Promise<Context>>();
/** The chart's context; its defaults must render objects that pass every check. */
function contextOf(name: string): Promise<Context> {
  if (!contexts.has(name)) {
    contexts.set(name, (async () => {
      const dir = dirs.get(name)!;
      const namespace = CHARTS.find(c => c.name === name)!.namespace;
      const leaves = new Map(valueLeaves(dir).map(l => [l.path, l]));
      const created = leaves.has('namespace.create') ? await helmRender(dir, 'r', namespace, [{ path: 'namespace.create', via: 'set', raw: 'true' }]) : { docs: [] };
      const namespaces = 'docs' in created ? created.docs.filter(d => d.object?.kind === 'Namespace').map(d => d.object) : [];
      const run = await helmRender(dir, 'r', namespace, []);
      if ('error' in run) throw new Error(`${name}: the defaults do not render: ${run.error}`);
      const ctx: Context = { chart: name, dir, namespace, leaves, readers: valueReaders(dir), baseline: run.docs, namespaces };
      const problems = problemsOf(ctx, run.docs);
      if (problems.length > 0) throw new Error(`${name}: the defaults render objects that fail: ${problems.map(p => p.message).join('\n')}`);
      return ctx;
    })());
  }
  return contexts.get(name)!;
}

const replayed = (failures: string[]) => (failures.length === 0 ? [] : [`replay with FC_SEED=${SEED} FC_RUNS=${PER_VALUE}`, ...failures]);

describe('the generated Helm charts under hostile values', () => {
  test.each(CHARTS.map(c => c.name))(
    '%s: a wrong type, a number out of range, a bad name, host, label, quantity, percentage or cron schedule, or a YAML trap in any value is '
    + 'refused by helm, or renders objects that pass validation, hold no Go placeholder and show every string exactly as given',
    async name => {
      const ctx = await contextOf(name);
      expect(replayed(await failuresOf(ctx, [...ctx.leaves.values()].flatMap(leaf => hostileCases(ctx, leaf))))).toEqual([]);
    }, 300_000);

  test('values that contradict each other (minReplicas above maxReplicas, requests above limits, a node port on a ClusterIP Service) '
    + 'are refused by helm or render valid objects, in every chart', async () => {
    const failures: string[] = [];
    for (const c of CHARTS) {
      const ctx = await contextOf(c.name);
      failures.push(...await failuresOf(ctx, contradictions(ctx), false));
    }
    expect(replayed(failures)).toEqual([]);
  }, 300_000);
});
