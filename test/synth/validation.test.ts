import { ApiObject, Chart } from 'cdk8s';
import { Deployment, HelmChart, HelmValue, HelmValueType, ImmutableSecret, PatternsApp, SecretContent } from '../../src';
import { kplus } from '../../src/_plus';

/** A PatternsApp that is never written to disk, and a chart in it. */
function newApp(): { app: PatternsApp; chart: Chart } {
  const app = new PatternsApp({ outdir: '/nonexistent-never-written' });
  return { app, chart: new Chart(app, 'shop') };
}

const configMap = (scope: Chart, id: string, metadata: any, extra: any = {}) =>
  new ApiObject(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata, ...extra });

describe('PatternsApp validation', () => {
  test('fails when a raw ApiObject is invalid, naming its construct path and field', () => {
    const { app, chart } = newApp();
    configMap(chart, 'settings', { name: 'settings', namespace: 'Team_A', labels: { 'tier name': 'web' } }, { data: { PORT: 8080 } });
    expect(() => app.renderFiles()).toThrow(new Error([
      "shop/settings: 'metadata.labels[\"tier name\"]' must have a key that is a qualified name ([prefix/]name: an optional DNS-1123 subdomain prefix, and a name of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit), got 'tier name'",
      "shop/settings: 'data.PORT' must be a string, got 8080",
      "shop/settings: 'metadata.namespace' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'Team_A'",
    ].join('\n')));
  });

  test('fails when a plain cdk8s-plus workload renders what the API server refuses', () => {
    const { app, chart } = newApp();
    new kplus.Deployment(chart, 'web', { replicas: -1, containers: [{ image: 'nginx:1.25', securityContext: { ensureNonRoot: true } }] });
    expect(() => app.renderFiles()).toThrow("shop/web: 'spec.replicas' must be at least 0, got -1");
  });

  test('fails when two objects of the app share group, kind, namespace and name, across charts', () => {
    const { app, chart } = newApp();
    const other = new Chart(app, 'other');
    configMap(chart, 'a', { name: 'web' });
    configMap(other, 'b', { name: 'web' });
    expect(() => app.renderFiles()).toThrow("other/b: 'metadata.name' must be unique in the app, got v1 ConfigMap web which shop/a defines too (one would overwrite the other in the cluster)");
  });

  test('tells objects apart by namespace and kind', () => {
    const { app, chart } = newApp();
    configMap(chart, 'a', { name: 'web', namespace: 'a' });
    configMap(chart, 'b', { name: 'web', namespace: 'b' });
    new ApiObject(chart, 'c', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'a' } });
    expect(() => app.renderFiles()).not.toThrow();
  });

  test('fails when a Secret not built by ImmutableSecret holds data, never showing the values', () => {
    const { app, chart } = newApp();
    new kplus.Secret(chart, 'db', { metadata: { name: 'db' }, stringData: { password: 'hunter2-very-secret' } });
    new ApiObject(chart, 'raw', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'raw' }, data: { token: 'c2VjcmV0LXRva2Vu' } });
    let message = '';
    try {
      app.renderFiles();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe([
      "shop/db: 'stringData' must not hold secret values in the manifests, got 1 key(s) (password; values not shown), which would be committed and applied in the clear; create the Secret outside the app and refer to it with SecretRef, or build it with ImmutableSecret from SecretContent.fromEnv() or fromFile()",
      "shop/raw: 'data' must not hold secret values in the manifests, got 1 key(s) (token; values not shown), which would be committed and applied in the clear; create the Secret outside the app and refer to it with SecretRef, or build it with ImmutableSecret from SecretContent.fromEnv() or fromFile()",
    ].join('\n'));
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('c2VjcmV0');
  });

  test('accepts the data of an ImmutableSecret, whose source the library checks', () => {
    const { app, chart } = newApp();
    process.env.TEST_DB_PASSWORD = 'from-the-pipeline';
    try {
      new ImmutableSecret(chart, 'db', { metadata: { name: 'db' }, data: { password: SecretContent.fromEnv('TEST_DB_PASSWORD') } });
      expect(() => app.renderFiles()).not.toThrow();
    } finally {
      delete process.env.TEST_DB_PASSWORD;
    }
  });

  test('fails when what the Helm chart renders with default values would be refused', () => {
    const { app, chart } = newApp();
    new HelmChart(chart, 'helm');
    // 62 characters: a valid Service name, but '<release>-' leaves no room for a release name
    new ApiObject(chart, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's'.repeat(62) }, spec: { ports: [{ port: 80 }] } });
    expect(() => app.renderFiles()).toThrow("shop: 'releaseName' must start with a lowercase letter, hold only lowercase letters, digits and '-', end with a letter or digit, and be at most 0 characters so that every object's '<release>-<name>' stays a valid name, got 'r' (in the Helm chart 'shop' with default values, as release 'r')");
  });

  test('fails when a HelmValue default makes an object invalid', () => {
    const { app, chart } = newApp();
    new HelmChart(chart, 'helm');
    const value = new HelmValue(chart, 'level', { name: 'minReady', type: HelmValueType.INTEGER, defaultValue: -3, description: 'minReady is the wait' });
    const web = new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ image: 'nginx:1.25' }] });
    value.bindTo(web, '/spec/minReadySeconds');
    expect(() => app.renderFiles()).toThrow("shop/web: 'spec.minReadySeconds' must be at least 0, got -3");
  });

  test('collects the problems of every construct before it throws, one line each', () => {
    const { app, chart } = newApp();
    const a = new Chart(chart, 'a');
    a.node.addValidation({ validate: () => ['first problem'] });
    chart.node.addValidation({ validate: () => ['second problem'] });
    expect(() => app.renderFiles()).toThrow(new Error('shop: second problem\nshop/a: first problem'));
  });
});

describe('HelmValue.bindTo', () => {
  test('fails when the pointer misspells a field, naming the nearest one', () => {
    const { chart } = newApp();
    const web = new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.25' }] });
    const value = new HelmValue(chart, 'retries', { name: 'retries', type: HelmValueType.INTEGER, defaultValue: 3, description: 'retries is how often' });
    expect(() => value.bindTo(web, '/spec/revisionHistoryLimt')).toThrow("shop/retries: 'pointer' must point at a field of Deployment apps/v1, got '/spec/revisionHistoryLimt': 'revisionHistoryLimt' is not a field at '/spec'; did you mean 'revisionHistoryLimit'?");
  });

  test('accepts a pointer into a list element', () => {
    const { chart } = newApp();
    const web = new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.25' }] });
    const value = new HelmValue(chart, 'dir', { name: 'workingDir', type: HelmValueType.STRING, defaultValue: '/srv', description: 'workingDir is where' });
    expect(() => value.bindTo(web, '/spec/template/spec/containers/0/workingDir')).not.toThrow();
  });
});
