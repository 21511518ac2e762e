import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { PersistentVolumeClaim } from '../../src/storage/persistent-volume-claim';
import { StorageSize } from '../../src/storage/storage-size';
import { find, newChart, synth } from '../harness';

const TEN_GI = StorageSize.fromQuantity('10Gi');
const STORAGE_RULE = "must be a positive whole number of bytes as a Kubernetes quantity, such as StorageSize.fromQuantity('10Gi'), StorageSize.fromQuantity('500M') or StorageSize.fromSize(Size.gibibytes(10))";
const DNS_SUBDOMAIN = "must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters)";
const LABEL_KEY = "must be a label key ([prefix/]name: an optional DNS-1123 subdomain prefix of at most 253 characters, and a name of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";
const LABEL_VALUE = "must be a label value (empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";

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
    expect(claim.storage.quantity).toBe('10Gi');
  });

  test.each([
    ['a binary quantity', StorageSize.fromQuantity('1.5Gi'), '1.5Gi'],
    ['a decimal quantity', StorageSize.fromQuantity('500M'), '500M'],
    ['an exponent', StorageSize.fromQuantity('1e9'), '1e9'],
    ['a cdk8s Size', StorageSize.fromSize(Size.gibibytes(20)), '20Gi'],
  ])('renders the storage of %s as given', (_, storage, rendered) => {
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
    ['has a space', '10 Gi'],
    ['is negative', '-1Gi'],
    ['is not a number', 'abc'],
    ['is zero', '0'],
    ['is zero gibibytes', '0Gi'],
    ['is a fraction of a byte', '100m'],
    ['has a lowercase binary suffix', '10gi'],
    ['is empty', ''],
  ])('fails when the storage %s', (_, quantity) => {
    expect(() => new PersistentVolumeClaim(newChart(), 'data', { storage: StorageSize.fromQuantity(quantity) })).toThrow(new Error(
      `test/data: 'storage' ${STORAGE_RULE}, got '${quantity}'`));
  });

  test('fails when the storage is a zero Size', () => {
    expect(() => new PersistentVolumeClaim(newChart(), 'data', { storage: StorageSize.fromSize(Size.gibibytes(0)) })).toThrow(new Error(
      `test/data: 'storage' ${STORAGE_RULE}, got '0Gi'`));
  });

  test('fails when the storage is missing', () => {
    expect(() => new PersistentVolumeClaim(newChart(), 'data', {} as any)).toThrow(new Error(
      `test/data: 'storage' ${STORAGE_RULE}, got undefined`));
  });

  test('fails when the storage is a plain string', () => {
    expect(() => new PersistentVolumeClaim(newChart(), 'data', { storage: '10Gi' as any })).toThrow(new Error(
      `test/data: 'storage' ${STORAGE_RULE}, got '10Gi'`));
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
      storage: StorageSize.fromQuantity('50Gi'),
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

  test('fails when StorageSize.fromSize is given something other than a Size', () => {
    expect(() => StorageSize.fromSize('10Gi' as any)).toThrow(new Error(
      "StorageSize.fromSize: 'size' must be a Size such as Size.gibibytes(10), got '10Gi'"));
  });

  test('fails when StorageSize.fromQuantity is given a number', () => {
    expect(() => claimOf({ storage: StorageSize.fromQuantity(10 as any) })).toThrow(new Error(`test/data: 'storage' ${STORAGE_RULE}, got 10`));
  });
});
