import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ValidationContext } from 'cdk8s-cli/plugins';
import { DistillationValidation, IDistillationValidationContext, LintSeverity } from '../../src';
import { scratchDir } from '../harness/tmp';

const ROOT = path.resolve(__dirname, '..', '..');

const BAD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:latest
`;

/** A folder with the manifest files, as `cdk8s synth` leaves them. */
function output(files: { [file: string]: string }): string {
  const dir = scratchDir('plugin');
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** The cdk8s CLI's own context for the files, with construct metadata by resource name. */
function cliContext(dir: string, files: string[], metadata: { [name: string]: { path: string } } = {}): ValidationContext {
  return new ValidationContext(files.map(f => path.join(dir, f)), 'cdk8s-patterns', '0.0.0', metadata, false);
}

/**
 * The CLI's context as the plugin's interface types it: the same report and
 * logger. jsii has no readonly arrays, so the interface's `manifests` is a
 * plain array, which the plugin only reads.
 */
function asPluginContext(context: ValidationContext): IDistillationValidationContext {
  return { manifests: [...context.manifests], metadata: context.metadata, report: context.report, logger: context.logger };
}

describe('DistillationValidation', () => {
  test('has the shape of cdk8s-cli\'s Validation: a validate() method the CLI finds', () => {
    expect(typeof new DistillationValidation().validate).toBe('function');
  });

  test('fails when a finding is at or above failOn: a violation per rule, with the resources, their locations and construct paths', async () => {
    const dir = output({ 'shop.k8s.yaml': BAD });
    const context = cliContext(dir, ['shop.k8s.yaml'], { web: { path: 'shop/web' } });
    await new DistillationValidation({ failOn: LintSeverity.ERROR }).validate(asPluginContext(context));
    const report = context.report.toJson();
    expect(report.summary).toEqual({ status: 'failure', plugin: 'cdk8s-patterns', version: '0.0.0', metadata: { 'objects': '1', 'findings': '10', 'suppressed': '0', 'fails on': 'error' } });
    expect(report.violations.find(v => v.ruleName.startsWith('DP-IDEMPOTENT-002'))).toEqual({
      ruleName: 'DP-IDEMPOTENT-002 (error): an image tagged `latest`',
      recommendation: 'The course\'s anti-pattern for idempotence: `latest` moves with every push, so applying the same manifest twice need not run the same image, and Kubernetes pulls it on every start. See https://kubernetes.io/docs/concepts/configuration/overview/#container-images',
      fix: 'pin the image to a release tag, or to a digest (image@sha256:...)',
      violatingConstructs: [{
        resourceName: 'web',
        constructPath: 'shop/web',
        manifestPath: path.join(dir, 'shop.k8s.yaml'),
        locations: ["Deployment web spec.template.spec.containers[0].image (line 15): 'spec.template.spec.containers[0].image' must not be tagged 'latest', got 'nginx:latest' for container 'web'; pin the image to a release tag, or to a digest (image@sha256:...)"],
      }],
    });
  });

  test('passes when every finding is below failOn', async () => {
    const dir = output({ 'shop.k8s.yaml': BAD.replace('nginx:latest', 'nginx:1.25.3') });
    const context = cliContext(dir, ['shop.k8s.yaml']);
    await new DistillationValidation({ failOn: LintSeverity.ERROR }).validate(asPluginContext(context));
    expect(context.report.success).toBe(true);
    expect(context.report.toJson().violations.length).toBeGreaterThan(0);
  });

  test('skips the files of Helm charts among the output', async () => {
    const dir = output({ 'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n', 'charts/shop/templates/web.yaml': 'name: {{ .Release.Name }}\n' });
    const context = cliContext(dir, ['charts/shop/Chart.yaml', 'charts/shop/templates/web.yaml']);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await new DistillationValidation().validate(asPluginContext(context));
    expect(log.mock.calls.map(c => c[0])).toEqual([
      `cdk8s-patterns: skipped ${path.join(dir, 'charts/shop/Chart.yaml')}, a Helm chart file`,
      `cdk8s-patterns: skipped ${path.join(dir, 'charts/shop/templates/web.yaml')}, a Helm chart file`,
    ]);
    log.mockRestore();
    expect(context.report.success).toBe(true);
  });

  test('fails when its properties are not a lint config, as the CLI loads it', () => {
    expect(() => new DistillationValidation({ failOn: 'fatal' as any })).toThrow("DistillationValidation: 'properties.failOn' must be one of 'error', 'warning', 'info', got 'fatal'");
  });

  test('runs in `cdk8s synth --validate` from a local path, without network', () => {
    const dir = scratchDir('synth');
    // the package as the CLI loads a local plugin: here its TypeScript source, through ts-node
    fs.mkdirSync(path.join(dir, 'plugin'));
    fs.writeFileSync(path.join(dir, 'plugin', 'package.json'), JSON.stringify({ name: 'plugin', version: '0.0.0', main: 'index.js' }));
    fs.writeFileSync(path.join(dir, 'plugin', 'index.js'), [
      `require(${JSON.stringify(path.join(ROOT, 'node_modules', 'ts-node'))}).register({ transpileOnly: true, swc: true, project: ${JSON.stringify(path.join(ROOT, 'tsconfig.json'))} });`,
      `module.exports = require(${JSON.stringify(path.join(ROOT, 'src', 'lint', 'distillation-validation.ts'))});`,
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'app.js'), [
      `const { App, Chart, ApiObject } = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'cdk8s'))});`,
      'const app = new App();',
      "new ApiObject(new Chart(app, 'shop'), 'web', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:latest' }] } } } });",
      'app.synth();',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), [
      'language: typescript', 'app: node app.js', 'validations:',
      `  - package: ${path.join(dir, 'plugin')}`, '    version: 0.0.0', '    class: DistillationValidation', '    properties:', '      failOn: error',
    ].join('\n'));
    const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--validate', '--no-check-upgrade', '--validation-reports-output-file', 'report.json'], { cwd: dir, encoding: 'utf-8' });
    expect(result.status).toBe(2);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf-8')).reports[0];
    expect(report.summary.status).toBe('failure');
    expect(report.violations.find((v: any) => v.ruleName.startsWith('DP-IDEMPOTENT-002')).violatingConstructs[0]).toEqual(expect.objectContaining({
      constructPath: 'shop/web', resourceName: 'web', manifestPath: 'dist/shop.k8s.yaml',
    }));
  });
});
