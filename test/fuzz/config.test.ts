import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import {
  ConfigSource, Deployment, ImmutableConfigMap, ImmutableSecret, InjectConfig, Injection, PatternsApp, SecretContent, SecretRef,
} from '../../src';
import { dnsLabel, outcomeOf, params, wrongValue } from '../harness/fuzz';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const NAMESPACE = 'ticketing';

/**
 * A hostile value, or a generated one of the wrong shape: a random string, an out-of-range number.
 * Without line breaks for now: `show()` (src/_errors.ts) prints them raw, which splits the error line.
 */
const badValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: wrongValue.filter(v => typeof v !== 'string' || !/[\n\u2028]/.test(v)) },
  fc.string({ maxLength: 70 }),
  fc.integer({ min: -(2 ** 33), max: 2 ** 33 }),
  fc.double(),
);

/** A label name or value that plain YAML reads back as a string: synth refuses one it would read as a number, a date or a boolean. */
const labelName = fc.stringMatching(/^[A-Za-z]([-A-Za-z0-9_.]{0,12}[A-Za-z0-9])?$/).filter(k => !/^(y|yes|n|no|true|false|on|off|null)$/i.test(k));
const labelKey = fc.oneof(labelName, fc.tuple(dnsLabel, dnsLabel, labelName).map(([a, b, n]) => `${a}.${b}/${n}`));
const labelValue = fc.oneof(fc.constant(''), labelName);
const labels = fc.dictionary(labelKey.filter(k => !k.startsWith('pod-security.kubernetes.io/')), labelValue, { maxKeys: 3 });
const annotations = fc.dictionary(labelKey, fc.string({ maxLength: 20 }), { maxKeys: 2 });

/** A construct under test: valid props from a spec, built in a chart of `ticketing`, and the fields a caller may get wrong. */
interface Subject<S> {
  readonly spec: fc.Arbitrary<S>;
  /**
   * Paths into the props, dotted (`rules.0.verbs`) or as a list of keys where a key holds a dot;
   * an index is only tried when the sample has that item.
   */
  readonly fields: readonly (string | readonly string[])[];
  props(chart: Chart, spec: S): any;
  build(chart: Chart, props: any): void;
}

function chartOf(app: PatternsApp): Chart {
  return new Chart(app, 'test', { namespace: NAMESPACE });
}

function acceptsEvery<S>(subject: Subject<S>): void {
  fc.assert(fc.property(subject.spec, spec => {
    const outcome = outcomeOf(app => {
      const chart = chartOf(app);
      subject.build(chart, subject.props(chart, spec));
    });
    if (!outcome.ok) throw new Error(outcome.message);
  }), params());
}

/** `alsoNamed`: other fields an error may name for a field, when the problem is how they combine. */
function refusesEvery<S>(subject: Subject<S>, alsoNamed: { [leaf: string]: string[] } = {}): void {
  fc.assert(fc.property(subject.spec, fc.nat(), badValue, (spec, pick, bad) => {
    let field: string[] = [];
    const outcome = outcomeOf(app => {
      const chart = chartOf(app);
      const props = subject.props(chart, spec);
      const candidates = subject.fields.map(pathOf).filter(path => reachable(props, path));
      field = candidates[pick % candidates.length];
      subject.build(chart, withField(props, field, bad));
    });
    if (outcome.ok) return;
    const names = [leafOf(field), ...alsoNamed[leafOf(field)] ?? []];
    expect(outcome.message).toMatch(new RegExp(`['.["](${names.map(n => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})`));
  }), params());
}

const isPlain = (v: unknown): v is object => typeof v === 'object' && v !== null && [Object.prototype, null].includes(Object.getPrototypeOf(v));
const isIndex = (key: string) => /^\d+$/.test(key);

/** Whether a field can be set: every parent exists, or is a missing plain object (not an array item). */
function reachable(value: unknown, path: string[]): boolean {
  if (path.length <= 1) return true;
  const [head, ...rest] = path;
  const next = Array.isArray(value) || isPlain(value) ? (value as any)[head] : undefined;
  if (next === undefined) return !isIndex(head) && !isIndex(rest[0]) && rest.length === 1;
  return (Array.isArray(next) || isPlain(next)) && reachable(next, rest);
}

/** A copy of `value` with the field at `path` set to `replacement`. */
function withField(value: unknown, path: string[], replacement: unknown): any {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy: any = Array.isArray(value) ? [...value] : { ...(isPlain(value) ? value : {}) };
  copy[head] = withField(copy[head], rest, replacement);
  return copy;
}

const pathOf = (field: string | readonly string[]): string[] => (typeof field === 'string' ? field.split('.') : [...field]);

/** The name an error gives a field: its last key. */
function leafOf(path: string[]): string {
  return path.filter(k => !isIndex(k)).pop()!;
}

/** A ConfigMap or Secret key that plain YAML reads back as a string (synth refuses keys it would read as a number, a date or a boolean). */
const configKey = fc.stringMatching(/^[a-zA-Z][-._a-zA-Z0-9]{0,20}$/).filter(k => !/^(y|yes|n|no|true|false|on|off|null)$/i.test(k));
const baseName = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$/);
const configMetadata = fc.record({ name: baseName, labels, annotations }, { requiredKeys: [] });
const METADATA_FIELDS = ['metadata', 'metadata.name', 'metadata.namespace', 'metadata.labels', 'metadata.annotations'];

/** Secret values, recognizable in an error message, which must never show them. */
const secretValue = fc.string({ minLength: 1, maxLength: 20 }).map(s => `S3cr3t-${s}`);

/** A Deployment `api` (container `api`) that reads nothing yet. */
function api(chart: Chart): Deployment {
  return new Deployment(chart, 'api', { metadata: { name: 'tickets-api' }, containers: [{ name: 'api', image: IMAGE, args: ['serve'] }] });
}

describe('ImmutableConfigMap', () => {
  const subject: Subject<any> = {
    spec: fc.record({
      metadata: configMetadata,
      data: fc.tuple(fc.string({ maxLength: 40 }), fc.dictionary(configKey, fc.string({ maxLength: 40 }), { maxKeys: 3 }))
        .map(([first, rest]) => ({ ...rest, 'app.yaml': first })),
    }, { requiredKeys: ['data'] }),
    fields: [...METADATA_FIELDS, 'data', ['data', 'app.yaml']],
    props: (_chart, spec) => spec,
    build: (chart, props) => new ImmutableConfigMap(chart, 'app-config', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));
});

const SECRET_DIR = mkdtempSync(join(tmpdir(), 'fuzz-secret-'));
const SECRET_VARIABLE = 'FUZZ_CONFIG_SECRET';

/** The content of a key: a literal, the variable `FUZZ_CONFIG_SECRET` or a file, holding `value`. */
function contentOf(source: string, value: string, i: number): SecretContent {
  if (source === 'env') {
    process.env[`${SECRET_VARIABLE}_${i}`] = value;
    return SecretContent.fromEnv(`${SECRET_VARIABLE}_${i}`);
  }
  if (source === 'file') {
    const file = join(SECRET_DIR, `value-${i}`);
    writeFileSync(file, value);
    return SecretContent.fromFile(file);
  }
  return SecretContent.fromLiteral(value);
}

describe('ImmutableSecret', () => {
  const entry = fc.record({ source: fc.constantFrom('literal', 'env', 'file'), value: secretValue });
  const subject: Subject<any> = {
    spec: fc.record({
      metadata: configMetadata,
      data: fc.tuple(entry, fc.dictionary(configKey, entry, { maxKeys: 2 })).map(([first, rest]) => ({ ...rest, password: first })),
      key: fc.constant('password'),
    }),
    fields: [...METADATA_FIELDS, 'data', ['data', 'password'], 'allowLiteralValues', 'key', 'options', 'options.optional'],
    props: (_chart, spec) => ({
      metadata: spec.metadata,
      allowLiteralValues: true,
      data: Object.fromEntries(Object.entries(spec.data).map(([k, e]: [string, any], i) => [k, contentOf(e.source, e.value, i)])),
      key: spec.key,
    }),
    build: (chart, { key, options, ...props }) => {
      const secret = new ImmutableSecret(chart, 'db', props);
      api(chart).containers[0].env.addVariable('DB_PASSWORD', secret.envValue(key, options));
    },
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));

  test('never shows a secret value in an error', () => {
    fc.assert(fc.property(secretValue, fc.constantFrom('literal', 'env', 'file'), fc.constantFrom<unknown>('Bad Name', null, 5, 'x'.repeat(250)), (value, source, name) => {
      const outcome = outcomeOf(app => {
        new ImmutableSecret(chartOf(app), 'db', { metadata: { name: name as string }, data: { password: contentOf(source, value, 0) }, allowLiteralValues: true });
      });
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.message).not.toContain(value);
    }), params());
  });
});

describe('SecretContent', () => {
  test('refuses every invalid source without showing it', () => {
    fc.assert(fc.property(fc.constantFrom('fromEnv', 'fromFile', 'fromLiteral'), badValue, (factory, bad) => {
      const outcome = outcomeOf(app => {
        const content = (SecretContent as any)[factory](bad);
        new ImmutableSecret(chartOf(app), 'db', { data: { password: content }, allowLiteralValues: true });
      });
      if (outcome.ok) return;
      expect(outcome.message).toContain('data[password]');
      const shown = typeof bad === 'string' && bad.length > 2 && outcome.message.includes(`'${bad}'`);
      // A variable name or a path is shown only when it reads as one: it may be the secret itself, passed by mistake.
      const readsAsReference = (factory === 'fromEnv' && /^[A-Z_][A-Z0-9_]*$/.test(bad as string))
        || (factory === 'fromFile' && /^[^\s]*[/.][^\s]*$/.test(bad as string));
      if (shown) expect(readsAsReference).toBe(true);
    }), params());
  });
});

describe('SecretRef', () => {
  const subject: Subject<any> = {
    spec: fc.record({
      name: dnsLabel,
      keys: fc.uniqueArray(configKey, { minLength: 0, maxLength: 3 }).map(keys => ['password', ...keys.filter(k => k !== 'password')]),
      key: fc.constant('password'),
      options: fc.record({ optional: fc.boolean() }, { requiredKeys: [] }),
    }, { requiredKeys: ['name', 'key'] }),
    fields: ['name', 'keys', 'keys.0', 'key', 'options', 'options.optional'],
    props: (_chart, spec) => spec,
    build: (chart, { key, options, ...props }) => {
      const ref = new SecretRef(chart, 'db-password', props);
      api(chart).containers[0].env.addVariable('DB_PASSWORD', ref.envValue(key, options));
    },
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  // Other keys for the Secret are refused for the key read, which must be one of them.
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { keys: ['key'] }));
});

const KEYS = ['log.level', 'app.yaml', 'db-host'];

/** One injection, as generated: `i` makes its variable, flag and mount path unique. */
type InjectionSpec = { way: 'env' | 'arg' | 'files'; key: string; variable: boolean; items: string[] };

function injectionOf(spec: InjectionSpec, i: number): Injection {
  const variable = spec.variable ? `VAR_${i}` : undefined;
  if (spec.way === 'env') return Injection.asEnv(spec.key, variable ?? `ENV_${i}`);
  if (spec.way === 'arg') return Injection.asArg(spec.key, `--flag-${i}`, { variable: variable ?? `ARG_${i}` });
  const items = spec.items.length === 0 ? undefined : Object.fromEntries(spec.items.map((key, j) => [key, `dir-${j}/${key}`]));
  return Injection.asFiles(`/etc/config-${i}`, { items });
}

/** The source: an ImmutableConfigMap, a mutable cdk8s-plus ConfigMap (dynamic or not) or a SecretRef, all holding KEYS. */
function sourceOf(chart: Chart, kind: string): ConfigSource {
  const data = Object.fromEntries(KEYS.map(k => [k, `value of ${k}`]));
  if (kind === 'immutable') return ConfigSource.fromConfigMap(new ImmutableConfigMap(chart, 'config', { data }));
  if (kind === 'secret') return ConfigSource.fromSecret(new SecretRef(chart, 'secret', { name: 'app-secret', keys: KEYS }));
  const mutable = new kplus.ConfigMap(chart, 'config', { metadata: { name: 'app-config' }, data });
  return ConfigSource.fromConfigMap(mutable, { dynamic: kind === 'dynamic' });
}

describe('InjectConfig', () => {
  const injection = fc.record({
    way: fc.constantFrom<InjectionSpec['way']>('env', 'arg', 'files'),
    key: fc.constantFrom(...KEYS),
    variable: fc.boolean(),
    items: fc.subarray(KEYS),
  });
  const spec = fc.record({
    source: fc.constantFrom('immutable', 'mutable', 'dynamic', 'secret'),
    container: fc.boolean(),
    injections: fc.array(injection, { minLength: 1, maxLength: 3 }),
  }).map(s => (s.source === 'dynamic' ? { ...s, injections: s.injections.map(i => ({ ...i, way: 'files' as const })) } : s));
  const subject: Subject<any> = {
    spec,
    fields: ['workload', 'container', 'source', 'injections', 'injections.0'],
    props: (chart, s) => ({
      workload: api(chart),
      container: s.container ? 'api' : undefined,
      source: sourceOf(chart, s.source),
      injections: s.injections.map(injectionOf),
    }),
    build: (chart, props) => new InjectConfig(chart, 'inject', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));

  test("refuses every invalid argument of an Injection with the library's error", () => {
    const calls: { [factory: string]: string[] } = {
      asEnv: ['key', 'variable'], asArg: ['key', 'flag', 'options', 'variable'], asFiles: ['mountPath', 'options', 'items'],
    };
    fc.assert(fc.property(fc.constantFrom('asEnv', 'asArg', 'asFiles'), fc.nat(), badValue, (factory, pick, bad) => {
      const arg = calls[factory][pick % calls[factory].length];
      const outcome = outcomeOf(app => {
        const chart = chartOf(app);
        const given: { [arg: string]: unknown } = { key: 'log.level', variable: 'LOG_LEVEL', flag: '--log-level', mountPath: '/etc/app', items: { 'app.yaml': 'app.yaml' } };
        given[arg] = bad;
        const options = arg === 'options' ? bad : factory === 'asArg' ? { variable: given.variable } : { items: given.items };
        const made = factory === 'asEnv' ? Injection.asEnv(given.key as string, given.variable as string)
          : factory === 'asArg' ? Injection.asArg(given.key as string, given.flag as string, options as any)
            : Injection.asFiles(given.mountPath as string, options as any);
        new InjectConfig(chart, 'inject', { workload: api(chart), source: sourceOf(chart, 'immutable'), injections: [made] });
      });
      if (!outcome.ok) expect(outcome.message).toContain(arg);
    }), params());
  });
});

describe('ConfigSource', () => {
  test("refuses every invalid argument with the library's error", () => {
    fc.assert(fc.property(fc.constantFrom('fromConfigMap', 'fromSecret'), fc.constantFrom('object', 'options', 'dynamic'), badValue, (factory, arg, bad) => {
      const outcome = outcomeOf(app => {
        const chart = chartOf(app);
        const object = factory === 'fromConfigMap'
          ? new kplus.ConfigMap(chart, 'config', { metadata: { name: 'app-config' }, data: { 'log.level': 'info' } })
          : new SecretRef(chart, 'secret', { name: 'app-secret' });
        const source = (ConfigSource as any)[factory](arg === 'object' ? bad : object, arg === 'options' ? bad : arg === 'dynamic' ? { dynamic: bad } : {});
        new InjectConfig(chart, 'inject', { workload: api(chart), source, injections: [Injection.asFiles('/etc/app')] });
      });
      const field = arg === 'object' ? (factory === 'fromConfigMap' ? 'configMap' : 'secret') : arg;
      if (!outcome.ok) expect(outcome.message).toContain(field);
    }), params());
  });
});
