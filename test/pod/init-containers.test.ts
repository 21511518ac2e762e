import { ApiObject, Chart, JsonPatch, Size } from 'cdk8s';
import {
  Adapter, Ambassador, Deployment, InitContainers, InitStep, Qos, QosClass, QosPreset, Sidecar,
} from '../../src';
import { kplus } from '../../src/_plus';
import { container, newChart, podSpec, synth } from '../harness';

const API_IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';

const GUARANTEED = QosPreset.guaranteed({ cpu: kplus.Cpu.millis(250), memory: Size.mebibytes(256) });

/** A chart with our Deployment `web` running one main container `api` on port 8080. */
function webApp(qos?: QosPreset): { chart: Chart; web: Deployment } {
  const chart = newChart();
  const web = new Deployment(chart, 'web', {
    metadata: { name: 'web' },
    qos,
    containers: [{ name: 'api', image: API_IMAGE, ports: [{ number: 8080, name: 'http' }] }],
  });
  return { chart, web };
}

/** The database migration step of the reference app. */
function migrate(name = 'migrate-schema'): InitStep {
  return InitStep.run({ name, image: API_IMAGE, command: ['/app/tickets-api', 'migrate', '--if-needed'] });
}

describe('InitContainers', () => {
  test('adds its steps as init containers in exactly the given order', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new InitContainers(chart, 'api-init', {
      workload: web,
      steps: [
        InitStep.waitFor({ name: 'wait-for-db', host: 'tickets-db', port: 5432 }),
        migrate(),
        InitStep.run({ name: 'seed-venues', image: API_IMAGE, command: ['/app/tickets-api', 'seed'] }),
      ],
    });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['wait-for-db', 'migrate-schema', 'seed-venues']);
  });

  test('keeps the steps out of the app containers, which only start once all of them have completed', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new InitContainers(chart, 'api-init', {
      workload: web,
      steps: [InitStep.waitFor({ name: 'wait-for-db', host: 'tickets-db', port: 5432 }), migrate()],
    });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(spec.containers.map((c: any) => c.name)).toEqual(['api']);
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['wait-for-db', 'migrate-schema']);
  });

  test('appends the steps of a second InitContainers after those of the first', () => {
    // GIVEN
    const { chart, web } = webApp();
    new InitContainers(chart, 'wait', { workload: web, steps: [InitStep.waitFor({ name: 'wait-for-db', host: 'tickets-db', port: 5432 })] });

    // WHEN
    new InitContainers(chart, 'migrate', { workload: web, steps: [migrate()] });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['wait-for-db', 'migrate-schema']);
  });

  test('exposes its init containers in the order they run', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    const init = new InitContainers(chart, 'api-init', {
      workload: web,
      steps: [InitStep.waitFor({ name: 'wait-for-db', host: 'tickets-db', port: 5432 }), migrate()],
    });

    // THEN
    expect(init.containers.map(c => c.name)).toEqual(['wait-for-db', 'migrate-schema']);
    expect(web.initContainers).toEqual(init.containers);
  });

  test('InitStep.waitFor blocks on an `until nc -z host port` loop in busybox, every 2 seconds by default', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new InitContainers(chart, 'api-init', { workload: web, steps: [InitStep.waitFor({ name: 'wait-for-db', host: 'tickets-db', port: 5432 })] });

    // THEN
    const wait = container(podSpec(synth(chart), 'Deployment', 'web'), 'wait-for-db');
    expect(wait.image).toBe('busybox:1.36.1');
    expect(wait.command).toEqual([
      'sh', '-c', 'until nc -z tickets-db 5432; do echo waiting for tickets-db:5432; sleep 2; done',
    ]);
    expect(wait.args).toBeUndefined();
    expect(wait.ports).toBeUndefined();
  });

  test('InitStep.waitFor takes `image` and `intervalSeconds`', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new InitContainers(chart, 'api-init', {
      workload: web,
      steps: [InitStep.waitFor({
        name: 'wait-for-cache',
        host: 'redis.cache.svc.cluster.local',
        port: 6379,
        image: 'busybox:1.37.0',
        intervalSeconds: 5,
      })],
    });

    // THEN
    const wait = container(podSpec(synth(chart), 'Deployment', 'web'), 'wait-for-cache');
    expect(wait.image).toBe('busybox:1.37.0');
    expect(wait.command).toEqual([
      'sh', '-c',
      'until nc -z redis.cache.svc.cluster.local 6379; do echo waiting for redis.cache.svc.cluster.local:6379; sleep 5; done',
    ]);
  });

  test('InitStep.waitFor runs as user and group 65534 in the hardened security context', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new InitContainers(chart, 'api-init', { workload: web, steps: [InitStep.waitFor({ name: 'wait-for-db', host: 'tickets-db', port: 5432 })] });

    // THEN
    const wait = container(podSpec(synth(chart), 'Deployment', 'web'), 'wait-for-db');
    expect(wait.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 65534,
      runAsNonRoot: true,
      runAsUser: 65534,
    });
  });

  test('InitStep.waitFor gets the pod\'s QoS resources', () => {
    // GIVEN
    const { chart, web } = webApp(GUARANTEED);

    // WHEN
    new InitContainers(chart, 'api-init', { workload: web, steps: [InitStep.waitFor({ name: 'wait-for-db', host: 'tickets-db', port: 5432 })] });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'wait-for-db').resources).toEqual({
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '250m', memory: '256Mi' },
    });
    expect(Qos.classOf(spec)).toBe(QosClass.GUARANTEED);
  });

  test('InitStep.run keeps the given container', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new InitContainers(chart, 'api-init', {
      workload: web,
      steps: [InitStep.run({
        name: 'migrate-schema',
        image: API_IMAGE,
        command: ['/app/tickets-api'],
        args: ['migrate', '--if-needed'],
        envVariables: { DATABASE_URL: kplus.EnvValue.fromValue('postgres://tickets-db:5432/tickets') },
        resources: {
          cpu: { request: kplus.Cpu.millis(200), limit: kplus.Cpu.millis(200) },
          memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) },
        },
        securityContext: { user: 10001, group: 10001 },
      })],
    });

    // THEN
    const step = container(podSpec(synth(chart), 'Deployment', 'web'), 'migrate-schema');
    expect(step.image).toBe(API_IMAGE);
    expect(step.command).toEqual(['/app/tickets-api']);
    expect(step.args).toEqual(['migrate', '--if-needed']);
    expect(step.env).toEqual([{ name: 'DATABASE_URL', value: 'postgres://tickets-db:5432/tickets' }]);
    expect(step.resources).toEqual({
      requests: { cpu: '200m', memory: '64Mi' },
      limits: { cpu: '200m', memory: '64Mi' },
    });
    expect(step.securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10001, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
  });

  test('joins a plain cdk8s-plus Deployment with hardened, QosPreset.defaults()-sized steps', () => {
    // GIVEN
    const chart = newChart();
    const plain = new kplus.Deployment(chart, 'plain', {
      metadata: { name: 'plain' },
      containers: [{ name: 'app', image: API_IMAGE, securityContext: { capabilities: { drop: ['ALL' as kplus.Capability] } } }],
    });
    ApiObject.of(plain).addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));

    // WHEN
    new InitContainers(chart, 'api-init', { workload: plain, steps: [InitStep.waitFor({ name: 'wait-for-db', host: 'tickets-db', port: 5432 })] });

    // THEN
    const wait = container(podSpec(synth(chart), 'Deployment', 'plain'), 'wait-for-db');
    expect(wait.resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
    expect(wait.securityContext).toMatchObject({ runAsUser: 65534, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
  });

  test('keeps a Guaranteed pod Guaranteed with every pod pattern attached', () => {
    // GIVEN
    const { chart, web } = webApp(GUARANTEED);

    // WHEN
    new InitContainers(chart, 'api-init', {
      workload: web,
      steps: [InitStep.waitFor({ name: 'wait-for-db', host: 'tickets-db', port: 5432 }), migrate()],
    });
    new Sidecar(chart, 'log-shipper', { workload: web, image: 'fluent/fluent-bit:2.2.2', mountPath: '/var/log/tickets' });
    new Ambassador(chart, 'db-proxy', { workload: web, image: 'bitnami/pgbouncer:1.22.1', port: 6432, remoteEndpoints: ['tickets-db:5432'] });
    new Adapter(chart, 'metrics-exporter', { workload: web, image: 'prom/statsd-exporter:v0.26.0' });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['wait-for-db', 'migrate-schema']);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['api', 'log-shipper', 'db-proxy', 'metrics-exporter']);
    expect(Qos.classOf(spec)).toBe(QosClass.GUARANTEED);
  });

  test.each(['liveness', 'readiness', 'startup'] as const)('fails when a step has a %s probe', (probe) => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new InitContainers(chart, 'api-init', {
      workload: web,
      steps: [InitStep.run({ name: 'migrate-schema', image: API_IMAGE, [probe]: kplus.Probe.fromCommand(['true']) })],
    })).toThrow(`test/web: 'initContainers[migrate-schema].${probe}' is not allowed: init containers run to completion and take no liveness, readiness or startup probe, got a ${probe} probe`);
  });

  test('fails when a step on a plain cdk8s-plus Deployment has a probe', () => {
    // GIVEN
    const chart = newChart();
    const plain = new kplus.Deployment(chart, 'plain', { containers: [{ name: 'app', image: API_IMAGE }] });

    // WHEN / THEN
    expect(() => new InitContainers(chart, 'api-init', {
      workload: plain,
      steps: [InitStep.run({ name: 'migrate-schema', image: API_IMAGE, liveness: kplus.Probe.fromCommand(['true']) })],
    })).toThrow("test/api-init: 'initContainers[migrate-schema].liveness' is not allowed: init containers run to completion and take no liveness, readiness or startup probe, got a liveness probe");
  });

  test('fails when a step sets `portNumber`, which cdk8s-plus turns into a startup probe', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new InitContainers(chart, 'api-init', {
      workload: web,
      steps: [InitStep.run({ name: 'migrate-schema', image: API_IMAGE, portNumber: 9000 })],
    })).toThrow("test/web: 'initContainers[migrate-schema].portNumber' is not allowed: cdk8s-plus gives it a startup probe, which init containers cannot have; use 'ports', got 9000");
  });

  test('fails when given no step', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new InitContainers(chart, 'api-init', { workload: web, steps: [] }))
      .toThrow("test/api-init: 'steps' must list at least one step, got an empty list");
  });

  test('fails when attached to nothing', () => {
    // GIVEN
    const chart = newChart();

    // WHEN / THEN
    expect(() => new InitContainers(chart, 'api-init', { workload: undefined as any, steps: [migrate()] }))
      .toThrow("test/api-init: 'workload' must be a cdk8s-plus workload (Deployment, StatefulSet, Pod, ...) for the init containers to join, got undefined");
  });

  test('fails when a step has no name', () => {
    // GIVEN / WHEN / THEN
    expect(() => InitStep.run({ image: API_IMAGE }))
      .toThrow(new Error("InitStep.run: 'name' must be given, so that the step is recognisable in 'kubectl describe pod', got undefined"));
  });

  test('fails when a step takes the name of an app container', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new InitContainers(chart, 'api-init', { workload: web, steps: [migrate('api')] }))
      .toThrow("test/api-init: 'name' must be unique within the pod, got 'api' which is already used (containers: api); give each container its own name");
  });

  test('fails when two steps have the same name', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new InitContainers(chart, 'api-init', { workload: web, steps: [migrate(), migrate()] }))
      .toThrow("test/api-init: 'name' must be unique within the pod, got 'migrate-schema' which is already used (containers: api, migrate-schema); give each container its own name");
  });

  test('fails when a step\'s name is not a DNS-1123 label', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new InitContainers(chart, 'api-init', { workload: web, steps: [migrate('Log_Shipper')] }))
      .toThrow(new Error("InitStep.run: 'name' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'Log_Shipper'"));
  });

  test('fails when InitStep.waitFor gets a host that is not a DNS-1123 subdomain', () => {
    // GIVEN / WHEN / THEN
    expect(() => InitStep.waitFor({ name: 'wait-for-db', host: 'tickets_db; rm -rf /', port: 5432 }))
      .toThrow(new Error("InitStep.waitFor: 'host' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters), got 'tickets_db; rm -rf /'"));
  });

  test.each([[0], [70000]])('fails when InitStep.waitFor gets a port out of range: %p', (port) => {
    // GIVEN / WHEN / THEN
    expect(() => InitStep.waitFor({ name: 'wait-for-db', host: 'tickets-db', port }))
      .toThrow(new Error(`InitStep.waitFor: 'port' must be an integer within 1-65535, got ${port}`));
  });

  test('fails when InitStep.waitFor gets an interval below one second', () => {
    // GIVEN / WHEN / THEN
    expect(() => InitStep.waitFor({ name: 'wait-for-db', host: 'tickets-db', port: 5432, intervalSeconds: 0.5 }))
      .toThrow(new Error("InitStep.waitFor: 'intervalSeconds' must be an integer at least 1, got 0.5"));
  });

  test('fails when a step\'s cpu request is above its limit', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new InitContainers(chart, 'api-init', {
      workload: web,
      steps: [InitStep.run({
        name: 'migrate-schema',
        image: API_IMAGE,
        resources: { cpu: { request: kplus.Cpu.millis(300), limit: kplus.Cpu.millis(200) } },
      })],
    })).toThrow(new Error("InitStep.run: 'resources.cpu' request must not exceed its limit, got request 300m and limit 200m"));
  });

  test('fails at synth when a step sets unequal requests and limits in a Guaranteed pod, naming it', () => {
    // GIVEN
    const { chart, web } = webApp(GUARANTEED);

    // WHEN
    new InitContainers(chart, 'api-init', {
      workload: web,
      steps: [InitStep.run({
        name: 'migrate-schema',
        image: API_IMAGE,
        resources: {
          cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(250) },
          memory: { request: Size.mebibytes(256), limit: Size.mebibytes(256) },
        },
      })],
    });

    // THEN
    expect(() => synth(chart)).toThrow(new Error(
      "test/web: 'qos' must give the pod the QoS class it names (Guaranteed), got a Burstable pod: init container 'migrate-schema' requests cpu 100m but its limit is 250m; give every container equal requests and limits or choose another preset"));
  });

  test('lets init steps declare a port an app container also uses, since they never run at the same time', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new InitContainers(chart, 'api-init', {
      workload: web,
      steps: [
        InitStep.run({ name: 'migrate-schema', image: API_IMAGE, ports: [{ number: 8080, name: 'status' }] }),
        InitStep.run({ name: 'seed-venues', image: API_IMAGE, ports: [{ number: 8080, name: 'status' }] }),
      ],
    });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'migrate-schema').ports).toEqual([{ containerPort: 8080, name: 'status' }]);
    expect(container(spec, 'seed-venues').ports).toEqual([{ containerPort: 8080, name: 'status' }]);
    expect(container(spec, 'api').ports).toEqual([{ containerPort: 8080, name: 'http' }]);
  });

  test('renders the reference app\'s wait-and-migrate steps (snapshot)', () => {
    // GIVEN
    const { chart, web } = webApp(GUARANTEED);

    // WHEN
    new InitContainers(chart, 'api-init', {
      workload: web,
      steps: [InitStep.waitFor({ name: 'wait-for-db', host: 'tickets-db', port: 5432 }), migrate()],
    });

    // THEN
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
  });

  test('fails when steps is not a list (from JavaScript)', () => {
    const { chart, web } = webApp();
    expect(() => new InitContainers(chart, 'api-init', { workload: web, steps: 'migrate' as any }))
      .toThrow(new Error("test/api-init: 'steps' must be an array, got 'migrate'"));
  });

  test('fails when a step is not an InitStep (from JavaScript)', () => {
    const { chart, web } = webApp();
    expect(() => new InitContainers(chart, 'api-init', { workload: web, steps: [{ name: 'x', image: API_IMAGE } as any] }))
      .toThrow(new Error('test/api-init: \'steps[0]\' must be an InitStep (InitStep.run or InitStep.waitFor), got {"name":"x","image":"ghcr.io/cdk8s-patterns/tickets-api:1.4.2"}'));
  });
});
