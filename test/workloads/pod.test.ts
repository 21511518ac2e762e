import { Size } from 'cdk8s';
import {
  Adapter, AllowTraffic, Ambassador, HealthChecks, HealthProbe, InitContainers, InitStep, Placement, PlacementRule,
  Pod, PodSecurityLevel, Qos, QosClass, QosPreset, Service, Sidecar, TrafficSource,
} from '../../src';
import { kplus } from '../../src/_plus';
import { container, find, newChart, podSpec, synth } from '../harness';
import { allContainers, DEFAULT_RESOURCES, HARDENED } from '../harness/fixtures';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const BUSYBOX = 'busybox:1.36';
const ADDRESS = kplus.Pod.ADDRESS_LABEL;

/** A chart with a bare Pod `smoke` running one container `api` on port 8080. */
function smokePod(props: Partial<ConstructorParameters<typeof Pod>[2]> = {}) {
  const chart = newChart();
  const pod = new Pod(chart, 'smoke', {
    metadata: { name: 'smoke' },
    containers: [{ name: 'api', image: IMAGE, ports: [{ number: 8080, name: 'http' }] }],
    ...props,
  });
  return { chart, pod };
}

describe('Pod', () => {
  describe('object', () => {
    test('renders a v1 Pod labelled with its address and selecting itself by it', () => {
      // GIVEN
      const { chart, pod } = smokePod();

      // WHEN
      const manifest = find(synth(chart), 'Pod', 'smoke');

      // THEN
      expect(manifest.apiVersion).toBe('v1');
      const address = manifest.metadata.labels[ADDRESS];
      expect(address).toMatch(/^test-smoke-/);
      expect(pod.matchLabels).toEqual({ [ADDRESS]: address });
      expect(pod.podMetadata.getLabel(ADDRESS)).toBe(address);
      expect(pod.resourceType).toBe('pods');
      expect(manifest.spec.restartPolicy).toBe('Always');
    });

    test('renders containers and init containers added after construction', () => {
      // GIVEN
      const { chart, pod } = smokePod();

      // WHEN
      pod.addContainer({ name: 'helper', image: BUSYBOX });
      pod.addInitContainer({ name: 'setup', image: BUSYBOX });
      pod.attachContainer(new kplus.Container({
        name: 'attached',
        image: BUSYBOX,
        securityContext: { ensureNonRoot: true, capabilities: { drop: ['ALL' as kplus.Capability] } },
      }));
      const spec = podSpec(synth(chart), 'Pod');

      // THEN
      expect(spec.containers.map((c: any) => c.name)).toEqual(['api', 'helper', 'attached']);
      expect(spec.initContainers.map((c: any) => c.name)).toEqual(['setup']);
    });

    test('takes the pod props of every workload, such as the restart policy and host aliases', () => {
      // GIVEN
      const { chart } = smokePod({
        restartPolicy: kplus.RestartPolicy.NEVER,
        hostAliases: [{ ip: '10.0.0.5', hostnames: ['db.internal'] }],
      });

      // WHEN
      const spec = podSpec(synth(chart), 'Pod');

      // THEN
      expect(spec.restartPolicy).toBe('Never');
      expect(spec.hostAliases).toEqual([{ ip: '10.0.0.5', hostnames: ['db.internal'] }]);
    });

    test('isolates its pod with a deny-all NetworkPolicy when `isolate` is set', () => {
      // GIVEN
      const { chart } = smokePod({ isolate: true });

      // WHEN
      const manifests = synth(chart);

      // THEN
      const address = find(manifests, 'Pod').metadata.labels[ADDRESS];
      const policy = find(manifests, 'NetworkPolicy');
      expect(policy.spec.podSelector).toEqual({ matchLabels: { [ADDRESS]: address } });
      expect(policy.spec.policyTypes).toEqual(['Egress', 'Ingress']);
    });

    test('selects itself by labels it carries, once added with select()', () => {
      // GIVEN
      const { chart, pod } = smokePod({ metadata: { name: 'smoke', labels: { app: 'smoke' } } });

      // WHEN
      pod.select(kplus.LabelSelector.of({ labels: { app: 'smoke' } }));
      new Service(chart, 'svc', { workload: pod, ports: [{ port: 80, targetPort: 8080 }] });

      // THEN
      expect(find(synth(chart), 'Service').spec.selector).toEqual(expect.objectContaining({ app: 'smoke' }));
    });
  });

  describe('pod policy', () => {
    test('hardens containers given in props, added later, attached and init containers, and sets seccomp', () => {
      // GIVEN
      const { chart, pod } = smokePod();

      // WHEN
      pod.addContainer({ name: 'helper', image: BUSYBOX });
      pod.addInitContainer({ name: 'setup', image: BUSYBOX });
      const spec = podSpec(synth(chart), 'Pod');

      // THEN
      for (const c of allContainers(spec)) expect(c.securityContext).toEqual(HARDENED);
      expect(spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    });

    test('gives every container the default QoS preset, Burstable', () => {
      // GIVEN
      const { chart, pod } = smokePod();

      // WHEN
      pod.addInitContainer({ name: 'setup', image: BUSYBOX });
      const spec = podSpec(synth(chart), 'Pod');

      // THEN
      for (const c of allContainers(spec)) expect(c.resources).toEqual(DEFAULT_RESOURCES);
      expect(Qos.classOf(spec)).toBe(QosClass.BURSTABLE);
      expect(pod.qos.qosClass).toBe(QosClass.BURSTABLE);
    });

    test('gives every container a Guaranteed preset’s equal requests and limits', () => {
      // GIVEN
      const { chart } = smokePod({ qos: QosPreset.guaranteed({ cpu: kplus.Cpu.millis(250), memory: Size.mebibytes(256) }) });

      // WHEN
      const spec = podSpec(synth(chart), 'Pod');

      // THEN
      expect(container(spec, 'api').resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '250m', memory: '256Mi' } });
      expect(Qos.classOf(spec)).toBe(QosClass.GUARANTEED);
    });

    test('accepts a relaxed pod when `podSecurityLevel` allows it', () => {
      // GIVEN
      const { chart } = smokePod({
        podSecurityLevel: PodSecurityLevel.BASELINE,
        containers: [{ name: 'api', image: IMAGE, securityContext: { ensureNonRoot: false, user: 0 } }],
      });

      // WHEN
      const spec = podSpec(synth(chart, { podSecurityLevel: PodSecurityLevel.BASELINE }), 'Pod');

      // THEN
      expect(container(spec, 'api').securityContext.runAsUser).toBe(0);
    });

    test('fails when a container runs as root under the default restricted level', () => {
      // GIVEN
      const { chart } = smokePod({ containers: [{ name: 'api', image: IMAGE, securityContext: { ensureNonRoot: false, user: 0 } }] });

      // WHEN / THEN
      expect(() => synth(chart)).toThrow("test/smoke: 'spec.containers[0].securityContext.runAsNonRoot' must meet the Pod Security Standard 'restricted'");
    });

    test('fails when two containers share a name', () => {
      // GIVEN
      const { pod } = smokePod();

      // WHEN / THEN
      expect(() => pod.addContainer({ name: 'api', image: BUSYBOX }))
        .toThrow("test/smoke: 'name' must be unique within the pod, got 'api' which is already used (containers: api); give each container its own name");
    });

    test('fails when it has no container at synth', () => {
      // GIVEN
      const chart = newChart();
      new Pod(chart, 'empty');

      // WHEN / THEN
      expect(() => synth(chart)).toThrow("test/empty: 'containers' must list at least one container, got none; pass 'containers' or call addContainer()");
    });
  });

  describe('patterns and the constructs that take a workload', () => {
    test('takes a Sidecar, an Ambassador and an Adapter after its main container', () => {
      // GIVEN
      const { chart, pod } = smokePod();

      // WHEN
      new Sidecar(chart, 'log-shipper', { workload: pod, image: 'fluent/fluent-bit:2.2.2' });
      new Ambassador(chart, 'db-proxy', { workload: pod, image: 'bitnami/pgbouncer:1.22.1', port: 6432, remoteEndpoints: ['tickets-db:5432'] });
      new Adapter(chart, 'metrics-exporter', { workload: pod, image: 'prom/statsd-exporter:v0.26.0' });
      const manifest = find(synth(chart), 'Pod');

      // THEN
      expect(manifest.spec.containers.map((c: any) => c.name)).toEqual(['api', 'log-shipper', 'db-proxy', 'metrics-exporter']);
      for (const c of manifest.spec.containers) expect(c.securityContext).toEqual(HARDENED);
      expect(container(manifest.spec, 'api').env).toEqual([{ name: 'DB_PROXY_ADDRESS', value: 'localhost:6432' }]);
      expect(manifest.metadata.annotations).toEqual(expect.objectContaining({ 'prometheus.io/scrape': 'true' }));
    });

    test('takes init containers and health checks', () => {
      // GIVEN
      const { chart, pod } = smokePod();

      // WHEN
      new InitContainers(chart, 'init', { workload: pod, steps: [InitStep.waitFor({ name: 'wait-for-db', host: 'tickets-db', port: 5432 })] });
      new HealthChecks(chart, 'health', { workload: pod, readiness: HealthProbe.tcp(8080) });
      const spec = podSpec(synth(chart), 'Pod');

      // THEN
      expect(spec.initContainers.map((c: any) => c.name)).toEqual(['wait-for-db']);
      expect(container(spec, 'api').readinessProbe.tcpSocket).toEqual({ port: 8080 });
    });

    test('is placed by a Placement', () => {
      // GIVEN
      const { chart, pod } = smokePod();

      // WHEN
      new Placement(chart, 'placement', { workload: pod, rules: [PlacementRule.requireNodeLabel('disktype', 'ssd'), PlacementRule.tolerate('dedicated')] });
      const spec = podSpec(synth(chart), 'Pod');

      // THEN
      expect(spec.nodeSelector).toEqual({ disktype: 'ssd' });
      expect(spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Exists' }]);
    });

    test('is selected by a Service through its address label', () => {
      // GIVEN
      const { chart, pod } = smokePod();

      // WHEN
      new Service(chart, 'svc', { workload: pod, ports: [{ port: 80, targetPortName: 'http' }] });
      const manifests = synth(chart);

      // THEN
      const address = find(manifests, 'Pod').metadata.labels[ADDRESS];
      expect(find(manifests, 'Service').spec.selector).toEqual({ [ADDRESS]: address });
    });

    test('is the target and the source of AllowTraffic rules', () => {
      // GIVEN
      const { chart, pod } = smokePod();
      const debug = new Pod(chart, 'debug', { containers: [{ name: 'shell', image: BUSYBOX }] });

      // WHEN
      new AllowTraffic(chart, 'debug-to-smoke', { from: TrafficSource.workload(debug), to: pod, ports: [8080] });
      const manifests = synth(chart);

      // THEN
      const policy = find(manifests, 'NetworkPolicy');
      const labelOf = (name: string) => manifests.find(m => m.kind === 'Pod' && m.metadata.name.includes(name)).metadata.labels[ADDRESS];
      expect(policy.spec.podSelector).toEqual({ matchLabels: { [ADDRESS]: labelOf('smoke') } });
      expect(policy.spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: { [ADDRESS]: labelOf('debug') } } }]);
    });
  });

  describe('props', () => {
    test('fails when given a pod template’s `podMetadata`', () => {
      // GIVEN
      const chart = newChart();

      // WHEN / THEN
      expect(() => new Pod(chart, 'smoke', { podMetadata: { labels: { app: 'x' } } } as any))
        .toThrow("test/smoke: 'podMetadata' is not allowed on a bare Pod, which has no pod template: give its labels and annotations in 'metadata'");
    });

    test('fails when metadata.generateName is given, which cdk8s would render next to a generated name', () => {
      expect(() => new Pod(newChart(), 'smoke', { metadata: { generateName: 'smoke-' }, containers: [{ image: IMAGE }] })).toThrow(new Error(
        "test/smoke: 'metadata.generateName' must not be given: cdk8s always renders a name (the chart generates one when 'metadata.name' is unset), next to which the API server ignores generateName, got 'smoke-'; set 'metadata.name' instead"));
    });

    test('fails when given a pod template’s `podMetadata`, even with a generateName', () => {
      expect(() => new Pod(newChart(), 'smoke', { podMetadata: { generateName: 'smoke-' }, containers: [{ image: IMAGE }] } as any)).toThrow(new Error(
        "test/smoke: 'podMetadata' is not allowed on a bare Pod, which has no pod template: give its labels and annotations in 'metadata'"));
    });

    test('fails when given `spread`', () => {
      // GIVEN
      const chart = newChart();

      // WHEN / THEN
      expect(() => new Pod(chart, 'smoke', { spread: true } as any))
        .toThrow("test/smoke: 'spread' is not allowed on a bare Pod, which selects itself by its address label and runs once, got true");
    });

    test('fails when the props are not an object', () => {
      // GIVEN
      const chart = newChart();

      // WHEN / THEN
      expect(() => new Pod(chart, 'smoke', 'web' as any)).toThrow("test/smoke: 'props' must be an object, got 'web'");
    });

    test('fails when select() asks for a label the pod does not carry', () => {
      // GIVEN
      const { pod } = smokePod();

      // WHEN / THEN
      expect(() => pod.select(kplus.LabelSelector.of({ labels: { app: 'smoke' } })))
        .toThrow("test/smoke: 'select' must select labels the pod carries, got 'app=smoke' while the pod has no label 'app'; add it to 'metadata.labels'");
    });

    test('fails when select() is given expressions', () => {
      // GIVEN
      const { pod } = smokePod();

      // WHEN / THEN
      expect(() => pod.select(kplus.LabelSelector.of({ expressions: [kplus.LabelExpression.exists('app')] })))
        .toThrow("test/smoke: 'select' must select the pod by labels only, got a selector with expressions; a bare pod has no selector of its own: select it by its labels");
    });
  });
});
