import { Chart } from 'cdk8s';
import { Deployment, PreemptionPolicy, PriorityClass } from '../../src';
import { find, newChart, podSpec, synth, testApp } from '../harness';

describe('PriorityClass', () => {
  test('renders a scheduling.k8s.io/v1 PriorityClass preempting lower priorities by default', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    const high = new PriorityClass(chart, 'high', { metadata: { name: 'tickets-high' }, value: 100000 });
    const manifest = find(synth(chart), 'PriorityClass');

    // THEN
    expect(manifest).toEqual({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'tickets-high' },
      value: 100000,
      preemptionPolicy: 'PreemptLowerPriority',
    });
    expect(high.name).toBe('tickets-high');
    expect(high.value).toBe(100000);
    expect(high.globalDefault).toBe(false);
    expect(high.preemptionPolicy).toBe(PreemptionPolicy.PREEMPT_LOWER_PRIORITY);
    expect(high.resourceType).toBe('priorityclasses');
  });

  test('renders globalDefault, description and a non-preempting policy when given', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    new PriorityClass(chart, 'batch', {
      value: -10,
      globalDefault: true,
      description: 'Batch jobs: scheduled last, never evicting anyone.',
      preemptionPolicy: PreemptionPolicy.NEVER,
    });
    const manifest = find(synth(chart), 'PriorityClass');

    // THEN
    expect(manifest.value).toBe(-10);
    expect(manifest.globalDefault).toBe(true);
    expect(manifest.description).toBe('Batch jobs: scheduled last, never evicting anyone.');
    expect(manifest.preemptionPolicy).toBe('Never');
  });

  test('accepts the highest priority a user class may have', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    new PriorityClass(chart, 'top', { value: 1_000_000_000 });

    // THEN
    expect(find(synth(chart), 'PriorityClass').value).toBe(1_000_000_000);
  });

  test('drops the namespace of its chart: a PriorityClass is cluster-scoped', () => {
    // GIVEN
    const chart = new Chart(testApp(), 'test', { namespace: 'ticketing' });

    // WHEN
    new PriorityClass(chart, 'high', { value: 1000 });

    // THEN
    expect(find(synth(chart), 'PriorityClass').metadata).not.toHaveProperty('namespace');
  });

  test('gives its name to the workloads that take it', () => {
    // GIVEN
    const chart = newChart();
    const high = new PriorityClass(chart, 'high', { value: 1000 });

    // WHEN
    new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.25' }], priorityClass: high });
    const manifests = synth(chart);

    // THEN
    expect(podSpec(manifests, 'Deployment').priorityClassName).toBe(find(manifests, 'PriorityClass').metadata.name);
  });

  test.each([1_000_000_001, 2 ** 31, -(2 ** 31) - 1, 1.5, NaN, '10'])('fails when the value is %p', value => {
    // GIVEN
    const chart = newChart();

    // WHEN / THEN
    const shown = typeof value === 'string' ? `'${value}'` : String(value);
    expect(() => new PriorityClass(chart, 'high', { value: value as number }))
      .toThrow(`test/high: 'value' must be a whole number from -2147483648 to 1000000000 (higher values are reserved for Kubernetes' own classes), got ${shown}`);
  });

  test('fails when the name starts with system-', () => {
    // GIVEN
    const chart = newChart();

    // WHEN / THEN
    expect(() => new PriorityClass(chart, 'high', { metadata: { name: 'system-tickets' }, value: 1000 }))
      .toThrow("test/high: 'metadata.name' must not start with 'system-', which Kubernetes reserves for its own classes, got 'system-tickets'");
  });

  test('fails when given a namespace', () => {
    // GIVEN
    const chart = newChart();

    // WHEN / THEN
    expect(() => new PriorityClass(chart, 'high', { metadata: { namespace: 'ticketing' }, value: 1000 }))
      .toThrow("test/high: 'metadata.namespace' must be unset: a PriorityClass is cluster-scoped and belongs to no namespace, got 'ticketing'");
  });

  test('fails when the preemption policy is not one of PreemptionPolicy', () => {
    // GIVEN
    const chart = newChart();

    // WHEN / THEN
    expect(() => new PriorityClass(chart, 'high', { value: 1000, preemptionPolicy: 'Always' as PreemptionPolicy }))
      .toThrow("test/high: 'preemptionPolicy' must be one of 'PreemptLowerPriority', 'Never', got 'Always'");
  });

  test('fails when globalDefault is not a boolean', () => {
    // GIVEN
    const chart = newChart();

    // WHEN / THEN
    expect(() => new PriorityClass(chart, 'high', { value: 1000, globalDefault: 'yes' as any }))
      .toThrow("test/high: 'globalDefault' must be a boolean, got 'yes'");
  });

  test('fails when the props are missing', () => {
    // GIVEN
    const chart = newChart();

    // WHEN / THEN
    expect(() => new PriorityClass(chart, 'high', undefined as any)).toThrow("test/high: 'props' must be an object, got undefined");
  });

  test('fails at synth when two classes of the app are the global default', () => {
    // GIVEN
    const app = testApp();
    new PriorityClass(new Chart(app, 'batch'), 'low', { value: 10, globalDefault: true });
    const web = new Chart(app, 'web');

    // WHEN
    new PriorityClass(web, 'normal', { value: 100, globalDefault: true });

    // THEN
    expect(() => synth(web))
      .toThrow("batch/low: 'globalDefault' must be true for one PriorityClass of the cluster at most, got it on 'batch/low', 'web/normal'; keep one global default");
  });
});
