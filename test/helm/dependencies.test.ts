import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { Deployment, HelmChart, PatternsApp } from '../../src';
import { find } from '../harness';
import { helmLint, helmTemplate, parseAll, writeApp } from '../harness/helm';

/** An app whose chart installs a database chart with it, the course's "install an operator via helm". */
function appWithDependency(): string {
  const app = new PatternsApp();
  const chart = new Chart(app, 'shop');
  new Deployment(chart, 'web', { containers: [{ name: 'web', image: 'nginx:1.25.3', ports: [{ number: 8080 }] }] });
  new HelmChart(chart, 'helm', {
    version: '2.0.0',
    dependencies: [{ name: 'postgres', version: '~1.2.0', repository: 'file://../postgres', condition: 'postgres.enabled' }],
  });
  return path.join(writeApp(app), 'charts', 'shop');
}

/** A local chart standing for the dependency, as `helm dependency build` would vendor it. */
function vendor(chartDir: string): void {
  const dep = path.join(chartDir, 'charts', 'postgres');
  fs.mkdirSync(path.join(dep, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(dep, 'Chart.yaml'), 'apiVersion: v2\nname: postgres\nversion: 1.2.3\n');
  fs.writeFileSync(path.join(dep, 'values.yaml'), '# enabled turns the database on\nenabled: false\n');
  fs.writeFileSync(path.join(dep, 'templates', 'configmap.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-postgres\ndata:\n  database: shop\n');
}

describe('HelmChart dependencies', () => {
  test('are listed in Chart.yaml, with their condition', () => {
    const dir = appWithDependency();
    expect(parseAll(fs.readFileSync(path.join(dir, 'Chart.yaml'), 'utf8'))[0].dependencies).toEqual([
      { name: 'postgres', version: '~1.2.0', repository: 'file://../postgres', condition: 'postgres.enabled' },
    ]);
  });

  test('get a values key of their own, which the schema lets through', () => {
    const dir = appWithDependency();
    expect(fs.readFileSync(path.join(dir, 'values.yaml'), 'utf8')).toContain('# postgres holds the values of the postgres chart; postgres.enabled turns it on\npostgres: {}\n');
    const schema = JSON.parse(fs.readFileSync(path.join(dir, 'values.schema.json'), 'utf8'));
    expect(schema.properties.postgres).toMatchObject({ type: 'object' });
    expect(schema.properties.web).toMatchObject({ type: 'object', additionalProperties: false });
  });

  test('once vendored, lint passes and the condition turns the dependency on', () => {
    const dir = appWithDependency();
    vendor(dir);
    expect(helmLint(dir)).toContain('0 chart(s) failed');
    expect(helmTemplate(dir, 'r1').map(m => m.kind)).toEqual(['Deployment']);
    const on = helmTemplate(dir, 'r1', { set: ['postgres.enabled=true'] });
    expect(find(on, 'ConfigMap', 'r1-postgres').data).toEqual({ database: 'shop' });
  });
});
