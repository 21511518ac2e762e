import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Deployment, HelmChart, HelmValue, ImmutableConfigMap, PatternsApp, Release } from '../../src';
import { kplus } from '../../src/_plus';
import { checkAll, container, find, podSpec } from '../harness';
import { canonical, helmLint, helmTemplate, ids, plainFor, writeApp } from '../harness/helm';

/** Text that looks like a Go template: the app means it literally. */
const GREETING = 'Hello {{ .Name }}';
const NOTE = 'rendered by {{ .Values.renderer }} }} {{{ and {{- /* not a comment */ -}}';
const LIST_TEMPLATE = '{{- range .Items }}\n- {{ .Name | upper }}: "{{ .Price | printf "%.2f" }}"\n{{- end }}\n';
const TRICKY = 'tab\there, "quotes", back\\slash, unicode é ✓, zzhelmph0zz, {{';

const build = (app: App) => {
  const chart = new Chart(app, 'content');
  const port = new HelmValue(chart, 'port', { name: 'api.port', defaultValue: 8080, description: 'is the port the API listens on' });
  const greeting = new HelmValue(chart, 'greeting', { name: 'api.greeting', defaultValue: GREETING, description: 'is how the API greets' });
  const web = new Deployment(chart, 'web', {
    metadata: { name: 'web', annotations: { 'example.com/note': NOTE } },
    containers: [{
      name: 'api',
      image: 'nginx:1.25.3',
      args: ['--greeting', greeting.asString()],
      envVariables: {
        GREETING: kplus.EnvValue.fromValue(GREETING),
        DATABASE_URL: kplus.EnvValue.fromValue(`postgres://${Release.nameOf('db')}:5432/tickets`),
        MIXED: kplus.EnvValue.fromValue(`{{ .Host }} on ${Release.nameOf('db')}`),
        SELF_URL: kplus.EnvValue.fromValue(`http://x:${port.asString()}/api`),
        PORT: kplus.EnvValue.fromValue(port.asString()),
      },
    }],
  });
  new HelmValue(chart, 'replicas', { name: 'webReplicas', defaultValue: 4, description: 'is the number of web pods' }).bindTo(web, '/spec/replicas');
  new ImmutableConfigMap(chart, 'templates', { metadata: { name: 'templates' }, data: { 'greeting': GREETING, 'list.tpl': LIST_TEMPLATE, 'tricky': TRICKY } });
  new kplus.ConfigMap(chart, 'hosts', { metadata: { name: 'hosts' }, data: { db: `host=${Release.nameOf('db')} port=5432` } });
  new HelmChart(chart, 'helm');
};

let chartDir: string;
let rendered: any[];
beforeAll(() => {
  const app = new PatternsApp();
  build(app);
  chartDir = path.join(writeApp(app), 'charts', 'content');
  rendered = helmTemplate(chartDir, 'r1');
});

const api = (manifests: any[]) => container(podSpec(manifests, 'Deployment'), 'api');
const env = (manifests: any[], name: string) => api(manifests).env.find((e: any) => e.name === name).value;

describe('user content that looks like a template', () => {
  test('passes helm lint --strict', () => {
    expect(helmLint(chartDir)).toContain('1 chart(s) linted, 0 chart(s) failed');
  });

  test('is escaped in the templates, not left for Helm to evaluate', () => {
    const template = fs.readFileSync(path.join(chartDir, 'templates', 'web-deployment.yaml'), 'utf8');
    expect(template).toContain('value: Hello {{ "{{" }} .Name }}');
    expect(template).not.toContain('{{ .Name }}');
  });

  test('an env value is printed literally', () => {
    expect(env(rendered, 'GREETING')).toBe(GREETING);
  });

  test('an annotation is printed literally', () => {
    expect(find(rendered, 'Deployment').metadata.annotations).toEqual({ 'example.com/note': NOTE });
  });

  test('ConfigMap values, one of them a multi-line Go template, are printed literally', () => {
    const templates = rendered.find(m => m.kind === 'ConfigMap' && m.metadata.name.startsWith('r1-templates-'));
    expect(templates.data).toEqual({ 'greeting': GREETING, 'list.tpl': LIST_TEMPLATE, 'tricky': TRICKY });
    // the content hash Helm computes is the app's: the data Helm sees is the app's
    expect(templates.metadata.name).toBe(find(plainFor(build, 'r1'), 'ConfigMap', templates.metadata.name).metadata.name);
  });

  test('a --set value that looks like a template is printed literally too', () => {
    const set = helmTemplate(chartDir, 'r1', { set: ['templates.greeting=Hi {{ .Release.Name }}'] });
    expect(set.find(m => m.metadata.name.startsWith('r1-templates-')).data.greeting).toBe('Hi {{ .Release.Name }}');
  });

  test('matches what the app synthesizes for the release, object for object, and passes the checks', () => {
    const plain = plainFor(build, 'r1');
    expect(ids(rendered)).toEqual(ids(plain));
    const byId = new Map(plain.map(m => [`${m.kind}/${m.metadata.name}`, m]));
    for (const m of rendered) expect(canonical(m, true)).toEqual(canonical(byId.get(`${m.kind}/${m.metadata.name}`)));
    expect(() => checkAll(rendered)).not.toThrow();
  });
});

describe('Release.nameOf', () => {
  test('names the release\'s object in an env value and in ConfigMap data', () => {
    expect(env(rendered, 'DATABASE_URL')).toBe('postgres://r1-db:5432/tickets');
    expect(find(rendered, 'ConfigMap', 'r1-hosts').data).toEqual({ db: 'host=r1-db port=5432' });
    const other = helmTemplate(chartDir, 'r2');
    expect(env(other, 'DATABASE_URL')).toBe('postgres://r2-db:5432/tickets');
  });

  test('next to template-like text, both come out right', () => {
    expect(env(rendered, 'MIXED')).toBe('{{ .Host }} on r1-db');
  });

  test('is the bare name in plain manifests synthesized without a release', () => {
    const plain = plainFor(build);
    expect(env(plain, 'DATABASE_URL')).toBe('postgres://db:5432/tickets');
    expect(env(plain, 'MIXED')).toBe('{{ .Host }} on db');
    expect(find(plain, 'ConfigMap', 'hosts').data).toEqual({ db: 'host=db port=5432' });
  });
});

describe('HelmValue', () => {
  test('asString(): its default in plain manifests and in the chart, the --set value in a release', () => {
    expect(env(plainFor(build), 'SELF_URL')).toBe('http://x:8080/api');
    expect(env(rendered, 'SELF_URL')).toBe('http://x:8080/api');
    expect(env(helmTemplate(chartDir, 'r1', { set: ['api.port=9090'] }), 'SELF_URL')).toBe('http://x:9090/api');
  });

  test('asString() as a whole field is a string, whatever the value', () => {
    expect(env(plainFor(build), 'PORT')).toBe('8080');
    expect(env(rendered, 'PORT')).toBe('8080');
    expect(env(helmTemplate(chartDir, 'r1', { set: ['api.port=9090'] }), 'PORT')).toBe('9090');
    expect(api(helmTemplate(chartDir, 'r1', { setString: ['api.greeting=123'] })).args).toEqual(['--greeting', '123']);
    expect(api(helmTemplate(chartDir, 'r1', { setString: ['api.greeting=a: b'] })).args).toEqual(['--greeting', 'a: b']);
  });

  test('asString() of a string value holding braces prints it literally, default or set', () => {
    expect(api(plainFor(build)).args).toEqual(['--greeting', GREETING]);
    expect(api(rendered).args).toEqual(['--greeting', GREETING]);
    expect(api(helmTemplate(chartDir, 'r1', { set: ['api.greeting=Hi {{ .Other }}'] })).args).toEqual(['--greeting', 'Hi {{ .Other }}']);
  });

  test('bindTo(deployment, \'/spec/replicas\') replaces the replicas the Deployment synthesizes', () => {
    expect(find(plainFor(build), 'Deployment').spec.replicas).toBe(4);
    expect(find(rendered, 'Deployment').spec.replicas).toBe(4);
    expect(find(helmTemplate(chartDir, 'r1', { set: ['webReplicas=6'] }), 'Deployment').spec.replicas).toBe(6);
    // the value takes over the field: the generated knob is not defined
    const values = fs.readFileSync(path.join(chartDir, 'values.yaml'), 'utf8');
    expect(values).toContain('# webReplicas is the number of web pods\nwebReplicas: 4\n');
    expect(values).not.toMatch(/^ {2}replicas:/m);
  });

  test('the schema holds a bound value to its type', () => {
    expect(() => helmTemplate(chartDir, 'r1', { set: ['webReplicas=many'] })).toThrow(/webReplicas[\s\S]*Invalid type\. Expected: integer, given: string/);
  });
});
