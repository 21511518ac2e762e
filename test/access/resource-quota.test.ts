import { Chart, Size } from 'cdk8s';
import { kplus } from '../../src/_plus';
import { LimitRange } from '../../src/access/limit-range';
import { ResourceQuota, ResourceQuotaProps } from '../../src/access/resource-quota';
import { QosPreset } from '../../src/qos/qos-preset';
import { Deployment } from '../../src/workloads/deployment';
import { find, newChart, synth, testApp } from '../harness';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const QUANTITY = 'must be a Kubernetes quantity (a decimal number with an optional suffix such as m, k, Ki, Mi or Gi, e.g. 500m, 1.5, 256Mi)';
const REFUSED = 'Kubernetes would refuse its pods; give the container resources, or add a LimitRange with defaults for them';

/** A chart whose namespace is `ticketing`. */
function ticketing(): Chart {
  return new Chart(testApp(), 'test', { namespace: 'ticketing' });
}

/** The `spec.hard` of the quota made with those props, synthesized. */
function hardOf(props: ResourceQuotaProps): any {
  const chart = ticketing();
  new ResourceQuota(chart, 'quota', props);
  return find(synth(chart), 'ResourceQuota').spec.hard;
}

/** A Deployment `web` in `ticketing` whose pods set no requests or limits. */
function bestEffortWeb(chart: Chart): Deployment {
  return new Deployment(chart, 'web', { qos: QosPreset.bestEffort(), containers: [{ image: IMAGE }] });
}

describe('ResourceQuota', () => {
  test("renders the typed limits under their quota names in the chart's namespace", () => {
    // GIVEN
    const chart = ticketing();

    // WHEN
    const quota = new ResourceQuota(chart, 'quota', {
      requestsCpu: kplus.Cpu.units(4),
      requestsMemory: Size.gibibytes(8),
      limitsCpu: kplus.Cpu.millis(8500),
      limitsMemory: Size.mebibytes(16384),
      requestsStorage: Size.gibibytes(100),
      pods: 20,
      services: 5,
      persistentVolumeClaims: 4,
      configMaps: 10,
      secrets: 10,
    });
    const manifest = find(synth(chart), 'ResourceQuota');

    // THEN
    expect(manifest.metadata.namespace).toBe('ticketing');
    expect(manifest.spec.hard).toEqual({
      'requests.cpu': '4',
      'requests.memory': '8Gi',
      'limits.cpu': '8500m',
      'limits.memory': '16384Mi',
      'requests.storage': '100Gi',
      'pods': '20',
      'services': '5',
      'persistentvolumeclaims': '4',
      'configmaps': '10',
      'secrets': '10',
    });
    expect(quota.hard).toEqual(manifest.spec.hard);
    expect(quota.namespace).toBe('ticketing');
  });

  test('renders objectCounts as count/<resource> and passes other limits through', () => {
    // WHEN
    const hard = hardOf({
      objectCounts: { 'deployments.apps': 10, 'configmaps': 30 },
      hard: { 'requests.ephemeral-storage': '20Gi', 'services.loadbalancers': '0', 'requests.nvidia.com/gpu': '2' },
    });

    // THEN
    expect(hard).toEqual({
      'count/deployments.apps': '10',
      'count/configmaps': '30',
      'requests.ephemeral-storage': '20Gi',
      'services.loadbalancers': '0',
      'requests.nvidia.com/gpu': '2',
    });
  });

  test('takes the metadata given: name, labels, annotations and a namespace other than the chart\'s', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    const quota = new ResourceQuota(chart, 'quota', {
      metadata: { namespace: 'shop', name: 'compute', labels: { team: 'shop' }, annotations: { 'example.com/owner': 'shop' } },
      requestsCpu: kplus.Cpu.units(2),
    });

    // THEN
    expect(find(synth(chart), 'ResourceQuota').metadata).toEqual({
      name: 'compute',
      namespace: 'shop',
      labels: { team: 'shop' },
      annotations: { 'example.com/owner': 'shop' },
    });
    expect(quota.namespace).toBe('shop');
  });

  test('lets pods that set their requests and limits in', () => {
    // GIVEN
    const chart = ticketing();
    new ResourceQuota(chart, 'quota', { requestsCpu: kplus.Cpu.units(4), requestsMemory: Size.gibibytes(8), limitsCpu: kplus.Cpu.units(8), limitsMemory: Size.gibibytes(16) });

    // WHEN
    new Deployment(chart, 'web', { containers: [{ image: IMAGE }], initContainers: [{ name: 'setup', image: IMAGE }] });

    // THEN
    expect(find(synth(chart), 'Deployment').spec.template.spec.containers).toHaveLength(1);
  });

  test('fails synth when a pod of the namespace sets no request or limit the quota counts', () => {
    // GIVEN
    const chart = ticketing();
    new ResourceQuota(chart, 'quota', { requestsCpu: kplus.Cpu.units(4), limitsMemory: Size.gibibytes(8) });

    // WHEN
    bestEffortWeb(chart);

    // THEN
    expect(() => synth(chart)).toThrow(new Error(
      "test/quota: 'hard' counts requests.cpu, limits.memory in namespace 'ticketing', so every container must set them, "
      + `got Deployment test/web whose container 'main' sets no cpu request and no memory limit: ${REFUSED}`));
  });

  test('fails synth when an init container sets no limit the quota counts', () => {
    // GIVEN
    const chart = ticketing();
    new ResourceQuota(chart, 'quota', { limitsCpu: kplus.Cpu.units(4) });

    // WHEN
    new Deployment(chart, 'web', {
      containers: [{ image: IMAGE }],
      initContainers: [{ name: 'setup', image: IMAGE, resources: { cpu: { request: kplus.Cpu.millis(100) } } }],
    });

    // THEN
    expect(() => synth(chart)).toThrow(new Error(
      "test/quota: 'hard' counts limits.cpu in namespace 'ticketing', so every container must set them, "
      + `got Deployment test/web whose container 'setup' sets no cpu limit: ${REFUSED}`));
  });

  test('lets BestEffort pods in once a LimitRange of the namespace gives them defaults', () => {
    // GIVEN
    const chart = ticketing();
    new ResourceQuota(chart, 'quota', { requestsCpu: kplus.Cpu.units(4), limitsMemory: Size.gibibytes(8) });
    new LimitRange(chart, 'limits', { defaultRequest: { cpu: kplus.Cpu.millis(100) }, defaultLimit: { memory: Size.mebibytes(256) } });

    // WHEN
    bestEffortWeb(chart);

    // THEN
    expect(find(synth(chart), 'Deployment').spec.template.spec.containers[0].resources).toBeUndefined();
  });

  test('counts a limit without a request as the request, as Kubernetes does', () => {
    // GIVEN
    const chart = ticketing();
    new ResourceQuota(chart, 'quota', { requestsCpu: kplus.Cpu.units(4) });

    // WHEN
    new Deployment(chart, 'web', { containers: [{ image: IMAGE, resources: { cpu: { limit: kplus.Cpu.millis(500) } } }] });

    // THEN
    expect(find(synth(chart), 'Deployment').spec.template.spec.containers[0].resources).toEqual({ limits: { cpu: '500m' } });
  });

  test('leaves pods of other namespaces alone', () => {
    // GIVEN
    const chart = newChart();
    new ResourceQuota(chart, 'quota', { metadata: { namespace: 'ticketing' }, requestsCpu: kplus.Cpu.units(4) });

    // WHEN
    bestEffortWeb(chart);

    // THEN
    expect(find(synth(chart), 'Deployment').metadata.namespace).toBeUndefined();
  });

  test('snapshot', () => {
    // GIVEN
    const chart = ticketing();

    // WHEN
    new ResourceQuota(chart, 'quota', {
      metadata: { name: 'ticketing' },
      requestsCpu: kplus.Cpu.units(4),
      requestsMemory: Size.gibibytes(8),
      limitsCpu: kplus.Cpu.units(8),
      limitsMemory: Size.gibibytes(16),
      pods: 30,
      objectCounts: { 'deployments.apps': 10 },
    });

    // THEN
    expect(synth(chart)).toMatchSnapshot();
  });

  test('accepts a zero limit: no storage at all', () => {
    // WHEN
    const hard = hardOf({ requestsStorage: Size.gibibytes(0), limitsCpu: kplus.Cpu.millis(0) });

    // THEN
    expect(hard).toEqual({ 'requests.storage': '0Gi', 'limits.cpu': '0m' });
  });

  test.each([
    ['requestsCpu', "'4'", '4', "must be a Cpu such as Cpu.millis(250), got '4'"],
    ['limitsCpu', 'Cpu.millis(-1)', kplus.Cpu.millis(-1), "must be a CPU amount of at least 0 such as Cpu.millis(250) or Cpu.units(1), got '-1m'"],
    ['requestsCpu', 'Cpu.units(NaN)', kplus.Cpu.units(NaN), "must be a CPU amount of at least 0 such as Cpu.millis(250) or Cpu.units(1), got 'NaN'"],
    ['requestsMemory', "'8Gi'", '8Gi', "must be a Size such as Size.mebibytes(256), got '8Gi'"],
    ['limitsMemory', 'Size.mebibytes(NaN)', Size.mebibytes(NaN), "must be a whole number of mebibytes, got 'NaNMi'"],
    ['requestsMemory', 'Size.kibibytes(0.5)', Size.kibibytes(0.5), "must be a whole number of mebibytes, got '0.5Ki'"],
    ['requestsStorage', "'100Gi'", '100Gi', "must be a Size such as Size.mebibytes(256), got '100Gi'"],
    ['requestsStorage', 'Size.gibibytes(Infinity)', Size.gibibytes(Infinity), "must be a whole number of mebibytes, got 'InfinityGi'"],
    ['requestsStorage', 'Size.tebibytes(1e21)', Size.tebibytes(1e21), "must be a Size Kubernetes can hold, below 1e21 of its unit, got '1e+21Ti'"],
  ] as const)('fails when %s is %s', (prop, _, value, problem) => {
    expect(() => new ResourceQuota(ticketing(), 'quota', { [prop]: value as any })).toThrow(new Error(`test/quota: '${prop}' ${problem}`));
  });

  test.each([
    ['pods', -1],
    ['services', 1.5],
  ] as const)('fails when the count %s is %d', (prop, value) => {
    expect(() => new ResourceQuota(ticketing(), 'quota', { [prop]: value })).toThrow(new Error(
      `test/quota: '${prop}' must be an integer at least 0, got ${JSON.stringify(value)}`));
  });

  test.each(['Deployments.apps', 'deployments/apps', 'x'.repeat(64)])('fails when objectCounts names the resource %s', (resource) => {
    expect(() => new ResourceQuota(ticketing(), 'quota', { objectCounts: { [resource]: 1 } })).toThrow(new Error(
      `test/quota: 'objectCounts[${resource}]' must be a lowercase resource with its API group, if not core, such as 'deployments.apps' or 'configmaps' (at most 63 characters), got '${resource}'`));
  });

  test('fails when an object count is not a whole number', () => {
    expect(() => new ResourceQuota(ticketing(), 'quota', { objectCounts: { 'jobs.batch': 2.5 } })).toThrow(new Error(
      "test/quota: 'objectCounts[jobs.batch]' must be an integer at least 0, got 2.5"));
  });

  test.each(['gpus', 'requests.gpu', 'Requests.cpu', 'a/b/c'])('fails when hard names the resource %s', (resource) => {
    expect(() => new ResourceQuota(ticketing(), 'quota', { hard: { [resource]: '1' } })).toThrow(new Error(
      `test/quota: 'hard[${resource}]' must be a standard quota resource (pods, resourcequotas, services, replicationcontrollers, secrets, configmaps, `
      + 'persistentvolumeclaims, services.nodeports, services.loadbalancers, cpu, memory, ephemeral-storage, requests.cpu, requests.memory, requests.storage, '
      + 'requests.ephemeral-storage, limits.cpu, limits.memory, limits.ephemeral-storage) '
      + `or a qualified name such as 'requests.nvidia.com/gpu' or 'count/deployments.apps', got '${resource}'`));
  });

  test('fails when hard gives a bad quantity', () => {
    expect(() => new ResourceQuota(ticketing(), 'quota', { hard: { 'limits.ephemeral-storage': 'lots' } })).toThrow(new Error(
      `test/quota: 'hard[limits.ephemeral-storage]' ${QUANTITY}, got 'lots'`));
  });

  test.each(['services.loadbalancers', 'count/jobs.batch'])('fails when hard gives %s a fraction', (resource) => {
    expect(() => new ResourceQuota(ticketing(), 'quota', { hard: { [resource]: '500m' } })).toThrow(new Error(
      `test/quota: 'hard[${resource}]' must be a whole number, got '500m'`));
  });

  test('fails when hard repeats a typed limit', () => {
    expect(() => new ResourceQuota(ticketing(), 'quota', { requestsCpu: kplus.Cpu.units(4), hard: { 'requests.cpu': '2' } })).toThrow(new Error(
      "test/quota: 'hard[requests.cpu]' must not limit requests.cpu a second time, as 'requestsCpu' already does, got '2'"));
  });

  test('fails when hard repeats an object count', () => {
    expect(() => new ResourceQuota(ticketing(), 'quota', { objectCounts: { 'jobs.batch': 5 }, hard: { 'count/jobs.batch': '2' } })).toThrow(new Error(
      "test/quota: 'hard[count/jobs.batch]' must not limit count/jobs.batch a second time, as 'objectCounts[jobs.batch]' already does, got '2'"));
  });

  test('fails when it limits nothing', () => {
    expect(() => new ResourceQuota(ticketing(), 'quota', {})).toThrow(new Error(
      "test/quota: 'hard' must hold at least one limit (from the typed props such as 'requestsCpu' and 'pods', 'objectCounts' or 'hard' itself), got none: an empty ResourceQuota limits nothing"));
  });

  test('fails when it has no namespace', () => {
    expect(() => new ResourceQuota(newChart(), 'quota', { pods: 10 })).toThrow(new Error(
      "test/quota: 'metadata.namespace' must be given (or set on the chart), as a ResourceQuota limits one namespace, got none"));
  });

  test('fails when the namespace is not a DNS-1123 label', () => {
    expect(() => new ResourceQuota(newChart(), 'quota', { metadata: { namespace: 'Ticketing' }, pods: 10 })).toThrow(new Error(
      "test/quota: 'metadata.namespace' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'Ticketing'"));
  });

  test('fails when the name is not a DNS-1123 subdomain', () => {
    expect(() => new ResourceQuota(ticketing(), 'quota', { metadata: { name: 'Compute_Quota' }, pods: 10 })).toThrow(new Error(
      "test/quota: 'metadata.name' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters), got 'Compute_Quota'"));
  });

  test('fails when the metadata is not an object (a JavaScript caller)', () => {
    expect(() => new ResourceQuota(ticketing(), 'quota', { metadata: 'compute' as any, pods: 10 })).toThrow(new Error(
      "test/quota: 'metadata' must be an object, got 'compute'"));
  });

  test('fails when objectCounts or hard is not an object (a JavaScript caller)', () => {
    expect(() => new ResourceQuota(ticketing(), 'quota', { hard: 'pods=10' as any })).toThrow(new Error("test/quota: 'hard' must be an object, got 'pods=10'"));
    expect(() => new ResourceQuota(ticketing(), 'quota', { objectCounts: ['jobs.batch'] as any })).toThrow(new Error("test/quota: 'objectCounts' must be an object, got [\"jobs.batch\"]"));
  });
});
