import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import {
  ClaimVolume, Deployment, HostPathVolume, Namespace, PatternsApp, PersistentVolume, PersistentVolumeClaim, PersistentVolumeSource,
  PodSecurityLevel, PodVolume, StorageClass, StorageSize, VolumeBindingMode,
} from '../../src';
import { dnsLabel, outcomeOf, params, wrongValue } from '../harness/fuzz';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const NAMESPACE = 'ticketing';

/**
 * A hostile value, or a generated one of the wrong shape: a random string, an out-of-range number.
 * Without line breaks for now: `show()` (src/_errors.ts) prints them raw, which splits the error line.
 */
const badValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: wrongValue.filter(v => typeof v !== 'string' || !/[\n\u2028]/.test(v)) },
  fc.string({ maxLength: 70 }),
  fc.integer({ min: -(2 ** 33), max: 2 ** 33 }),
  fc.double(),
);

/** A label name or value that plain YAML reads back as a string: synth refuses one it would read as a number, a date or a boolean. */
const labelName = fc.stringMatching(/^[A-Za-z]([-A-Za-z0-9_.]{0,12}[A-Za-z0-9])?$/).filter(k => !/^(y|yes|n|no|true|false|on|off|null)$/i.test(k));
const labelKey = fc.oneof(labelName, fc.tuple(dnsLabel, dnsLabel, labelName).map(([a, b, n]) => `${a}.${b}/${n}`));
const labelValue = fc.oneof(fc.constant(''), labelName);
const labels = fc.dictionary(labelKey.filter(k => !k.startsWith('pod-security.kubernetes.io/')), labelValue, { maxKeys: 3 });
const annotations = fc.dictionary(labelKey, fc.string({ maxLength: 20 }), { maxKeys: 2 });

/** A construct under test: valid props from a spec, built in a chart of `ticketing`, and the fields a caller may get wrong. */
interface Subject<S> {
  readonly spec: fc.Arbitrary<S>;
  /**
   * Paths into the props, dotted (`rules.0.verbs`) or as a list of keys where a key holds a dot;
   * an index is only tried when the sample has that item.
   */
  readonly fields: readonly (string | readonly string[])[];
  props(chart: Chart, spec: S): any;
  build(chart: Chart, props: any): void;
}

function chartOf(app: PatternsApp): Chart {
  return new Chart(app, 'test', { namespace: NAMESPACE });
}

function acceptsEvery<S>(subject: Subject<S>): void {
  fc.assert(fc.property(subject.spec, spec => {
    const outcome = outcomeOf(app => {
      const chart = chartOf(app);
      subject.build(chart, subject.props(chart, spec));
    });
    if (!outcome.ok) throw new Error(outcome.message);
  }), params());
}

/** `alsoNamed`: other fields an error may name for a field, when the problem is how they combine. */
function refusesEvery<S>(subject: Subject<S>, alsoNamed: { [leaf: string]: string[] } = {}): void {
  fc.assert(fc.property(subject.spec, fc.nat(), badValue, (spec, pick, bad) => {
    let field: string[] = [];
    const outcome = outcomeOf(app => {
      const chart = chartOf(app);
      const props = subject.props(chart, spec);
      const candidates = subject.fields.map(pathOf).filter(path => reachable(props, path));
      field = candidates[pick % candidates.length];
      subject.build(chart, withField(props, field, bad));
    });
    if (outcome.ok) return;
    const names = [leafOf(field), ...alsoNamed[leafOf(field)] ?? []];
    expect(outcome.message).toMatch(new RegExp(`['.["](${names.map(n => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})`));
  }), params());
}

const isPlain = (v: unknown): v is object => typeof v === 'object' && v !== null && [Object.prototype, null].includes(Object.getPrototypeOf(v));
const isIndex = (key: string) => /^\d+$/.test(key);

/** Whether a field can be set: every parent exists, or is a missing plain object (not an array item). */
function reachable(value: unknown, path: string[]): boolean {
  if (path.length <= 1) return true;
  const [head, ...rest] = path;
  const next = Array.isArray(value) || isPlain(value) ? (value as any)[head] : undefined;
  if (next === undefined) return !isIndex(head) && !isIndex(rest[0]) && rest.length === 1;
  return (Array.isArray(next) || isPlain(next)) && reachable(next, rest);
}

/** A copy of `value` with the field at `path` set to `replacement`. */
function withField(value: unknown, path: string[], replacement: unknown): any {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy: any = Array.isArray(value) ? [...value] : { ...(isPlain(value) ? value : {}) };
  copy[head] = withField(copy[head], rest, replacement);
  return copy;
}

const pathOf = (field: string | readonly string[]): string[] => (typeof field === 'string' ? field.split('.') : [...field]);

/** The name an error gives a field: its last key. */
function leafOf(path: string[]): string {
  return path.filter(k => !isIndex(k)).pop()!;
}

const metadata = fc.record({ name: dnsLabel, labels, annotations }, { requiredKeys: [] });

const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const ROX = kplus.PersistentVolumeAccessMode.READ_ONLY_MANY;
const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;
const METADATA_FIELDS = ['metadata', 'metadata.name', 'metadata.labels', 'metadata.annotations'];

const size = fc.oneof(
  fc.integer({ min: 1, max: 2048 }).map(n => StorageSize.fromQuantity(`${n}Gi`)),
  fc.integer({ min: 1, max: 999 }).map(n => StorageSize.fromQuantity(`${n}M`)),
  fc.integer({ min: 1, max: 64 }).map(n => StorageSize.fromSize(Size.gibibytes(n))),
);
const accessModes = fc.subarray([RWO, ROX, RWX], { minLength: 1 });
const storageClassName = fc.oneof(fc.constant(''), dnsLabel);
const volumeMode = fc.constantFrom(kplus.PersistentVolumeMode.FILE_SYSTEM, kplus.PersistentVolumeMode.BLOCK);

describe('PersistentVolumeClaim', () => {
  const subject: Subject<any> = {
    spec: fc.record({ metadata, storage: size, accessModes, storageClassName, volumeMode, selector: labels }, { requiredKeys: ['storage'] }),
    fields: [...METADATA_FIELDS, 'metadata.namespace', 'storage', 'accessModes', 'accessModes.0', 'storageClassName', 'volumeMode', 'selector'],
    props: (_chart, spec) => spec,
    build: (chart, props) => new PersistentVolumeClaim(chart, 'data', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));
});

describe('StorageSize', () => {
  test("refuses every invalid size with the library's error", () => {
    fc.assert(fc.property(fc.constantFrom('fromQuantity', 'fromSize'), badValue, (factory, bad) => {
      const outcome = outcomeOf(app => {
        new PersistentVolumeClaim(chartOf(app), 'data', { storage: (StorageSize as any)[factory](bad) });
      });
      if (!outcome.ok) expect(outcome.message).toContain(factory === 'fromSize' ? 'size' : 'storage');
    }), params());
  });
});

const SOURCES = {
  csi: fc.record({
    driver: fc.constantFrom('ebs.csi.aws.com', 'pd.csi.storage.gke.io'),
    volumeHandle: fc.stringMatching(/^vol-[0-9a-f]{8}$/),
    fsType: fc.constantFrom('ext4', 'xfs'),
    volumeAttributes: fc.dictionary(dnsLabel, fc.string({ maxLength: 10 }), { maxKeys: 2 }),
    readOnly: fc.boolean(),
  }, { requiredKeys: ['driver', 'volumeHandle'] }),
  nfs: fc.record({ server: fc.constantFrom('nfs.example.com', '10.0.0.5'), path: fc.constantFrom('/exports/data', '/'), readOnly: fc.boolean() }, { requiredKeys: ['server', 'path'] }),
  local: fc.record({ path: fc.constantFrom('/mnt/disks/ssd1', '/data'), node: dnsLabel }),
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
    }, { requiredKeys: ['source', 'capacity'] }),
    fields: [...METADATA_FIELDS, 'metadata.namespace', 'source', 'capacity', 'accessModes', 'accessModes.0', 'reclaimPolicy', 'storageClassName', 'volumeMode'],
    props: (_chart, spec) => ({ ...spec, source: PersistentVolumeSource[spec.source.kind as SourceKind](spec.source.options) }),
    build: (chart, props) => new PersistentVolume(chart, 'pv', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));
});

describe('PersistentVolumeSource', () => {
  const OPTIONS: { [kind in SourceKind]: string[] } = {
    csi: ['driver', 'volumeHandle', 'fsType', 'volumeAttributes', 'readOnly'], nfs: ['server', 'path', 'readOnly'], local: ['path', 'node'],
  };
  test("refuses every invalid option with the library's error", () => {
    fc.assert(fc.property(source, fc.nat(), badValue, ({ kind, options }, pick, bad) => {
      const names = [...OPTIONS[kind as SourceKind], 'options'];
      const name = names[pick % names.length];
      const outcome = outcomeOf(app => {
        const given = name === 'options' ? bad : { ...options, [name]: bad };
        new PersistentVolume(chartOf(app), 'pv', { source: PersistentVolumeSource[kind as SourceKind](given as any), capacity: StorageSize.fromQuantity('10Gi') });
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
    fields: [...METADATA_FIELDS, 'metadata.namespace', 'provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode', 'allowVolumeExpansion'],
    props: (_chart, spec) => spec,
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

/** A copy without the keys whose value is undefined. */
function strip<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

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
      claim: new PersistentVolumeClaim(chart, 'data', { storage: StorageSize.fromQuantity('1Gi'), accessModes: s.modes }),
      name: s.name,
      mounts: s.mounts,
    }),
    build: (chart, props) => new ClaimVolume(chart, 'volume', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { ...MOUNT_NAMES, readOnly: ['claim'] }));
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
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, MOUNT_NAMES));
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
      new Namespace(chart, 'namespace', { name: NAMESPACE, podSecurity: PodSecurityLevel.PRIVILEGED });
      return strip({ ...s, workload: web(chart, 1, PodSecurityLevel.PRIVILEGED) });
    },
    build: (chart, props) => new HostPathVolume(chart, 'logs', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, MOUNT_NAMES));
});
