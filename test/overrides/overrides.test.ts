import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import * as YAML from 'yaml';
import { Deployment, HelmChart, Overrides, PatternsApp } from '../../src';
import { kplus } from '../../src/_plus';
import { find } from '../harness';

/** A PatternsApp with one chart, and the chart. */
function app(): { app: PatternsApp; chart: Chart } {
  const a = new PatternsApp({ outdir: '/nonexistent-never-written' });
  return { app: a, chart: new Chart(a, 'shop') };
}

function rendered(a: PatternsApp, file = 'shop.k8s.yaml'): any[] {
  return YAML.parseAllDocuments(a.renderFiles()[file]).map(d => d.toJS());
}

describe('Overrides', () => {
  test('sets and removes fields of the rendered object, after cdk8s-plus renders it', () => {
    const { app: a, chart } = app();
    const web = new Deployment(chart, 'web', { containers: [{ name: 'web', image: 'nginx:1.25' }] });
    Overrides.of(web).set('/spec/template/spec/containers/0/workingDir', '/srv');
    Overrides.of(web).set('/spec/template/metadata/annotations', { 'example.com/team': 'shop' });
    Overrides.of(web).remove('/spec/revisionHistoryLimit');
    const deployment = find(rendered(a), 'Deployment');
    expect(deployment.spec.template.spec.containers[0].workingDir).toBe('/srv');
    expect(deployment.spec.template.metadata.annotations).toEqual({ 'example.com/team': 'shop' });
    expect(deployment.spec.revisionHistoryLimit).toBeUndefined();
  });

  test('of() returns the same overrides for a construct and for its ApiObject', () => {
    const { chart } = app();
    const web = new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.25' }] });
    expect(Overrides.of(web)).toBe(Overrides.of(ApiObject.of(web)));
    Overrides.of(web).set('/spec/minReadySeconds', 5);
    expect(Overrides.of(web).operations).toEqual([{ op: 'set', pointer: '/spec/minReadySeconds', value: 5 }]);
  });

  test('reach the Helm chart too', () => {
    const { app: a, chart } = app();
    new HelmChart(chart, 'helm');
    const web = new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ image: 'nginx:1.25' }] });
    Overrides.of(web).set('/spec/minReadySeconds', 7);
    expect(a.renderFiles()['charts/shop/templates/web-deployment.yaml']).toContain('minReadySeconds: 7');
  });

  test('fails when an override misspells a field, naming the nearest one', () => {
    const { app: a, chart } = app();
    const web = new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.25' }] });
    Overrides.of(web).set('/spec/template/spec/containers/0/workDir', '/srv');
    expect(() => a.renderFiles()).toThrow("shop/web: 'spec.template.spec.containers[0].workDir' is not a field of Container; did you mean 'workingDir'?");
  });

  test('fails when an override sets a value the API server refuses', () => {
    const { app: a, chart } = app();
    const web = new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.25' }] });
    Overrides.of(web).set('/spec/replicas', -2);
    expect(() => a.renderFiles()).toThrow("shop/web: 'spec.replicas' must be at least 0, got -2");
  });

  test('fails when an override removes a field that is not there', () => {
    const { app: a, chart } = app();
    const web = new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.25' }] });
    Overrides.of(web).remove('/spec/paused');
    expect(() => a.renderFiles()).toThrow("shop/web/Resource/Overrides: 'remove(/spec/paused)' must remove a field the object has, got a path that is not there");
  });

  test('fails when an override points into a list element that does not exist', () => {
    const { app: a, chart } = app();
    const web = new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.25' }] });
    Overrides.of(web).set('/spec/template/spec/containers/3/workingDir', '/srv');
    expect(() => a.renderFiles()).toThrow("shop/web/Resource/Overrides: 'set(/spec/template/spec/containers/3/workingDir)' must point into an existing list element, got index '3' of a list of 1 at /spec/template/spec/containers");
  });

  test.each([
    ['', "must be a JSON pointer to a field below the object's root such as '/spec/replicas' (not apiVersion or kind), got ''"],
    ['spec/replicas', "must be a JSON pointer to a field below the object's root such as '/spec/replicas' (not apiVersion or kind), got 'spec/replicas'"],
    ['/kind', "must be a JSON pointer to a field below the object's root such as '/spec/replicas' (not apiVersion or kind), got '/kind'"],
  ])('fails when the pointer is %p', (pointer, problem) => {
    const { chart } = app();
    const web = new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.25' }] });
    expect(() => Overrides.of(web).set(pointer, 1)).toThrow(`shop/web/Resource/Overrides: 'pointer' ${problem}`);
  });

  test('fails when the value is not JSON', () => {
    const { chart } = app();
    const web = new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.25' }] });
    expect(() => Overrides.of(web).set('/spec/x', () => 1)).toThrow("shop/web/Resource/Overrides: 'set(/spec/x)' must be given a JSON value, got function (anonymous)");
    expect(() => Overrides.of(web).set('/spec/x', undefined)).toThrow("shop/web/Resource/Overrides: 'set(/spec/x)' must be given a value, got undefined; use remove() to delete a field");
  });

  test('fails when given something that is not a construct', () => {
    expect(() => Overrides.of('web' as any)).toThrow("'Overrides.of' must be given a construct, got 'web'");
  });
});

describe('addJsonPatch on rendered objects', () => {
  test('fails when a patch misspells a field of a cdk8s-plus object, which its typed rendering drops', () => {
    const { app: a, chart } = app();
    const web = new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx:1.25' }] });
    ApiObject.of(web).addJsonPatch(JsonPatch.add('/spec/replcas', 3));
    expect(() => a.renderFiles()).toThrow("shop/web: 'addJsonPatch(add /spec/replcas)' must reach the output, but the rendered object has no '/spec/replcas': 'replcas' is not a field at '/spec' (did you mean 'replicas'?); use Overrides.of(construct).set() to change the rendered object");
  });

  test('fails when a patch adds an object with a misspelled field inside', () => {
    const { app: a, chart } = app();
    const web = new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.25' }] });
    ApiObject.of(web).addJsonPatch(JsonPatch.add('/spec/strategy', { type: 'RollingUpdate', rollingUpdat: { maxSurge: 1 } }));
    expect(() => a.renderFiles()).toThrow("shop/web: 'addJsonPatch(add /spec/strategy)' must reach the output, but the rendered object has no '/spec/strategy/rollingUpdat': 'rollingUpdat' is not a field at '/spec/strategy' (did you mean 'rollingUpdate'?)");
  });

  test('accepts patches whose effect reaches the output, and patches on raw objects', () => {
    const { app: a, chart } = app();
    const web = new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.25' }] });
    ApiObject.of(web).addJsonPatch(JsonPatch.add('/spec/minReadySeconds', 4));
    const raw = new ApiObject(chart, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' } });
    raw.addJsonPatch(JsonPatch.add('/data', { a: 'b' }));
    const manifests = rendered(a);
    expect(find(manifests, 'Deployment').spec.minReadySeconds).toBe(4);
    expect(find(manifests, 'ConfigMap').data).toEqual({ a: 'b' });
  });
});
