import { Chart, Size } from 'cdk8s';
import { kplus } from '../../src/_plus';
import { HorizontalPodAutoscaler } from '../../src/scaling/horizontal-pod-autoscaler';
import { PodSecurityLevel } from '../../src/security/pod-security';
import { ClaimVolume } from '../../src/storage/claim-volume';
import { PersistentVolume } from '../../src/storage/persistent-volume';
import { PersistentVolumeClaim } from '../../src/storage/persistent-volume-claim';
import { PersistentVolumeSource } from '../../src/storage/persistent-volume-source';
import { DaemonSet } from '../../src/workloads/daemon-set';
import { Deployment } from '../../src/workloads/deployment';
import { ReplicaSet } from '../../src/workloads/replica-set';
import { container, find, newChart, podSpec, synth } from '../harness';

const API_IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const NAMESPACE = 'ticketing';
const { READ_WRITE_ONCE: RWO, READ_ONLY_MANY: ROX, READ_WRITE_MANY: RWX } = kplus.PersistentVolumeAccessMode;
const BLOCK = kplus.PersistentVolumeMode.BLOCK;

/** A claim `uploads` of 10Gi in the ticketing namespace with those access modes. */
function claim(chart: Chart, accessModes: kplus.PersistentVolumeAccessMode[] = [RWO]): PersistentVolumeClaim {
  return new PersistentVolumeClaim(chart, 'uploads-claim', {
    metadata: { name: 'uploads', namespace: NAMESPACE },
    storage: Size.gibibytes(10),
    accessModes,
  });
}

/** A raw block claim `name` of 50Gi in the ticketing namespace. */
function blockClaim(chart: Chart, name = 'db-disk'): PersistentVolumeClaim {
  return new PersistentVolumeClaim(chart, `${name}-claim`, {
    metadata: { name, namespace: NAMESPACE },
    storage: Size.gibibytes(50),
    volumeMode: BLOCK,
  });
}

/** A claim `node-data` bound to the hostPath PersistentVolume `node-data` (/var/lib/tickets). */
function hostPathClaim(chart: Chart): PersistentVolumeClaim {
  const volume = new PersistentVolume(chart, 'node-data-pv', {
    metadata: { name: 'node-data' },
    source: PersistentVolumeSource.hostPath({ path: '/var/lib/tickets' }),
    capacity: Size.gibibytes(5),
  });
  return new PersistentVolumeClaim(chart, 'node-data-claim', { metadata: { name: 'node-data', namespace: NAMESPACE }, storage: Size.gibibytes(5), volume });
}

/** Our Deployment `web` in the ticketing namespace, container `api`, with that many replicas. */
function web(chart: Chart, replicas?: number): Deployment {
  return new Deployment(chart, 'web', {
    metadata: { name: 'web', namespace: NAMESPACE },
    replicas,
    containers: [{ name: 'api', image: API_IMAGE, ports: [{ number: 8080 }] }],
  });
}

describe('ClaimVolume', () => {
  test('mounts a claim writable into the first container of a single-replica workload', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 1);

    // WHEN
    new ClaimVolume(chart, 'uploads', { workload: api, claim: claim(chart), mounts: [{ mountPath: '/srv/uploads' }] });
    const spec = podSpec(synth(chart), 'Deployment');

    // THEN
    expect(spec.volumes).toEqual([{ name: 'uploads', persistentVolumeClaim: { claimName: 'uploads', readOnly: false } }]);
    expect(container(spec, 'api').volumeMounts).toEqual([{ name: 'uploads', mountPath: '/srv/uploads', readOnly: false }]);
  });

  test('lets many replicas share a ReadWriteMany claim', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 3);

    // WHEN
    new ClaimVolume(chart, 'uploads', { workload: api, claim: claim(chart, [RWX]), mounts: [{ mountPath: '/srv/uploads' }] });

    // THEN
    expect(podSpec(synth(chart), 'Deployment').volumes[0].persistentVolumeClaim.claimName).toBe('uploads');
  });

  test('lets many replicas read a ReadOnlyMany claim mounted read-only', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 3);

    // WHEN
    new ClaimVolume(chart, 'assets', { workload: api, claim: claim(chart, [ROX]), mounts: [{ mountPath: '/srv/assets', readOnly: true }] });

    // THEN
    expect(container(podSpec(synth(chart), 'Deployment'), 'api').volumeMounts).toEqual([{ name: 'assets', mountPath: '/srv/assets', readOnly: true }]);
  });

  test('mounts an existing claim by name, whose access modes it cannot check', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 3);

    // WHEN
    const existing = kplus.PersistentVolumeClaim.fromClaimName(chart, 'existing', 'legacy-data');
    const volume = new ClaimVolume(chart, 'legacy', { workload: api, claim: existing });
    volume.addMount({ mountPath: '/legacy' });

    // THEN
    expect(podSpec(synth(chart), 'Deployment').volumes).toEqual([{ name: 'legacy', persistentVolumeClaim: { claimName: 'legacy-data', readOnly: false } }]);
  });

  test('checks the access modes of a cdk8s-plus claim', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 2);
    const plain = new kplus.PersistentVolumeClaim(chart, 'plain', {
      metadata: { name: 'plain', namespace: NAMESPACE },
      accessModes: [RWO],
      storage: Size.gibibytes(1),
    });

    // THEN
    expect(() => new ClaimVolume(chart, 'plain-volume', { workload: api, claim: plain, mounts: [{ mountPath: '/data' }] })).toThrow(new Error(
      "test/plain-volume: 'claim' must be ReadWriteMany, or ReadOnlyMany mounted read-only, when mounted by 2 replicas (Deployment test/web), got access modes ReadWriteOnce: "
      + 'a ReadWriteOnce volume attaches to one node at a time, so pods on other nodes never start; give each replica its own claim (StatefulSet volumeClaimTemplates) or run 1 replica'));
  });

  test('fails when a ReadWriteOnce claim is mounted by a Deployment of the default 2 replicas', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart);

    // THEN
    expect(() => new ClaimVolume(chart, 'uploads', { workload: api, claim: claim(chart), mounts: [{ mountPath: '/srv/uploads' }] })).toThrow(new Error(
      "test/uploads: 'claim' must be ReadWriteMany, or ReadOnlyMany mounted read-only, when mounted by 2 replicas (Deployment test/web), got access modes ReadWriteOnce: "
      + 'a ReadWriteOnce volume attaches to one node at a time, so pods on other nodes never start; give each replica its own claim (StatefulSet volumeClaimTemplates) or run 1 replica'));
  });

  test('fails when a ReadWriteOnce claim is mounted read-only by many replicas', () => {
    // GIVEN
    const chart = newChart();
    const rs = new ReplicaSet(chart, 'rs', {
      metadata: { namespace: NAMESPACE },
      replicas: 3,
      containers: [{ name: 'api', image: API_IMAGE }],
    });

    // THEN
    expect(() => new ClaimVolume(chart, 'uploads', { workload: rs, claim: claim(chart), mounts: [{ mountPath: '/srv/uploads', readOnly: true }] })).toThrow(new Error(
      "test/uploads: 'claim' must be ReadWriteMany, or ReadOnlyMany mounted read-only, when mounted by 3 replicas (ReplicaSet test/rs), got access modes ReadWriteOnce: "
      + 'a ReadWriteOnce volume attaches to one node at a time, so pods on other nodes never start; give each replica its own claim (StatefulSet volumeClaimTemplates) or run 1 replica'));
  });

  test('fails when a ReadWriteOnce claim is mounted by a DaemonSet', () => {
    // GIVEN
    const chart = newChart();
    const agent = new DaemonSet(chart, 'agent', { metadata: { namespace: NAMESPACE }, containers: [{ name: 'agent', image: API_IMAGE }] });

    // THEN
    expect(() => new ClaimVolume(chart, 'uploads', { workload: agent, claim: claim(chart), mounts: [{ mountPath: '/data' }] })).toThrow(new Error(
      "test/uploads: 'claim' must be ReadWriteMany, or ReadOnlyMany mounted read-only, when mounted by a DaemonSet (one pod per node, test/agent), got access modes ReadWriteOnce: "
      + 'a ReadWriteOnce volume attaches to one node at a time, so pods on other nodes never start; give each replica its own claim (StatefulSet volumeClaimTemplates) or run 1 replica'));
  });

  test('fails when a ReadWriteOnce claim is mounted by an autoscaled workload', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart);
    new HorizontalPodAutoscaler(chart, 'autoscaler', { target: api, minReplicas: 1, maxReplicas: 4, cpuUtilization: 70 });

    // THEN
    expect(() => new ClaimVolume(chart, 'uploads', { workload: api, claim: claim(chart), mounts: [{ mountPath: '/data' }] })).toThrow(new Error(
      "test/uploads: 'claim' must be ReadWriteMany, or ReadOnlyMany mounted read-only, when mounted by an autoscaled Deployment (test/web), got access modes ReadWriteOnce: "
      + 'a ReadWriteOnce volume attaches to one node at a time, so pods on other nodes never start; give each replica its own claim (StatefulSet volumeClaimTemplates) or run 1 replica'));
  });

  test('fails when a ReadOnlyMany claim is mounted writable', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 1);

    // THEN
    expect(() => new ClaimVolume(chart, 'assets', { workload: api, claim: claim(chart, [ROX]), mounts: [{ mountPath: '/srv/assets' }] })).toThrow(new Error(
      "test/assets: 'readOnly' must be true for a claim whose only access mode is ReadOnlyMany, got false for container 'api'"));
  });

  test('fails when the claim is in another namespace', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 1);
    const other = new PersistentVolumeClaim(chart, 'other', { metadata: { name: 'other' }, storage: Size.gibibytes(1) });

    // THEN
    expect(() => new ClaimVolume(chart, 'other-volume', { workload: api, claim: other })).toThrow(new Error(
      "test/other-volume: 'claim' must be in the workload's namespace (namespace 'ticketing'): a pod mounts only claims of its own namespace, got claim 'other' in no namespace"));
  });

  test('fails when the claim is not a claim', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 1);

    // THEN
    expect(() => new ClaimVolume(chart, 'uploads', { workload: api, claim: 'uploads' as any })).toThrow(new Error(
      "test/uploads: 'claim' must be a PersistentVolumeClaim (of this library, of cdk8s-plus, or kplus.PersistentVolumeClaim.fromClaimName), got 'uploads'"));
  });

  test('fails when a mount path is used twice in one container', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 1);
    const volume = new ClaimVolume(chart, 'uploads', { workload: api, claim: claim(chart), mounts: [{ mountPath: '/srv/uploads' }] });

    // THEN
    expect(() => volume.addMount({ mountPath: '/srv/uploads', readOnly: true })).toThrow(new Error(
      "test/uploads: 'mountPath' must not be mounted twice in container 'api', got '/srv/uploads' which is already a mount point there"));
  });

  test('fails at synth when no container mounts the claim', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 1);

    // WHEN
    new ClaimVolume(chart, 'uploads', { workload: api, claim: claim(chart) });

    // THEN
    expect(() => synth(chart)).toThrow(new Error(
      "test/uploads: 'mounts' must list at least one mount, got none: pass 'mounts' or call addMount()"));
  });

  test('snapshot: a single-replica Deployment with its uploads on a claim', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 1);

    // WHEN
    new ClaimVolume(chart, 'uploads', { workload: api, claim: claim(chart), mounts: [{ mountPath: '/srv/uploads' }] });

    // THEN
    const manifests = synth(chart);
    expect([find(manifests, 'PersistentVolumeClaim'), find(manifests, 'Deployment')]).toMatchSnapshot();
  });

  test('fails when readOnly is not a boolean (a JavaScript caller)', () => {
    const chart = newChart();
    expect(() => new ClaimVolume(chart, 'uploads', { workload: web(chart, 1), claim: claim(chart), mounts: [{ mountPath: '/uploads', readOnly: 'false' as any }] })).toThrow(new Error(
      "test/uploads: 'readOnly' must be a boolean, got 'false'"));
  });

  test('gives a Block claim to a container as a raw device, not as mounted files', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 1);

    // WHEN
    new ClaimVolume(chart, 'db-disk', { workload: api, claim: blockClaim(chart), devices: [{ devicePath: '/dev/xvdb' }] });
    const spec = podSpec(synth(chart), 'Deployment');

    // THEN
    expect(spec.volumes).toEqual([{ name: 'db-disk', persistentVolumeClaim: { claimName: 'db-disk', readOnly: false } }]);
    expect(container(spec, 'api').volumeDevices).toEqual([{ name: 'db-disk', devicePath: '/dev/xvdb' }]);
    expect(container(spec, 'api').volumeMounts).toBeUndefined();
  });

  test('lists the devices of several claims in one container, and those of an init container', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 1);
    api.addInitContainer({ name: 'format', image: API_IMAGE });

    // WHEN
    const data = new ClaimVolume(chart, 'data', { workload: api, claim: blockClaim(chart, 'data'), devices: [{ devicePath: '/dev/xvdb' }] });
    new ClaimVolume(chart, 'wal', { workload: api, claim: blockClaim(chart, 'wal'), devices: [{ devicePath: '/dev/xvdc' }] });
    data.addDevice({ container: 'format', devicePath: '/dev/target' });
    const spec = podSpec(synth(chart), 'Deployment');

    // THEN
    expect(container(spec, 'api').volumeDevices).toEqual([{ name: 'data', devicePath: '/dev/xvdb' }, { name: 'wal', devicePath: '/dev/xvdc' }]);
    expect(container(spec, 'format').volumeDevices).toEqual([{ name: 'data', devicePath: '/dev/target' }]);
  });

  test('gives a claim imported by name as a device, whose mode it cannot check', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 1);

    // WHEN
    new ClaimVolume(chart, 'raw', { workload: api, claim: kplus.PersistentVolumeClaim.fromClaimName(chart, 'existing', 'raw-disk'), devices: [{ devicePath: '/dev/raw' }] });

    // THEN
    expect(container(podSpec(synth(chart), 'Deployment'), 'api').volumeDevices).toEqual([{ name: 'raw', devicePath: '/dev/raw' }]);
  });

  test('fails when a Block claim is mounted as a file system', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 1);

    // THEN
    expect(() => new ClaimVolume(chart, 'db-disk', { workload: api, claim: blockClaim(chart), mounts: [{ mountPath: '/var/lib/db' }] })).toThrow(new Error(
      "test/db-disk: 'mounts' must not mount a Block claim as a file system, got a mount at '/var/lib/db' of claim 'db-disk', a raw block device; give containers the device with 'devices' or addDevice({ devicePath })"));
  });

  test('fails when a Filesystem claim is given as a device', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 1);

    // THEN
    expect(() => new ClaimVolume(chart, 'uploads', { workload: api, claim: claim(chart), devices: [{ devicePath: '/dev/xvdb' }] })).toThrow(new Error(
      "test/uploads: 'devices' must only be given for a Block claim, got a device at '/dev/xvdb' of claim 'uploads', whose volume mode is Filesystem; mount it with 'mounts' or addMount(), or make the claim volumeMode PersistentVolumeMode.BLOCK"));
  });

  test('fails when a device path is a mount point of the container', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 1);
    new ClaimVolume(chart, 'uploads', { workload: api, claim: claim(chart), mounts: [{ mountPath: '/srv/data' }] });

    // THEN
    expect(() => new ClaimVolume(chart, 'db-disk', { workload: api, claim: blockClaim(chart), devices: [{ devicePath: '/srv/data' }] })).toThrow(new Error(
      "test/db-disk: 'devicePath' must not be used twice in container 'api', got '/srv/data' which is already a mount point or device there"));
  });

  test('fails when a mount path is a device path of the container', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 1);
    new ClaimVolume(chart, 'db-disk', { workload: api, claim: blockClaim(chart), devices: [{ devicePath: '/dev/xvdb' }] });

    // THEN
    expect(() => new ClaimVolume(chart, 'uploads', { workload: api, claim: claim(chart), mounts: [{ mountPath: '/dev/xvdb' }] })).toThrow(new Error(
      "test/uploads: 'mountPath' must not be mounted twice in container 'api', got '/dev/xvdb' which is already a mount point there"));
  });

  test('fails when a container gets one claim as two devices', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 1);
    const disk = new ClaimVolume(chart, 'db-disk', { workload: api, claim: blockClaim(chart), devices: [{ devicePath: '/dev/xvdb' }] });

    // THEN
    expect(() => disk.addDevice({ devicePath: '/dev/xvdc' })).toThrow(new Error(
      "test/db-disk: 'devices' must give container 'api' a claim once, as one device or as mounts, got another use of claim 'db-disk' at '/dev/xvdc'"));
  });

  test('fails when a container gets a claim imported by name both as mounts and as a device', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 1);
    const raw = new ClaimVolume(chart, 'raw', { workload: api, claim: kplus.PersistentVolumeClaim.fromClaimName(chart, 'existing', 'raw-disk'), mounts: [{ mountPath: '/raw' }] });

    // THEN
    expect(() => raw.addDevice({ devicePath: '/dev/raw' })).toThrow(new Error(
      "test/raw: 'devices' must give container 'api' a claim once, as one device or as mounts, got another use of claim 'raw-disk' at '/dev/raw'"));
  });

  test('fails when a device path is relative', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 1);

    // THEN
    expect(() => new ClaimVolume(chart, 'db-disk', { workload: api, claim: blockClaim(chart), devices: [{ devicePath: 'dev/xvdb' }] })).toThrow(new Error(
      "test/db-disk: 'devicePath' must be an absolute path without '..', got 'dev/xvdb'"));
  });

  test('fails when a ReadWriteOnce Block claim is given to many replicas', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 3);

    // THEN
    expect(() => new ClaimVolume(chart, 'db-disk', { workload: api, claim: blockClaim(chart), devices: [{ devicePath: '/dev/xvdb' }] })).toThrow(new Error(
      "test/db-disk: 'claim' must be ReadWriteMany, or ReadOnlyMany mounted read-only, when mounted by 3 replicas (Deployment test/web), got access modes ReadWriteOnce: "
      + 'a ReadWriteOnce volume attaches to one node at a time, so pods on other nodes never start; give each replica its own claim (StatefulSet volumeClaimTemplates) or run 1 replica'));
  });

  test('fails at synth when no container gets the device of a Block claim', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 1);

    // WHEN
    new ClaimVolume(chart, 'db-disk', { workload: api, claim: blockClaim(chart) });

    // THEN
    expect(() => synth(chart)).toThrow(new Error(
      "test/db-disk: 'devices' must list at least one device, got none: pass 'devices' or call addDevice()"));
  });

  test('mounts a claim bound to a hostPath volume read-only by default into a privileged workload', () => {
    // GIVEN
    const chart = newChart();
    const agent = new Deployment(chart, 'agent', {
      metadata: { name: 'agent', namespace: NAMESPACE },
      replicas: 1,
      podSecurityLevel: PodSecurityLevel.PRIVILEGED,
      containers: [{ name: 'agent', image: API_IMAGE }],
    });

    // WHEN
    new ClaimVolume(chart, 'node-data', { workload: agent, claim: hostPathClaim(chart), mounts: [{ mountPath: '/data' }] });

    // THEN
    expect(container(podSpec(synth(chart, { podSecurityLevel: PodSecurityLevel.PRIVILEGED }), 'Deployment'), 'agent').volumeMounts).toEqual([
      { name: 'node-data', mountPath: '/data', readOnly: true },
    ]);
  });

  test('fails when a claim bound to a hostPath volume is mounted by a workload that is not privileged', () => {
    // GIVEN
    const chart = newChart();
    const api = web(chart, 1);

    // THEN
    expect(() => new ClaimVolume(chart, 'node-data', { workload: api, claim: hostPathClaim(chart), mounts: [{ mountPath: '/data' }] })).toThrow(new Error(
      "test/node-data: 'workload' must declare podSecurityLevel PodSecurityLevel.PRIVILEGED to mount claim 'node-data', bound to hostPath PersistentVolume 'node-data', "
      + "whose node files the Pod Security Standards baseline and restricted forbid (admission does not see them through a claim), got a workload at 'restricted'"));
  });

  test('fails when a device is not an object (a JavaScript caller)', () => {
    const chart = newChart();
    expect(() => new ClaimVolume(chart, 'db-disk', { workload: web(chart, 1), claim: blockClaim(chart), devices: ['/dev/xvdb' as any] })).toThrow(new Error(
      "test/db-disk: 'devices[]' must be an object, got '/dev/xvdb'"));
  });
});
