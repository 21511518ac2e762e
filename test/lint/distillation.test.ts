import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CqrsPod, Deployment, Distillation, HealthChecks, HealthProbe, LintSeverity, PatternsApp, Placement, PlacementRule } from '../../src';
import { kplus } from '../../src/_plus';
import { LIBRARY_ERROR_LINE } from '../harness/fuzz';

const IGNORE = 'lint.cdk8s-patterns.io/ignore-';

function newApp(props = {}): { app: PatternsApp; chart: Chart } {
  const app = new PatternsApp({ outdir: '/nonexistent-never-written', ...props });
  return { app, chart: new Chart(app, 'shop') };
}

/** A Deployment of the library every rule accepts but DP-AVAIL-005 (info). */
function healthyWeb(scope: Construct, id = 'web'): Deployment {
  const web = new Deployment(scope, id, { metadata: { name: id }, replicas: 2, containers: [{ name: 'web', image: 'ghcr.io/acme/web:1.2.3', portNumber: 8080 }] });
  new HealthChecks(scope, `${id}-health`, { workload: web, readiness: HealthProbe.http('/ready', { port: 8080 }), liveness: HealthProbe.http('/healthz', { port: 8080 }) });
  new Placement(scope, `${id}-placement`, { workload: web, rules: [PlacementRule.spreadAcrossNodes()] });
  return web;
}

describe('Distillation', () => {
  test('fails when a library workload has no probes, naming its construct and the library\'s fix', () => {
    const { app, chart } = newApp();
    new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ name: 'web', image: 'ghcr.io/acme/web:1.2.3', portNumber: 8080 }] });
    expect(Distillation.check(app).filter(f => f.ruleId === 'DP-STARTUP-002').map(f => [f.constructPath, f.kind, f.name, f.message, f.fix])).toEqual([[
      'shop/web', 'Deployment', 'web',
      "'spec.template.spec.containers[0].livenessProbe' must be set for container 'web', the main container, got none; give the workload a HealthChecks with 'readiness', 'liveness' and, for a slow start, 'startup' probes",
      "give the workload a HealthChecks with 'readiness', 'liveness' and, for a slow start, 'startup' probes",
    ]]);
  });

  test('fails when a plain cdk8s-plus workload has no probes, with the fix in Kubernetes\' terms', () => {
    const { app, chart } = newApp();
    new kplus.Deployment(chart, 'plain', { containers: [{ name: 'plain', image: 'ghcr.io/acme/plain:1.0.0', portNumber: 8080 }] });
    expect(Distillation.check(app).filter(f => f.ruleId === 'DP-STARTUP-002').map(f => [f.constructPath, f.fix])).toEqual([
      ['shop/plain', 'add a livenessProbe that fails only when a restart would help'],
    ]);
  });

  test('passes when a library workload has probes and spreads its replicas', () => {
    const { app, chart } = newApp();
    healthyWeb(chart);
    expect(Distillation.check(app).map(f => `${f.ruleId} ${f.severity}`)).toEqual(['DP-AVAIL-005 info']);
  });

  test('checks a construct inside a chart: its own findings, judged with the rest of the chart', () => {
    const { chart } = newApp();
    healthyWeb(chart);
    const bare = new Deployment(chart, 'bare', { metadata: { name: 'bare' }, replicas: 1, containers: [{ name: 'bare', image: 'ghcr.io/acme/bare:1.0.0' }] });
    expect(Distillation.check(bare).map(f => `${f.constructPath} ${f.ruleId}`)).toEqual(['shop/bare DP-STARTUP-002']);
    expect(Distillation.check(chart).map(f => `${f.constructPath} ${f.ruleId}`)).toEqual(['shop/web DP-AVAIL-005', 'shop/bare DP-STARTUP-002']);
  });

  test('checks what the app synthesizes for a release', () => {
    const { app, chart } = newApp({ releaseName: 'prod' });
    new Deployment(chart, 'web', { metadata: { name: 'web' }, replicas: 1, containers: [{ name: 'web', image: 'ghcr.io/acme/web:1.2.3' }] });
    expect(Distillation.check(app).map(f => `${f.name} ${f.ruleId}`)).toEqual(['prod-web DP-STARTUP-002']);
  });

  test('suppress() accepts a finding with a reason, as an annotation every way of checking reads', () => {
    const { app, chart } = newApp();
    const web = healthyWeb(chart);
    Distillation.suppress(web, 'DP-AVAIL-005', 'the cluster runs in one zone');
    expect(Distillation.check(app)).toEqual([]);
    expect(web.metadata.toJson().annotations).toEqual({ [`${IGNORE}DP-AVAIL-005`]: 'the cluster runs in one zone' });
  });

  test('suppress() on a construct without an object of its own annotates every object under it', () => {
    const { chart } = newApp();
    const orders = new CqrsPod(chart, 'orders', { metadata: { name: 'orders' }, command: { image: 'ghcr.io/acme/cmd:1.0.0', port: 8081 }, query: { image: 'ghcr.io/acme/q:1.0.0', port: 8082 } });
    Distillation.suppress(orders, 'DP-AVAIL-005', 'one zone');
    expect(Distillation.check(orders).filter(f => f.ruleId === 'DP-AVAIL-005')).toEqual([]);
  });

  test('fails when suppress() is given no reason', () => {
    const { chart } = newApp();
    const web = healthyWeb(chart);
    expect(() => Distillation.suppress(web, 'DP-AVAIL-005', '  ')).toThrow("shop/web: 'reason' must say why the finding is accepted, got '  '");
  });

  test('fails when suppress() names no rule', () => {
    const { chart } = newApp();
    const web = healthyWeb(chart);
    expect(() => Distillation.suppress(web, 'DP-AVAIL-5', 'one zone')).toThrow(
      "shop/web: 'ruleId' must be the id of a distillation rule (DP-<FACTOR>-<number>, see Distillation.rules()), got 'DP-AVAIL-5' (did you mean 'DP-AVAIL-005'?)");
  });

  test('fails when suppress() is called twice for a rule with another reason', () => {
    const { chart } = newApp();
    const web = healthyWeb(chart);
    Distillation.suppress(web, 'DP-AVAIL-005', 'one zone');
    Distillation.suppress(web, 'DP-AVAIL-005', 'one zone');
    expect(() => Distillation.suppress(web, 'DP-AVAIL-005', 'two zones')).toThrow(
      "shop/web: 'ruleId' must be suppressed once per object, got 'DP-AVAIL-005' which shop/web/Resource already suppresses with the reason 'one zone'; keep one reason");
  });
});

describe('PatternsApp lint', () => {
  test('passes when lint is not set: synth runs no distillation checks', () => {
    const { app, chart } = newApp();
    new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ name: 'web', image: 'ghcr.io/acme/web:1.2.3' }] });
    expect(Object.keys(app.renderFiles())).toEqual(['shop.k8s.yaml']);
  });

  test('fails when a finding is at or above failOn, one line each in the library\'s style', () => {
    const { app, chart } = newApp({ lint: { failOn: LintSeverity.INFO } });
    healthyWeb(chart);
    let message = '';
    try {
      app.renderFiles();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe("shop/web: 'spec.template.spec.topologySpreadConstraints' must spread the 2 replicas across zones, got no topologySpreadConstraints or podAntiAffinity on 'topology.kubernetes.io/zone'; give the workload a Placement with PlacementRule.spreadAcrossZones() [DP-AVAIL-005 info]");
    expect(message).toMatch(LIBRARY_ERROR_LINE);
  });

  test('passes when every finding is below failOn (warning by default)', () => {
    const { app, chart } = newApp({ lint: {} });
    healthyWeb(chart);
    expect(Object.keys(app.renderFiles())).toEqual(['shop.k8s.yaml']);
  });

  test('passes when the config suppresses the finding', () => {
    const { app, chart } = newApp({ lint: { failOn: LintSeverity.INFO, suppressions: [{ ruleId: 'DP-AVAIL-005', kind: 'Deployment', reason: 'one zone' }] } });
    healthyWeb(chart);
    expect(Object.keys(app.renderFiles())).toEqual(['shop.k8s.yaml']);
  });

  test('fails when the lint config is invalid, as the app is built', () => {
    expect(() => newApp({ lint: { maxContainersPerPod: 1.5 } })).toThrow("'lint.maxContainersPerPod' must be an integer at least 1, got 1.5");
  });
});
