import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import {
  Deployment, HelmChart, HelmValue, ImmutableConfigMap, ImmutableSecret, PatternsApp, Role, SecretContent,
} from '../../src';
import { kplus } from '../../src/_plus';
import { yamlString } from '../../src/helm/_values';
import { yamlStringProblem } from '../../src/validation/_yaml-strings';
import { container, find, podSpec } from '../harness';
import { params } from '../harness/fuzz';
import { helm, helmLint, helmTemplate, KUBE_VERSION, parseAll, plainFor, writeApp } from '../harness/helm';
import { scratchDir } from '../harness/tmp';

/*
 * No name, key or content of the app can break the Helm chart: helm must load values.yaml, the templates must
 * print the app's text instead of running it, file names must fit, and the names the chart computes must be the
 * app's. Each test builds a chart with the content in question and runs the real helm on it.
 */

/** The chart directory of an app built by `build`, whose one chart is `id`. */
const chartOf = (build: (app: App) => void, id = 'safety') => {
  const app = new PatternsApp();
  build(app);
  return path.join(writeApp(app), 'charts', id);
};
const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
const templateFiles = (dir: string) => fs.readdirSync(path.join(dir, 'templates'), { recursive: true, encoding: 'utf8' }).sort();
const web = (chart: Chart, name = 'web', containerName = 'web') => new Deployment(chart, name, {
  metadata: { name },
  containers: [{ name: containerName, image: 'nginx:1.25.3', portNumber: 8080 }],
});
/** Every reader of values.yaml the chart's users may run: YAML 1.1 (as go-yaml) and 1.2. */
const readers = (text: string) => [YAML.parse(text, { version: '1.1' }), YAML.parse(text, { version: '1.2' })];

/** Strings YAML 1.1 or 1.2 read as null, booleans, numbers, dates or a merge key when unquoted. */
const TYPED = ['null', 'Null', '~', '', 'y', 'Y', 'yes', 'NO', 'n', 'on', 'Off', 'true', 'FALSE', '1e3', '0x1F', '.5', '1_000', '012', '2001-01-01', '<<', '=', '12:30'];
/** ConfigMap keys YAML reads as anything but strings (their values keys are the same words: `on`, `null`, `y`). */
const TYPED_KEYS = ['on', 'null', 'y', 'N', 'Off', 'yes', 'TRUE', 'nil', 'range', '1e3', '0x1F', '.5', '1_000', '2001-01-01'];

describe('values.yaml', () => {
  const data = Object.fromEntries(TYPED_KEYS.map((k, i) => [k, TYPED[i % TYPED.length]]));
  const build = (app: App) => {
    const chart = new Chart(app, 'safety');
    web(chart, 'null', 'y');
    new ImmutableConfigMap(chart, 'typed', { metadata: { name: 'typed' }, data });
    new HelmValue(chart, 'extra', {
      name: 'extra.settings',
      defaultValue: { '=': 'merge', 'on': 'no', 'list': ['y', { n: '0o17', m: '\ta\n b\n' }, [], {}, ['~']], 'text': 'line one\n  indented\n', 'ctl': 'a\u0000b\fc\u00a0d\ufeffe' },
      description: 'is free-form settings whose keys and strings YAML would type',
    });
    new HelmValue(chart, 'strings', { name: 'extra.strings', defaultValue: TYPED, description: 'are strings YAML would type' });
    new HelmChart(chart, 'helm');
  };
  let dir: string;
  let text: string;
  beforeAll(() => {
    dir = chartOf(build);
    text = read(dir, 'values.yaml');
  });

  test('quotes every key and string YAML 1.1 or 1.2 would read as null, a boolean, a number or a merge key, and helm lints the chart', () => {
    expect(text).toContain('\n"null":\n');
    expect(text).toContain('\n    "y":\n');
    expect(text).toMatch(/\n {2}"on": "/);
    expect(text).toContain('    "=": "merge"\n');
    expect(helmLint(dir)).toContain('1 chart(s) linted, 0 chart(s) failed');
  });

  test('reads back as the defaults, in YAML 1.1 and 1.2', () => {
    for (const values of readers(text)) {
      expect(Object.keys(values.typed).sort()).toEqual(['nil', 'off', 'on', 'range', 'true', 'v0x1F', 'v1000', 'v1e3', 'v20010101', 'v5', 'y', 'yes', 'n', 'null'].sort());
      expect(values.extra.strings).toEqual(TYPED);
      expect(values.extra.settings).toEqual({ '=': 'merge', 'on': 'no', 'list': ['y', { n: '0o17', m: '\ta\n b\n' }, [], {}, ['~']], 'text': 'line one\n  indented\n', 'ctl': 'a\u0000b\fc\u00a0d\ufeffe' });
      expect(Object.keys(values.null.containers)).toEqual(['y']);
    }
  });

  test('helm reads the keys back: the ConfigMap renders the app\'s data, under the app\'s name', () => {
    const rendered = helmTemplate(dir, 'r');
    const typed = rendered.find(m => m.kind === 'ConfigMap');
    expect(typed.data).toEqual(data);
    expect(typed.metadata.name).toBe(find(plainFor(build, 'r'), 'ConfigMap').metadata.name);
    expect(container(podSpec(rendered, 'Deployment'), 'y').image).toBe('nginx:1.25.3');
  });

  test('a template reaches a key spelt like a Go keyword with index', () => {
    const template = read(dir, 'templates/typed-configmap.yaml');
    expect(template).toContain('{{ (index .Values "typed" "true") | toString | quote }}');
    expect(template).toContain('{{ (index .Values "typed" "range") | toString | quote }}');
    expect(template).toContain('{{ .Values.typed.on | toString | quote }}');
  });
});

describe('HelmValue', () => {
  const deployment = (chart: Chart) => web(chart);

  test.each([
    ['a line break', 'is\nthe count', "'is\\nthe count', which holds U+000A at index 2"],
    ['a tab', 'is\tthe count', "'is\\tthe count', which holds U+0009 at index 2"],
    ['a line separator', 'is\u2028the count', "'is\\u2028the count', which holds U+2028 at index 2"],
    ['a DEL', 'is the\u007f count', "'is the\\u007f count', which holds U+007F at index 6"],
  ])('fails when the description holds %s', (_, description, got) => {
    const chart = new Chart(new App(), 'app');
    expect(() => new HelmValue(chart, 'v', { name: 'web.count', defaultValue: 2, description }))
      .toThrow(`app/v: 'description' must be one line of text without control characters (it is the value's comment in values.yaml), got ${got}; write it on one line`);
  });

  test('a description holding template text, comment marks and Unicode is written as it is', () => {
    const description = 'is {{ .Release.Name }} */ # not a comment end, é ✓ 🚀';
    const dir = chartOf(app => {
      const chart = new Chart(app, 'safety');
      new HelmValue(chart, 'v', { name: 'web.count', defaultValue: 2, description }).bindTo(deployment(chart), '/spec/replicas');
      new HelmChart(chart, 'helm');
    });
    expect(read(dir, 'values.yaml')).toContain(`  # count ${description}\n  count: 2\n`);
    expect(find(helmTemplate(dir, 'r'), 'Deployment').spec.replicas).toBe(2);
  });

  test.each([
    ['a next line', { note: 'a\u0085b' }, "'defaultValue' must be text that helm's YAML reader carries (no DEL or C1 controls, U+2028, U+2029, U+FFFE, U+FFFF, unpaired surrogates or U+E000/U+E001), got 'a\\u0085b', which holds U+0085 at index 1; remove it or escape it in the application"],
    ['a DEL in a list', { list: ['x', 'y\u007f'] }, "'defaultValue.list[1]' must be text that helm's YAML reader carries (no DEL or C1 controls, U+2028, U+2029, U+FFFE, U+FFFF, unpaired surrogates or U+E000/U+E001), got 'y\\u007f', which holds U+007F at index 1; remove it or escape it in the application"],
    ['a merge key', { '<<': 'x' }, "'defaultValue' must not have the key '<<', which helm's YAML writer leaves unquoted and its reader takes for a merge key, failing the install, got '<<'; rename the key"],
    ['a line separator in a key', { 'a\u2028': 'x' }, "'defaultValue' must have keys of text that helm's YAML reader carries (no DEL or C1 controls, U+2028, U+2029, U+FFFE, U+FFFF, unpaired surrogates or U+E000/U+E001), got 'a\\u2028', which holds U+2028 at index 1; remove it or escape it in the application"],
  ])('fails when the default holds %s', (_, wrapped, message) => {
    const chart = new Chart(new App(), 'app');
    const defaultValue = 'note' in wrapped ? wrapped.note : wrapped;
    expect(() => new HelmValue(chart, 'v', { name: 'web.extra', defaultValue, description: 'is extra' })).toThrow(`app/v: ${message}`);
  });

  test('fails when the name starts with Helm\'s global', () => {
    const chart = new Chart(new App(), 'app');
    expect(() => new HelmValue(chart, 'v', { name: 'global.replicas', defaultValue: 2, description: 'is the count' }))
      .toThrow("app/v: 'name' must not start with 'global', Helm's values shared with every subchart, got 'global.replicas'; choose another first key");
  });

  test('fails when the name starts with the key of a dependency of the chart\'s HelmChart', () => {
    const chart = new Chart(new App(), 'app');
    new HelmChart(chart, 'helm', { dependencies: [{ name: 'postgresql', version: '~12.1.0', repository: 'https://charts.example.com', alias: 'db' }] });
    expect(() => new HelmValue(chart, 'v', { name: 'db.replicas', defaultValue: 2, description: 'is the count' }))
      .toThrow("app/v: 'name' must not start with 'db', the values key of dependency 'postgresql', got 'db.replicas'; choose another first key or give the dependency an alias");
  });

  test('fails when the name starts with the key of a dependency of a HelmChart made after it', () => {
    const app = new PatternsApp({ outdir: scratchDir('out') });
    const chart = new Chart(app, 'app');
    new HelmValue(chart, 'v', { name: 'postgresql.replicas', defaultValue: 2, description: 'is the count' });
    new HelmChart(chart, 'helm', { dependencies: [{ name: 'postgresql', version: '~12.1.0', repository: 'https://charts.example.com' }] });
    expect(() => app.renderFiles()).toThrow("app/helm: 'dependencies[0]' must not take a values key of the chart's own values, got 'postgresql'; give it an alias");
  });
});

describe('generated values keys', () => {
  test('an object named global gets the key global<Kind>: the generator never writes Helm\'s global', () => {
    const dir = chartOf(app => {
      const chart = new Chart(app, 'safety');
      web(chart, 'global');
      new ImmutableSecret(chart, 'secret', { metadata: { name: 'global' }, data: { token: SecretContent.fromLiteral('t0ken') }, allowLiteralValues: true });
      new HelmChart(chart, 'helm');
    });
    const values = YAML.parse(read(dir, 'values.yaml'));
    expect(Object.keys(values)).toEqual(['globalDeployment', 'globalSecret']);
    expect(JSON.parse(read(dir, 'values.schema.json')).properties.global).toEqual({ type: 'object', description: 'global values shared with subcharts' });
  });
});

describe('template file names', () => {
  const long = (c: string) => `${'a'.repeat(60)}-${c.repeat(120)}`;
  const build = (app: App) => {
    const chart = new Chart(app, 'safety');
    new ImmutableConfigMap(chart, 'one', { metadata: { name: long('b') }, data: { k: 'v' } });
    new ImmutableConfigMap(chart, 'two', { metadata: { name: long('c') }, data: { k: 'v' } });
    new kplus.ConfigMap(chart, 'three', { metadata: { name: `${long('d')}.x` }, data: { k: 'v' } });
    new Role(chart, 'odd', { metadata: { name: 'a: b #c {{ x }}' }, rules: [{ verbs: ['get'], resources: [kplus.ApiResource.CONFIG_MAPS] }] });
    new HelmChart(chart, 'helm');
  };

  test('a long or odd name gives a short, portable file name ending in a hash of the whole name, one file per object', () => {
    const files = templateFiles(chartOf(build)).filter(f => f.endsWith('.yaml'));
    expect(files).toHaveLength(4);
    for (const f of files) {
      expect(Buffer.byteLength(f)).toBeLessThanOrEqual(100);
      expect(f).toMatch(/^[a-z0-9][-a-z0-9.]*-[0-9a-f]{10}-[a-z]+\.yaml$/);
    }
    expect(files.find(f => f.endsWith('-role.yaml'))).toMatch(/^a--b--c----x-[0-9a-f]{10}-role\.yaml$/);
  });

  test('the file names are the same build after build', () => {
    expect(templateFiles(chartOf(build))).toEqual(templateFiles(chartOf(build)));
  });

  test('helm renders the objects under their full names', () => {
    const rendered = helmTemplate(chartOf(build), 'r');
    expect(rendered.map(m => m.metadata.name).sort()).toEqual(plainFor(build, 'r').map(m => m.metadata.name).sort());
    expect(find(rendered, 'Role').metadata.name).toBe('r-a: b #c {{ x }}');
  });
});

/** One character of each class of code points, which the ConfigMap data and Secret values are made of. */
const CHARACTER = fc.oneof(
  fc.constantFrom('a', 'Z', '0', ' ', '"', '\'', '\\', '/', '<', '>', '&', '{', '}', '`', '#', ':', '-', '%', '*', '|'),
  fc.constantFrom('\\u0008', '\\b', '\\\\', '\\u000c', '\\u005c', '{{', '}}', '{{-', '{{/* */}}'),
  fc.integer({ min: 0, max: 0x1f }).map(c => String.fromCharCode(c)), // C0: \0, \b, \t, \n, \v, \f, \r, \e ...
  fc.constantFrom('\u007f', '\u0080', '\u0085', '\u009f', '\u2028', '\u2029'), // DEL, C1, NEL, separators: refused
  fc.constantFrom('\u00a0', '\u00e9', '\u0301', '\u0308', '\u200b', '\u200d', '\ufeff', '\ufffd', '\ue002', '\uf8ff'),
  fc.constantFrom('\u{1f680}', '\u{1f469}\u200d\u{1f4bb}', '\u{10ffff}', '\u{f0000}', '\u{1d11e}'), // astral
);
const TEXT = fc.array(CHARACTER, { maxLength: 12 }).map(cs => cs.join(''));
const KEY = fc.stringMatching(/^[a-zA-Z][-._a-zA-Z0-9]{0,8}$/);
const DATA = fc.dictionary(KEY, TEXT, { minKeys: 1, maxKeys: 4 });

describe('content-hashed names', () => {
  test('fails when ConfigMap data holds a character the library refuses, before any chart is written', () => {
    const app = new PatternsApp({ outdir: scratchDir('out') });
    const chart = new Chart(app, 'safety');
    new ImmutableConfigMap(chart, 'config', { metadata: { name: 'config' }, data: { k: 'a\u0085b' } });
    new HelmChart(chart, 'helm');
    expect(() => app.renderFiles()).toThrow(/holds U\+0085 \(next line\) at index 1/);
  });

  test('helm computes the name synth computes, for ConfigMap data of every class of characters', () => {
    const cases = fc.sample(fc.array(DATA, { minLength: 20, maxLength: 20 }), { numRuns: 3, ...params() });
    for (const configs of cases) {
      const accepted = configs.filter(d => Object.values(d).every(v => yamlStringProblem(v) === undefined));
      const build = (app: App) => {
        const chart = new Chart(app, 'safety');
        accepted.forEach((d, i) => new ImmutableConfigMap(chart, `c${i}`, { metadata: { name: `c${i}` }, data: d }));
        new HelmChart(chart, 'helm');
      };
      const rendered = helmTemplate(chartOf(build), 'r');
      const plain = plainFor(build, 'r');
      accepted.forEach((d, i) => {
        const ours = plain.find(m => m.metadata.name.startsWith(`r-c${i}-`));
        const theirs = rendered.find(m => m.metadata.name.startsWith(`r-c${i}-`));
        expect({ name: theirs?.metadata.name, data: theirs?.data }).toEqual({ name: ours.metadata.name, data: d });
      });
    }
  });

  test('helm computes the name synth computes for backspace and form feed, whichever escapes its Go gives JSON', () => {
    const data = { bs: 'a\bb', ff: 'c\fd', text: '\\u0008 \\b \\\\u000c \\\\\b', all: '\b\f\\\b\\\\\f' };
    const build = (app: App) => {
      const chart = new Chart(app, 'safety');
      new ImmutableConfigMap(chart, 'config', { metadata: { name: 'config' }, data });
      new HelmChart(chart, 'helm');
    };
    const rendered = find(helmTemplate(chartOf(build), 'r'), 'ConfigMap');
    expect(rendered.data).toEqual(data);
    expect(rendered.metadata.name).toBe(find(plainFor(build, 'r'), 'ConfigMap').metadata.name);
  });
});

describe('ImmutableSecret in a Helm chart', () => {
  const secrets = { 'password': 'hunter2hunter2', 'api.key': 'k3y\twith\ttabs {{ .Values }}' };
  const build = (app: App) => {
    const chart = new Chart(app, 'safety');
    const api = web(chart, 'api', 'api');
    const secret = new ImmutableSecret(chart, 'db', {
      metadata: { name: 'db-credentials' },
      data: Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, SecretContent.fromLiteral(v)])),
      allowLiteralValues: true,
    });
    api.containers[0].env.addVariable('DB_PASSWORD', secret.envValue('password'));
    new Role(chart, 'reader', { metadata: { name: 'reader' }, rules: [{ verbs: ['get'], resources: [secret] }] });
    new HelmChart(chart, 'helm');
  };
  let dir: string;
  beforeAll(() => {
    dir = chartOf(build);
  });
  const valuesFile = (entries: { [key: string]: string }) => {
    const file = path.join(scratchDir('values'), 'secrets.yaml');
    fs.writeFileSync(file, `dbCredentials:\n${Object.entries(entries).map(([k, v]) => `  ${k}: ${yamlString(v)}\n`).join('')}`);
    return file;
  };
  const template = (...args: string[]) => parseAll(helm(['template', 'r', dir, '--kube-version', KUBE_VERSION, ...args]))
    .filter(m => m.metadata?.annotations?.['helm.sh/hook'] === undefined);

  test('the chart holds no secret data, plain or base64', () => {
    const all = templateFiles(dir).filter(f => !fs.statSync(path.join(dir, 'templates', f)).isDirectory())
      .map(f => read(dir, `templates/${f}`)).concat(read(dir, 'values.yaml'), read(dir, 'values.schema.json')).join('\n');
    for (const value of Object.values(secrets)) {
      expect(all).not.toContain(value);
      expect(all).not.toContain(Buffer.from(value).toString('base64'));
    }
    expect(templateFiles(dir)).toContain('db-credentials-secret.yaml');
  });

  test('values.yaml shows the entries empty, each under a comment saying it is required and never committed', () => {
    expect(read(dir, 'values.yaml')).toContain([
      '# dbCredentials holds the data of the db-credentials Secret, which the chart never holds: supply every entry at install, from a values file or --set-file kept out of Git',
      'dbCredentials:',
      '  # apiKey is the \'api.key\' entry: required, no default; supply it at install and never commit it',
      '  apiKey: ""',
      '  # password is the \'password\' entry: required, no default; supply it at install and never commit it',
      '  password: ""',
    ].join('\n'));
  });

  test('fails when helm template is not given the values, naming the value', () => {
    expect(() => template()).toThrow("value 'dbCredentials.apiKey' is required: the chart holds no secret data; set it at install with --set-file dbCredentials.apiKey=<file> or --set-string dbCredentials.apiKey=<value>, or in a values file kept out of Git");
    expect(() => template('--set-string', 'dbCredentials.apiKey=x')).toThrow("value 'dbCredentials.password' is required");
  });

  test('given the values, renders the Secret under the name synth computes, and every reference follows', () => {
    const rendered = template('-f', valuesFile({ password: secrets.password, apiKey: secrets['api.key'] }));
    const plain = plainFor(build, 'r');
    const secret = find(rendered, 'Secret');
    expect(secret.metadata.name).toBe(find(plain, 'Secret').metadata.name);
    expect(secret.data).toEqual(Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, Buffer.from(v).toString('base64')])));
    expect(secret).toMatchObject({ type: 'Opaque', immutable: true });
    const env = container(podSpec(rendered, 'Deployment'), 'api').env.find((e: any) => e.name === 'DB_PASSWORD');
    expect(env.valueFrom.secretKeyRef).toEqual({ name: secret.metadata.name, key: 'password' });
    expect(find(rendered, 'Role').rules[0].resourceNames).toEqual([secret.metadata.name]);
  });

  test('other values give another name, which synth gives the same data', () => {
    const other = { password: 'other\u00e9 \u{1f680}\b\f', apiKey: 'x' };
    const rendered = find(template('-f', valuesFile(other)), 'Secret');
    const again = (app: App) => {
      const chart = new Chart(app, 'safety');
      new ImmutableSecret(chart, 'db', {
        metadata: { name: 'db-credentials' },
        data: { 'password': SecretContent.fromLiteral(other.password), 'api.key': SecretContent.fromLiteral(other.apiKey) },
        allowLiteralValues: true,
      });
    };
    expect(rendered.metadata.name).toBe(find(plainFor(again, 'r'), 'Secret').metadata.name);
  });
});

describe('template injection', () => {
  /** Template text in every form: actions, trimming, comments, raw strings, lone delimiters. */
  const TRAPS = ['{{ .Release.Namespace }}', '}} {{', '{{- .Chart.Name -}}', '`{{ "x" }}`', '{{/* comment */}}', '{{ template "x" }}', '{{{{', '}}}}'];
  const text = TRAPS.join(' | ');
  const build = (app: App) => {
    const chart = new Chart(app, 'safety');
    const value = new HelmValue(chart, 'greeting', { name: 'api.greeting', defaultValue: text, description: 'is the greeting' });
    const bound = new HelmValue(chart, 'note', { name: 'api.note', defaultValue: text, description: 'is the note' });
    const api = new Deployment(chart, 'api', {
      metadata: { name: 'api', annotations: { 'example.com/note': text } },
      containers: [{
        name: 'api',
        image: 'nginx:1.25.3',
        args: [text, `--greeting=${value.asString()}`],
        envVariables: { TEXT: kplus.EnvValue.fromValue(text), GREETING: kplus.EnvValue.fromValue(value.asString()) },
      }],
    });
    bound.bindTo(api, '/spec/template/metadata/annotations/example.com~1note');
    new ImmutableConfigMap(chart, 'config', { metadata: { name: 'config' }, data: Object.fromEntries(TRAPS.map((t, i) => [`k${i}`, t])) });
    new HelmChart(chart, 'helm');
  };
  let rendered: any[];
  beforeAll(() => {
    rendered = helmTemplate(chartOf(build), 'r', { namespace: 'prod' });
  });
  const api = () => container(podSpec(rendered, 'Deployment'), 'api');

  test('an annotation renders verbatim', () => {
    expect(find(rendered, 'Deployment').metadata.annotations['example.com/note']).toBe(text);
  });

  test('args and env values render verbatim, next to a value too', () => {
    expect(api().args).toEqual([text, `--greeting=${text}`]);
    expect(api().env.find((e: any) => e.name === 'TEXT').value).toBe(text);
    expect(api().env.find((e: any) => e.name === 'GREETING').value).toBe(text);
  });

  test('a HelmValue default bound to a field renders verbatim', () => {
    expect(find(rendered, 'Deployment').spec.template.metadata.annotations['example.com/note']).toBe(text);
  });

  test('ConfigMap data renders verbatim, under the name synth computes', () => {
    const config = find(rendered, 'ConfigMap');
    expect(config.data).toEqual(Object.fromEntries(TRAPS.map((t, i) => [`k${i}`, t])));
    expect(config.metadata.name).toBe(find(plainFor(build, 'r'), 'ConfigMap').metadata.name);
  });

  test('an RBAC name holding template text renders verbatim: Kubernetes allows it, and the chart does not run it', () => {
    const dir = chartOf(app => {
      const chart = new Chart(app, 'safety');
      new Role(chart, 'reader', { metadata: { name: 'reader-{{ .Release.Namespace }}' }, rules: [{ verbs: ['get'], resources: [kplus.ApiResource.CONFIG_MAPS] }] });
      new HelmChart(chart, 'helm');
    });
    expect(find(helmTemplate(dir, 'r', { namespace: 'prod' }), 'Role').metadata.name).toBe('r-reader-{{ .Release.Namespace }}');
  });

  test('fails when a Deployment is named with template text', () => {
    const chart = new Chart(new App(), 'safety');
    expect(() => web(chart, 'web-{{ .Release.Namespace }}'))
      .toThrow("safety/web-{{ .Release.Namespace }}: 'metadata.name' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters), got 'web-{{ .Release.Namespace }}'");
  });

  test('fails when a label value holds template text', () => {
    const chart = new Chart(new App(), 'safety');
    expect(() => new Deployment(chart, 'web', { metadata: { name: 'web', labels: { team: '{{ .Values.x }}' } }, containers: [{ name: 'web', image: 'nginx:1.25.3' }] }))
      .toThrow("safety/web: 'metadata.labels[team]' must be a label value (empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit), got '{{ .Values.x }}'");
  });
});
