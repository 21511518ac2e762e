import { ApiObject, Chart, JsonPatch, Size } from 'cdk8s';
import { Adapter, Deployment, Sidecar } from '../../src';
import { kplus } from '../../src/_plus';
import { container, find, newChart, podSpec, synth } from '../harness';

const API_IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const EXPORTER_IMAGE = 'prom/statsd-exporter:v0.26.0';

/** A chart with our Deployment `web` running one main container `api` on port 8080. */
function webApp(): { chart: Chart; web: Deployment } {
  const chart = newChart();
  const web = new Deployment(chart, 'web', {
    metadata: { name: 'web' },
    containers: [{ name: 'api', image: API_IMAGE, ports: [{ number: 8080, name: 'http' }] }],
  });
  return { chart, web };
}

/** The pod template annotations of the Deployment `web`. */
function podAnnotations(manifests: any[]): any {
  return find(manifests, 'Deployment', 'web').spec.template.metadata.annotations;
}

describe('Adapter', () => {
  test('joins the pod after the main container, named after its id', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    const adapter = new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(spec.containers.map((c: any) => c.name)).toEqual(['api', 'metrics-exporter']);
    expect(container(spec, 'metrics-exporter').image).toBe(EXPORTER_IMAGE);
    expect(adapter.container.name).toBe('metrics-exporter');
  });

  test('serves on a port named `metrics`, 9102 by default', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    const adapter = new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'metrics-exporter').ports).toEqual([{ containerPort: 9102, name: 'metrics' }]);
    expect(adapter.port).toBe(9102);
  });

  test('serves on `port` when given', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    const adapter = new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE, port: 9187 });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'metrics-exporter').ports).toEqual([{ containerPort: 9187, name: 'metrics' }]);
    expect(adapter.port).toBe(9187);
  });

  test('annotates the pod template for Prometheus to scrape it', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE });

    // THEN
    expect(podAnnotations(synth(chart))).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9102',
      'prometheus.io/path': '/metrics',
    });
  });

  test('annotates its `port` and `path` when given', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE, port: 9187, path: '/probe/metrics' });

    // THEN
    expect(podAnnotations(synth(chart))).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9187',
      'prometheus.io/path': '/probe/metrics',
    });
  });

  test('adds no annotation with `scrapeAnnotations: false`', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE, scrapeAnnotations: false });

    // THEN
    const manifests = synth(chart);
    expect(podAnnotations(manifests)).toBeUndefined();
    expect(container(podSpec(manifests, 'Deployment', 'web'), 'metrics-exporter').ports).toEqual([{ containerPort: 9102, name: 'metrics' }]);
  });

  test('annotates the pod itself when it joins a plain cdk8s-plus Pod', () => {
    // GIVEN
    const chart = newChart();
    const pod = new kplus.Pod(chart, 'pod', {
      metadata: { name: 'api' },
      containers: [{ name: 'api', image: API_IMAGE, securityContext: { capabilities: { drop: ['ALL' as kplus.Capability] } } }],
    });
    ApiObject.of(pod).addJsonPatch(JsonPatch.add('/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));

    // WHEN
    new Adapter(chart, 'metrics-exporter', { workload: pod, image: EXPORTER_IMAGE });

    // THEN
    const manifest = find(synth(chart), 'Pod', 'api');
    expect(manifest.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9102',
      'prometheus.io/path': '/metrics',
    });
    expect(manifest.spec.containers.map((c: any) => c.name)).toEqual(['api', 'metrics-exporter']);
  });

  test('shares nothing with the main container by default', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(spec.volumes).toBeUndefined();
    expect(container(spec, 'api').volumeMounts).toBeUndefined();
    expect(container(spec, 'metrics-exporter').volumeMounts).toBeUndefined();
  });

  test('shares a 64Mi emptyDir at `sharedMountPath`: read-write in the main container, read-only in the adapter', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE, sharedMountPath: '/var/run/metrics' });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(spec.volumes).toEqual([{ name: 'metrics-exporter-shared', emptyDir: { sizeLimit: '64Mi' } }]);
    expect(container(spec, 'api').volumeMounts).toEqual([
      { name: 'metrics-exporter-shared', mountPath: '/var/run/metrics', readOnly: false },
    ]);
    expect(container(spec, 'metrics-exporter').volumeMounts).toEqual([
      { name: 'metrics-exporter-shared', mountPath: '/var/run/metrics', readOnly: true },
    ]);
  });

  test('limits the shared emptyDir to `sharedVolumeSizeLimit`', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE, sharedMountPath: '/var/run/metrics', sharedVolumeSizeLimit: Size.mebibytes(16) });

    // THEN
    expect(podSpec(synth(chart), 'Deployment', 'web').volumes).toEqual([{ name: 'metrics-exporter-shared', emptyDir: { sizeLimit: '16Mi' } }]);
  });

  test('passes command, args, workingDir, environment variables and resources to its container', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Adapter(chart, 'metrics-exporter', {
      workload: web,
      image: EXPORTER_IMAGE,
      command: ['/bin/statsd_exporter'],
      args: ['--statsd.mapping-config=/etc/statsd/mapping.yaml'],
      workingDir: '/etc/statsd',
      envVariables: { LOG_LEVEL: kplus.EnvValue.fromValue('warn') },
      resources: { memory: { request: Size.mebibytes(32), limit: Size.mebibytes(32) } },
    });

    // THEN
    const exporter = container(podSpec(synth(chart), 'Deployment', 'web'), 'metrics-exporter');
    expect(exporter.command).toEqual(['/bin/statsd_exporter']);
    expect(exporter.args).toEqual(['--statsd.mapping-config=/etc/statsd/mapping.yaml']);
    expect(exporter.workingDir).toBe('/etc/statsd');
    expect(exporter.env).toEqual([{ name: 'LOG_LEVEL', value: 'warn' }]);
    expect(exporter.resources.limits.memory).toBe('32Mi');
  });

  test('fails when sharedVolumeSizeLimit comes without sharedMountPath', () => {
    const { chart, web } = webApp();
    expect(() => new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE, sharedVolumeSizeLimit: Size.mebibytes(16) }))
      .toThrow(new Error("test/metrics-exporter: 'sharedVolumeSizeLimit' must come with 'sharedMountPath', the volume it limits, got 16Mi and no 'sharedMountPath'"));
  });

  test('fails when sharedVolumeSizeLimit is 0', () => {
    const { chart, web } = webApp();
    expect(() => new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE, sharedMountPath: '/var/run/metrics', sharedVolumeSizeLimit: Size.mebibytes(0) }))
      .toThrow(new Error("test/metrics-exporter: 'sharedVolumeSizeLimit' must be above 0 such as Size.mebibytes(256), got '0Mi'"));
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
    new Adapter(chart, 'metrics-exporter', { workload: web, mainContainer: 'worker', image: EXPORTER_IMAGE, sharedMountPath: '/var/run/metrics' });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'api').volumeMounts).toBeUndefined();
    expect(container(spec, 'worker').volumeMounts).toEqual([
      { name: 'metrics-exporter-shared', mountPath: '/var/run/metrics', readOnly: false },
    ]);
  });

  test('is hardened and sized by the workload\'s QoS preset', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE });

    // THEN
    const exporter = container(podSpec(synth(chart), 'Deployment', 'web'), 'metrics-exporter');
    expect(exporter.resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
    expect(exporter.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    });
  });

  test.each([[0], [70000]])('fails when its port is out of range: %p', (port) => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE, port }))
      .toThrow(`test/metrics-exporter: 'port' must be an integer within 1-65535, got ${port}`);
  });

  test('fails at synth when its port is the main container\'s', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE, port: 8080 });

    // THEN
    expect(() => synth(chart)).toThrow(new Error(
      "test/web: 'ports' must be unique within the pod (its containers share one network namespace), got port 8080/TCP in container 'api' and in container 'metrics-exporter'; give each a different port"));
  });

  test('fails when its path is not an HTTP path', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE, path: 'metrics' }))
      .toThrow(new Error("test/metrics-exporter: 'path' must be an HTTP path starting with '/' and without spaces, got 'metrics'"));
  });

  test('fails when a second adapter would annotate the pod with another port', () => {
    // GIVEN
    const { chart, web } = webApp();
    new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE });

    // WHEN / THEN
    expect(() => new Adapter(chart, 'jvm-exporter', { workload: web, image: 'bitnami/jmx-exporter:0.20.0', port: 9404 }))
      .toThrow("test/jvm-exporter: 'annotations' cannot set 'prometheus.io/port' to '9404': the pod already has '9102' there (one pod, one value)");
  });

  test('fails when its name is already used in the pod', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new Adapter(chart, 'metrics-exporter', { workload: web, name: 'api', image: EXPORTER_IMAGE }))
      .toThrow("test/metrics-exporter: 'name' must be unique within the pod, got 'api' which is already used (containers: api); give each container its own name");
  });

  test('fails when its name is not a DNS-1123 label', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new Adapter(chart, 'metrics-exporter', { workload: web, name: 'Log_Shipper', image: EXPORTER_IMAGE }))
      .toThrow("test/metrics-exporter: 'name' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'Log_Shipper'");
  });

  test('fails when the main container already mounts something at `sharedMountPath`', () => {
    // GIVEN
    const { chart, web } = webApp();
    new Sidecar(chart, 'log-shipper', { workload: web, image: 'fluent/fluent-bit:2.2.2', mountPath: '/var/run/app' });

    // WHEN / THEN
    expect(() => new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE, sharedMountPath: '/var/run/app' }))
      .toThrow("test/metrics-exporter: 'mountPath' must not be mounted twice in container 'api', got '/var/run/app' which is already a mount point there");
  });

  test('fails when attached to nothing', () => {
    // GIVEN
    const chart = newChart();

    // WHEN / THEN
    expect(() => new Adapter(chart, 'metrics-exporter', { workload: undefined as any, image: EXPORTER_IMAGE }))
      .toThrow("test/metrics-exporter: 'workload' must be a cdk8s-plus workload (Deployment, StatefulSet, Pod, ...) for the adapter to join, got undefined");
  });

  test('fails when the workload has no main container yet', () => {
    // GIVEN
    const chart = newChart();
    const web = new Deployment(chart, 'web');

    // WHEN / THEN
    expect(() => new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE }))
      .toThrow("test/metrics-exporter: 'workload' must already have its main container, got a workload with no containers: add it before the pattern");
  });

  test('accepts a 63-character container name with `sharedMountPath`', () => {
    // GIVEN
    const { chart, web } = webApp();
    const name = 'm'.repeat(63);

    // WHEN
    new Adapter(chart, 'long', { workload: web, name, image: EXPORTER_IMAGE, sharedMountPath: '/var/run/stats' });
    const spec = podSpec(synth(chart), 'Deployment');

    // THEN
    expect(spec.volumes[0].name).toMatch(/^m{47}-[0-9a-f]{8}-shared$/);
  });

  test('renders a statsd exporter next to the API (snapshot)', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Adapter(chart, 'metrics-exporter', {
      workload: web,
      image: EXPORTER_IMAGE,
      args: ['--statsd.listen-udp=:9125', '--web.listen-address=:9102'],
      path: '/metrics',
      sharedMountPath: '/var/run/metrics',
    });

    // THEN
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
  });

  test('fails when sharedMountPath is not an absolute path, naming it', () => {
    const { chart, web } = webApp();
    expect(() => new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE, sharedMountPath: '' }))
      .toThrow(new Error("test/metrics-exporter: 'sharedMountPath' must be an absolute path without '..', got ''"));
  });

  test('fails when scrapeAnnotations is not a boolean (from JavaScript)', () => {
    const { chart, web } = webApp();
    expect(() => new Adapter(chart, 'metrics-exporter', { workload: web, image: EXPORTER_IMAGE, scrapeAnnotations: 'yes' as any }))
      .toThrow(new Error("test/metrics-exporter: 'scrapeAnnotations' must be a boolean, got 'yes'"));
  });
});
