import { Chart } from 'cdk8s';
import { kplus } from '../../src/_plus';
import { StorageClass, VolumeBindingMode } from '../../src/storage/storage-class';
import { find, newChart, synth, testApp } from '../harness';

const DNS_SUBDOMAIN = "must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters)";
const PROVISIONER = "must name a provisioner, such as 'ebs.csi.aws.com' or 'kubernetes.io/no-provisioner' (an optional DNS-1123 subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.')";

describe('StorageClass', () => {
  test('waits for the first consumer, deletes volumes with their claims and does not let them grow by default', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    const fast = new StorageClass(chart, 'fast', { metadata: { name: 'fast' }, provisioner: 'ebs.csi.aws.com' });
    const manifest = find(synth(chart), 'StorageClass');

    // THEN
    expect(manifest).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'fast' },
      provisioner: 'ebs.csi.aws.com',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: false,
    });
    expect(fast.name).toBe('fast');
    expect(fast.volumeBindingMode).toBe(VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER);
  });

  test('renders parameters, reclaim policy, binding mode and volume expansion', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    new StorageClass(chart, 'fast', {
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', iops: '6000' },
      reclaimPolicy: kplus.PersistentVolumeReclaimPolicy.RETAIN,
      volumeBindingMode: VolumeBindingMode.IMMEDIATE,
      allowVolumeExpansion: true,
    });
    const manifest = find(synth(chart), 'StorageClass');

    // THEN
    expect(manifest.parameters).toEqual({ type: 'gp3', iops: '6000' });
    expect(manifest.reclaimPolicy).toBe('Retain');
    expect(manifest.volumeBindingMode).toBe('Immediate');
    expect(manifest.allowVolumeExpansion).toBe(true);
  });

  test('accepts a provisioner with a prefix', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    new StorageClass(chart, 'local', { provisioner: 'kubernetes.io/no-provisioner' });

    // THEN
    expect(find(synth(chart), 'StorageClass').provisioner).toBe('kubernetes.io/no-provisioner');
  });

  test('drops the namespace a chart gives it, as it belongs to none', () => {
    // GIVEN
    const chart = new Chart(testApp(), 'test', { namespace: 'ticketing' });

    // WHEN
    new StorageClass(chart, 'fast', { metadata: { name: 'fast' }, provisioner: 'ebs.csi.aws.com' });

    // THEN
    expect(find(synth(chart), 'StorageClass').metadata).toEqual({ name: 'fast' });
  });

  test('fails when the provisioner is missing', () => {
    expect(() => new StorageClass(newChart(), 'fast', {} as any)).toThrow(new Error(
      `test/fast: 'provisioner' ${PROVISIONER}, got undefined`));
  });

  test.each(['', 'ebs csi', 'a/b/c', `${'p'.repeat(64)}`])('fails when the provisioner is %p', (provisioner) => {
    expect(() => new StorageClass(newChart(), 'fast', { provisioner })).toThrow(new Error(
      `test/fast: 'provisioner' ${PROVISIONER}, got '${provisioner}'`));
  });

  test('fails when a parameter key is empty', () => {
    expect(() => new StorageClass(newChart(), 'fast', { provisioner: 'ebs.csi.aws.com', parameters: { '': 'gp3' } })).toThrow(new Error(
      "test/fast: 'parameters' must have non-empty keys, got ''"));
  });

  test('fails when a parameter value is not a string', () => {
    expect(() => new StorageClass(newChart(), 'fast', { provisioner: 'ebs.csi.aws.com', parameters: { iops: 6000 as any } })).toThrow(new Error(
      "test/fast: 'parameters[iops]' must be a string, got 6000"));
  });

  test('fails when given a namespace', () => {
    expect(() => new StorageClass(newChart(), 'fast', { metadata: { namespace: 'ticketing' }, provisioner: 'ebs.csi.aws.com' })).toThrow(new Error(
      "test/fast: 'metadata.namespace' must be unset: a StorageClass is cluster-scoped and belongs to no namespace, got 'ticketing'"));
  });

  test('fails when the name is not a DNS-1123 subdomain', () => {
    expect(() => new StorageClass(newChart(), 'fast', { metadata: { name: 'Fast_SSD' }, provisioner: 'ebs.csi.aws.com' })).toThrow(new Error(
      `test/fast: 'metadata.name' ${DNS_SUBDOMAIN}, got 'Fast_SSD'`));
  });

  test('snapshot: expandable gp3 volumes created in the zone of their first pod', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    new StorageClass(chart, 'gp3', {
      metadata: { name: 'gp3' },
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true' },
      allowVolumeExpansion: true,
    });

    // THEN
    expect(find(synth(chart), 'StorageClass')).toMatchSnapshot();
  });

  test('renders parameters given as a map without a prototype (Object.create(null))', () => {
    const chart = newChart();
    new StorageClass(chart, 'fast', { provisioner: 'ebs.csi.aws.com', parameters: Object.assign(Object.create(null), { type: 'gp3' }) });
    expect(find(synth(chart), 'StorageClass').parameters).toEqual({ type: 'gp3' });
  });

  test('fails when the reclaim policy is not a PersistentVolumeReclaimPolicy (a JavaScript caller)', () => {
    expect(() => new StorageClass(newChart(), 'fast', { provisioner: 'ebs.csi.aws.com', reclaimPolicy: 0 as any })).toThrow(new Error(
      "test/fast: 'reclaimPolicy' must be one of 'Retain', 'Delete', got 0"));
  });
});
