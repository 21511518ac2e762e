import { Chart } from 'cdk8s';
import { kplus } from '../../src/_plus';
import { PodSecurityLevel } from '../../src/security/pod-security';
import { HostPathVolume } from '../../src/storage/host-path-volume';
import { DaemonSet } from '../../src/workloads/daemon-set';
import { Deployment } from '../../src/workloads/deployment';
import { container, find, newChart, podSpec, synth } from '../harness';

const COLLECTOR_IMAGE = 'fluent/fluent-bit:2.2.2';
const NAMESPACE = 'node-agents';
const FORBIDDEN = "must declare podSecurityLevel PodSecurityLevel.PRIVILEGED to mount a hostPath volume, which the Pod Security Standards baseline and restricted forbid, got a workload at '%s'; declare it privileged and put it in a namespace labelled 'pod-security.kubernetes.io/enforce: privileged'";

/** A Namespace of that name enforcing that Pod Security level. */
function namespace(chart: Chart, name: string, level: PodSecurityLevel): void {
  new kplus.Namespace(chart, `ns-${name}`, { metadata: { name, labels: { 'pod-security.kubernetes.io/enforce': level } } });
}

/** A chart with a namespace enforcing privileged and our privileged DaemonSet `collector` in it. */
function nodeAgents(): { chart: Chart; collector: DaemonSet } {
  const chart = newChart();
  namespace(chart, NAMESPACE, PodSecurityLevel.PRIVILEGED);
  const collector = new DaemonSet(chart, 'collector', {
    metadata: { name: 'collector', namespace: NAMESPACE },
    podSecurityLevel: PodSecurityLevel.PRIVILEGED,
    containers: [{ name: 'collector', image: COLLECTOR_IMAGE }],
  });
  return { chart, collector };
}

describe('HostPathVolume', () => {
  test('mounts a directory of the node read-only by default', () => {
    // GIVEN
    const { chart, collector } = nodeAgents();

    // WHEN
    new HostPathVolume(chart, 'node-logs', { workload: collector, path: '/var/log', mounts: [{ mountPath: '/var/log' }] });
    const spec = podSpec(synth(chart), 'DaemonSet');

    // THEN
    expect(spec.volumes).toEqual([{ name: 'node-logs', hostPath: { path: '/var/log', type: 'Directory' } }]);
    expect(container(spec, 'collector').volumeMounts).toEqual([{ name: 'node-logs', mountPath: '/var/log', readOnly: true }]);
  });

  test('renders the type given and a writable mount when asked', () => {
    // GIVEN
    const { chart, collector } = nodeAgents();

    // WHEN
    const state = new HostPathVolume(chart, 'state', {
      workload: collector,
      path: '/var/lib/collector',
      type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE,
    });
    state.addMount({ mountPath: '/state', readOnly: false });
    const spec = podSpec(synth(chart), 'DaemonSet');

    // THEN
    expect(state.path).toBe('/var/lib/collector');
    expect(spec.volumes).toEqual([{ name: 'state', hostPath: { path: '/var/lib/collector', type: 'DirectoryOrCreate' } }]);
    expect(container(spec, 'collector').volumeMounts).toEqual([{ name: 'state', mountPath: '/state', readOnly: false }]);
  });

  test('is refused at synth when a privileged workload runs in a namespace that enforces restricted', () => {
    // GIVEN
    const chart = newChart();
    namespace(chart, 'apps', PodSecurityLevel.RESTRICTED);
    const agent = new DaemonSet(chart, 'agent', {
      metadata: { name: 'agent', namespace: 'apps' },
      podSecurityLevel: PodSecurityLevel.PRIVILEGED,
      containers: [{ name: 'agent', image: COLLECTOR_IMAGE }],
    });

    // WHEN
    new HostPathVolume(chart, 'node-logs', { workload: agent, path: '/var/log', mounts: [{ mountPath: '/var/log' }] });

    // THEN
    expect(() => synth(chart)).toThrow(new Error('Pod Security Standard violated:\n  '
      + "DaemonSet apps/agent: .spec.template.spec.volumes[0].hostPath breaks the Pod Security Standard 'restricted' its namespace enforces (hostPathVolumes): "
      + "volume 'node-logs' must not be a hostPath volume, got hostPath '/var/log'\n  "
      + "DaemonSet apps/agent: .spec.template.spec.volumes[0].hostPath breaks the Pod Security Standard 'restricted' its namespace enforces (volumeTypes): "
      + "volume 'node-logs' must be of type configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret, got hostPath"));
  });

  test('leaves a plain cdk8s-plus workload to the namespace check at synth', () => {
    // GIVEN
    const chart = newChart();
    const pod = new kplus.Pod(chart, 'pod', { metadata: { name: 'pod' }, containers: [{ name: 'app', image: COLLECTOR_IMAGE }] });

    // WHEN
    new HostPathVolume(chart, 'node-logs', { workload: pod, path: '/var/log', mounts: [{ mountPath: '/var/log' }] });

    // THEN
    expect(find(synth(chart, { podSecurityLevel: PodSecurityLevel.PRIVILEGED }), 'Pod').spec.volumes[0].hostPath).toEqual({ path: '/var/log', type: 'Directory' });
  });

  test.each([PodSecurityLevel.RESTRICTED, PodSecurityLevel.BASELINE])('fails when the workload declares the %s level', (level) => {
    // GIVEN
    const chart = newChart();
    const web = new Deployment(chart, 'web', { podSecurityLevel: level, containers: [{ name: 'api', image: COLLECTOR_IMAGE }] });

    // THEN
    expect(() => new HostPathVolume(chart, 'node-logs', { workload: web, path: '/var/log' })).toThrow(new Error(
      `test/node-logs: 'workload' ${FORBIDDEN.replace('%s', level)}`));
  });

  test('fails when the workload keeps the default restricted level', () => {
    // GIVEN
    const chart = newChart();
    const web = new Deployment(chart, 'web', { containers: [{ name: 'api', image: COLLECTOR_IMAGE }] });

    // THEN
    expect(() => new HostPathVolume(chart, 'node-logs', { workload: web, path: '/var/log' })).toThrow(new Error(
      `test/node-logs: 'workload' ${FORBIDDEN.replace('%s', 'restricted')}`));
  });

  test.each(['var/log', '/var/log/../../etc', ''])('fails when the path is %p', (path) => {
    // GIVEN
    const { chart, collector } = nodeAgents();

    // THEN
    expect(() => new HostPathVolume(chart, 'node-logs', { workload: collector, path })).toThrow(new Error(
      `test/node-logs: 'path' must be an absolute path without '..', got '${path}'`));
  });

  test('fails when a mount path is used twice in one container', () => {
    // GIVEN
    const { chart, collector } = nodeAgents();
    new HostPathVolume(chart, 'node-logs', { workload: collector, path: '/var/log', mounts: [{ mountPath: '/host/logs' }] });

    // THEN
    expect(() => new HostPathVolume(chart, 'containers', {
      workload: collector,
      path: '/var/lib/docker/containers',
      mounts: [{ mountPath: '/host/logs' }],
    })).toThrow(new Error(
      "test/containers: 'mountPath' must not be mounted twice in container 'collector', got '/host/logs' which is already a mount point there"));
  });

  test('snapshot: a node log collector reading the node logs', () => {
    // GIVEN
    const { chart, collector } = nodeAgents();

    // WHEN
    new HostPathVolume(chart, 'node-logs', { workload: collector, path: '/var/log', mounts: [{ mountPath: '/var/log' }] });

    // THEN
    expect(find(synth(chart), 'DaemonSet')).toMatchSnapshot();
  });

  test('fails when readOnly is not a boolean (a JavaScript caller)', () => {
    const { chart, collector } = nodeAgents();
    expect(() => new HostPathVolume(chart, 'logs', { workload: collector, path: '/var/log', mounts: [{ mountPath: '/var/log', readOnly: '' as any }] })).toThrow(new Error(
      "test/logs: 'readOnly' must be a boolean, got ''"));
  });
});
