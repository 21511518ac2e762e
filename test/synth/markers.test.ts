import { App, Chart } from 'cdk8s';
import { Deployment, PatternsApp, Release } from '../../src';
import { kplus } from '../../src/_plus';

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
