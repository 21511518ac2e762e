import { Chart, Cron } from 'cdk8s';
import { Construct } from 'constructs';
import { Deployment, Sidecar } from '../../src';
import { kplus } from '../../src/_plus';
import { HealthChecks } from '../../src/probes/health-checks';
import { HealthProbe } from '../../src/probes/health-probe';
import { container, find, newChart, podSpec, synth } from '../harness';
import { harden } from '../harness/fixtures';

const API_IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const SHIPPER_IMAGE = 'fluent/fluent-bit:2.2.2';

const TCP_8080 = { tcpSocket: { port: 8080 } };
const DEFAULTS = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 };
const STARTUP_DEFAULTS = { ...DEFAULTS, periodSeconds: 5, failureThreshold: 30 };

/** A chart with our Deployment `web` running one container `api` on port 8080. */
function webApp(): { chart: Chart; web: Deployment } {
  const chart = newChart();
  const web = new Deployment(chart, 'web', {
    metadata: { name: 'web' },
    containers: [{ name: 'api', image: API_IMAGE, ports: [{ number: 8080, name: 'http' }] }],
  });
  return { chart, web };
}

/** Container props of a plain cdk8s-plus workload that meet "restricted". */
function plainContainer(extra: Partial<kplus.ContainerProps> = {}): kplus.ContainerProps {
  return { name: 'app', image: API_IMAGE, securityContext: { capabilities: { drop: ['ALL' as kplus.Capability] } }, ...extra };
}

describe('HealthChecks', () => {
  test('writes each probe into the first container by default', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new HealthChecks(chart, 'health', {
      workload: web,
      startup: HealthProbe.tcp(8080),
      readiness: HealthProbe.http('/ready', { port: 8080 }),
      liveness: HealthProbe.http('/healthz', { port: 8080 }),
    });

    // THEN
    const api = container(podSpec(synth(chart), 'Deployment', 'web'), 'api');
    expect(api.startupProbe).toEqual({ ...TCP_8080, ...STARTUP_DEFAULTS });
    expect(api.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' }, ...DEFAULTS });
    expect(api.livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, ...DEFAULTS });
  });

  test('writes only the probes given', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new HealthChecks(chart, 'health', { workload: web, readiness: HealthProbe.tcp(8080) });

    // THEN
    const api = container(podSpec(synth(chart), 'Deployment', 'web'), 'api');
    expect(api.readinessProbe).toEqual({ ...TCP_8080, ...DEFAULTS });
    expect(api.livenessProbe).toBeUndefined();
    expect(api.startupProbe).toBeUndefined();
  });

  test('probes the container named by `container`, at its index in the pod', () => {
    // GIVEN
    const { chart, web } = webApp();
    new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE });

    // WHEN
    const checks = new HealthChecks(chart, 'health', { workload: web, container: 'log-shipper', liveness: HealthProbe.tcp(2020) });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'log-shipper').livenessProbe).toEqual({ tcpSocket: { port: 2020 }, ...DEFAULTS });
    expect(container(spec, 'api').livenessProbe).toBeUndefined();
    expect(checks.container.name).toBe('log-shipper');
  });

  test('replaces the TCP startup probe cdk8s-plus adds for `portNumber`', () => {
    // GIVEN
    const chart = newChart();
    const plain = harden(new kplus.Deployment(chart, 'plain', { metadata: { name: 'plain' }, containers: [plainContainer({ portNumber: 8080 })] }));
    expect(container(podSpec(synth(chart), 'Deployment', 'plain'), 'app').startupProbe).toEqual({ ...TCP_8080, failureThreshold: 3 });

    // WHEN
    new HealthChecks(chart, 'health', { workload: plain, startup: HealthProbe.http('/started', { port: 8080 }) });

    // THEN
    expect(container(podSpec(synth(chart), 'Deployment', 'plain'), 'app').startupProbe)
      .toEqual({ httpGet: { path: '/started', port: 8080, scheme: 'HTTP' }, ...STARTUP_DEFAULTS });
  });

  test('keeps the startup probe of cdk8s-plus when given none', () => {
    // GIVEN
    const chart = newChart();
    const plain = harden(new kplus.Deployment(chart, 'plain', { metadata: { name: 'plain' }, containers: [plainContainer({ portNumber: 8080 })] }));

    // WHEN
    new HealthChecks(chart, 'health', { workload: plain, liveness: HealthProbe.tcp(8080, { periodSeconds: 1, failureThreshold: 2 }) });

    // THEN
    const app = container(podSpec(synth(chart), 'Deployment', 'plain'), 'app');
    expect(app.startupProbe).toEqual({ ...TCP_8080, failureThreshold: 3 });
    expect(app.livenessProbe).toEqual({ ...TCP_8080, ...DEFAULTS, periodSeconds: 1, failureThreshold: 2 });
  });

  test('replaces a readiness probe given to the cdk8s-plus container', () => {
    // GIVEN
    const chart = newChart();
    const plain = harden(new kplus.Deployment(chart, 'plain', {
      metadata: { name: 'plain' },
      containers: [plainContainer({ readiness: kplus.Probe.fromHttpGet('/old', { port: 8080 }) })],
    }));

    // WHEN
    new HealthChecks(chart, 'health', { workload: plain, readiness: HealthProbe.grpc(9090) });

    // THEN
    expect(container(podSpec(synth(chart), 'Deployment', 'plain'), 'app').readinessProbe).toEqual({ grpc: { port: 9090 }, ...DEFAULTS });
  });

  test.each<[string, (scope: Construct) => kplus.AbstractPod]>([
    ['CronJob', s => new kplus.CronJob(s, 'w', { metadata: { name: 'w' }, schedule: Cron.daily(), containers: [plainContainer()] })],
    ['Job', s => new kplus.Job(s, 'w', { metadata: { name: 'w' }, containers: [plainContainer()] })],
    ['StatefulSet', s => new kplus.StatefulSet(s, 'w', { metadata: { name: 'w' }, containers: [plainContainer({ ports: [{ number: 8080 }] })] })],
    ['DaemonSet', s => new kplus.DaemonSet(s, 'w', { metadata: { name: 'w' }, containers: [plainContainer()] })],
    ['Pod', s => new kplus.Pod(s, 'w', { metadata: { name: 'w' }, containers: [plainContainer()] })],
  ])('works on a cdk8s-plus %s', (kind, build) => {
    // GIVEN
    const chart = newChart();
    const workload = harden(build(chart));

    // WHEN
    new HealthChecks(chart, 'health', { workload, liveness: HealthProbe.exec(['cat', '/tmp/alive']), startup: HealthProbe.exec(['true']) });

    // THEN
    const app = container(podSpec(synth(chart), kind, 'w'), 'app');
    expect(app.livenessProbe).toEqual({ exec: { command: ['cat', '/tmp/alive'] }, ...DEFAULTS });
    expect(app.startupProbe).toEqual({ exec: { command: ['true'] }, ...STARTUP_DEFAULTS });
  });

  test('accepts a liveness window exactly as long as startupSeconds', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new HealthChecks(chart, 'health', { workload: web, startupSeconds: 45, liveness: HealthProbe.tcp(8080, { initialDelaySeconds: 15 }) });

    // THEN
    expect(container(podSpec(synth(chart), 'Deployment', 'web'), 'api').livenessProbe.initialDelaySeconds).toBe(15);
  });

  test('accepts a short liveness window behind a startup probe that covers startupSeconds', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new HealthChecks(chart, 'health', {
      workload: web,
      startupSeconds: 150,
      startup: HealthProbe.tcp(8080),
      liveness: HealthProbe.tcp(8080, { periodSeconds: 2, failureThreshold: 1 }),
    });

    // THEN
    const api = container(podSpec(synth(chart), 'Deployment', 'web'), 'api');
    expect(api.livenessProbe.periodSeconds).toBe(2);
    expect(api.startupProbe.failureThreshold).toBe(30);
  });

  test('matches the snapshot of a Deployment with all three probes', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new HealthChecks(chart, 'health', {
      workload: web,
      startupSeconds: 120,
      startup: HealthProbe.http('/healthz', { port: 8080 }),
      readiness: HealthProbe.http('/ready', { port: 8080, successThreshold: 2 }),
      liveness: HealthProbe.grpc(8080, { service: 'liveness', timeoutSeconds: 2 }),
    });

    // THEN
    expect(find(synth(chart), 'Deployment', 'web')).toMatchSnapshot();
  });

  test('fails when the workload is undefined', () => {
    expect(() => new HealthChecks(newChart(), 'health', { workload: undefined as any, liveness: HealthProbe.tcp(8080) }))
      .toThrow("test/health: 'workload' must be a cdk8s-plus workload (Deployment, StatefulSet, Pod, ...) for the health checks to join, got undefined");
  });

  test('fails when no probe is given', () => {
    const { chart, web } = webApp();
    expect(() => new HealthChecks(chart, 'health', { workload: web }))
      .toThrow(new Error("test/health: 'liveness' (or 'readiness' or 'startup') must be given, got none of them; a HealthChecks sets at least one probe"));
  });

  test('fails when a probe is a cdk8s-plus Probe (from JavaScript)', () => {
    const { chart, web } = webApp();
    expect(() => new HealthChecks(chart, 'health', { workload: web, readiness: kplus.Probe.fromTcpSocket() as any }))
      .toThrow("test/health: 'readiness' must be a HealthProbe (HealthProbe.http, .tcp, .exec or .grpc), got a Probe");
  });

  test('fails when the container is not one of the workload', () => {
    const { chart, web } = webApp();
    expect(() => new HealthChecks(chart, 'health', { workload: web, container: 'web', readiness: HealthProbe.tcp(8080) }))
      .toThrow("test/health: 'container' must name a container of the workload (api), got 'web'");
  });

  test('fails when the container is an init container', () => {
    const { chart, web } = webApp();
    web.addInitContainer({ name: 'migrate', image: API_IMAGE });
    expect(() => new HealthChecks(chart, 'health', { workload: web, container: 'migrate', readiness: HealthProbe.tcp(8080) }))
      .toThrow("test/health: 'container' must name a container of the workload (api), got 'migrate', an init container: init containers run to completion and take no probes");
  });

  test('fails when the workload has no container yet', () => {
    const chart = newChart();
    const web = new Deployment(chart, 'web');
    expect(() => new HealthChecks(chart, 'health', { workload: web, readiness: HealthProbe.tcp(8080) }))
      .toThrow("test/health: 'workload' must already have its containers, got a workload with none: add them before the health checks");
  });

  test.each(['liveness', 'startup'])('fails when successThreshold is 2 on a %s probe', (role) => {
    const { chart, web } = webApp();
    expect(() => new HealthChecks(chart, 'health', { workload: web, [role]: HealthProbe.tcp(8080, { successThreshold: 2 }) }))
      .toThrow(`test/health: '${role}.successThreshold' must be 1 (Kubernetes rejects any other value for a ${role} probe), got 2`);
  });

  test('fails when the liveness window is shorter than the 30 s assumed without startupSeconds', () => {
    const { chart, web } = webApp();
    expect(() => new HealthChecks(chart, 'health', { workload: web, liveness: HealthProbe.tcp(8080, { periodSeconds: 5 }) }))
      .toThrow("test/health: 'liveness' must allow the container startupSeconds (30 s, assumed when not given) before restarting it, got 15 s (initialDelaySeconds 0 + failureThreshold 3 × periodSeconds 5); add a 'startup' probe with a budget of at least 30 s (Kubernetes holds liveness back until it passes), or lengthen the liveness window");
  });

  test('fails when the liveness window is shorter than startupSeconds without a startup probe', () => {
    const { chart, web } = webApp();
    expect(() => new HealthChecks(chart, 'health', { workload: web, startupSeconds: 90, liveness: HealthProbe.http('/healthz', { port: 8080 }) }))
      .toThrow("test/health: 'liveness' must allow the container startupSeconds (90 s) before restarting it, got 30 s (initialDelaySeconds 0 + failureThreshold 3 × periodSeconds 10); add a 'startup' probe with a budget of at least 90 s (Kubernetes holds liveness back until it passes), or lengthen the liveness window");
  });

  test('fails when the startup budget is shorter than startupSeconds', () => {
    const { chart, web } = webApp();
    expect(() => new HealthChecks(chart, 'health', { workload: web, startupSeconds: 180, startup: HealthProbe.tcp(8080) }))
      .toThrow("test/health: 'startup' must allow the container startupSeconds (180 s) to start, got 150 s (initialDelaySeconds 0 + failureThreshold 30 × periodSeconds 5); raise its failureThreshold or periodSeconds");
  });

  test('fails when the startup probe cdk8s-plus renders is shorter than startupSeconds and none is given', () => {
    const chart = newChart();
    const plain = harden(new kplus.Deployment(chart, 'plain', { containers: [plainContainer({ portNumber: 8080 })] }));
    expect(() => new HealthChecks(chart, 'health', { workload: plain, startupSeconds: 90, liveness: HealthProbe.tcp(8080) }))
      .toThrow(new Error("test/health: 'startup' must be given: the startup probe cdk8s-plus renders for container 'app' allows less than startupSeconds (90 s), got 30 s (initialDelaySeconds 0 + failureThreshold 3 × periodSeconds 10) before it restarts the container"));
  });

  test('fails when startupSeconds is a string (from JavaScript)', () => {
    const { chart, web } = webApp();
    expect(() => new HealthChecks(chart, 'health', { workload: web, startupSeconds: '30' as any, startup: HealthProbe.tcp(8080) }))
      .toThrow(new Error("test/health: 'startupSeconds' must be an integer at least 0, got '30'"));
  });

  test('fails when container is not a string (from JavaScript)', () => {
    const { chart, web } = webApp();
    expect(() => new HealthChecks(chart, 'health', { workload: web, container: 0 as any, readiness: HealthProbe.tcp(8080) }))
      .toThrow(new Error("test/health: 'container' must be a string, got 0"));
  });

  test('fails when startupSeconds is not a whole number of seconds', () => {
    const { chart, web } = webApp();
    expect(() => new HealthChecks(chart, 'health', { workload: web, startupSeconds: 1.5, startup: HealthProbe.tcp(8080) }))
      .toThrow(new Error("test/health: 'startupSeconds' must be an integer at least 0, got 1.5"));
  });

  test('fails when a probe of the container is set twice', () => {
    const { chart, web } = webApp();
    new HealthChecks(chart, 'first', { workload: web, readiness: HealthProbe.tcp(8080) });
    expect(() => new HealthChecks(chart, 'second', { workload: web, readiness: HealthProbe.http('/ready', { port: 8080 }) }))
      .toThrow(new Error("test/second: 'readiness' must be set once per container, got a second readiness probe for container 'api', which test/first already sets; set each probe of a container once"));
  });
});
