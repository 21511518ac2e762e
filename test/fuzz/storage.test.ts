import { Chart, Size } from 'cdk8s';
import * as fc from 'fast-check';
import {
  ClaimVolume, Deployment, HostPathVolume, Namespace, PersistentVolume, PersistentVolumeClaim, PersistentVolumeSource,
  PodSecurityLevel, PodVolume, StorageClass, VolumeBindingMode, VolumeNodeAffinity,
} from '../../src';
import { kplus } from '../../src/_plus';
import { dnsLabel, outcomeOf, params } from '../harness/fuzz';
import {
  acceptsEvery, badValue, chartOf, IMAGE, labels, metadata, METADATA_FIELDS, NAMESPACE, refusesEvery, strip, Subject, text,
} from '../harness/props';

const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const ROX = kplus.PersistentVolumeAccessMode.READ_ONLY_MANY;
const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;

const size = fc.oneof(
  fc.integer({ min: 1, max: 2048 }).map(n => Size.gibibytes(n)),
  fc.integer({ min: 1, max: 999 }).map(n => Size.mebibytes(n)),
  fc.integer({ min: 1, max: 64 }).map(n => Size.tebibytes(n)),
  fc.integer({ min: 1, max: 1_048_576 }).map(n => Size.kibibytes(n)),
);
const accessModes = fc.subarray([RWO, ROX, RWX], { minLength: 1 });
const storageClassName = fc.oneof(fc.constant(''), dnsLabel);
const volumeMode = fc.constantFrom(kplus.PersistentVolumeMode.FILE_SYSTEM, kplus.PersistentVolumeMode.BLOCK);

describe('PersistentVolumeClaim', () => {
  const subject: Subject<any> = {
    spec: fc.record({ metadata, storage: size, accessModes, storageClassName, volumeMode, selector: labels }, { requiredKeys: ['storage'] }),
    fields: [...METADATA_FIELDS, 'storage', 'accessModes', 'accessModes.0', 'storageClassName', 'volumeMode', 'selector'],
    build: (chart, props) => new PersistentVolumeClaim(chart, 'data', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));
});

const SOURCES = {
  csi: fc.record({
    driver: fc.constantFrom('ebs.csi.aws.com', 'pd.csi.storage.gke.io'),
    volumeHandle: fc.stringMatching(/^vol-[0-9a-f]{8}$/),
    fsType: fc.constantFrom('ext4', 'xfs'),
    volumeAttributes: fc.dictionary(dnsLabel, text(10), { maxKeys: 2 }),
    readOnly: fc.boolean(),
  }, { requiredKeys: ['driver', 'volumeHandle'] }),
  nfs: fc.record({ server: fc.constantFrom('nfs.example.com', '10.0.0.5'), path: fc.constantFrom('/exports/data', '/'), readOnly: fc.boolean() }, { requiredKeys: ['server', 'path'] }),
  local: fc.record({ path: fc.constantFrom('/mnt/disks/ssd1', '/data') }),
};
type SourceKind = keyof typeof SOURCES;
const source = fc.oneof(...(Object.keys(SOURCES) as SourceKind[]).map(kind => SOURCES[kind].map(options => ({ kind, options }))));

describe('PersistentVolume', () => {
  const subject: Subject<any> = {
    spec: fc.record({
      metadata,
      source,
      capacity: size,
      accessModes,
      storageClassName,
      volumeMode,
      reclaimPolicy: fc.constantFrom(kplus.PersistentVolumeReclaimPolicy.RETAIN, kplus.PersistentVolumeReclaimPolicy.DELETE),
      node: dnsLabel,
    }, { requiredKeys: ['source', 'capacity', 'node'] })
      // a Block volume needs a block device: NFS serves files only
      .filter(spec => !(spec.source.kind === 'nfs' && spec.volumeMode === kplus.PersistentVolumeMode.BLOCK)),
    fields: [...METADATA_FIELDS, 'source', 'capacity', 'accessModes', 'accessModes.0', 'reclaimPolicy', 'storageClassName', 'volumeMode'],
    props: (_chart, { node, ...spec }) => ({
      ...spec,
      source: PersistentVolumeSource[spec.source.kind as SourceKind](spec.source.options),
      // a local volume's disk is on one node
      ...(spec.source.kind === 'local' ? { nodeAffinity: VolumeNodeAffinity.onNodes([node]) } : {}),
    }),
    build: (chart, props) => new PersistentVolume(chart, 'pv', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));
});

describe('PersistentVolumeSource', () => {
  const OPTIONS: { [kind in SourceKind]: string[] } = {
    csi: ['driver', 'volumeHandle', 'fsType', 'volumeAttributes', 'readOnly'], nfs: ['server', 'path', 'readOnly'], local: ['path'],
  };
  test("refuses every invalid option with the library's error", () => {
    fc.assert(fc.property(source, fc.nat(), badValue, ({ kind, options }, pick, bad) => {
      const names = [...OPTIONS[kind as SourceKind], 'options'];
      const name = names[pick % names.length];
      const outcome = outcomeOf(app => {
        const given = name === 'options' ? bad : { ...options, [name]: bad };
        new PersistentVolume(chartOf(app), 'pv', {
          source: PersistentVolumeSource[kind as SourceKind](given as any),
          capacity: Size.gibibytes(10),
          ...(kind === 'local' ? { nodeAffinity: VolumeNodeAffinity.onNodes(['node-a']) } : {}),
        });
      });
      if (!outcome.ok) expect(outcome.message).toContain(name === 'options' ? `source.${kind}` : name);
    }), params());
  });
});

describe('StorageClass', () => {
  const subject: Subject<any> = {
    spec: fc.record({
      metadata,
      provisioner: fc.constantFrom('ebs.csi.aws.com', 'kubernetes.io/no-provisioner', 'example.com/Custom_Provisioner'),
      parameters: fc.dictionary(fc.stringMatching(/^[a-z][a-zA-Z0-9./-]{0,15}$/), fc.string({ maxLength: 12 }), { maxKeys: 3 }),
      reclaimPolicy: fc.constantFrom(kplus.PersistentVolumeReclaimPolicy.RETAIN, kplus.PersistentVolumeReclaimPolicy.DELETE),
      volumeBindingMode: fc.constantFrom(VolumeBindingMode.IMMEDIATE, VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER),
      allowVolumeExpansion: fc.boolean(),
    }, { requiredKeys: ['provisioner'] }),
    fields: [...METADATA_FIELDS, 'provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode', 'allowVolumeExpansion'],
    build: (chart, props) => new StorageClass(chart, 'fast', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));
});

/** Our Deployment `web`, with containers `app` and `shipper`. */
function web(chart: Chart, replicas = 1, podSecurityLevel?: PodSecurityLevel): Deployment {
  return new Deployment(chart, 'web', {
    metadata: { name: 'web' },
    replicas,
    podSecurityLevel,
    containers: [{ name: 'app', image: IMAGE }, { name: 'shipper', image: IMAGE }],
  });
}

/** Up to three mounts, each at its own path, in the first container or a named one. */
const mounts = fc.array(fc.record({ container: fc.constantFrom('app', 'shipper', undefined), readOnly: fc.option(fc.boolean(), { nil: undefined }) }), { maxLength: 3 })
  .map(ms => ms.map((m, i) => strip({ mountPath: `/data/${i}`, ...m })));
const MOUNT_FIELDS = ['mounts', 'mounts.0', 'mounts.0.mountPath', 'mounts.0.container', 'mounts.0.readOnly'];
/** A mount replaced by another object is refused for the field it lacks. */
const MOUNT_NAMES = { mounts: ['mountPath'] };


describe('ClaimVolume', () => {
  const spec = fc.record({
    modes: fc.constantFrom<kplus.PersistentVolumeAccessMode[]>([RWO], [RWX], [ROX], [RWO, ROX]),
    replicas: fc.constantFrom(1, 3),
    name: fc.option(dnsLabel, { nil: undefined }),
    mounts: mounts.filter(ms => ms.length > 0),
  }).filter(s => s.mounts.every(m => {
    const readOnly = m.readOnly ?? false;
    if (!readOnly && !s.modes.includes(RWO) && !s.modes.includes(RWX)) return false;
    return s.replicas === 1 || s.modes.includes(RWX) || (readOnly && s.modes.includes(ROX));
  }));
  const subject: Subject<any> = {
    spec,
    fields: ['workload', 'claim', 'name', ...MOUNT_FIELDS],
    props: (chart, s) => strip({
      workload: web(chart, s.replicas),
      claim: new PersistentVolumeClaim(chart, 'data', { storage: Size.gibibytes(1), accessModes: s.modes }),
      name: s.name,
      mounts: s.mounts,
    }),
    build: (chart, props) => new ClaimVolume(chart, 'volume', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: { ...MOUNT_NAMES, readOnly: ['claim'] } }));
});

describe('PodVolume', () => {
  const spec = fc.record({
    name: fc.option(dnsLabel, { nil: undefined }),
    medium: fc.constantFrom(kplus.EmptyDirMedium.DEFAULT, kplus.EmptyDirMedium.MEMORY, undefined),
    sizeLimit: fc.option(fc.integer({ min: 1, max: 128 }).map(n => Size.mebibytes(n)), { nil: undefined }),
    mounts: mounts.filter(ms => ms.length > 0),
  });
  const subject: Subject<any> = {
    spec,
    fields: ['workload', 'name', 'medium', 'sizeLimit', ...MOUNT_FIELDS],
    props: (chart, s) => strip({ ...s, workload: web(chart) }),
    build: (chart, props) => new PodVolume(chart, 'scratch', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: MOUNT_NAMES }));
});

describe('HostPathVolume', () => {
  const spec = fc.record({
    path: fc.constantFrom('/var/log', '/etc/machine-id', '/'),
    type: fc.constantFrom(kplus.HostPathVolumeType.DIRECTORY, kplus.HostPathVolumeType.FILE, kplus.HostPathVolumeType.DEFAULT, undefined),
    name: fc.option(dnsLabel, { nil: undefined }),
    mounts: mounts.filter(ms => ms.length > 0),
  });
  const subject: Subject<any> = {
    spec,
    fields: ['workload', 'path', 'type', 'name', ...MOUNT_FIELDS],
    props: (chart, s) => {
      new Namespace(chart, 'namespace', { metadata: { name: NAMESPACE }, podSecurity: PodSecurityLevel.PRIVILEGED });
      return strip({ ...s, workload: web(chart, 1, PodSecurityLevel.PRIVILEGED) });
    },
    build: (chart, props) => new HostPathVolume(chart, 'logs', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: MOUNT_NAMES }));
});
