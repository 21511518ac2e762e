import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Chart } from 'cdk8s';
import * as fc from 'fast-check';
import {
  ConfigSource, Deployment, ImmutableConfigMap, ImmutableSecret, InjectConfig, Injection, SecretContent, SecretRef,
} from '../../src';
import { kplus } from '../../src/_plus';
import { dnsLabel, outcomeOf, params } from '../harness/fuzz';
import {
  acceptsEvery, annotations, badValue, chartOf, IMAGE, isYamlKeyword, labels, METADATA_FIELDS, refusesEvery, strip, Subject, text,
} from '../harness/props';

/** A ConfigMap or Secret key that plain YAML reads back as a string (synth refuses keys it would read as a number, a date or a boolean). */
const configKey = fc.stringMatching(/^[a-zA-Z][-._a-zA-Z0-9]{0,20}$/).filter(k => !isYamlKeyword(k));
const baseName = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$/);
const configMetadata = fc.record({ name: baseName, labels, annotations }, { requiredKeys: [] });

/** Secret values, recognizable in an error message, which must never show them. */
const secretValue = fc.string({ minLength: 1, maxLength: 20 }).map(s => `S3cr3t-${s}`);

/** A Deployment `api` (container `api`) that reads nothing yet, its pod of that fsGroup when given. */
function api(chart: Chart, fsGroup?: number): Deployment {
  return new Deployment(chart, 'api', {
    metadata: { name: 'tickets-api' },
    containers: [{ name: 'api', image: IMAGE, args: ['serve'] }],
    ...(fsGroup === undefined ? {} : { securityContext: { fsGroup } }),
  });
}

describe('ImmutableConfigMap', () => {
  const subject: Subject<any> = {
    spec: fc.record({
      metadata: configMetadata,
      data: fc.tuple(text(40), fc.dictionary(configKey, text(40), { maxKeys: 3 }))
        .map(([first, rest]) => ({ ...rest, 'app.yaml': first })),
    }, { requiredKeys: ['data'] }),
    fields: [...METADATA_FIELDS, 'data', ['data', 'app.yaml']],
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
    build: (chart, { key, options, ...props }) => {
      const ref = new SecretRef(chart, 'db-password', props);
      api(chart).containers[0].env.addVariable('DB_PASSWORD', ref.envValue(key, options));
    },
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  // Other keys for the Secret are refused for the key read, which must be one of them.
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: { keys: ['key'] } }));
});

const KEYS = ['log.level', 'app.yaml', 'db-host'];
/** Keys that are environment variable names too: a source read with asEnvFrom holds those. */
const ENV_KEYS = ['LOG_LEVEL', 'app_yaml', 'DB_HOST'];

/**
 * One injection, as generated: `i` makes its variable, flag and mount path
 * unique; a file mode the non-root container can read without an fsGroup.
 */
type InjectionSpec = { way: 'env' | 'arg' | 'envFrom' | 'files'; key: string; variable: boolean; items: string[]; prefix?: string; mode?: number };

function injectionOf(spec: InjectionSpec, i: number, fsGroup: boolean): Injection {
  const variable = spec.variable ? `VAR_${i}` : undefined;
  if (spec.way === 'env') return Injection.asEnv(spec.key, variable ?? `ENV_${i}`);
  if (spec.way === 'arg') return Injection.asArg(spec.key, `--flag-${i}`, { variable: variable ?? `ARG_${i}` });
  if (spec.way === 'envFrom') return spec.prefix === undefined ? Injection.asEnvFrom() : Injection.asEnvFrom({ prefix: spec.prefix });
  const items = spec.items.length === 0 ? undefined : Object.fromEntries(spec.items.map((key, j) => [key, `dir-${j}/${key}`]));
  // with the read bit for others unless the pod has an fsGroup
  const mode = spec.mode === undefined || fsGroup || spec.mode % 0o10 >= 0o4 ? spec.mode : spec.mode + 0o4;
  return Injection.asFiles(`/etc/config-${i}`, strip({ items, mode }));
}

/** The source: an ImmutableConfigMap, a mutable cdk8s-plus ConfigMap (dynamic or not) or a SecretRef, all holding `keys`. */
function sourceOf(chart: Chart, kind: string, keys = KEYS): ConfigSource {
  const data = Object.fromEntries(keys.map(k => [k, `value of ${k}`]));
  if (kind === 'immutable') return ConfigSource.fromConfigMap(new ImmutableConfigMap(chart, 'config', { data }));
  if (kind === 'secret') return ConfigSource.fromSecret(new SecretRef(chart, 'secret', { name: 'app-secret', keys }));
  const mutable = new kplus.ConfigMap(chart, 'config', { metadata: { name: 'app-config' }, data });
  return ConfigSource.fromConfigMap(mutable, { dynamic: kind === 'dynamic' });
}

describe('InjectConfig', () => {
  /** Injections of a source holding `keys`, by every way when they name variables (an envFrom of each prefix once). */
  const injections = (keys: string[], envFrom: boolean) => fc.uniqueArray(fc.record({
    way: fc.constantFrom<InjectionSpec['way']>('env', 'arg', 'files', ...(envFrom ? ['envFrom' as const] : [])),
    key: fc.constantFrom(...keys),
    variable: fc.boolean(),
    items: fc.subarray(keys),
    prefix: fc.constantFrom(undefined, 'APP_', 'CFG_', 'x'),
    mode: fc.option(fc.integer({ min: 0, max: 0o777 }), { nil: undefined }),
  }), { minLength: 1, maxLength: 3, comparator: (a, b) => a.way === 'envFrom' && b.way === 'envFrom' && a.prefix === b.prefix });
  const spec = fc.record({ source: fc.constantFrom('immutable', 'mutable', 'dynamic', 'secret'), envKeys: fc.boolean() })
    .chain(({ source, envKeys }) => fc.record({
      source: fc.constant(source),
      keys: fc.constant(envKeys ? ENV_KEYS : KEYS),
      container: fc.boolean(),
      fsGroup: fc.boolean(),
      injections: injections(envKeys ? ENV_KEYS : KEYS, envKeys),
    }))
    .map(s => (s.source === 'dynamic' ? { ...s, injections: s.injections.map(i => ({ ...i, way: 'files' as const })) } : s));
  const subject: Subject<any> = {
    spec,
    fields: ['workload', 'container', 'source', 'injections', 'injections.0'],
    props: (chart, s) => ({
      workload: api(chart, s.fsGroup ? 2000 : undefined),
      container: s.container ? 'api' : undefined,
      source: sourceOf(chart, s.source, s.keys),
      injections: s.injections.map((injection: InjectionSpec, i: number) => injectionOf(injection, i, s.fsGroup)),
    }),
    build: (chart, props) => new InjectConfig(chart, 'inject', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));

  test("refuses every invalid argument of an Injection with the library's error", () => {
    const calls: { [factory: string]: string[] } = {
      asEnv: ['key', 'variable'], asArg: ['key', 'flag', 'options', 'variable'], asEnvFrom: ['options', 'prefix'], asFiles: ['mountPath', 'options', 'items', 'mode'],
    };
    fc.assert(fc.property(fc.constantFrom(...Object.keys(calls)), fc.nat(), badValue, (factory, pick, bad) => {
      const arg = calls[factory][pick % calls[factory].length];
      const outcome = outcomeOf(app => {
        const chart = chartOf(app);
        const given: { [arg: string]: unknown } = {
          key: 'log.level', variable: 'LOG_LEVEL', flag: '--log-level', prefix: 'APP_', mountPath: '/etc/app', items: { 'app.yaml': 'app.yaml' }, mode: 0o444,
        };
        given[arg] = bad;
        const options = arg === 'options' ? bad : factory === 'asArg' ? { variable: given.variable }
          : factory === 'asEnvFrom' ? { prefix: given.prefix } : { items: given.items, mode: given.mode };
        const made = factory === 'asEnv' ? Injection.asEnv(given.key as string, given.variable as string)
          : factory === 'asArg' ? Injection.asArg(given.key as string, given.flag as string, options as any)
            : factory === 'asEnvFrom' ? Injection.asEnvFrom(options as any)
              : Injection.asFiles(given.mountPath as string, options as any);
        const source = sourceOf(chart, 'immutable', factory === 'asEnvFrom' ? ENV_KEYS : KEYS);
        new InjectConfig(chart, 'inject', { workload: api(chart), source, injections: [made] });
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
