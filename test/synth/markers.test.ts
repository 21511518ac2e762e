import { App, Chart } from 'cdk8s';
import { Deployment, PatternsApp, Release } from '../../src';
import { copyJson } from '../../src/_boundary';
import { mapMarked, marker } from '../../src/_markers';
import { kplus } from '../../src/_plus';
import { resolveValues } from '../../src/helm/_render';
import { Form, ValueRegistry, valueMarker } from '../../src/helm/_values';

describe('release markers outside PatternsApp', () => {
  test('fails when a plain cdk8s App would write a name that depends on the release', () => {
    const app = new App({ outdir: '/nonexistent-never-written' });
    const chart = new Chart(app, 'shop');
    new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.25', envVariables: { DB_HOST: kplus.EnvValue.fromValue(Release.nameOf('db')) } }] });
    expect(() => app.synthYaml()).toThrow("shop/web: 'spec.template.spec.containers[0].env[0].value' holds a name or value that depends on the Helm release (Release.nameOf(), HelmValue.asString()), which only PatternsApp resolves; synthesize the app with PatternsApp instead of cdk8s' App");
  });

  test('resolves them in a PatternsApp', () => {
    const app = new PatternsApp({ outdir: '/nonexistent-never-written' });
    const chart = new Chart(app, 'shop');
    new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.25', envVariables: { DB_HOST: kplus.EnvValue.fromValue(Release.nameOf('db')) } }] });
    expect(app.renderFiles()['shop.k8s.yaml']).toContain('value: db\n');
  });
});

describe('resolving markers', () => {
  const values = () => {
    const registry = new ValueRegistry();
    registry.define({ path: 'web.replicas', default: 3, schema: { type: 'integer' }, description: 'is the number of pods', owner: 'app/web' });
    registry.define({ path: 'web.note', default: '', schema: { type: 'string' }, description: 'is a note', owner: 'app/web' });
    return registry;
  };

  test('copies only what holds a value: the rest is shared with the input', () => {
    const labels = { app: 'web' };
    const manifest = { kind: 'Deployment', metadata: { labels }, spec: { replicas: valueMarker(Form.SCALAR, 'web.replicas') } };
    const [out] = resolveValues([manifest], values());
    expect(out).toEqual({ kind: 'Deployment', metadata: { labels: { app: 'web' } }, spec: { replicas: 3 } });
    expect(out.metadata).toBe(manifest.metadata);
    expect(manifest.spec.replicas).toBe(valueMarker(Form.SCALAR, 'web.replicas'));
    const unchanged = { kind: 'ConfigMap', data: { a: 'b' } };
    expect(resolveValues([unchanged], values())[0]).toBe(unchanged);
  });

  test('drops an optional field whose value is empty, keeping the order of the others', () => {
    const manifest = { a: 1, note: valueMarker(Form.STRING, 'web.note', true), list: ['x', valueMarker(Form.STRING, 'web.note', true), 'y'], z: 2 };
    const [out] = resolveValues([manifest], values());
    expect(JSON.stringify(out)).toBe('{"a":1,"list":["x","y"],"z":2}');
  });

  test('keeps a key named __proto__ as a field, so that validation sees and refuses it', () => {
    const manifest = JSON.parse(`{"spec":{"__proto__":{"x":1},"replicas":${JSON.stringify(valueMarker(Form.SCALAR, 'web.replicas'))}}}`);
    const [out] = resolveValues([manifest], values());
    expect(Object.keys(out.spec)).toEqual(['__proto__', 'replicas']);
    expect(Object.getPrototypeOf(out.spec)).toBe(Object.prototype);
    const mapped = mapMarked(JSON.parse(`{"__proto__":1,"name":"${marker('name', 'web')}"}`), () => 'r-web');
    expect(Object.keys(mapped)).toEqual(['__proto__', 'name']);
    const copied = copyJson(JSON.parse('{"spec":{"__proto__":{"x":1},"a":2}}'));
    expect(Object.keys(copied.spec)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(copied.spec)).toBe(Object.prototype);
  });
});
