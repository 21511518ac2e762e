import { Chart, Size } from 'cdk8s';
import { DefaultDenyNetworkPolicy, PodSecurityLevel, Qos, QosClass, QosPreset, ScatterGather, ScatterGatherProps } from '../../src';
import { kplus } from '../../src/_plus';
import { container, find, newChart, podSpec, synth } from '../harness';
import { DEFAULT_RESOURCES, HARDENED } from '../harness/fixtures';
import { plainFor } from '../harness/helm';

const WORKER_IMAGE = 'ghcr.io/example/search-shard:1.4.0';
const GATHERER_IMAGE = 'ghcr.io/example/search-gatherer:1.4.0';

/** The `search` scatter/gather: workers on 9090, the gatherer on 8080, with overrides. */
function search(overrides: Partial<ScatterGatherProps> = {}, chart: Chart = newChart()): { chart: Chart; sg: ScatterGather } {
  const sg = new ScatterGather(chart, 'search', {
    workers: { image: WORKER_IMAGE, port: 9090 },
    gatherer: { image: GATHERER_IMAGE, port: 8080 },
    ...overrides,
  });
  return { chart, sg };
}

/** The environment of a container as name → value. */
function envOf(c: any): { [name: string]: string } {
  return Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.value]));
}

describe('ScatterGather', () => {
  test('renders the workers, their headless Service, the gatherer, its Service and the policy between them', () => {
    // GIVEN / WHEN
    const { chart } = search();

    // THEN
    expect(synth(chart).map(m => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Service/search-worker', 'StatefulSet/search-worker', 'Deployment/search-gatherer', 'Service/search',
      'NetworkPolicy/search-gatherer-to-workers',
    ]);
  });

  test('runs 3 workers as a StatefulSet started in parallel, container `worker` on a port named `worker`', () => {
    // GIVEN / WHEN
    const { chart } = search();

    // THEN
    const manifests = synth(chart);
    const workers = find(manifests, 'StatefulSet', 'search-worker');
    expect(workers.spec.replicas).toBe(3);
    expect(workers.spec.podManagementPolicy).toBe('Parallel');
    expect(workers.spec.serviceName).toBe('search-worker');
    const worker = container(podSpec(manifests, 'StatefulSet'), 'worker');
    expect(worker.image).toBe(WORKER_IMAGE);
    expect(worker.ports).toEqual([{ containerPort: 9090, name: 'worker' }]);
  });

  test('tells each worker how many workers share the work', () => {
    // GIVEN / WHEN
    const { chart } = search();

    // THEN
    expect(container(podSpec(synth(chart), 'StatefulSet'), 'worker').env).toEqual([{ name: 'WORKER_COUNT', value: '3' }]);
  });

  test('gives the workers a headless Service of their name that lists the worker port and selects only them', () => {
    // GIVEN / WHEN
    const { chart } = search();

    // THEN
    const manifests = synth(chart);
    const service = find(manifests, 'Service', 'search-worker');
    expect(service.spec.clusterIP).toBe('None');
    expect(service.spec.ports).toEqual([{ name: 'worker', port: 9090, targetPort: 9090 }]);
    expect(service.spec.selector).toEqual(find(manifests, 'StatefulSet').spec.template.metadata.labels);
  });

  test('runs 2 gatherers as a Deployment, container `gatherer` on a port named `gatherer`', () => {
    // GIVEN / WHEN
    const { chart } = search();

    // THEN
    const manifests = synth(chart);
    expect(find(manifests, 'Deployment', 'search-gatherer').spec.replicas).toBe(2);
    const gatherer = container(podSpec(manifests, 'Deployment'), 'gatherer');
    expect(gatherer.image).toBe(GATHERER_IMAGE);
    expect(gatherer.ports).toEqual([{ containerPort: 8080, name: 'gatherer' }]);
  });

  test('tells the gatherer every worker\'s DNS name in ordinal order, their port, their count and their Service', () => {
    // GIVEN / WHEN
    const { chart } = search();

    // THEN
    expect(container(podSpec(synth(chart), 'Deployment'), 'gatherer').env).toEqual([
      { name: 'WORKER_HOSTS', value: 'search-worker-0.search-worker,search-worker-1.search-worker,search-worker-2.search-worker' },
      { name: 'WORKER_PORT', value: '9090' },
      { name: 'WORKER_COUNT', value: '3' },
      { name: 'WORKER_SERVICE', value: 'search-worker' },
    ]);
  });

  test('fronts the gatherers with a ClusterIP Service named after the pattern, on the gatherer port', () => {
    // GIVEN / WHEN
    const { chart } = search();

    // THEN
    const manifests = synth(chart);
    const service = find(manifests, 'Service', 'search');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([{ name: 'gatherer', port: 8080, protocol: 'TCP', targetPort: 'gatherer' }]);
    expect(service.spec.selector).toEqual(find(manifests, 'Deployment').spec.template.metadata.labels);
  });

  test('lets only the gatherer reach the workers, only on the worker port', () => {
    // GIVEN / WHEN
    const { chart } = search();

    // THEN
    const manifests = synth(chart);
    const policy = find(manifests, 'NetworkPolicy', 'search-gatherer-to-workers');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: find(manifests, 'StatefulSet').spec.template.metadata.labels },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ podSelector: { matchLabels: find(manifests, 'Deployment').spec.template.metadata.labels } }],
        ports: [{ port: 9090, protocol: 'TCP' }],
      }],
    });
  });

  test('also allows the gatherer\'s egress to the workers when the namespace denies egress', () => {
    // GIVEN
    const chart = newChart();
    new DefaultDenyNetworkPolicy(chart, 'deny', { metadata: { namespace: 'search' }, denyEgress: true });

    // WHEN
    search({ metadata: { namespace: 'search' } }, chart);

    // THEN
    const manifests = synth(chart);
    const egress = find(manifests, 'NetworkPolicy', 'search-gatherer-to-workers-egress');
    expect(egress.spec).toEqual({
      podSelector: { matchLabels: find(manifests, 'Deployment').spec.template.metadata.labels },
      policyTypes: ['Egress'],
      egress: [{
        to: [{ podSelector: { matchLabels: find(manifests, 'StatefulSet').spec.template.metadata.labels } }],
        ports: [{ port: 9090, protocol: 'TCP' }],
      }],
    });
  });

  test('adds no egress policy when `egress` is false', () => {
    // GIVEN / WHEN
    const { chart } = search({ egress: false });

    // THEN
    expect(synth(chart).filter(m => m.kind === 'NetworkPolicy').map(m => m.metadata.name)).toEqual(['search-gatherer-to-workers']);
  });

  test('lists `workers.replicas` workers, and tells both sides their count', () => {
    // GIVEN / WHEN
    const { chart, sg } = search({ workers: { image: WORKER_IMAGE, port: 9090, replicas: 5 } });

    // THEN
    const manifests = synth(chart);
    expect(find(manifests, 'StatefulSet').spec.replicas).toBe(5);
    const gatherer = envOf(container(podSpec(manifests, 'Deployment'), 'gatherer'));
    expect(gatherer.WORKER_HOSTS.split(',')).toEqual([0, 1, 2, 3, 4].map(i => `search-worker-${i}.search-worker`));
    expect(gatherer.WORKER_COUNT).toBe('5');
    expect(envOf(container(podSpec(manifests, 'StatefulSet'), 'worker')).WORKER_COUNT).toBe('5');
    expect(sg.workerHosts).toEqual(gatherer.WORKER_HOSTS.split(','));
  });

  test('runs `gatherer.replicas` gatherers', () => {
    // GIVEN / WHEN
    const { chart } = search({ gatherer: { image: GATHERER_IMAGE, port: 8080, replicas: 4 } });

    // THEN
    expect(find(synth(chart), 'Deployment').spec.replicas).toBe(4);
  });

  test('names every object after `metadata.name` and places them in `metadata.namespace`', () => {
    // GIVEN / WHEN
    const { chart } = search({ metadata: { name: 'catalog', namespace: 'shop' } });

    // THEN
    const manifests = synth(chart);
    expect(manifests.map(m => `${m.kind}/${m.metadata.namespace}/${m.metadata.name}`)).toEqual([
      'Service/shop/catalog-worker', 'StatefulSet/shop/catalog-worker', 'Deployment/shop/catalog-gatherer', 'Service/shop/catalog',
      'NetworkPolicy/shop/catalog-gatherer-to-workers',
    ]);
    expect(envOf(container(podSpec(manifests, 'Deployment'), 'gatherer')).WORKER_HOSTS)
      .toBe('catalog-worker-0.catalog-worker,catalog-worker-1.catalog-worker,catalog-worker-2.catalog-worker');
  });

  test('gives the gatherer\'s Deployment, and only it, the labels and annotations of `metadata`', () => {
    // GIVEN / WHEN
    const { chart } = search({ metadata: { labels: { team: 'search' }, annotations: { 'example.com/owner': 'search' } } });

    // THEN
    const manifests = synth(chart);
    const gatherer = find(manifests, 'Deployment', 'search-gatherer');
    expect(gatherer.metadata.labels).toEqual(expect.objectContaining({ team: 'search' }));
    expect(gatherer.metadata.annotations).toEqual({ 'example.com/owner': 'search' });
    for (const other of manifests.filter(m => m !== gatherer)) {
      expect(other.metadata.labels?.team).toBeUndefined();
      expect(other.metadata.annotations).toBeUndefined();
    }
  });

  test('sizes both sides with the default QoS preset and hardens them', () => {
    // GIVEN / WHEN
    const { chart } = search();

    // THEN
    const manifests = synth(chart);
    for (const [kind, name] of [['StatefulSet', 'worker'], ['Deployment', 'gatherer']]) {
      const spec = podSpec(manifests, kind);
      expect(container(spec, name).resources).toEqual(DEFAULT_RESOURCES);
      expect(container(spec, name).securityContext).toEqual(HARDENED);
      expect(spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    }
  });

  test('sizes each side with its own `qos`', () => {
    // GIVEN / WHEN
    const { chart, sg } = search({
      workers: { image: WORKER_IMAGE, port: 9090, qos: QosPreset.guaranteed({ cpu: kplus.Cpu.millis(500), memory: Size.mebibytes(512) }) },
      gatherer: { image: GATHERER_IMAGE, port: 8080, qos: QosPreset.bestEffort() },
    });

    // THEN
    const manifests = synth(chart);
    expect(Qos.classOf(podSpec(manifests, 'StatefulSet'))).toBe(QosClass.GUARANTEED);
    expect(Qos.classOf(podSpec(manifests, 'Deployment'))).toBe(QosClass.BEST_EFFORT);
    expect(sg.workers.qos.qosClass).toBe(QosClass.GUARANTEED);
    expect(sg.gatherer.qos.qosClass).toBe(QosClass.BEST_EFFORT);
  });

  test('passes command, args, environment variables and resources of each side', () => {
    // GIVEN / WHEN
    const { chart } = search({
      workers: {
        image: WORKER_IMAGE,
        port: 9090,
        command: ['/app/shard'],
        args: ['--index', '/data'],
        envVariables: { LOG_LEVEL: kplus.EnvValue.fromValue('info') },
        resources: { cpu: { request: kplus.Cpu.millis(200), limit: kplus.Cpu.millis(1000) } },
      },
      gatherer: { image: GATHERER_IMAGE, port: 8080, envVariables: { TIMEOUT: kplus.EnvValue.fromValue('2s') } },
    });

    // THEN
    const manifests = synth(chart);
    const worker = container(podSpec(manifests, 'StatefulSet'), 'worker');
    expect(worker.command).toEqual(['/app/shard']);
    expect(worker.args).toEqual(['--index', '/data']);
    expect(envOf(worker)).toEqual({ LOG_LEVEL: 'info', WORKER_COUNT: '3' });
    expect(worker.resources).toEqual({ requests: { cpu: '200m' }, limits: { cpu: '1000m' } });
    expect(envOf(container(podSpec(manifests, 'Deployment'), 'gatherer')).TIMEOUT).toBe('2s');
  });

  test('exposes its workloads, containers, Services, policy and worker hosts', () => {
    // GIVEN / WHEN
    const { sg } = search();

    // THEN
    expect(sg.workers.containers).toEqual([sg.workerContainer]);
    expect(sg.gatherer.containers).toEqual([sg.gathererContainer]);
    expect(sg.workerService).toBe(sg.workers.service);
    expect(sg.workerService.name).toBe('search-worker');
    expect(sg.gathererService.name).toBe('search');
    expect(sg.workerPolicy.to).toBe(sg.workers);
    expect(sg.workerHosts).toEqual(['search-worker-0.search-worker', 'search-worker-1.search-worker', 'search-worker-2.search-worker']);
  });

  test('fails when `metadata.name` is not a DNS-1035 label', () => {
    // GIVEN / WHEN / THEN
    expect(() => search({ metadata: { name: '1search' } }))
      .toThrow("test/search: 'metadata.name' must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters), got '1search'");
  });

  test('fails when `metadata.name` is too long for the workers\' StatefulSet', () => {
    // GIVEN
    const name = 'a'.repeat(46);

    // WHEN / THEN
    expect(() => search({ metadata: { name } }))
      .toThrow(`test/search: 'metadata.name' must be at most 45 characters, as it names the workers' StatefulSet '<name>-worker' (at most 52), got '${name}' (46)`);
  });

  test('fails when its id, the default name, is not a DNS-1035 label', () => {
    expect(() => new ScatterGather(newChart(), '1search', {
      workers: { image: WORKER_IMAGE, port: 9090 },
      gatherer: { image: GATHERER_IMAGE, port: 8080 },
    })).toThrow(new Error("test/1search: 'metadata.name' must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters), got '1search'"));
  });

  test('fails when `metadata.namespace` is not a DNS-1123 label', () => {
    expect(() => search({ metadata: { namespace: 'Shop' } })).toThrow(new Error(
      "test/search: 'metadata.namespace' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'Shop'"));
  });

  test('fails when the metadata is not an object (a JavaScript caller)', () => {
    expect(() => search({ metadata: 'search' as any })).toThrow(new Error("test/search: 'metadata' must be an object, got 'search'"));
  });

  test('fails when a side is missing', () => {
    // GIVEN / WHEN / THEN
    expect(() => search({ gatherer: undefined as any }))
      .toThrow("test/search: 'gatherer' must be given: scatter/gather needs both workers and a gatherer, got undefined");
  });

  test.each([
    ['workers', 0],
    ['gatherer', 70000],
  ] as const)('fails when the %s port is out of range: %p', (side, port) => {
    // GIVEN
    const images = { workers: WORKER_IMAGE, gatherer: GATHERER_IMAGE };

    // WHEN / THEN
    expect(() => search({ [side]: { image: images[side], port } }))
      .toThrow(`test/search: '${side}.port' must be an integer within 1-65535, got ${port}`);
  });

  test('fails when there are no workers', () => {
    // GIVEN / WHEN / THEN
    expect(() => search({ workers: { image: WORKER_IMAGE, port: 9090, replicas: 0 } }))
      .toThrow("test/search: 'workers.replicas' must be an integer at least 1, got 0");
  });

  test('fails when a side sets a variable the pattern sets', () => {
    // GIVEN / WHEN / THEN
    expect(() => search({ gatherer: { image: GATHERER_IMAGE, port: 8080, envVariables: { WORKER_HOSTS: kplus.EnvValue.fromValue('secret-host') } } }))
      .toThrow("test/search: 'gatherer.envVariables[WORKER_HOSTS]' must not be set: the ScatterGather sets WORKER_HOSTS, WORKER_PORT, WORKER_COUNT, WORKER_SERVICE on the gatherer, got a value of your own; give your variable another name");
    expect(() => search({ workers: { image: WORKER_IMAGE, port: 9090, envVariables: { WORKER_COUNT: kplus.EnvValue.fromValue('9') } } }))
      .toThrow("test/search: 'workers.envVariables[WORKER_COUNT]' must not be set: the ScatterGather sets WORKER_COUNT on the workers, got a value of your own; give your variable another name");
  });

  test('fails when a side\'s cpu request is above its limit', () => {
    // GIVEN
    const resources = { cpu: { request: kplus.Cpu.millis(750), limit: kplus.Cpu.millis(500) } };

    // WHEN / THEN
    expect(() => search({ workers: { image: WORKER_IMAGE, port: 9090, resources } }))
      .toThrow(new Error("test/search: 'workers.resources.cpu' request must not exceed its limit, got request 750m and limit 500m"));
  });

  test('fails when a side\'s `qos` or `podSecurityLevel` is not one', () => {
    // GIVEN / WHEN / THEN
    expect(() => search({ workers: { image: WORKER_IMAGE, port: 9090, qos: 'Guaranteed' as any } }))
      .toThrow("test/search: 'workers.qos' must be a QosPreset such as QosPreset.guaranteed(...), got 'Guaranteed'");
    expect(() => search({ gatherer: { image: GATHERER_IMAGE, port: 8080, podSecurityLevel: 'strict' as PodSecurityLevel } }))
      .toThrow("test/search: 'gatherer.podSecurityLevel' must be one of 'privileged', 'baseline', 'restricted', got 'strict'");
  });

  test('names the workers and their Service after the release in an app synthesized for one', () => {
    // WHEN
    const manifests = plainFor(app => {
      new ScatterGather(new Chart(app, 'shop', { namespace: 'search' }), 'search', {
        workers: { image: 'example/search-shard:1.4.0', port: 9090, replicas: 2 },
        gatherer: { image: 'example/search-gatherer:1.4.0', port: 8080 },
      });
    }, 'alpha');
    const env = container(podSpec(manifests, 'Deployment', 'alpha-search-gatherer'), 'gatherer').env;

    // THEN
    expect(env.find((e: any) => e.name === 'WORKER_HOSTS').value).toBe('alpha-search-worker-0.alpha-search-worker,alpha-search-worker-1.alpha-search-worker');
    expect(env.find((e: any) => e.name === 'WORKER_SERVICE').value).toBe('alpha-search-worker');
    expect(find(manifests, 'StatefulSet', 'alpha-search-worker').spec.serviceName).toBe('alpha-search-worker');
  });
});
