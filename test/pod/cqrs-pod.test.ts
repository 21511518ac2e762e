import { Chart, Size } from 'cdk8s';
import { CqrsPod, CqrsPodProps, Qos, QosClass, QosPreset } from '../../src';
import { kplus } from '../../src/_plus';
import { container, find, newChart, podSpec, synth } from '../harness';

const COMMAND_IMAGE = 'ghcr.io/cdk8s-patterns/orders-command:2.0.1';
const QUERY_IMAGE = 'ghcr.io/cdk8s-patterns/orders-query:2.0.1';

/** The `orders` CQRS pod: command on 8081, query on 8082, with overrides. */
function orders(overrides: Partial<CqrsPodProps> = {}): { chart: Chart; cqrs: CqrsPod } {
  const chart = newChart();
  const cqrs = new CqrsPod(chart, 'orders', {
    command: { image: COMMAND_IMAGE, port: 8081 },
    query: { image: QUERY_IMAGE, port: 8082 },
    ...overrides,
  });
  return { chart, cqrs };
}

describe('CqrsPod', () => {
  test('runs one Deployment, named after its id, with the containers `command` then `query`', () => {
    // GIVEN / WHEN
    const { chart } = orders();

    // THEN
    const manifests = synth(chart);
    expect(manifests.filter(m => m.kind === 'Deployment')).toHaveLength(1);
    const spec = podSpec(manifests, 'Deployment', 'orders');
    expect(spec.containers.map((c: any) => c.name)).toEqual(['command', 'query']);
    expect(container(spec, 'command').image).toBe(COMMAND_IMAGE);
    expect(container(spec, 'query').image).toBe(QUERY_IMAGE);
  });

  test('gives each side a port named after it', () => {
    // GIVEN / WHEN
    const { chart } = orders();

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'orders');
    expect(container(spec, 'command').ports).toEqual([{ containerPort: 8081, name: 'command' }]);
    expect(container(spec, 'query').ports).toEqual([{ containerPort: 8082, name: 'query' }]);
  });

  test('shares a 256Mi emptyDir at /var/lib/cqrs: read-write in command, read-only in query', () => {
    // GIVEN / WHEN
    const { chart } = orders();

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'orders');
    expect(spec.volumes).toEqual([{ name: 'cqrs-shared', emptyDir: { sizeLimit: '256Mi' } }]);
    expect(container(spec, 'command').volumeMounts).toEqual([{ name: 'cqrs-shared', mountPath: '/var/lib/cqrs', readOnly: false }]);
    expect(container(spec, 'query').volumeMounts).toEqual([{ name: 'cqrs-shared', mountPath: '/var/lib/cqrs', readOnly: true }]);
  });

  test('shares the volume at `sharedMountPath`, limited to `sharedVolumeSizeLimit`', () => {
    // GIVEN / WHEN
    const { chart } = orders({ sharedMountPath: '/data/events', sharedVolumeSizeLimit: Size.gibibytes(1) });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'orders');
    expect(spec.volumes).toEqual([{ name: 'cqrs-shared', emptyDir: { sizeLimit: '1024Mi' } }]);
    expect(container(spec, 'command').volumeMounts).toEqual([{ name: 'cqrs-shared', mountPath: '/data/events', readOnly: false }]);
    expect(container(spec, 'query').volumeMounts).toEqual([{ name: 'cqrs-shared', mountPath: '/data/events', readOnly: true }]);
  });

  test('fronts each side with a Service <name>-<side> selecting the Deployment\'s pods on the side\'s port', () => {
    // GIVEN / WHEN
    const { chart } = orders();

    // THEN
    const manifests = synth(chart);
    expect(manifests.map(m => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Deployment/orders', 'Service/orders-command', 'Service/orders-query',
    ]);
    const podLabels = find(manifests, 'Deployment', 'orders').spec.template.metadata.labels;
    const command = find(manifests, 'Service', 'orders-command');
    expect(command.spec.selector).toEqual(podLabels);
    expect(command.spec.ports).toEqual([{ name: 'command', port: 8081, targetPort: 'command', protocol: 'TCP' }]);
    const query = find(manifests, 'Service', 'orders-query');
    expect(query.spec.selector).toEqual(podLabels);
    expect(query.spec.ports).toEqual([{ name: 'query', port: 8082, targetPort: 'query', protocol: 'TCP' }]);
  });

  test('names the Deployment and its Services after `metadata.name` when given', () => {
    // GIVEN / WHEN
    const { chart } = orders({ metadata: { name: 'order-book' } });

    // THEN
    const manifests = synth(chart);
    expect(manifests.map(m => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Deployment/order-book', 'Service/order-book-command', 'Service/order-book-query',
    ]);
  });

  test('places the Deployment and both Services in `metadata.namespace`', () => {
    // GIVEN / WHEN
    const { chart } = orders({ metadata: { namespace: 'ticketing' } });

    // THEN
    const manifests = synth(chart);
    expect(manifests.map(m => m.metadata.namespace)).toEqual(['ticketing', 'ticketing', 'ticketing']);
  });

  test('gives the Deployment, and only it, the labels and annotations of `metadata`', () => {
    // GIVEN / WHEN
    const { chart } = orders({ metadata: { labels: { team: 'orders' }, annotations: { 'example.com/owner': 'orders' } } });

    // THEN
    const manifests = synth(chart);
    const deployment = find(manifests, 'Deployment', 'orders');
    expect(deployment.metadata.labels).toEqual(expect.objectContaining({ team: 'orders' }));
    expect(deployment.metadata.annotations).toEqual({ 'example.com/owner': 'orders' });
    for (const service of manifests.filter(m => m.kind === 'Service')) {
      expect(service.metadata.labels?.team).toBeUndefined();
      expect(service.metadata.annotations).toBeUndefined();
    }
  });

  test('sets no namespace by default', () => {
    // GIVEN / WHEN
    const { chart } = orders();

    // THEN
    const manifests = synth(chart);
    expect(manifests.map(m => m.metadata.namespace)).toEqual([undefined, undefined, undefined]);
  });

  test('runs 2 replicas by default', () => {
    // GIVEN / WHEN
    const { chart } = orders();

    // THEN
    expect(find(synth(chart), 'Deployment', 'orders').spec.replicas).toBe(2);
  });

  test('runs `replicas` pods when given', () => {
    // GIVEN / WHEN
    const { chart } = orders({ replicas: 5 });

    // THEN
    expect(find(synth(chart), 'Deployment', 'orders').spec.replicas).toBe(5);
  });

  test('sizes both sides with the default QoS preset and hardens them', () => {
    // GIVEN / WHEN
    const { chart } = orders();

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'orders');
    for (const side of ['command', 'query']) {
      expect(container(spec, side).resources).toEqual({
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { cpu: '500m', memory: '256Mi' },
      });
      expect(container(spec, side).securityContext).toEqual({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
      });
    }
    expect(spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  test('sizes both sides with `qos`: a Guaranteed preset makes a Guaranteed pod', () => {
    // GIVEN / WHEN
    const { chart, cqrs } = orders({ qos: QosPreset.guaranteed({ cpu: kplus.Cpu.millis(500), memory: Size.mebibytes(512) }) });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'orders');
    for (const side of ['command', 'query']) {
      expect(container(spec, side).resources).toEqual({
        requests: { cpu: '500m', memory: '512Mi' },
        limits: { cpu: '500m', memory: '512Mi' },
      });
    }
    expect(Qos.classOf(spec)).toBe(QosClass.GUARANTEED);
    expect(cqrs.workload.qos.qosClass).toBe(QosClass.GUARANTEED);
  });

  test('passes command, args, environment variables and resources of each side', () => {
    // GIVEN / WHEN
    const { chart } = orders({
      command: {
        image: COMMAND_IMAGE,
        port: 8081,
        command: ['/app/orders-command'],
        args: ['--events', '/var/lib/cqrs/events'],
        envVariables: { LOG_LEVEL: kplus.EnvValue.fromValue('info') },
        resources: { cpu: { request: kplus.Cpu.millis(200), limit: kplus.Cpu.millis(1000) } },
      },
    });

    // THEN
    const command = container(podSpec(synth(chart), 'Deployment', 'orders'), 'command');
    expect(command.command).toEqual(['/app/orders-command']);
    expect(command.args).toEqual(['--events', '/var/lib/cqrs/events']);
    expect(command.env).toEqual([{ name: 'LOG_LEVEL', value: 'info' }]);
    expect(command.resources).toEqual({ requests: { cpu: '200m' }, limits: { cpu: '1000m' } });
  });

  test('exposes its Deployment, containers and Services', () => {
    // GIVEN / WHEN
    const { cqrs } = orders();

    // THEN
    expect(cqrs.workload.containers).toEqual([cqrs.commandContainer, cqrs.queryContainer]);
    expect(cqrs.commandContainer.name).toBe('command');
    expect(cqrs.queryContainer.name).toBe('query');
    expect(cqrs.commandService.name).toBe('orders-command');
    expect(cqrs.queryService.name).toBe('orders-query');
  });

  test('fails when the command and query ports are equal', () => {
    // GIVEN
    const chart = newChart();

    // WHEN / THEN
    expect(() => new CqrsPod(chart, 'orders', {
      command: { image: COMMAND_IMAGE, port: 8080 },
      query: { image: QUERY_IMAGE, port: 8080 },
    })).toThrow("test/orders: 'query.port' must differ from 'command.port', as both containers share the pod's network, got 8080 twice");
  });

  test.each([
    ['command', 0],
    ['command', 70000],
    ['query', 0],
    ['query', 70000],
  ] as const)('fails when the %s port is out of range: %p', (side, port) => {
    // GIVEN
    const chart = newChart();
    const props: CqrsPodProps = {
      command: { image: COMMAND_IMAGE, port: 8081 },
      query: { image: QUERY_IMAGE, port: 8082 },
    };

    // WHEN / THEN
    expect(() => new CqrsPod(chart, 'orders', { ...props, [side]: { ...props[side], port } }))
      .toThrow(`test/orders: '${side}.port' must be an integer within 1-65535, got ${port}`);
  });

  test('fails when a side is missing', () => {
    // GIVEN
    const chart = newChart();

    // WHEN / THEN
    expect(() => new CqrsPod(chart, 'orders', { command: { image: COMMAND_IMAGE, port: 8081 }, query: undefined as any }))
      .toThrow("test/orders: 'query' must be given: a CQRS pod needs both a command and a query side, got undefined");
  });

  test('fails when its name is not a DNS-1123 label', () => {
    // GIVEN
    const chart = newChart();

    // WHEN / THEN
    expect(() => new CqrsPod(chart, 'orders', {
      metadata: { name: 'Order_Book' },
      command: { image: COMMAND_IMAGE, port: 8081 },
      query: { image: QUERY_IMAGE, port: 8082 },
    })).toThrow("test/orders: 'metadata.name' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'Order_Book'");
  });

  test('fails when its id, the default name, is not a DNS-1123 label', () => {
    expect(() => new CqrsPod(newChart(), 'Orders', {
      command: { image: COMMAND_IMAGE, port: 8081 },
      query: { image: QUERY_IMAGE, port: 8082 },
    })).toThrow(new Error("test/Orders: 'metadata.name' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'Orders'"));
  });

  test('fails when its namespace is not a DNS-1123 label', () => {
    expect(() => orders({ metadata: { namespace: 'Ticketing' } })).toThrow(new Error(
      "test/orders: 'metadata.namespace' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'Ticketing'"));
  });

  test('fails when the metadata is not an object (a JavaScript caller)', () => {
    expect(() => orders({ metadata: 'orders' as any })).toThrow(new Error("test/orders: 'metadata' must be an object, got 'orders'"));
  });

  test('fails when a side\'s cpu request is above its limit', () => {
    // GIVEN
    const chart = newChart();

    // WHEN / THEN
    expect(() => new CqrsPod(chart, 'orders', {
      command: { image: COMMAND_IMAGE, port: 8081 },
      query: { image: QUERY_IMAGE, port: 8082, resources: { cpu: { request: kplus.Cpu.millis(750), limit: kplus.Cpu.millis(500) } } },
    })).toThrow(new Error("test/orders: 'query.resources.cpu' request must not exceed its limit, got request 750m and limit 500m"));
  });

  test('fails at synth when a side sets unequal requests and limits in a Guaranteed pod, naming it', () => {
    // GIVEN
    const { chart } = orders({
      qos: QosPreset.guaranteed({ cpu: kplus.Cpu.millis(500), memory: Size.mebibytes(512) }),
      query: {
        image: QUERY_IMAGE,
        port: 8082,
        resources: {
          cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
        },
      },
    });

    // WHEN / THEN
    expect(() => synth(chart)).toThrow(new Error(
      "test/orders/Deployment: 'qos' must give the pod the QoS class it names (Guaranteed), got a Burstable pod: container 'query' requests memory 256Mi but its limit is 512Mi; give every container equal requests and limits or choose another preset"));
  });

  test('renders the orders service of the reference app (snapshot)', () => {
    // GIVEN / WHEN
    const { chart } = orders({ metadata: { namespace: 'ticketing' } });

    // THEN
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
  });

  test.each([
    ['1Ki', Size.kibibytes(1)],
    ['NaNMi', Size.mebibytes(NaN)],
  ])('fails when the shared volume size limit is %s', (shown, sharedVolumeSizeLimit) => {
    expect(() => orders({ sharedVolumeSizeLimit })).toThrow(new Error(
      `test/orders: 'sharedVolumeSizeLimit' must be a whole number of mebibytes, got '${shown}'`));
  });

  test('fails when replicas is a string (from JavaScript)', () => {
    expect(() => orders({ replicas: '2' as any })).toThrow(new Error("test/orders: 'replicas' must be an integer at least 0, got '2'"));
  });
});
