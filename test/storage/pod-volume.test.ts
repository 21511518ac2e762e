import { Chart, Size } from 'cdk8s';
import { kplus } from '../../src/_plus';
import { QosPreset } from '../../src/qos/qos-preset';
import { PodSecurityLevel } from '../../src/security/pod-security';
import { PodVolume } from '../../src/storage/pod-volume';
import { Deployment } from '../../src/workloads/deployment';
import { StatefulSet } from '../../src/workloads/stateful-set';
import { container, find, newChart, podSpec, synth } from '../harness';

const API_IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const SHIPPER_IMAGE = 'fluent/fluent-bit:2.2.2';
const DNS_LABEL = "must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)";

/** A chart with our Deployment `web`: containers `api` and `shipper`, memory limit 256Mi each, init container `warmup`. */
function webApp(): { chart: Chart; web: Deployment } {
  const chart = newChart();
  const web = new Deployment(chart, 'web', {
    metadata: { name: 'web' },
    qos: QosPreset.guaranteed({ cpu: kplus.Cpu.millis(250), memory: Size.mebibytes(256) }),
    containers: [{ name: 'api', image: API_IMAGE }, { name: 'shipper', image: SHIPPER_IMAGE }],
    initContainers: [{ name: 'warmup', image: API_IMAGE }],
  });
  return { chart, web };
}

describe('PodVolume', () => {
  test('shares an emptyDir with a size limit between the containers that mount it', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new PodVolume(chart, 'logs', {
      workload: web,
      sizeLimit: Size.mebibytes(64),
      mounts: [
        { container: 'api', mountPath: '/var/log/api' },
        { container: 'shipper', mountPath: '/logs', readOnly: true },
      ],
    });
    const spec = podSpec(synth(chart), 'Deployment');

    // THEN
    expect(spec.volumes).toEqual([{ name: 'logs', emptyDir: { sizeLimit: '64Mi' } }]);
    expect(container(spec, 'api').volumeMounts).toEqual([{ name: 'logs', mountPath: '/var/log/api', readOnly: false }]);
    expect(container(spec, 'shipper').volumeMounts).toEqual([{ name: 'logs', mountPath: '/logs', readOnly: true }]);
  });

  test('is named after its id, limited to 256Mi on disk and mounted writable into the first container by default', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    const scratch = new PodVolume(chart, 'scratch', { workload: web, mounts: [{ mountPath: '/tmp' }] });
    const spec = podSpec(synth(chart), 'Deployment');

    // THEN
    expect(scratch.medium).toBe(kplus.EmptyDirMedium.DEFAULT);
    expect(spec.volumes).toEqual([{ name: 'scratch', emptyDir: { sizeLimit: '256Mi' } }]);
    expect(container(spec, 'api').volumeMounts).toEqual([{ name: 'scratch', mountPath: '/tmp', readOnly: false }]);
  });

  test('takes the volume name from `name` when given', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new PodVolume(chart, 'Scratch', { workload: web, name: 'scratch', mounts: [{ mountPath: '/tmp' }] });

    // THEN
    expect(podSpec(synth(chart), 'Deployment').volumes[0].name).toBe('scratch');
  });

  test('renders a memory-backed volume with medium Memory', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new PodVolume(chart, 'cache', {
      workload: web,
      medium: kplus.EmptyDirMedium.MEMORY,
      sizeLimit: Size.mebibytes(64),
      mounts: [{ mountPath: '/cache' }],
    });

    // THEN
    expect(podSpec(synth(chart), 'Deployment').volumes).toEqual([{ name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }]);
  });

  test('a memory-backed volume may be as large as the memory limit of the container that writes to it', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new PodVolume(chart, 'cache', {
      workload: web,
      medium: kplus.EmptyDirMedium.MEMORY,
      sizeLimit: Size.mebibytes(256),
      mounts: [{ mountPath: '/cache' }],
    });

    // THEN
    expect(podSpec(synth(chart), 'Deployment').volumes[0].emptyDir.sizeLimit).toBe('256Mi');
  });

  test('a read-only mount of a memory-backed volume is not held to the memory limit', () => {
    // GIVEN
    const chart = newChart();
    const web = new Deployment(chart, 'web', {
      containers: [
        { name: 'api', image: API_IMAGE, resources: { memory: { request: Size.mebibytes(512), limit: Size.mebibytes(512) } } },
        { name: 'shipper', image: SHIPPER_IMAGE },
      ],
    });

    // WHEN
    new PodVolume(chart, 'cache', {
      workload: web,
      medium: kplus.EmptyDirMedium.MEMORY,
      sizeLimit: Size.mebibytes(384),
      mounts: [{ container: 'api', mountPath: '/cache' }, { container: 'shipper', mountPath: '/cache', readOnly: true }],
    });

    // THEN
    expect(container(podSpec(synth(chart), 'Deployment'), 'shipper').volumeMounts[0].readOnly).toBe(true);
  });

  test('mounts into init containers and into containers with addMount', () => {
    // GIVEN
    const { chart, web } = webApp();
    const volume = new PodVolume(chart, 'seed', { workload: web, mounts: [{ container: 'warmup', mountPath: '/seed' }] });

    // WHEN
    volume.addMount({ container: 'api', mountPath: '/data', readOnly: true });
    const spec = podSpec(synth(chart), 'Deployment');

    // THEN
    expect(container(spec, 'warmup').volumeMounts).toEqual([{ name: 'seed', mountPath: '/seed', readOnly: false }]);
    expect(container(spec, 'api').volumeMounts).toEqual([{ name: 'seed', mountPath: '/data', readOnly: true }]);
  });

  test('joins a plain cdk8s-plus workload', () => {
    // GIVEN
    const chart = newChart();
    const pod = new kplus.Pod(chart, 'pod', { containers: [{ name: 'app', image: API_IMAGE }] });

    // WHEN
    new PodVolume(chart, 'scratch', { workload: pod, mounts: [{ mountPath: '/tmp' }] });

    // THEN
    expect(find(synth(chart, { podSecurityLevel: PodSecurityLevel.PRIVILEGED }), 'Pod').spec.volumes).toEqual([{ name: 'scratch', emptyDir: { sizeLimit: '256Mi' } }]);
  });

  test('fails when a mount path is used twice in one container', () => {
    // GIVEN
    const { chart, web } = webApp();
    new PodVolume(chart, 'logs', { workload: web, mounts: [{ mountPath: '/var/log/api' }] });

    // THEN
    expect(() => new PodVolume(chart, 'scratch', { workload: web, mounts: [{ container: 'api', mountPath: '/var/log/api' }] })).toThrow(new Error(
      "test/scratch: 'mountPath' must not be mounted twice in container 'api', got '/var/log/api' which is already a mount point there"));
  });

  test('fails when a mount path holding a line break is used twice in one container, shown on one line', () => {
    // GIVEN
    const { chart, web } = webApp();
    new PodVolume(chart, 'logs', { workload: web, mounts: [{ mountPath: '/var/log/a\nb' }] });

    // THEN
    expect(() => new PodVolume(chart, 'scratch', { workload: web, mounts: [{ container: 'api', mountPath: '/var/log/a\nb' }] })).toThrow(new Error(
      "test/scratch: 'mountPath' must not be mounted twice in container 'api', got '/var/log/a\\nb' which is already a mount point there"));
  });

  test('fails when a mount path is used twice in one container by the same volume', () => {
    // GIVEN
    const { chart, web } = webApp();
    const volume = new PodVolume(chart, 'logs', { workload: web, mounts: [{ mountPath: '/logs' }] });

    // THEN
    expect(() => volume.addMount({ mountPath: '/logs', readOnly: true })).toThrow(new Error(
      "test/logs: 'mountPath' must not be mounted twice in container 'api', got '/logs' which is already a mount point there"));
  });

  test("fails when a mount path is a StatefulSet's claim template mount", () => {
    // GIVEN
    const chart = newChart();
    const db = new StatefulSet(chart, 'db', {
      containers: [{ name: 'postgres', image: 'postgres:16.1', ports: [{ number: 5432 }] }],
      volumeClaimTemplates: [{ name: 'data', mountPath: '/var/lib/postgresql/data', storage: Size.gibibytes(10) }],
    });

    // THEN
    expect(() => new PodVolume(chart, 'scratch', { workload: db, mounts: [{ mountPath: '/var/lib/postgresql/data' }] })).toThrow(new Error(
      "test/scratch: 'mountPath' must not be mounted twice in container 'postgres', got '/var/lib/postgresql/data' which is already a mount point there"));
  });

  test.each(['tmp', '/var/../etc', ''])('fails when the mount path is %p', (path) => {
    // GIVEN
    const { chart, web } = webApp();

    // THEN
    expect(() => new PodVolume(chart, 'scratch', { workload: web, mounts: [{ mountPath: path }] })).toThrow(new Error(
      `test/scratch: 'mountPath' must be an absolute path without '..', got '${path}'`));
  });

  test('fails when the container is not in the pod', () => {
    // GIVEN
    const { chart, web } = webApp();

    // THEN
    expect(() => new PodVolume(chart, 'scratch', { workload: web, mounts: [{ container: 'db', mountPath: '/tmp' }] })).toThrow(new Error(
      "test/scratch: 'container' must name a container of the workload (api, shipper, warmup), got 'db'"));
  });

  test('fails when the workload has no container yet', () => {
    // GIVEN
    const chart = newChart();
    const web = new Deployment(chart, 'web');

    // THEN
    expect(() => new PodVolume(chart, 'scratch', { workload: web, mounts: [{ mountPath: '/tmp' }] })).toThrow(new Error(
      "test/scratch: 'workload' must already have its containers, got a workload with no containers: add them before the volume"));
  });

  test('fails when the workload is not a cdk8s-plus workload', () => {
    expect(() => new PodVolume(newChart(), 'scratch', { workload: undefined as any })).toThrow(new Error(
      "test/scratch: 'workload' must be a cdk8s-plus workload (Deployment, StatefulSet, Pod, ...) for the pod volume to join, got undefined"));
  });

  test('fails when the name is not a DNS-1123 label', () => {
    // GIVEN
    const { chart, web } = webApp();

    // THEN
    expect(() => new PodVolume(chart, 'Scratch', { workload: web })).toThrow(new Error(
      `test/Scratch: 'name' ${DNS_LABEL}, got 'Scratch'`));
  });

  test('fails when the name is already a volume of the pod', () => {
    // GIVEN
    const { chart, web } = webApp();
    new PodVolume(chart, 'logs', { workload: web, mounts: [{ mountPath: '/logs' }] });

    // THEN
    expect(() => new PodVolume(chart, 'more-logs', { workload: web, name: 'logs' })).toThrow(new Error(
      "test/more-logs: 'name' must be unique among the pod's volumes, got 'logs' which is already used (volumes: logs); give each volume its own name"));
  });

  test.each([
    ['zero', Size.mebibytes(0), "'0Mi'"],
    ['not a whole number of mebibytes', Size.kibibytes(1536), "'1536Ki'"],
  ])('fails when the size limit is %s', (_, sizeLimit, got) => {
    // GIVEN
    const { chart, web } = webApp();

    // THEN
    expect(() => new PodVolume(chart, 'scratch', { workload: web, sizeLimit })).toThrow(new Error(
      `test/scratch: 'sizeLimit' must be a positive whole number of mebibytes, such as Size.mebibytes(64), got ${got}`));
  });

  test('fails when a memory-backed volume is larger than the memory limit of a container that writes to it', () => {
    // GIVEN
    const { chart, web } = webApp();

    // THEN
    expect(() => new PodVolume(chart, 'cache', {
      workload: web,
      medium: kplus.EmptyDirMedium.MEMORY,
      sizeLimit: Size.gibibytes(1),
      mounts: [{ container: 'shipper', mountPath: '/cache' }],
    })).toThrow(new Error(
      "test/cache: 'sizeLimit' must not exceed the memory limit of container 'shipper' (256Mi), which counts what it writes to a memory-backed volume, got '1024Mi'; lower the size limit or raise the container's memory limit"));
  });

  test('fails at synth when no container mounts the volume', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new PodVolume(chart, 'scratch', { workload: web });

    // THEN
    expect(() => synth(chart)).toThrow(new Error(
      "test/scratch: 'mounts' must list at least one mount, got none: pass 'mounts' or call addMount()"));
  });

  test('snapshot: a log volume shared by the app and a shipper, and a memory-backed cache', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new PodVolume(chart, 'logs', {
      workload: web,
      sizeLimit: Size.mebibytes(128),
      mounts: [{ container: 'api', mountPath: '/var/log/api' }, { container: 'shipper', mountPath: '/logs', readOnly: true }],
    });
    new PodVolume(chart, 'cache', {
      workload: web,
      medium: kplus.EmptyDirMedium.MEMORY,
      sizeLimit: Size.mebibytes(64),
      mounts: [{ container: 'api', mountPath: '/cache' }],
    });

    // THEN
    expect(find(synth(chart), 'Deployment')).toMatchSnapshot();
  });

  test('fails when readOnly is not a boolean (a JavaScript caller)', () => {
    const { chart, web } = webApp();
    expect(() => new PodVolume(chart, 'scratch', { workload: web, mounts: [{ mountPath: '/scratch', readOnly: 0 as any }] })).toThrow(new Error(
      "test/scratch: 'readOnly' must be a boolean, got 0"));
  });

  test('fails when the medium is not an EmptyDirMedium', () => {
    const { chart, web } = webApp();
    expect(() => new PodVolume(chart, 'scratch', { workload: web, medium: 'tmpfs' as any, mounts: [{ mountPath: '/scratch' }] })).toThrow(new Error(
      "test/scratch: 'medium' must be one of '', 'Memory', got 'tmpfs'"));
  });

  test('fails when the size limit is not a Size', () => {
    const { chart, web } = webApp();
    expect(() => new PodVolume(chart, 'scratch', { workload: web, sizeLimit: '64Mi' as any, mounts: [{ mountPath: '/scratch' }] })).toThrow(new Error(
      "test/scratch: 'sizeLimit' must be a Size such as Size.mebibytes(64), got '64Mi'"));
  });
});
