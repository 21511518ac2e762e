import { Chart, Size } from 'cdk8s';
import { kplus } from '../../src/_plus';
import { PersistentVolume } from '../../src/storage/persistent-volume';
import { PersistentVolumeSource } from '../../src/storage/persistent-volume-source';
import { VolumeNodeAffinity } from '../../src/storage/volume-node-affinity';
import { find, newChart, synth, testApp } from '../harness';

const HUNDRED_GI = Size.gibibytes(100);
const NFS = PersistentVolumeSource.nfs({ server: 'nfs.example.internal', path: '/exports/uploads' });
const EBS = PersistentVolumeSource.csi({ driver: 'ebs.csi.aws.com', volumeHandle: 'vol-0123456789abcdef0' });
const LOCAL_SSD = PersistentVolumeSource.local({ path: '/mnt/disks/ssd1' });
const WORKER_1 = VolumeNodeAffinity.onNodes(['worker-1']);

/** The volume `pv` of that props, synthesized. */
function volumeOf(props: Partial<ConstructorParameters<typeof PersistentVolume>[2]>): any {
  const chart = newChart();
  new PersistentVolume(chart, 'pv', { metadata: { name: 'pv' }, source: NFS, capacity: HUNDRED_GI, ...props });
  return find(synth(chart), 'PersistentVolume');
}

describe('PersistentVolume', () => {
  test('offers an NFS export, ReadWriteOnce, of no class, retained when its claim goes', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    const volume = new PersistentVolume(chart, 'pv', { metadata: { name: 'uploads' }, source: NFS, capacity: HUNDRED_GI });
    const manifest = find(synth(chart), 'PersistentVolume');

    // THEN
    expect(manifest.metadata).toEqual({ name: 'uploads' });
    expect(manifest.spec).toEqual({
      nfs: { server: 'nfs.example.internal', path: '/exports/uploads' },
      capacity: { storage: '100Gi' },
      accessModes: ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
    });
    expect(volume.name).toBe('uploads');
    expect(volume.capacity.asString()).toBe('100Gi');
    expect(volume.reclaimPolicy).toBe(kplus.PersistentVolumeReclaimPolicy.RETAIN);
  });

  test('renders a CSI volume', () => {
    // WHEN
    const spec = volumeOf({
      source: PersistentVolumeSource.csi({
        driver: 'ebs.csi.aws.com',
        volumeHandle: 'vol-0123456789abcdef0',
        fsType: 'ext4',
        volumeAttributes: { encrypted: 'true' },
        readOnly: true,
      }),
    }).spec;

    // THEN
    expect(spec.csi).toEqual({
      driver: 'ebs.csi.aws.com',
      volumeHandle: 'vol-0123456789abcdef0',
      fsType: 'ext4',
      volumeAttributes: { encrypted: 'true' },
      readOnly: true,
    });
  });

  test('pins a local volume to its node', () => {
    // WHEN
    const spec = volumeOf({ source: LOCAL_SSD, nodeAffinity: WORKER_1, storageClassName: 'local-ssd' }).spec;

    // THEN
    expect(spec.local).toEqual({ path: '/mnt/disks/ssd1' });
    expect(spec.nodeAffinity).toEqual({
      required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['worker-1'] }] }] },
    });
    expect(spec.storageClassName).toBe('local-ssd');
  });

  test('pins a volume to any of several nodes, named once each', () => {
    // WHEN
    const spec = volumeOf({ source: LOCAL_SSD, nodeAffinity: VolumeNodeAffinity.onNodes(['worker-1', 'worker-2', 'worker-1']) }).spec;

    // THEN
    expect(spec.nodeAffinity.required.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['worker-1', 'worker-2'] }] },
    ]);
  });

  test('pins a volume to the nodes of a label, e.g. a zone', () => {
    // WHEN
    const spec = volumeOf({ source: EBS, nodeAffinity: VolumeNodeAffinity.withNodeLabel('topology.kubernetes.io/zone', ['eu-west-1a']) }).spec;

    // THEN
    expect(spec.nodeAffinity).toEqual({
      required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1a'] }] }] },
    });
  });

  test('offers a directory of the node (hostPath), an existing directory by default', () => {
    // WHEN
    const spec = volumeOf({ source: PersistentVolumeSource.hostPath({ path: '/var/lib/tickets' }) }).spec;

    // THEN
    expect(spec.hostPath).toEqual({ path: '/var/lib/tickets', type: 'Directory' });
    expect(spec.nodeAffinity).toBeUndefined();
  });

  test('renders the hostPath type given', () => {
    // WHEN
    const spec = volumeOf({ source: PersistentVolumeSource.hostPath({ path: '/data/tickets', type: kplus.HostPathVolumeType.DIRECTORY_OR_CREATE }), nodeAffinity: WORKER_1 }).spec;

    // THEN
    expect(spec.hostPath).toEqual({ path: '/data/tickets', type: 'DirectoryOrCreate' });
    expect(spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values).toEqual(['worker-1']);
  });

  test('renders access modes, reclaim policy and volume mode', () => {
    // WHEN
    const spec = volumeOf({
      source: EBS,
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY, kplus.PersistentVolumeAccessMode.READ_ONLY_MANY],
      reclaimPolicy: kplus.PersistentVolumeReclaimPolicy.DELETE,
      volumeMode: kplus.PersistentVolumeMode.BLOCK,
    }).spec;

    // THEN
    expect(spec.accessModes).toEqual(['ReadWriteMany', 'ReadOnlyMany']);
    expect(spec.persistentVolumeReclaimPolicy).toBe('Delete');
    expect(spec.volumeMode).toBe('Block');
  });

  test('drops the namespace a chart gives it, as it belongs to none', () => {
    // GIVEN
    const chart = new Chart(testApp(), 'test', { namespace: 'ticketing' });

    // WHEN
    new PersistentVolume(chart, 'pv', { metadata: { name: 'uploads' }, source: NFS, capacity: HUNDRED_GI });

    // THEN
    expect(find(synth(chart), 'PersistentVolume').metadata).toEqual({ name: 'uploads' });
  });

  test('fails when given a namespace', () => {
    expect(() => new PersistentVolume(newChart(), 'pv', { metadata: { namespace: 'ticketing' }, source: NFS, capacity: HUNDRED_GI })).toThrow(new Error(
      "test/pv: 'metadata.namespace' must be unset: a PersistentVolume is cluster-scoped and belongs to no namespace, got 'ticketing'"));
  });

  test.each([
    ['zero', Size.mebibytes(0), "must be a positive size such as Size.gibibytes(10), got '0Mi'"],
    ['Size.gibibytes(NaN)', Size.gibibytes(NaN), "must be a positive size such as Size.gibibytes(10), got 'NaNGi'"],
    ['a fraction of a kibibyte', Size.kibibytes(1.5), "must be a whole number of kibibytes such as Size.gibibytes(10) or Size.mebibytes(500), got '1.5Ki'"],
    ["the string '100Gi' (a JavaScript caller)", '100Gi', "must be a Size such as Size.gibibytes(10), got '100Gi'"],
  ])('fails when the capacity is %s', (_, capacity, problem) => {
    expect(() => new PersistentVolume(newChart(), 'pv', { source: NFS, capacity: capacity as any })).toThrow(new Error(`test/pv: 'capacity' ${problem}`));
  });

  test('fails when the access modes include ReadWriteOncePod', () => {
    expect(() => new PersistentVolume(newChart(), 'pv', {
      source: NFS,
      capacity: HUNDRED_GI,
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE, kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD],
    })).toThrow(new Error(
      "test/pv: 'accessModes' must not include ReadWriteOncePod, which is alpha and off by default in Kubernetes 1.26 (the version this library targets), got ReadWriteOnce, ReadWriteOncePod; use ReadWriteOnce"));
  });

  test('fails when the source is missing', () => {
    expect(() => new PersistentVolume(newChart(), 'pv', { capacity: HUNDRED_GI } as any)).toThrow(new Error(
      "test/pv: 'source' must be a PersistentVolumeSource such as PersistentVolumeSource.csi(...), .nfs(...), .local(...) or .hostPath(...), got undefined"));
  });

  test.each(['', 'csi driver', `${'d'.repeat(60)}.com`])('fails when the CSI driver is %p', (driver) => {
    expect(() => new PersistentVolume(newChart(), 'pv', { source: PersistentVolumeSource.csi({ driver, volumeHandle: 'vol-1' }), capacity: HUNDRED_GI })).toThrow(new Error(
      `test/pv: 'source.csi.driver' must be a CSI driver name (a DNS-1123 subdomain of at most 63 characters, e.g. 'ebs.csi.aws.com'), got '${driver}'`));
  });

  test('fails when the CSI volume handle is empty', () => {
    expect(() => new PersistentVolume(newChart(), 'pv', { source: PersistentVolumeSource.csi({ driver: 'ebs.csi.aws.com', volumeHandle: ' ' }), capacity: HUNDRED_GI })).toThrow(new Error(
      "test/pv: 'source.csi.volumeHandle' must be the id of the volume in the storage system, got ' '"));
  });

  test('fails when the NFS server is empty', () => {
    expect(() => new PersistentVolume(newChart(), 'pv', { source: PersistentVolumeSource.nfs({ server: '', path: '/exports' }), capacity: HUNDRED_GI })).toThrow(new Error(
      "test/pv: 'source.nfs.server' must be the host name or IP address of the NFS server, got ''"));
  });

  test('fails when the NFS path is relative', () => {
    expect(() => new PersistentVolume(newChart(), 'pv', { source: PersistentVolumeSource.nfs({ server: 'nfs', path: 'exports' }), capacity: HUNDRED_GI })).toThrow(new Error(
      "test/pv: 'source.nfs.path' must be an absolute path without '..', got 'exports'"));
  });

  test('fails when the local path is relative', () => {
    expect(() => new PersistentVolume(newChart(), 'pv', { source: PersistentVolumeSource.local({ path: 'mnt/ssd' }), nodeAffinity: WORKER_1, capacity: HUNDRED_GI })).toThrow(new Error(
      "test/pv: 'source.local.path' must be an absolute path without '..', got 'mnt/ssd'"));
  });

  test('fails when a local volume has no node affinity', () => {
    expect(() => volumeOf({ source: LOCAL_SSD })).toThrow(new Error(
      "test/pv: 'nodeAffinity' must give the node of a local source, whose disk only that node has, got undefined; pass VolumeNodeAffinity.onNodes(['<node name>'])"));
  });

  test('fails when the node affinity is not a VolumeNodeAffinity (a JavaScript caller)', () => {
    expect(() => volumeOf({ source: LOCAL_SSD, nodeAffinity: 'worker-1' as any })).toThrow(new Error(
      "test/pv: 'nodeAffinity' must be a VolumeNodeAffinity such as VolumeNodeAffinity.onNodes(['worker-1']), got 'worker-1'"));
  });

  test('fails when the node affinity names no node', () => {
    expect(() => volumeOf({ source: LOCAL_SSD, nodeAffinity: VolumeNodeAffinity.onNodes([]) })).toThrow(new Error(
      "test/pv: 'nodeAffinity.names' must list at least one node (its 'kubernetes.io/hostname' label), got []"));
  });

  test.each(['worker 1', 'w'.repeat(64)])('fails when a node name is %p', (node) => {
    expect(() => volumeOf({ source: LOCAL_SSD, nodeAffinity: VolumeNodeAffinity.onNodes([node]) })).toThrow(new Error(
      `test/pv: 'nodeAffinity.names[0]' must be a label value (empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit), got '${node}'`));
  });

  test('fails when a node name is empty', () => {
    expect(() => volumeOf({ source: LOCAL_SSD, nodeAffinity: VolumeNodeAffinity.onNodes(['worker-1', '']) })).toThrow(new Error(
      "test/pv: 'nodeAffinity.names[1]' must name a node, got ''"));
  });

  test('fails when a node label key is not a label key', () => {
    expect(() => volumeOf({ source: EBS, nodeAffinity: VolumeNodeAffinity.withNodeLabel('zone name', ['a']) })).toThrow(new Error(
      "test/pv: 'nodeAffinity.key' must be a label key ([prefix/]name: an optional DNS-1123 subdomain prefix of at most 253 characters, and a name of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit), got 'zone name'"));
  });

  test('fails when a node label has no values', () => {
    expect(() => volumeOf({ source: EBS, nodeAffinity: VolumeNodeAffinity.withNodeLabel('topology.kubernetes.io/zone', []) })).toThrow(new Error(
      "test/pv: 'nodeAffinity.values' must list at least one label value, got []"));
  });

  test('fails when the hostPath path is relative', () => {
    expect(() => volumeOf({ source: PersistentVolumeSource.hostPath({ path: 'var/log' }) })).toThrow(new Error(
      "test/pv: 'source.hostPath.path' must be an absolute path without '..', got 'var/log'"));
  });

  test('fails when the hostPath type is not a HostPathVolumeType (a JavaScript caller)', () => {
    expect(() => volumeOf({ source: PersistentVolumeSource.hostPath({ path: '/var/log', type: 'Dir' as any }) })).toThrow(new Error(
      "test/pv: 'source.hostPath.type' must be one of '', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice', got 'Dir'"));
  });

  test('fails when a hostPath volume offers more than ReadWriteOnce', () => {
    expect(() => volumeOf({ source: PersistentVolumeSource.hostPath({ path: '/var/log' }), accessModes: [kplus.PersistentVolumeAccessMode.READ_ONLY_MANY] })).toThrow(new Error(
      "test/pv: 'accessModes' must be ReadWriteOnce only for a hostPath source, a directory of one node at a time, got ReadOnlyMany"));
  });

  test.each([
    ['nfs', NFS],
    ['hostPath', PersistentVolumeSource.hostPath({ path: '/var/lib/tickets' })],
  ])('fails when a %s volume is a block device', (kind, source) => {
    expect(() => volumeOf({ source, volumeMode: kplus.PersistentVolumeMode.BLOCK })).toThrow(new Error(
      `test/pv: 'volumeMode' must be Filesystem for a ${kind} source, which is files, not a block device, got 'Block'; use a CSI or local source for a raw block volume`));
  });

  test('snapshot: a local SSD of one node', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    new PersistentVolume(chart, 'ssd', {
      metadata: { name: 'worker-1-ssd1', labels: { disk: 'ssd' } },
      source: LOCAL_SSD,
      nodeAffinity: WORKER_1,
      capacity: Size.gibibytes(375),
      storageClassName: 'local-ssd',
    });

    // THEN
    expect(find(synth(chart), 'PersistentVolume')).toMatchSnapshot();
  });

  test('renders volume attributes given as a map without a prototype (Object.create(null))', () => {
    const volumeAttributes = Object.assign(Object.create(null), { tier: 'gold' });
    const pv = volumeOf({ source: PersistentVolumeSource.csi({ driver: 'ebs.csi.aws.com', volumeHandle: 'vol-0a1b2c3d', volumeAttributes }) });
    expect(pv.spec.csi.volumeAttributes).toEqual({ tier: 'gold' });
  });

  test('fails when the reclaim policy is not a PersistentVolumeReclaimPolicy (a JavaScript caller)', () => {
    expect(() => volumeOf({ reclaimPolicy: 0 as any })).toThrow(new Error("test/pv: 'reclaimPolicy' must be one of 'Retain', 'Delete', got 0"));
  });

  test('fails when an NFS readOnly is not a boolean', () => {
    expect(() => volumeOf({ source: PersistentVolumeSource.nfs({ server: 'nfs.example.internal', path: '/exports', readOnly: 0 as any }) })).toThrow(new Error(
      "test/pv: 'source.nfs.readOnly' must be a boolean, got 0"));
  });
});
