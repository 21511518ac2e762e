import { Chart, Cron, Size, Testing } from 'cdk8s';
import {
  CronJob, DaemonSet, Deployment, Job, Pod, PodOptions, PriorityClass, ReplicaSet, Sidecar, StatefulSet,
} from '../../src';
import { kplus } from '../../src/_plus';
import { writableVolumeName } from '../../src/workloads/_writable-paths';
import { container, newChart, podSpec, synth } from '../harness';
import { allContainers } from '../harness/fixtures';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const BUSYBOX = 'busybox:1.36';

/** Builds a workload of one species named `web`, with one container `api` on port 8080. */
type BuildOptions = PodOptions & { metadata?: { name?: string; namespace?: string }; volumes?: kplus.Volume[] };
type Build = (chart: Chart, options: BuildOptions) => kplus.AbstractPod;

const api = [{ name: 'api', image: IMAGE, ports: [{ number: 8080, name: 'http' }] }];
const restartNever = kplus.RestartPolicy.NEVER;

/** Every species of the library, as [kind, build]. */
const SPECIES: Array<[string, Build]> = [
  ['Deployment', (chart, options) => new Deployment(chart, 'web', { containers: api, ...options })],
  ['ReplicaSet', (chart, options) => new ReplicaSet(chart, 'web', { containers: api, ...options })],
  ['DaemonSet', (chart, options) => new DaemonSet(chart, 'web', { containers: api, ...options })],
  ['StatefulSet', (chart, options) => new StatefulSet(chart, 'web', { containers: api, ...options })],
  ['Job', (chart, options) => new Job(chart, 'web', { containers: api, restartPolicy: restartNever, ...options })],
  ['CronJob', (chart, options) => new CronJob(chart, 'web', { schedule: Cron.daily(), containers: api, restartPolicy: restartNever, ...options })],
  ['Pod', (chart, options) => new Pod(chart, 'web', { containers: api, ...options })],
];

const deployment: Build = SPECIES[0][1];

describe('PodOptions', () => {
  describe('priorityClass and priorityClassName', () => {
    test.each(SPECIES)('a %s renders the name of a PriorityClass of the app', (kind, build) => {
      // GIVEN
      const chart = newChart();
      const high = new PriorityClass(chart, 'high', { metadata: { name: 'tickets-high' }, value: 100000 });

      // WHEN
      build(chart, { priorityClass: high });

      // THEN
      expect(podSpec(synth(chart), kind).priorityClassName).toBe('tickets-high');
    });

    test.each(SPECIES)('a %s renders the name of a class created outside the app', (kind, build) => {
      // GIVEN
      const chart = newChart();

      // WHEN
      build(chart, { priorityClassName: 'batch-low' });

      // THEN
      expect(podSpec(synth(chart), kind).priorityClassName).toBe('batch-low');
    });

    test('renders no priority class by default', () => {
      // GIVEN
      const chart = newChart();

      // WHEN
      deployment(chart, {});

      // THEN
      expect(podSpec(synth(chart), 'Deployment')).not.toHaveProperty('priorityClassName');
    });

    test('accepts a system class in kube-system, the chart’s namespace included', () => {
      // GIVEN
      const chart = new Chart(Testing.app(), 'system', { namespace: 'kube-system' });

      // WHEN
      deployment(chart, { priorityClassName: 'system-cluster-critical' });

      // THEN
      expect(podSpec(synth(chart), 'Deployment').priorityClassName).toBe('system-cluster-critical');
    });

    test('fails when a system class is named outside kube-system', () => {
      // GIVEN
      const chart = newChart();

      // WHEN / THEN
      expect(() => deployment(chart, { metadata: { namespace: 'ticketing' }, priorityClassName: 'system-node-critical' }))
        .toThrow("test/web: 'priorityClassName' must name a class of your own outside the 'kube-system' namespace: Kubernetes admits 'system-node-critical' for pods of 'kube-system' only, got a workload in namespace 'ticketing'; create a PriorityClass and pass it as 'priorityClass'");
    });

    test('fails when a system class is named by a workload of no namespace', () => {
      // GIVEN
      const chart = newChart();

      // WHEN / THEN
      expect(() => new Job(chart, 'web', { containers: api, restartPolicy: restartNever, priorityClassName: 'system-cluster-critical' }))
        .toThrow("test/web: 'priorityClassName' must name a class of your own outside the 'kube-system' namespace: Kubernetes admits 'system-cluster-critical' for pods of 'kube-system' only, got a workload in no namespace (the one kubectl picks when applied); create a PriorityClass and pass it as 'priorityClass'");
    });

    test('fails when another system- name is given', () => {
      // GIVEN
      const chart = newChart();

      // WHEN / THEN
      expect(() => deployment(chart, { priorityClassName: 'system-critical' }))
        .toThrow("test/web: 'priorityClassName' must be one of Kubernetes' own classes (system-cluster-critical, system-node-critical) when it starts with 'system-', a prefix no other class may use, got 'system-critical'");
    });

    test('fails when both a class and a name are given', () => {
      // GIVEN
      const chart = newChart();
      const high = new PriorityClass(chart, 'high', { value: 1000 });

      // WHEN / THEN
      expect(() => deployment(chart, { priorityClass: high, priorityClassName: 'batch-low' }))
        .toThrow("test/web: 'priorityClassName' must not be given with 'priorityClass', which names the class already, got 'batch-low' and PriorityClass 'test/high'; keep one");
    });

    test('fails when the name is not a DNS-1123 subdomain', () => {
      // GIVEN
      const chart = newChart();

      // WHEN / THEN
      expect(() => deployment(chart, { priorityClassName: 'Batch_Low' }))
        .toThrow("test/web: 'priorityClassName' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters), got 'Batch_Low'");
    });

    test('fails when priorityClass is not a PriorityClass', () => {
      // GIVEN
      const chart = newChart();

      // WHEN / THEN
      expect(() => deployment(chart, { priorityClass: 'tickets-high' as any }))
        .toThrow("test/web: 'priorityClass' must be a PriorityClass construct (name a class created outside the app with 'priorityClassName'), got 'tickets-high'");
    });
  });

  describe('readinessGates', () => {
    test.each(SPECIES)('a %s renders its condition types in order', (kind, build) => {
      // GIVEN
      const chart = newChart();

      // WHEN
      build(chart, { readinessGates: ['example.com/load-balancer-ready', 'PodReadyToServe'] });

      // THEN
      expect(podSpec(synth(chart), kind).readinessGates).toEqual([
        { conditionType: 'example.com/load-balancer-ready' },
        { conditionType: 'PodReadyToServe' },
      ]);
    });

    test('renders none by default or for an empty list', () => {
      // GIVEN
      const chart = newChart();

      // WHEN
      deployment(chart, { readinessGates: [] });

      // THEN
      expect(podSpec(synth(chart), 'Deployment')).not.toHaveProperty('readinessGates');
    });

    test('fails when a condition type is not a qualified name', () => {
      // GIVEN
      const chart = newChart();

      // WHEN / THEN
      expect(() => deployment(chart, { readinessGates: ['example.com/lb ready'] }))
        .toThrow("test/web: 'readinessGates[0]' must be a pod condition type, a qualified name such as 'example.com/load-balancer-ready' (an optional DNS-1123 subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit), got 'example.com/lb ready'");
    });

    test('fails when a condition type is listed twice', () => {
      // GIVEN
      const chart = newChart();

      // WHEN / THEN
      expect(() => deployment(chart, { readinessGates: ['example.com/lb', 'example.com/lb'] }))
        .toThrow("test/web: 'readinessGates[1]' must be listed once, got 'example.com/lb' twice");
    });

    test('fails when readinessGates is not an array', () => {
      // GIVEN
      const chart = newChart();

      // WHEN / THEN
      expect(() => deployment(chart, { readinessGates: 'example.com/lb' as any }))
        .toThrow("test/web: 'readinessGates' must be an array, got 'example.com/lb'");
    });
  });

  describe('writablePaths', () => {
    test.each(SPECIES)('a %s mounts one emptyDir per path read-write in every container, init containers included', (kind, build) => {
      // GIVEN
      const chart = newChart();

      // WHEN
      const workload = build(chart, { writablePaths: ['/tmp', '/var/cache/nginx'] });
      workload.addInitContainer({ name: 'setup', image: BUSYBOX });
      const spec = podSpec(synth(chart), kind);

      // THEN
      for (const c of allContainers(spec)) {
        expect(c.volumeMounts).toEqual([
          { name: 'writable-tmp', mountPath: '/tmp' },
          { name: 'writable-var-cache-nginx', mountPath: '/var/cache/nginx' },
        ]);
      }
      expect(spec.volumes).toEqual([
        { name: 'writable-tmp', emptyDir: { sizeLimit: '256Mi' } },
        { name: 'writable-var-cache-nginx', emptyDir: { sizeLimit: '256Mi' } },
      ]);
    });

    test('mounts them in containers added later, attached and helper containers too', () => {
      // GIVEN
      const chart = newChart();
      const web = deployment(chart, { writablePaths: ['/tmp'] });

      // WHEN
      web.addContainer({ name: 'added', image: BUSYBOX });
      web.attachContainer(new kplus.Container({ name: 'attached', image: BUSYBOX, securityContext: { ensureNonRoot: true, capabilities: { drop: ['ALL' as kplus.Capability] } } }));
      new Sidecar(chart, 'log-shipper', { workload: web, image: 'fluent/fluent-bit:2.2.2' });
      const spec = podSpec(synth(chart), 'Deployment');

      // THEN
      for (const name of ['api', 'added', 'attached', 'log-shipper']) {
        expect(container(spec, name).volumeMounts).toContainEqual({ name: 'writable-tmp', mountPath: '/tmp' });
      }
      expect(spec.volumes.filter((v: any) => v.name === 'writable-tmp')).toHaveLength(1);
    });

    test('limits each emptyDir to writablePathSizeLimit', () => {
      // GIVEN
      const chart = newChart();

      // WHEN
      deployment(chart, { writablePaths: ['/tmp', '/run'], writablePathSizeLimit: Size.mebibytes(64) });

      // THEN
      expect(podSpec(synth(chart), 'Deployment').volumes).toEqual([
        { name: 'writable-tmp', emptyDir: { sizeLimit: '64Mi' } },
        { name: 'writable-run', emptyDir: { sizeLimit: '64Mi' } },
      ]);
    });

    test('names each volume after its path alone, whatever the order of the paths', () => {
      // GIVEN
      const chart = newChart();

      // WHEN
      deployment(chart, { writablePaths: ['/var/run', '/tmp'] });

      // THEN
      expect(podSpec(synth(chart), 'Deployment').volumes.map((v: any) => v.name)).toEqual(['writable-var-run', 'writable-tmp']);
    });

    test('names the volume of a path that is no DNS label with a hash, so that paths differing in punctuation get distinct names', () => {
      // GIVEN
      const chart = newChart();
      const long = `/data/${'cache'.repeat(15)}`;

      // WHEN
      deployment(chart, { writablePaths: ['/var/cache-nginx', '/var/cache/nginx', '/home/App_Data', long] });

      // THEN
      const names: string[] = podSpec(synth(chart), 'Deployment').volumes.map((v: any) => v.name);
      expect(names[0]).toMatch(/^writable-var-cache-nginx-[0-9a-f]{8}$/);
      expect(names[1]).toBe('writable-var-cache-nginx');
      expect(names[2]).toMatch(/^writable-home-app-data-[0-9a-f]{8}$/);
      expect(names[3]).toMatch(/^writable-data-cache(cache)*-[0-9a-f]{8}$/);
      for (const name of names) expect(name.length).toBeLessThanOrEqual(63);
    });

    test('fails when a container mounts something else at a writable path', () => {
      // GIVEN
      const chart = newChart();
      const web = deployment(chart, { writablePaths: ['/tmp'] });
      const scratch = kplus.Volume.fromEmptyDir(chart, 'scratch', 'scratch');

      // WHEN / THEN
      expect(() => web.addContainer({ name: 'worker', image: BUSYBOX, volumeMounts: [{ path: '/tmp', volume: scratch }] }))
        .toThrow("test/web: 'writablePaths' must not list a path container 'worker' already mounts something at, got '/tmp' (volume 'scratch'); drop one of the two");
    });

    test('fails when an init container mounts something else at a writable path', () => {
      // GIVEN
      const chart = newChart();
      const web = deployment(chart, { writablePaths: ['/tmp'] });
      const scratch = kplus.Volume.fromEmptyDir(chart, 'scratch', 'scratch');

      // WHEN / THEN
      expect(() => web.addInitContainer({ name: 'setup', image: BUSYBOX, volumeMounts: [{ path: '/tmp', volume: scratch }] }))
        .toThrow("test/web: 'writablePaths' must not list a path container 'setup' already mounts something at, got '/tmp' (volume 'scratch'); drop one of the two");
    });

    test('fails when a pattern mounts its volume at a writable path', () => {
      // GIVEN
      const chart = newChart();
      const web = deployment(chart, { writablePaths: ['/shared'] });

      // WHEN / THEN
      expect(() => new Sidecar(chart, 'log-shipper', { workload: web, image: 'fluent/fluent-bit:2.2.2' }))
        .toThrow("test/log-shipper: 'mountPath' must not be mounted twice in container 'api', got '/shared' which is already a mount point there");
    });

    test('fails when a claim template of a StatefulSet mounts at a writable path', () => {
      // GIVEN
      const chart = newChart();

      // WHEN / THEN
      expect(() => new StatefulSet(chart, 'db', {
        containers: api,
        writablePaths: ['/data'],
        volumeClaimTemplates: [{ name: 'data', mountPath: '/data', storage: Size.gibibytes(1) }],
      })).toThrow("test/db: 'volumeClaimTemplates[data].mountPath' must not be mounted twice in container 'api', got '/data' which is already a mount point there");
    });

    test('fails when a volume of the pod already has a writable path’s volume name', () => {
      // GIVEN
      const chart = newChart();
      const taken = kplus.Volume.fromEmptyDir(chart, 'taken', 'writable-tmp');

      // WHEN / THEN
      expect(() => deployment(chart, { writablePaths: ['/tmp'], volumes: [taken] }))
        .toThrow("test/web: 'writablePaths' must give each path a volume name no other volume of the pod uses, got '/tmp', whose volume 'writable-tmp' is taken; rename the other volume");
    });

    test('fails when a volume of the pod already has the volume name of a writable path holding a line break, shown on one line', () => {
      // GIVEN
      const chart = newChart();
      const name = writableVolumeName('writable', '/var/tmp\nx');
      const taken = kplus.Volume.fromEmptyDir(chart, 'taken', name);

      // WHEN / THEN
      expect(() => deployment(chart, { writablePaths: ['/var/tmp\nx'], volumes: [taken] }))
        .toThrow(`test/web: 'writablePaths' must give each path a volume name no other volume of the pod uses, got '/var/tmp\\nx', whose volume '${name}' is taken; rename the other volume`);
    });

    test('fails at synth when a volume added later takes the volume name of a writable path holding a line break, shown on one line', () => {
      // GIVEN
      const chart = newChart();
      const web = deployment(chart, { writablePaths: ['/var/tmp\nx'] });
      const name = writableVolumeName('writable', '/var/tmp\nx');

      // WHEN
      web.containers[0].mount('/data', kplus.Volume.fromEmptyDir(chart, 'data', name));

      // THEN
      expect(() => synth(chart))
        .toThrow(`test/web: 'writablePaths' must give each path a volume name no other volume of the pod uses, got '/var/tmp\\nx', whose volume '${name}' another volume of the pod takes; rename the other volume`);
    });

    test('fails when a claim template of a StatefulSet takes a writable path’s volume name', () => {
      // GIVEN
      const chart = newChart();

      // WHEN / THEN
      expect(() => new StatefulSet(chart, 'db', {
        containers: api,
        writablePaths: ['/tmp'],
        volumeClaimTemplates: [{ name: 'writable-tmp', mountPath: '/data', storage: Size.gibibytes(1) }],
      })).toThrow("test/db: 'volumeClaimTemplates[writable-tmp].name' must differ from the pod's volumes, got 'writable-tmp' which is already a volume");
    });

    test('fails at synth when a volume added later takes a writable path’s volume name', () => {
      // GIVEN
      const chart = newChart();
      const web = deployment(chart, { writablePaths: ['/tmp'] });

      // WHEN
      web.containers[0].mount('/data', kplus.Volume.fromEmptyDir(chart, 'data', 'writable-tmp'));

      // THEN
      expect(() => synth(chart))
        .toThrow("test/web: 'writablePaths' must give each path a volume name no other volume of the pod uses, got '/tmp', whose volume 'writable-tmp' another volume of the pod takes; rename the other volume");
    });

    test.each([
      ['tmp', "'tmp'"],
      ['/', "'/'"],
      ['/tmp/', "'/tmp/'"],
      ['/var//run', "'/var//run'"],
      ['/var/../etc', "'/var/../etc'"],
      [42, '42'],
    ])('fails when a path is %p', (path, shown) => {
      // GIVEN
      const chart = newChart();

      // WHEN / THEN
      expect(() => deployment(chart, { writablePaths: ['/run', path as string] }))
        .toThrow(`test/web: 'writablePaths[1]' must be an absolute path below '/' without '.', '..', '//' or a trailing '/', such as '/tmp', got ${shown}`);
    });

    test('fails when a path is listed twice', () => {
      // GIVEN
      const chart = newChart();

      // WHEN / THEN
      expect(() => deployment(chart, { writablePaths: ['/tmp', '/tmp'] }))
        .toThrow("test/web: 'writablePaths[1]' must be listed once, got '/tmp' twice");
    });

    test('fails when writablePaths is not an array', () => {
      // GIVEN
      const chart = newChart();

      // WHEN / THEN
      expect(() => deployment(chart, { writablePaths: '/tmp' as any }))
        .toThrow("test/web: 'writablePaths' must be an array, got '/tmp'");
    });

    test('fails when writablePathSizeLimit comes without writable paths', () => {
      // GIVEN
      const chart = newChart();

      // WHEN / THEN
      expect(() => deployment(chart, { writablePathSizeLimit: Size.mebibytes(64) }))
        .toThrow("test/web: 'writablePathSizeLimit' must come with 'writablePaths', whose volumes it limits, got a size limit and no writable path");
    });

    test('fails when writablePathSizeLimit is not a positive size', () => {
      // GIVEN
      const chart = newChart();

      // WHEN / THEN
      expect(() => deployment(chart, { writablePaths: ['/tmp'], writablePathSizeLimit: Size.mebibytes(0) }))
        .toThrow("test/web: 'writablePathSizeLimit' must be above 0 such as Size.mebibytes(256), got '0Mi'");
    });

    test.each(['/tmp', '/var/run', '/run', '/var/cache/nginx'])('fails at synth when a read-only volume is mounted at %s', path => {
      // GIVEN
      const chart = newChart();
      const web = deployment(chart, {});
      const config = kplus.Volume.fromConfigMap(chart, 'config', new kplus.ConfigMap(chart, 'cm', { data: { a: 'b' } }), { name: 'config' });

      // WHEN
      web.containers[0].mount(path, config, { readOnly: true });

      // THEN
      expect(() => synth(chart)).toThrow(`test/web: 'containers[api].volumeMounts[${path}]' must be writable: programs write their temporary files, pid files and caches to '${path}', got volume 'config' mounted read-only there; mount it read-write, or list '${path}' in 'writablePaths' for a pod-scoped emptyDir`);
    });

    test('accepts a read-only volume below a known writable path', () => {
      // GIVEN
      const chart = newChart();
      const web = deployment(chart, {});
      const config = kplus.Volume.fromConfigMap(chart, 'config', new kplus.ConfigMap(chart, 'cm', { data: { a: 'b' } }), { name: 'config' });

      // WHEN
      web.containers[0].mount('/run/secrets/app', config, { readOnly: true });

      // THEN
      expect(container(podSpec(synth(chart), 'Deployment'), 'api').volumeMounts).toEqual([{ name: 'config', mountPath: '/run/secrets/app', readOnly: true }]);
    });

    test('leaves the container props given untouched', () => {
      // GIVEN
      const chart = newChart();
      const mounts = [{ path: '/data', volume: kplus.Volume.fromEmptyDir(chart, 'data', 'data') }];

      // WHEN
      new Deployment(chart, 'web', { writablePaths: ['/tmp'], containers: [{ name: 'a', image: IMAGE, volumeMounts: mounts }, { name: 'b', image: IMAGE, volumeMounts: mounts }] });
      const spec = podSpec(synth(chart), 'Deployment');

      // THEN
      expect(mounts).toHaveLength(1);
      expect(container(spec, 'b').volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }, { name: 'writable-tmp', mountPath: '/tmp' }]);
    });
  });
});
