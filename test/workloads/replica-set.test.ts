import { Size } from 'cdk8s';
import { Qos, QosClass, QosPreset, ReplicaSet } from '../../src';
import { kplus } from '../../src/_plus';
import { container, find, newChart, podSpec, synth } from '../harness';
import { allContainers, DEFAULT_RESOURCES, HARDENED } from '../harness/fixtures';

const IMAGE = 'nginx:1.25';
const BUSYBOX = 'busybox:1.36';

describe('ReplicaSet', () => {
  describe('spec', () => {
    test('renders an apps/v1 ReplicaSet with one replica and minReadySeconds 0 by default', () => {
      // GIVEN
      const chart = newChart();
      const rs = new ReplicaSet(chart, 'web', { containers: [{ image: IMAGE }] });

      // WHEN
      const manifest = find(synth(chart), 'ReplicaSet');

      // THEN
      expect(manifest.apiVersion).toBe('apps/v1');
      expect(manifest.kind).toBe('ReplicaSet');
      expect(manifest.spec.replicas).toBe(1);
      expect(manifest.spec.minReadySeconds).toBe(0);
      expect(rs.replicas).toBe(1);
      expect(rs.minReadySeconds).toBe(0);
      expect(rs.resourceType).toBe('replicasets');
    });

    test('renders replicas and minReadySeconds when given', () => {
      // GIVEN
      const chart = newChart();
      const rs = new ReplicaSet(chart, 'web', { containers: [{ image: IMAGE }], replicas: 3, minReadySeconds: 15 });

      // WHEN
      const manifest = find(synth(chart), 'ReplicaSet');

      // THEN
      expect(manifest.spec.replicas).toBe(3);
      expect(manifest.spec.minReadySeconds).toBe(15);
      expect(rs.replicas).toBe(3);
      expect(rs.minReadySeconds).toBe(15);
    });

    test('accepts 0 replicas (scaled to zero)', () => {
      // GIVEN
      const chart = newChart();
      new ReplicaSet(chart, 'web', { containers: [{ image: IMAGE }], replicas: 0 });

      // WHEN
      const manifest = find(synth(chart), 'ReplicaSet');

      // THEN
      expect(manifest.spec.replicas).toBe(0);
    });

    test('selects the pods of its template', () => {
      // GIVEN
      const chart = newChart();
      new ReplicaSet(chart, 'web', { containers: [{ image: IMAGE }] });

      // WHEN
      const manifest = find(synth(chart), 'ReplicaSet');

      // THEN
      const matchLabels = manifest.spec.selector.matchLabels;
      expect(Object.keys(matchLabels).length).toBeGreaterThan(0);
      expect(manifest.spec.template.metadata.labels).toEqual(expect.objectContaining(matchLabels));
    });

    test('selects on labels added with select() and puts them on the template', () => {
      // GIVEN
      const chart = newChart();
      const rs = new ReplicaSet(chart, 'web', { containers: [{ image: IMAGE }], podMetadata: { labels: { app: 'web' } } });

      // WHEN
      rs.select(kplus.LabelSelector.of({ labels: { app: 'web' } }));
      const manifest = find(synth(chart), 'ReplicaSet');

      // THEN
      expect(manifest.spec.selector.matchLabels.app).toBe('web');
      expect(manifest.spec.template.metadata.labels).toEqual(expect.objectContaining(manifest.spec.selector.matchLabels));
    });

    test('renders containers and init containers added after construction', () => {
      // GIVEN
      const chart = newChart();
      const rs = new ReplicaSet(chart, 'web', { containers: [{ image: IMAGE }] });

      // WHEN
      rs.addContainer({ name: 'sidecar', image: BUSYBOX, ports: [{ number: 9090, name: 'metrics' }] });
      rs.addInitContainer({ name: 'setup', image: BUSYBOX });
      const spec = podSpec(synth(chart), 'ReplicaSet');

      // THEN
      expect(spec.containers.map((c: any) => c.name)).toEqual(['main', 'sidecar']);
      expect(container(spec, 'sidecar').ports).toEqual([{ containerPort: 9090, name: 'metrics' }]);
      expect(spec.initContainers.map((c: any) => c.name)).toEqual(['setup']);
    });

    test('renders a container attached after construction', () => {
      // GIVEN
      const chart = newChart();
      const rs = new ReplicaSet(chart, 'web', { containers: [{ image: IMAGE }] });

      // WHEN
      rs.attachContainer(new kplus.Container({
        name: 'attached',
        image: BUSYBOX,
        securityContext: { ensureNonRoot: true, capabilities: { drop: ['ALL' as kplus.Capability] } },
      }));
      const spec = podSpec(synth(chart), 'ReplicaSet');

      // THEN
      expect(spec.containers.map((c: any) => c.name)).toEqual(['main', 'attached']);
    });

    test('isolates its pods with a deny-all NetworkPolicy when `isolate` is set', () => {
      // GIVEN
      const chart = newChart();
      const rs = new ReplicaSet(chart, 'web', { containers: [{ image: IMAGE }], isolate: true });

      // WHEN
      const policy = find(synth(chart), 'NetworkPolicy');

      // THEN
      expect(policy.spec.podSelector).toEqual({ matchLabels: rs.matchLabels });
      expect(policy.spec.policyTypes).toEqual(['Egress', 'Ingress']);
    });
  });

  describe('pod policy', () => {
    test('hardens containers given in props, added with addContainer and init containers', () => {
      // GIVEN
      const chart = newChart();
      const rs = new ReplicaSet(chart, 'web', {
        containers: [{ image: IMAGE }],
        initContainers: [{ name: 'setup', image: BUSYBOX }],
      });

      // WHEN
      rs.addContainer({ name: 'sidecar', image: BUSYBOX });
      rs.addInitContainer({ name: 'warmup', image: BUSYBOX });
      const spec = podSpec(synth(chart), 'ReplicaSet');

      // THEN
      expect(allContainers(spec).map((c: any) => c.name)).toEqual(['main', 'sidecar', 'setup', 'warmup']);
      for (const c of allContainers(spec)) {
        expect(c.securityContext).toEqual(HARDENED);
      }
    });

    test('sets the RuntimeDefault seccomp profile on the pod', () => {
      // GIVEN
      const chart = newChart();
      new ReplicaSet(chart, 'web', { containers: [{ image: IMAGE }] });

      // WHEN
      const spec = podSpec(synth(chart), 'ReplicaSet');

      // THEN
      expect(spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      expect(spec.securityContext.runAsNonRoot).toBe(true);
    });

    test('gives every container the default QoS resources', () => {
      // GIVEN
      const chart = newChart();
      const rs = new ReplicaSet(chart, 'web', {
        containers: [{ image: IMAGE }],
        initContainers: [{ image: BUSYBOX }],
      });

      // WHEN
      rs.addContainer({ name: 'sidecar', image: BUSYBOX });
      const spec = podSpec(synth(chart), 'ReplicaSet');

      // THEN
      expect(allContainers(spec)).toHaveLength(3);
      for (const c of allContainers(spec)) {
        expect(c.resources).toEqual(DEFAULT_RESOURCES);
      }
      expect(rs.qos.qosClass).toBe(QosClass.BURSTABLE);
      expect(Qos.classOf(spec)).toBe(QosClass.BURSTABLE);
    });

    test('a Guaranteed preset gives every container, init containers included, requests equal to limits', () => {
      // GIVEN
      const qos = QosPreset.guaranteed({ cpu: kplus.Cpu.millis(250), memory: Size.mebibytes(256) });
      const chart = newChart();
      const rs = new ReplicaSet(chart, 'web', {
        qos,
        containers: [{ image: IMAGE }],
        initContainers: [{ image: BUSYBOX }],
      });

      // WHEN
      rs.addContainer({ name: 'sidecar', image: BUSYBOX });
      const spec = podSpec(synth(chart), 'ReplicaSet');

      // THEN
      expect(allContainers(spec)).toHaveLength(3);
      for (const c of allContainers(spec)) {
        expect(c.resources).toEqual({
          requests: { cpu: '250m', memory: '256Mi' },
          limits: { cpu: '250m', memory: '256Mi' },
        });
      }
      expect(rs.qos).toBe(qos);
      expect(Qos.classOf(spec)).toBe(QosClass.GUARANTEED);
    });
  });

  describe('validation', () => {
    test('fails when two containers have the same name', () => {
      expect(() => new ReplicaSet(newChart(), 'web', { containers: [{ image: IMAGE }, { image: BUSYBOX }] })).toThrow(new Error(
        "test/web: 'name' must be unique within the pod, got 'main' which is already used (containers: main); give each container its own name"));
    });

    test('fails when a container added later takes a used name', () => {
      // GIVEN
      const rs = new ReplicaSet(newChart(), 'web', { containers: [{ name: 'app', image: IMAGE }] });

      // THEN
      expect(() => rs.addContainer({ name: 'app', image: BUSYBOX })).toThrow(new Error(
        "test/web: 'name' must be unique within the pod, got 'app' which is already used (containers: app); give each container its own name"));
    });

    test('fails when metadata.generateName is given, which cdk8s would render next to a generated name', () => {
      expect(() => new ReplicaSet(newChart(), 'web', { metadata: { generateName: 'web-' }, containers: [{ image: IMAGE }] })).toThrow(new Error(
        "test/web: 'metadata.generateName' must not be given: cdk8s always renders a name (the chart generates one when 'metadata.name' is unset), next to which the API server ignores generateName, got 'web-'; set 'metadata.name' instead"));
    });

    test('fails when podMetadata.generateName is given, which the ReplicaSet controller ignores', () => {
      expect(() => new ReplicaSet(newChart(), 'web', { podMetadata: { generateName: 'web-' }, containers: [{ image: IMAGE }] })).toThrow(new Error(
        "test/web: 'podMetadata.generateName' must not be given: the controller names every pod after the workload and ignores the template's, got 'web-'"));
    });

    test.each([-1, 1.5])('fails when replicas is %d', (replicas) => {
      expect(() => new ReplicaSet(newChart(), 'web', { replicas })).toThrow(new Error(
        `test/web: 'replicas' must be an integer at least 0, got ${replicas}`));
    });

    test('fails when minReadySeconds is negative', () => {
      expect(() => new ReplicaSet(newChart(), 'web', { minReadySeconds: -1 })).toThrow(new Error(
        "test/web: 'minReadySeconds' must be an integer at least 0, got -1"));
    });

    test('fails when there are no containers at all', () => {
      // GIVEN
      const chart = newChart();
      new ReplicaSet(chart, 'web');

      // THEN
      expect(() => synth(chart)).toThrow(new Error("test/web: 'containers' must list at least one container, got none; pass 'containers' or call addContainer()"));
    });

    test('fails when select is false and no selector is added (apps/v1 refuses an empty selector)', () => {
      // GIVEN
      const chart = newChart();
      new ReplicaSet(chart, 'rs', { select: false, containers: [{ image: IMAGE }] });

      // THEN
      expect(() => synth(chart)).toThrow(new Error("test/rs: 'select' must leave the workload a selector, got none; apps/v1 refuses an empty selector: keep the default 'select: true' or call select()"));
    });
  });

  test('the rendered manifests pass the harness (Kubernetes 1.26 schema and Pod Security restricted)', () => {
    // GIVEN
    const chart = newChart();
    const rs = new ReplicaSet(chart, 'web', {
      metadata: { name: 'web', namespace: 'shop' },
      replicas: 2,
      minReadySeconds: 5,
      containers: [{ name: 'app', image: IMAGE, ports: [{ number: 8080, name: 'http' }] }],
      initContainers: [{ name: 'setup', image: BUSYBOX }],
    });
    rs.addContainer({ name: 'sidecar', image: BUSYBOX, ports: [{ number: 9090, name: 'metrics' }] });

    // THEN
    expect(() => synth(chart)).not.toThrow();
  });

  test('matches the snapshot of a representative ReplicaSet', () => {
    // GIVEN
    const chart = newChart();
    const rs = new ReplicaSet(chart, 'web', {
      metadata: { name: 'web' },
      replicas: 3,
      minReadySeconds: 10,
      securityContext: { user: 10001, group: 10001 },
      containers: [{
        name: 'app',
        image: 'ghcr.io/example/web:1.2.3',
        ports: [{ number: 8080, name: 'http' }],
        readiness: kplus.Probe.fromHttpGet('/healthz', { port: 8080 }),
      }],
      initContainers: [{ name: 'wait', image: BUSYBOX, command: ['sh', '-c', 'sleep 1'] }],
    });
    rs.addContainer({ name: 'log-shipper', image: 'fluent/fluent-bit:2.2.2' });

    // WHEN
    const manifests = synth(chart);

    // THEN
    expect(manifests).toMatchSnapshot();
  });
});
