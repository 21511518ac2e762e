import { ApiObject, Chart, JsonPatch, Size } from 'cdk8s';
import { Deployment, Qos, QosClass, QosPreset, Sidecar } from '../../src';
import { kplus } from '../../src/_plus';
import { container, newChart, podSpec, synth } from '../harness';
import { DEFAULT_RESOURCES, HARDENED } from '../harness/fixtures';

const API_IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const SHIPPER_IMAGE = 'fluent/fluent-bit:2.2.2';

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

/**
 * A plain cdk8s-plus Deployment `plain`, made to meet "restricted" by hand
 * (dropped capabilities, and the pod seccomp profile cdk8s-plus-27 cannot set).
 */
function plainDeployment(chart: Chart): kplus.Deployment {
  const plain = new kplus.Deployment(chart, 'plain', {
    metadata: { name: 'plain' },
    containers: [{
      name: 'app',
      image: API_IMAGE,
      securityContext: { capabilities: { drop: ['ALL' as kplus.Capability] } },
    }],
  });
  ApiObject.of(plain).addJsonPatch(
    JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
  return plain;
}

describe('Sidecar', () => {
  test('joins the pod after the main container, named after its id', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(spec.containers.map((c: any) => c.name)).toEqual(['api', 'log-shipper']);
    expect(container(spec, 'log-shipper').image).toBe(SHIPPER_IMAGE);
  });

  test('takes its container name from `name` when given', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    const sidecar = new Sidecar(chart, 'LogShipper', { workload: web, image: SHIPPER_IMAGE, name: 'log-shipper' });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(spec.containers.map((c: any) => c.name)).toEqual(['api', 'log-shipper']);
    expect(sidecar.container.name).toBe('log-shipper');
  });

  test('shares an emptyDir volume named after it, limited to 256Mi by default', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    const sidecar = new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(spec.volumes).toEqual([{ name: 'log-shipper-shared', emptyDir: { sizeLimit: '256Mi' } }]);
    expect(sidecar.volume.name).toBe('log-shipper-shared');
  });

  test('limits the shared volume to `sizeLimit`', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE, sizeLimit: Size.gibibytes(1) });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(spec.volumes).toEqual([{ name: 'log-shipper-shared', emptyDir: { sizeLimit: '1024Mi' } }]);
  });

  test('mounts the volume read-write in the main container and read-only in the sidecar, at /shared by default', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'api').volumeMounts).toEqual([
      { name: 'log-shipper-shared', mountPath: '/shared', readOnly: false },
    ]);
    expect(container(spec, 'log-shipper').volumeMounts).toEqual([
      { name: 'log-shipper-shared', mountPath: '/shared', readOnly: true },
    ]);
  });

  test('mounts the volume at `mountPath` in both containers', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE, mountPath: '/var/log/tickets' });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'api').volumeMounts).toEqual([
      { name: 'log-shipper-shared', mountPath: '/var/log/tickets', readOnly: false },
    ]);
    expect(container(spec, 'log-shipper').volumeMounts).toEqual([
      { name: 'log-shipper-shared', mountPath: '/var/log/tickets', readOnly: true },
    ]);
  });

  test('mounts the volume at `sidecarMountPath` in the sidecar', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Sidecar(chart, 'log-shipper', {
      workload: web,
      image: SHIPPER_IMAGE,
      mountPath: '/var/log/tickets',
      sidecarMountPath: '/fluent-bit/input',
    });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'api').volumeMounts).toEqual([
      { name: 'log-shipper-shared', mountPath: '/var/log/tickets', readOnly: false },
    ]);
    expect(container(spec, 'log-shipper').volumeMounts).toEqual([
      { name: 'log-shipper-shared', mountPath: '/fluent-bit/input', readOnly: true },
    ]);
  });

  test('mounts the volume read-write in the sidecar with `readOnly: false`', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Sidecar(chart, 'log-rotator', { workload: web, image: 'ghcr.io/example/logrotate:3.21.0', readOnly: false });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'log-rotator').volumeMounts).toEqual([
      { name: 'log-rotator-shared', mountPath: '/shared', readOnly: false },
    ]);
  });

  test('declares no port', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'log-shipper').ports).toBeUndefined();
  });

  test('passes command, args and environment variables to its container', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Sidecar(chart, 'log-shipper', {
      workload: web,
      image: SHIPPER_IMAGE,
      command: ['/fluent-bit/bin/fluent-bit'],
      args: ['-i', 'tail', '-p', 'path=/shared/*.log', '-o', 'stdout'],
      envVariables: { FLB_LOG_LEVEL: kplus.EnvValue.fromValue('info') },
    });

    // THEN
    const shipper = container(podSpec(synth(chart), 'Deployment', 'web'), 'log-shipper');
    expect(shipper.command).toEqual(['/fluent-bit/bin/fluent-bit']);
    expect(shipper.args).toEqual(['-i', 'tail', '-p', 'path=/shared/*.log', '-o', 'stdout']);
    expect(shipper.env).toEqual([{ name: 'FLB_LOG_LEVEL', value: 'info' }]);
  });

  test('passes workingDir and resources to its container', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Sidecar(chart, 'log-shipper', {
      workload: web,
      image: SHIPPER_IMAGE,
      workingDir: '/fluent-bit/etc',
      resources: {
        cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(100) },
        memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) },
      },
    });

    // THEN
    const shipper = container(podSpec(synth(chart), 'Deployment', 'web'), 'log-shipper');
    expect(shipper.workingDir).toBe('/fluent-bit/etc');
    expect(shipper.resources).toEqual({ requests: { cpu: '50m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } });
  });

  test('fails when workingDir is not an absolute path', () => {
    const { chart, web } = webApp();
    expect(() => new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE, workingDir: 'etc' }))
      .toThrow(new Error("test/log-shipper: 'workingDir' must be an absolute path without '..', got 'etc'"));
    expect(() => new Sidecar(chart, 'other', { workload: web, image: SHIPPER_IMAGE, workingDir: 7 as any }))
      .toThrow(new Error("test/other: 'workingDir' must be a string, got 7"));
  });

  test('is hardened and sized by the default QoS preset of our Deployment', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE });

    // THEN
    const shipper = container(podSpec(synth(chart), 'Deployment', 'web'), 'log-shipper');
    expect(shipper.securityContext).toEqual(HARDENED);
    expect(shipper.resources).toEqual(DEFAULT_RESOURCES);
  });

  test('inherits a Guaranteed preset: its requests equal its limits', () => {
    // GIVEN
    const { chart, web } = webApp(GUARANTEED);

    // WHEN
    new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'log-shipper').resources).toEqual({
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '250m', memory: '256Mi' },
    });
    expect(Qos.classOf(spec)).toBe(QosClass.GUARANTEED);
  });

  test('serves the container named by `mainContainer`', () => {
    // GIVEN
    const chart = newChart();
    const web = new Deployment(chart, 'web', {
      metadata: { name: 'web' },
      containers: [
        { name: 'api', image: API_IMAGE },
        { name: 'worker', image: 'ghcr.io/cdk8s-patterns/tickets-worker:1.4.2' },
      ],
    });

    // WHEN
    new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE, mainContainer: 'worker' });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(spec.containers.map((c: any) => c.name)).toEqual(['api', 'worker', 'log-shipper']);
    expect(container(spec, 'api').volumeMounts).toBeUndefined();
    expect(container(spec, 'worker').volumeMounts).toEqual([
      { name: 'log-shipper-shared', mountPath: '/shared', readOnly: false },
    ]);
  });

  test('joins a plain cdk8s-plus Deployment: the sidecar is hardened and sized by QosPreset.defaults(), the main container keeps cdk8s-plus\' own', () => {
    // GIVEN
    const chart = newChart();
    const plain = plainDeployment(chart);

    // WHEN
    new Sidecar(chart, 'log-shipper', { workload: plain, image: SHIPPER_IMAGE });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'plain');
    expect(spec.containers.map((c: any) => c.name)).toEqual(['app', 'log-shipper']);
    const shipper = container(spec, 'log-shipper');
    expect(shipper.securityContext).toEqual(HARDENED);
    expect(shipper.resources).toEqual(DEFAULT_RESOURCES);
    expect(shipper.volumeMounts).toEqual([{ name: 'log-shipper-shared', mountPath: '/shared', readOnly: true }]);
    const app = container(spec, 'app');
    expect(app.resources).toEqual({
      requests: { cpu: '1000m', memory: '512Mi' },
      limits: { cpu: '1500m', memory: '2048Mi' },
    });
    expect(app.volumeMounts).toEqual([{ name: 'log-shipper-shared', mountPath: '/shared', readOnly: false }]);
  });

  test('fails when its name is already used by another helper container of the pod', () => {
    // GIVEN
    const { chart, web } = webApp();
    new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE });

    // WHEN / THEN
    expect(() => new Sidecar(chart, 'second', {
      workload: web,
      image: SHIPPER_IMAGE,
      name: 'log-shipper',
      mountPath: '/var/log/second',
    })).toThrow("test/second: 'name' must be unique within the pod, got 'log-shipper' which is already used (containers: api, log-shipper); give each container its own name");
  });

  test('fails when its name is the `main` an unnamed container of our Deployment got', () => {
    // GIVEN
    const chart = newChart();
    const web = new Deployment(chart, 'web', { containers: [{ image: API_IMAGE }] });

    // WHEN / THEN
    expect(() => new Sidecar(chart, 'main', { workload: web, image: SHIPPER_IMAGE }))
      .toThrow("test/main: 'name' must be unique within the pod, got 'main' which is already used (containers: main); give each container its own name");
  });

  test('fails when a second unnamed container joins our Deployment, colliding with `main`', () => {
    // GIVEN
    const chart = newChart();
    const web = new Deployment(chart, 'web', { containers: [{ image: API_IMAGE }] });
    new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE });

    // WHEN / THEN
    expect(() => web.addContainer({ image: 'ghcr.io/cdk8s-patterns/tickets-worker:1.4.2' }))
      .toThrow("test/web: 'name' must be unique within the pod, got 'main' which is already used (containers: main, log-shipper); give each container its own name");
  });

  test('fails when its name is not a DNS-1123 label (Log_Shipper), naming the \'name\' field', () => {
    const { chart, web } = webApp();
    expect(() => new Sidecar(chart, 'Log_Shipper', { workload: web, image: SHIPPER_IMAGE })).toThrow(new Error(
      "test/Log_Shipper: 'name' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'Log_Shipper'"));
  });

  test('accepts a 63-character container name, shortening the shared volume name to fit 63 characters', () => {
    // GIVEN
    const { chart, web } = webApp();
    const name = 'a'.repeat(63);

    // WHEN
    new Sidecar(chart, 'long', { workload: web, name, image: SHIPPER_IMAGE });
    const spec = podSpec(synth(chart), 'Deployment');

    // THEN
    const volume = spec.volumes[0].name;
    expect(volume).toMatch(/^a{47}-[0-9a-f]{8}-shared$/);
    expect(volume).toHaveLength(63);
    expect(container(spec, name).volumeMounts[0].name).toBe(volume);
  });

  test('fails when a port added to it is already used by the main container (at synth)', () => {
    // GIVEN
    const { chart, web } = webApp();
    const sidecar = new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE });

    // WHEN
    sidecar.container.addPort({ number: 8080, name: 'monitor' });

    // THEN
    expect(() => synth(chart)).toThrow(new Error(
      "test/web: 'ports' must be unique within the pod (its containers share one network namespace), got port 8080/TCP in container 'api' and in container 'log-shipper'; give each a different port"));
  });

  test('fails when its cpu request is above its limit', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new Sidecar(chart, 'log-shipper', {
      workload: web,
      image: SHIPPER_IMAGE,
      resources: { cpu: { request: kplus.Cpu.millis(600), limit: kplus.Cpu.millis(500) } },
    })).toThrow(new Error("test/log-shipper: 'resources.cpu' request must not exceed its limit, got request 600m and limit 500m"));
  });

  test('fails when its memory request is above its limit on a plain cdk8s-plus Deployment', () => {
    // GIVEN
    const chart = newChart();
    const plain = plainDeployment(chart);

    // WHEN / THEN
    expect(() => new Sidecar(chart, 'log-shipper', {
      workload: plain,
      image: SHIPPER_IMAGE,
      resources: { memory: { request: Size.mebibytes(512), limit: Size.mebibytes(256) } },
    })).toThrow(new Error("test/log-shipper: 'resources.memory' request must not exceed its limit, got request 512Mi and limit 256Mi"));
  });

  test('fails when attached to nothing', () => {
    // GIVEN
    const chart = newChart();

    // WHEN / THEN
    expect(() => new Sidecar(chart, 'log-shipper', { workload: undefined as any, image: SHIPPER_IMAGE }))
      .toThrow("test/log-shipper: 'workload' must be a cdk8s-plus workload (Deployment, StatefulSet, Pod, ...) for the sidecar to join, got undefined");
  });

  test('fails when the workload has no main container yet', () => {
    // GIVEN
    const chart = newChart();
    const web = new Deployment(chart, 'web');

    // WHEN / THEN
    expect(() => new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE }))
      .toThrow("test/log-shipper: 'workload' must already have its main container, got a workload with no containers: add it before the pattern");
  });

  test('fails when `mainContainer` names no container of the workload', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE, mainContainer: 'worker' }))
      .toThrow("test/log-shipper: 'mainContainer' must name a container of the workload (api), got 'worker'");
  });

  test('fails when the main container already mounts something at its mount path', () => {
    // GIVEN
    const { chart, web } = webApp();
    new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE });

    // WHEN / THEN
    expect(() => new Sidecar(chart, 'audit-shipper', { workload: web, image: SHIPPER_IMAGE }))
      .toThrow("test/audit-shipper: 'mountPath' must not be mounted twice in container 'api', got '/shared' which is already a mount point there");
  });

  test('fails when the mount path is not absolute', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE, mountPath: 'logs' }))
      .toThrow("test/log-shipper: 'mountPath' must be an absolute path without '..', got 'logs'");
  });

  test('fails at synth when it sets unequal requests and limits in a Guaranteed workload, naming it', () => {
    // GIVEN
    const { chart, web } = webApp(GUARANTEED);

    // WHEN
    new Sidecar(chart, 'log-shipper', {
      workload: web,
      image: SHIPPER_IMAGE,
      resources: {
        cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(250) },
        memory: { request: Size.mebibytes(256), limit: Size.mebibytes(256) },
      },
    });

    // THEN
    expect(() => synth(chart)).toThrow(new Error(
      "test/web: 'qos' must give the pod the QoS class it names (Guaranteed), got a Burstable pod: container 'log-shipper' requests cpu 100m but its limit is 250m; give every container equal requests and limits or choose another preset"));
  });

  test('renders a log shipper next to the API (snapshot)', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Sidecar(chart, 'log-shipper', {
      workload: web,
      image: SHIPPER_IMAGE,
      mountPath: '/var/log/tickets',
      sidecarMountPath: '/fluent-bit/input',
      sizeLimit: Size.mebibytes(128),
      args: ['-i', 'tail', '-p', 'path=/fluent-bit/input/*.log', '-o', 'stdout'],
    });

    // THEN
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
  });

  test('fails when sidecarMountPath is not an absolute path, naming it', () => {
    const { chart, web } = webApp();
    expect(() => new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE, sidecarMountPath: 'logs' }))
      .toThrow(new Error("test/log-shipper: 'sidecarMountPath' must be an absolute path without '..', got 'logs'"));
  });

  test('fails when the size limit is not a whole number of mebibytes', () => {
    const { chart, web } = webApp();
    expect(() => new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE, sizeLimit: Size.mebibytes(NaN) }))
      .toThrow(new Error("test/log-shipper: 'sizeLimit' must be a whole number of mebibytes, got 'NaNMi'"));
  });
});
