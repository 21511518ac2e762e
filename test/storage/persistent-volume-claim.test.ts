import { Size } from 'cdk8s';
import { kplus } from '../../src/_plus';
import { PersistentVolume } from '../../src/storage/persistent-volume';
import { PersistentVolumeClaim } from '../../src/storage/persistent-volume-claim';
import { PersistentVolumeSource } from '../../src/storage/persistent-volume-source';
import { VolumeNodeAffinity } from '../../src/storage/volume-node-affinity';
import { find, newChart, synth } from '../harness';

const TEN_GI = Size.gibibytes(10);
const DNS_SUBDOMAIN = "must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters)";
const LABEL_KEY = "must be a label key ([prefix/]name: an optional DNS-1123 subdomain prefix of at most 253 characters, and a name of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";
const LABEL_VALUE = "must be a label value (empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";

/** A local SSD `worker-1-ssd` of 100Gi, class `local-ssd`, offered as a block device. */
function localSsd(chart: ReturnType<typeof newChart>, props: Partial<ConstructorParameters<typeof PersistentVolume>[2]> = {}): PersistentVolume {
  return new PersistentVolume(chart, 'ssd', {
    metadata: { name: 'worker-1-ssd' },
    source: PersistentVolumeSource.local({ path: '/dev/disk/by-id/nvme-ssd1' }),
    nodeAffinity: VolumeNodeAffinity.onNodes(['worker-1']),
    capacity: Size.gibibytes(100),
    storageClassName: 'local-ssd',
    volumeMode: kplus.PersistentVolumeMode.BLOCK,
    ...props,
  });
}

/** The claim `data` of that props, synthesized. */
function claimOf(props: Partial<ConstructorParameters<typeof PersistentVolumeClaim>[2]> = {}): any {
  const chart = newChart();
  new PersistentVolumeClaim(chart, 'data', { metadata: { name: 'data' }, storage: TEN_GI, ...props });
  return find(synth(chart), 'PersistentVolumeClaim');
}

describe('PersistentVolumeClaim', () => {
  test('asks for ReadWriteOnce storage of the default class, as a filesystem', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    const claim = new PersistentVolumeClaim(chart, 'data', { metadata: { name: 'data', namespace: 'ticketing' }, storage: TEN_GI });
    const manifest = find(synth(chart), 'PersistentVolumeClaim');

    // THEN
    expect(manifest.apiVersion).toBe('v1');
    expect(manifest.metadata).toEqual({ name: 'data', namespace: 'ticketing' });
    expect(manifest.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
      volumeMode: 'Filesystem',
    });
    expect(claim.name).toBe('data');
    expect(claim.accessModes).toEqual([kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]);
    expect(claim.storage.asString()).toBe('10Gi');
  });

  test.each([
    ['Size.gibibytes(1.5)', Size.gibibytes(1.5), '1.5Gi'],
    ['Size.mebibytes(500)', Size.mebibytes(500), '500Mi'],
    ['Size.kibibytes(4)', Size.kibibytes(4), '4Ki'],
    ['Size.tebibytes(2)', Size.tebibytes(2), '2Ti'],
  ])('renders the storage %s as the Size writes it', (_, storage, rendered) => {
    expect(claimOf({ storage }).spec.resources.requests.storage).toBe(rendered);
  });

  test('renders access modes, storage class, volume mode and selector', () => {
    // WHEN
    const claim = claimOf({
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY, kplus.PersistentVolumeAccessMode.READ_ONLY_MANY],
      storageClassName: 'shared-nfs',
      volumeMode: kplus.PersistentVolumeMode.BLOCK,
      selector: { 'tier': 'gold', 'topology.kubernetes.io/zone': 'eu-west-1a' },
    });

    // THEN
    expect(claim.spec).toEqual({
      accessModes: ['ReadWriteMany', 'ReadOnlyMany'],
      resources: { requests: { storage: '10Gi' } },
      storageClassName: 'shared-nfs',
      volumeMode: 'Block',
      selector: { matchLabels: { 'tier': 'gold', 'topology.kubernetes.io/zone': 'eu-west-1a' } },
    });
  });

  test("renders storageClassName '' to ask for a volume of no class", () => {
    expect(claimOf({ storageClassName: '' }).spec.storageClassName).toBe('');
  });

  test.each([
    ['zero', Size.gibibytes(0), "must be a positive size such as Size.gibibytes(10), got '0Gi'"],
    ['Size.mebibytes(NaN)', Size.mebibytes(NaN), "must be a positive size such as Size.gibibytes(10), got 'NaNMi'"],
    ['Size.gibibytes(Infinity)', Size.gibibytes(Infinity), "must be a positive size such as Size.gibibytes(10), got 'InfinityGi'"],
    ['Size.tebibytes(1e21)', Size.tebibytes(1e21), "must be a positive size such as Size.gibibytes(10), got '1e+21Ti'"],
    ['a fraction of a kibibyte', Size.kibibytes(0.5), "must be a whole number of kibibytes such as Size.gibibytes(10) or Size.mebibytes(500), got '0.5Ki'"],
    ['missing', undefined, 'must be a Size such as Size.gibibytes(10), got undefined'],
    ["the string '10Gi' (a JavaScript caller)", '10Gi', "must be a Size such as Size.gibibytes(10), got '10Gi'"],
    ['a Cpu (a JavaScript caller)', kplus.Cpu.units(10), 'must be a Size such as Size.gibibytes(10), got {"amount":"10"}'],
  ])('fails when the storage is %s', (_, storage, problem) => {
    expect(() => new PersistentVolumeClaim(newChart(), 'data', { storage: storage as any })).toThrow(new Error(`test/data: 'storage' ${problem}`));
  });

  test('fails when the access modes include ReadWriteOncePod', () => {
    expect(() => new PersistentVolumeClaim(newChart(), 'data', {
      storage: TEN_GI,
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD],
    })).toThrow(new Error(
      "test/data: 'accessModes' must not include ReadWriteOncePod, which is alpha and off by default in Kubernetes 1.26 (the version this library targets), got ReadWriteOncePod; use ReadWriteOnce"));
  });

  test('fails when the access modes are empty', () => {
    expect(() => new PersistentVolumeClaim(newChart(), 'data', { storage: TEN_GI, accessModes: [] })).toThrow(new Error(
      "test/data: 'accessModes' must list at least one of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, got []"));
  });

  test('fails when an access mode is unknown', () => {
    expect(() => new PersistentVolumeClaim(newChart(), 'data', { storage: TEN_GI, accessModes: ['ReadWriteAll' as any] })).toThrow(new Error(
      "test/data: 'accessModes' must list only ReadWriteOnce, ReadOnlyMany, ReadWriteMany, got 'ReadWriteAll'"));
  });

  test('fails when the storage class name is not a DNS-1123 subdomain', () => {
    expect(() => new PersistentVolumeClaim(newChart(), 'data', { storage: TEN_GI, storageClassName: 'Fast_SSD' })).toThrow(new Error(
      `test/data: 'storageClassName' ${DNS_SUBDOMAIN}, got 'Fast_SSD'`));
  });

  test('fails when the name is not a DNS-1123 subdomain', () => {
    expect(() => new PersistentVolumeClaim(newChart(), 'data', { metadata: { name: 'Data' }, storage: TEN_GI })).toThrow(new Error(
      `test/data: 'metadata.name' ${DNS_SUBDOMAIN}, got 'Data'`));
  });

  test('fails when a label key is over 63 characters', () => {
    const key = 'k'.repeat(64);
    expect(() => new PersistentVolumeClaim(newChart(), 'data', { metadata: { labels: { [key]: 'x' } }, storage: TEN_GI })).toThrow(new Error(
      `test/data: 'metadata.labels[${key}]' ${LABEL_KEY}, got '${key}'`));
  });

  test('fails when a label value is over 63 characters', () => {
    const value = 'v'.repeat(64);
    expect(() => new PersistentVolumeClaim(newChart(), 'data', { metadata: { labels: { tier: value } }, storage: TEN_GI })).toThrow(new Error(
      `test/data: 'metadata.labels[tier]' ${LABEL_VALUE}, got '${value}'`));
  });

  test('fails when a selector value is not a label value', () => {
    expect(() => new PersistentVolumeClaim(newChart(), 'data', { storage: TEN_GI, selector: { tier: 'gold class' } })).toThrow(new Error(
      `test/data: 'selector[tier]' ${LABEL_VALUE}, got 'gold class'`));
  });

  test('snapshot: a claim for a pre-provisioned volume of no class, chosen by label', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    new PersistentVolumeClaim(chart, 'uploads', {
      metadata: { name: 'uploads', namespace: 'ticketing' },
      storage: Size.gibibytes(50),
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
      storageClassName: '',
      selector: { volume: 'uploads' },
    });

    // THEN
    expect(find(synth(chart), 'PersistentVolumeClaim')).toMatchSnapshot();
  });

  test('fails when the volume mode is not a PersistentVolumeMode (a JavaScript caller)', () => {
    expect(() => claimOf({ volumeMode: 0 as any })).toThrow(new Error(
      "test/data: 'volumeMode' must be one of 'Filesystem', 'Block', got 0"));
  });

  test('binds the volume of the app it names, taking its class and volume mode', () => {
    // GIVEN
    const chart = newChart();
    const ssd = localSsd(chart);

    // WHEN
    const claim = new PersistentVolumeClaim(chart, 'data', { metadata: { name: 'data' }, storage: Size.gibibytes(50), volume: ssd });

    // THEN
    expect(find(synth(chart), 'PersistentVolumeClaim').spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '50Gi' } },
      storageClassName: 'local-ssd',
      volumeMode: 'Block',
      volumeName: 'worker-1-ssd',
    });
    expect(claim.volume).toBe(ssd);
    expect(claim.volumeMode).toBe(kplus.PersistentVolumeMode.BLOCK);
  });

  test("asks for storageClassName '' when it names a volume of the app of no class", () => {
    // GIVEN
    const chart = newChart();
    const nfs = new PersistentVolume(chart, 'nfs', { metadata: { name: 'uploads' }, source: PersistentVolumeSource.nfs({ server: 'nfs', path: '/exports' }), capacity: TEN_GI });

    // WHEN
    new PersistentVolumeClaim(chart, 'data', { metadata: { name: 'data' }, storage: TEN_GI, volume: nfs });

    // THEN
    const spec = find(synth(chart), 'PersistentVolumeClaim').spec;
    expect(spec.storageClassName).toBe('');
    expect(spec.volumeName).toBe('uploads');
  });

  test('names a volume created outside the app, which it cannot check', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    const volume = kplus.PersistentVolume.fromPersistentVolumeName(chart, 'legacy', 'legacy-nfs');
    new PersistentVolumeClaim(chart, 'data', { metadata: { name: 'data' }, storage: Size.tebibytes(1), storageClassName: '', volume });

    // THEN
    const spec = find(synth(chart), 'PersistentVolumeClaim').spec;
    expect(spec.volumeName).toBe('legacy-nfs');
    expect(spec.storageClassName).toBe('');
    expect(spec.volumeMode).toBe('Filesystem');
  });

  test('fails when it asks for more than the capacity of the volume it names', () => {
    // GIVEN
    const chart = newChart();
    const volume = localSsd(chart);

    // THEN
    expect(() => new PersistentVolumeClaim(chart, 'data', { storage: Size.gibibytes(101), volume })).toThrow(new Error(
      "test/data: 'storage' must be at most the capacity of PersistentVolume 'worker-1-ssd' (100Gi), which it names, got '101Gi'"));
  });

  test('compares its storage with the capacity of the volume it names in bytes, whatever their units', () => {
    // GIVEN
    const fits = newChart();
    const tooLarge = newChart();

    // WHEN
    new PersistentVolumeClaim(fits, 'data', { storage: Size.mebibytes(102400), volume: localSsd(fits) });

    // THEN
    expect(find(synth(fits), 'PersistentVolumeClaim').spec.resources.requests.storage).toBe('102400Mi');
    expect(() => new PersistentVolumeClaim(tooLarge, 'data', { storage: Size.mebibytes(102401), volume: localSsd(tooLarge) })).toThrow(new Error(
      "test/data: 'storage' must be at most the capacity of PersistentVolume 'worker-1-ssd' (100Gi), which it names, got '102401Mi'"));
  });

  test('fails when it asks for an access mode the volume it names does not offer', () => {
    // GIVEN
    const chart = newChart();
    const volume = localSsd(chart);

    // THEN
    expect(() => new PersistentVolumeClaim(chart, 'data', {
      storage: TEN_GI,
      volume,
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE, kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
    })).toThrow(new Error(
      "test/data: 'accessModes' must be offered by PersistentVolume 'worker-1-ssd' (ReadWriteOnce), which it names, got ReadWriteMany"));
  });

  test('fails when its class is not the class of the volume it names', () => {
    // GIVEN
    const chart = newChart();
    const volume = localSsd(chart);

    // THEN
    expect(() => new PersistentVolumeClaim(chart, 'data', { storage: TEN_GI, volume, storageClassName: '' })).toThrow(new Error(
      "test/data: 'storageClassName' must be the class of PersistentVolume 'worker-1-ssd' ('local-ssd'), which it names, got ''; leave it out to take the volume's"));
  });

  test('fails when its volume mode is not the mode of the volume it names', () => {
    // GIVEN
    const chart = newChart();
    const volume = localSsd(chart);

    // THEN
    expect(() => new PersistentVolumeClaim(chart, 'data', { storage: TEN_GI, volume, volumeMode: kplus.PersistentVolumeMode.FILE_SYSTEM })).toThrow(new Error(
      "test/data: 'volumeMode' must be the volume mode of PersistentVolume 'worker-1-ssd' (Block), which it names, got 'Filesystem'; leave it out to take the volume's"));
  });

  test('checks a cdk8s-plus PersistentVolume of the app too', () => {
    // GIVEN
    const chart = newChart();
    const volume = new kplus.AwsElasticBlockStorePersistentVolume(chart, 'ebs', { volumeId: 'vol-0a1b2c3d', storage: Size.gibibytes(20), storageClassName: 'gp3' });

    // THEN
    expect(() => new PersistentVolumeClaim(chart, 'data', { storage: Size.gibibytes(30), volume })).toThrow(new Error(
      `test/data: 'storage' must be at most the capacity of PersistentVolume '${volume.name}' (20Gi), which it names, got '30Gi'`));
  });

  test('fails when two claims name one volume', () => {
    // GIVEN
    const chart = newChart();
    const volume = localSsd(chart);
    new PersistentVolumeClaim(chart, 'data', { storage: TEN_GI, volume });

    // THEN
    expect(() => new PersistentVolumeClaim(chart, 'other', { storage: TEN_GI, volume })).toThrow(new Error(
      "test/other: 'volume' must be a PersistentVolume no other claim names, got PersistentVolume 'worker-1-ssd', which claim test/data already names; a volume binds one claim"));
  });

  test('fails when the volume is not a PersistentVolume (a JavaScript caller)', () => {
    expect(() => claimOf({ volume: 'worker-1-ssd' as any })).toThrow(new Error(
      "test/data: 'volume' must be a PersistentVolume (of this library, of cdk8s-plus, or kplus.PersistentVolume.fromPersistentVolumeName), got 'worker-1-ssd'"));
  });
});
