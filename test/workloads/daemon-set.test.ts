import { Size } from 'cdk8s';
import { DaemonSet, DaemonSetUpdateStrategy, Qos, QosClass, QosPreset } from '../../src';
import { kplus } from '../../src/_plus';
import { find, newChart, podSpec, synth } from '../harness';
import { allContainers, DEFAULT_RESOURCES, HARDENED } from '../harness/fixtures';

const IMAGE = 'fluent/fluent-bit:2.2.2';
const BUSYBOX = 'busybox:1.36';

const LABEL_KEY = "must be a label key ([prefix/]name: an optional DNS-1123 subdomain prefix of at most 253 characters, and a name of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";
const LABEL_VALUE = "must be a label value (empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";

/** A chart with one DaemonSet `agent` of that props, synthesized; returns the manifest. */
function daemonSetOf(props: ConstructorParameters<typeof DaemonSet>[2]): any {
  const chart = newChart();
  new DaemonSet(chart, 'agent', props);
  return find(synth(chart), 'DaemonSet');
}

describe('DaemonSet', () => {
  describe('spec', () => {
    test('renders an apps/v1 DaemonSet whose selector matches its template', () => {
      // WHEN
      const manifest = daemonSetOf({ containers: [{ image: IMAGE }] });

      // THEN
      expect(manifest.apiVersion).toBe('apps/v1');
      expect(manifest.kind).toBe('DaemonSet');
      expect(manifest.spec.template.metadata.labels).toEqual(expect.objectContaining(manifest.spec.selector.matchLabels));
    });

    test('renders containers and init containers added after construction', () => {
      // GIVEN
      const chart = newChart();
      const ds = new DaemonSet(chart, 'agent', { containers: [{ image: IMAGE }] });

      // WHEN
      ds.addContainer({ name: 'exporter', image: BUSYBOX, ports: [{ number: 9100, name: 'metrics' }] });
      ds.addInitContainer({ name: 'setup', image: BUSYBOX });
      const spec = podSpec(synth(chart), 'DaemonSet');

      // THEN
      expect(spec.containers.map((c: any) => c.name)).toEqual(['main', 'exporter']);
      expect(spec.initContainers.map((c: any) => c.name)).toEqual(['setup']);
    });
  });

  describe('nodeSelector', () => {
    test('renders the nodeSelector in the pod spec', () => {
      // WHEN
      const manifest = daemonSetOf({
        containers: [{ image: IMAGE }],
        nodeSelector: { 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/worker': '' },
      });

      // THEN
      expect(manifest.spec.template.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/worker': '' });
    });

    test('renders a nodeSelector made with Object.create(null) (from JavaScript)', () => {
      // GIVEN
      const nodeSelector = Object.assign(Object.create(null), { 'kubernetes.io/os': 'linux' });

      // WHEN
      const manifest = daemonSetOf({ containers: [{ image: IMAGE }], nodeSelector });

      // THEN
      expect(manifest.spec.template.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    });

    test('renders no nodeSelector by default', () => {
      // WHEN
      const manifest = daemonSetOf({ containers: [{ image: IMAGE }] });

      // THEN
      expect(manifest.spec.template.spec).not.toHaveProperty('nodeSelector');
    });

    test.each(['bad key', 'example.com/', '-disk', 'Example_Com/disk'])('fails when a nodeSelector key is %p', (key) => {
      expect(() => new DaemonSet(newChart(), 'agent', { nodeSelector: { [key]: 'ssd' } })).toThrow(new Error(
        `test/agent: 'nodeSelector[${key}]' ${LABEL_KEY}, got '${key}'`));
    });

    test.each([
      ['a character other than letters, digits, -, _ and .', 'ssd!'],
      ['a leading -', '-ssd'],
      ['64 characters', 'a'.repeat(64)],
    ])('fails when a nodeSelector value has %s', (_why, value) => {
      expect(() => new DaemonSet(newChart(), 'agent', { nodeSelector: { disk: value } })).toThrow(new Error(
        `test/agent: 'nodeSelector[disk]' ${LABEL_VALUE}, got '${value}'`));
    });
  });

  describe('updateStrategy', () => {
    test('rolls out with maxUnavailable 1 and maxSurge 0 by default', () => {
      // WHEN
      const manifest = daemonSetOf({ containers: [{ image: IMAGE }] });

      // THEN
      expect(manifest.spec.updateStrategy).toEqual({
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
      });
    });

    test('rollingUpdate() without options has the same defaults', () => {
      // GIVEN
      const strategy = DaemonSetUpdateStrategy.rollingUpdate();

      // THEN
      expect(strategy.maxUnavailable?.value).toBe(1);
      expect(strategy.maxSurge?.value).toBe(0);
    });

    test('renders a percent maxUnavailable as a string', () => {
      // WHEN
      const manifest = daemonSetOf({
        containers: [{ image: IMAGE }],
        updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(10) }),
      });

      // THEN
      expect(manifest.spec.updateStrategy).toEqual({
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 },
      });
    });

    test('renders a surge when maxUnavailable is 0', () => {
      // WHEN
      const manifest = daemonSetOf({
        containers: [{ image: IMAGE }],
        updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({
          maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
          maxSurge: kplus.PercentOrAbsolute.percent(25),
        }),
      });

      // THEN
      expect(manifest.spec.updateStrategy).toEqual({
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' },
      });
    });

    test('renders OnDelete without rollingUpdate', () => {
      // WHEN
      const manifest = daemonSetOf({ containers: [{ image: IMAGE }], updateStrategy: DaemonSetUpdateStrategy.onDelete() });

      // THEN
      expect(manifest.spec.updateStrategy).toEqual({ type: 'OnDelete' });
    });

    test('fails when both maxSurge and maxUnavailable are above 0', () => {
      expect(() => DaemonSetUpdateStrategy.rollingUpdate({
        maxUnavailable: kplus.PercentOrAbsolute.absolute(1),
        maxSurge: kplus.PercentOrAbsolute.percent(10),
      })).toThrow(new Error(
        "DaemonSetUpdateStrategy.rollingUpdate: 'maxSurge' must be 0 when 'maxUnavailable' is not (a surge needs every node served), got maxSurge 10% and maxUnavailable 1"));
    });

    test.each([
      ['absolute', kplus.PercentOrAbsolute.absolute(0)],
      ['percent', kplus.PercentOrAbsolute.percent(0)],
    ])('fails when maxUnavailable is 0 (%s) and maxSurge is 0', (_kind, maxUnavailable) => {
      expect(() => DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable })).toThrow(new Error(
        "DaemonSetUpdateStrategy.rollingUpdate: 'maxUnavailable' must be above 0 when 'maxSurge' is 0, or the update can never progress, got both 0"));
    });

    test.each([
      ['maxUnavailable', { maxUnavailable: kplus.PercentOrAbsolute.absolute(-1) }, '-1'],
      ['maxSurge', { maxUnavailable: kplus.PercentOrAbsolute.absolute(0), maxSurge: kplus.PercentOrAbsolute.percent(200) }, "'200%'"],
    ])('fails when %s is negative or above 100%%', (field, options, value) => {
      expect(() => DaemonSetUpdateStrategy.rollingUpdate(options)).toThrow(new Error(
        `DaemonSetUpdateStrategy.rollingUpdate: '${field}' must be a whole number of pods within 0-2147483647 or a percentage within 0%-100%, got ${value}`));
    });
  });

  describe('revisionHistoryLimit', () => {
    test('keeps 10 revisions by default', () => {
      // WHEN
      const manifest = daemonSetOf({ containers: [{ image: IMAGE }] });

      // THEN
      expect(manifest.spec.revisionHistoryLimit).toBe(10);
    });

    test('renders revisionHistoryLimit when given', () => {
      // WHEN
      const manifest = daemonSetOf({ containers: [{ image: IMAGE }], revisionHistoryLimit: 3 });

      // THEN
      expect(manifest.spec.revisionHistoryLimit).toBe(3);
    });

    test.each([0, 1.5])('fails when revisionHistoryLimit is %d', (limit) => {
      expect(() => new DaemonSet(newChart(), 'agent', { revisionHistoryLimit: limit })).toThrow(new Error(
        `test/agent: 'revisionHistoryLimit' must be an integer at least 1, got ${limit}`));
    });
  });

  describe('pod policy', () => {
    test('hardens containers given in props, added with addContainer and init containers', () => {
      // GIVEN
      const chart = newChart();
      const ds = new DaemonSet(chart, 'agent', {
        containers: [{ image: IMAGE }],
        initContainers: [{ name: 'setup', image: BUSYBOX }],
      });

      // WHEN
      ds.addContainer({ name: 'exporter', image: BUSYBOX });
      ds.addInitContainer({ name: 'warmup', image: BUSYBOX });
      const spec = podSpec(synth(chart), 'DaemonSet');

      // THEN
      expect(allContainers(spec)).toHaveLength(4);
      for (const c of allContainers(spec)) {
        expect(c.securityContext).toEqual(HARDENED);
      }
    });

    test('sets the RuntimeDefault seccomp profile on the pod, next to the nodeSelector', () => {
      // WHEN
      const manifest = daemonSetOf({ containers: [{ image: IMAGE }], nodeSelector: { 'kubernetes.io/os': 'linux' } });

      // THEN
      expect(manifest.spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      expect(manifest.spec.template.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    });

    test('gives every container the default QoS resources', () => {
      // GIVEN
      const chart = newChart();
      const ds = new DaemonSet(chart, 'agent', {
        containers: [{ image: IMAGE }],
        initContainers: [{ image: BUSYBOX }],
      });

      // WHEN
      const spec = podSpec(synth(chart), 'DaemonSet');

      // THEN
      for (const c of allContainers(spec)) {
        expect(c.resources).toEqual(DEFAULT_RESOURCES);
      }
      expect(ds.qos.qosClass).toBe(QosClass.BURSTABLE);
    });

    test('a Guaranteed preset gives every container, init containers included, requests equal to limits', () => {
      // GIVEN
      const qos = QosPreset.guaranteed({ cpu: kplus.Cpu.millis(100), memory: Size.mebibytes(64) });
      const chart = newChart();
      const ds = new DaemonSet(chart, 'agent', {
        qos,
        containers: [{ image: IMAGE }],
        initContainers: [{ image: BUSYBOX }],
      });

      // WHEN
      ds.addContainer({ name: 'exporter', image: BUSYBOX });
      const spec = podSpec(synth(chart), 'DaemonSet');

      // THEN
      expect(allContainers(spec)).toHaveLength(3);
      for (const c of allContainers(spec)) {
        expect(c.resources).toEqual({
          requests: { cpu: '100m', memory: '64Mi' },
          limits: { cpu: '100m', memory: '64Mi' },
        });
      }
      expect(ds.qos).toBe(qos);
      expect(Qos.classOf(spec)).toBe(QosClass.GUARANTEED);
    });
  });

  describe('validation', () => {
    test('fails when two containers have the same name', () => {
      expect(() => new DaemonSet(newChart(), 'agent', { containers: [{ image: IMAGE }, { image: BUSYBOX }] })).toThrow(new Error(
        "test/agent: 'name' must be unique within the pod, got 'main' which is already used (containers: main); give each container its own name"));
    });

    test('fails when metadata is not a plain object (from JavaScript)', () => {
      expect(() => new DaemonSet(newChart(), 'agent', { metadata: Size.mebibytes(1) as any, containers: [{ image: IMAGE }] })).toThrow(new Error(
        "test/agent: 'metadata' must be a plain object, got a Size"));
    });

    test('fails when metadata.generateName is given, which cdk8s would render next to a generated name', () => {
      expect(() => new DaemonSet(newChart(), 'agent', { metadata: { generateName: 'agent-' }, containers: [{ image: IMAGE }] })).toThrow(new Error(
        "test/agent: 'metadata.generateName' must not be given: cdk8s always renders a name (the chart generates one when 'metadata.name' is unset), next to which the API server ignores generateName, got 'agent-'; set 'metadata.name' instead"));
    });

    test('fails when podMetadata.generateName is given, which the DaemonSet controller ignores', () => {
      expect(() => new DaemonSet(newChart(), 'agent', { podMetadata: { generateName: 'agent-' }, containers: [{ image: IMAGE }] })).toThrow(new Error(
        "test/agent: 'podMetadata.generateName' must not be given: the controller names every pod after the workload and ignores the template's, got 'agent-'"));
    });

    test('fails when the updateStrategy is not a DaemonSetUpdateStrategy (from JavaScript)', () => {
      expect(() => new DaemonSet(newChart(), 'agent', { updateStrategy: 'OnDelete' as any, containers: [{ image: IMAGE }] })).toThrow(new Error(
        "test/agent: 'updateStrategy' must be a DaemonSetUpdateStrategy such as DaemonSetUpdateStrategy.rollingUpdate(), got 'OnDelete'"));
    });

    test('fails when a rolling update is given something else than a PercentOrAbsolute (from JavaScript)', () => {
      expect(() => DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: '25%' as any })).toThrow(new Error(
        "DaemonSetUpdateStrategy.rollingUpdate: 'maxSurge' must be a PercentOrAbsolute such as PercentOrAbsolute.absolute(1), got '25%'"));
    });

    test('fails when there are no containers at all', () => {
      // GIVEN
      const chart = newChart();
      new DaemonSet(chart, 'agent');

      // THEN
      expect(() => synth(chart)).toThrow(new Error("test/agent: 'containers' must list at least one container, got none; pass 'containers' or call addContainer()"));
    });
  });

  test('the rendered manifests pass the harness (Kubernetes 1.26 schema and Pod Security restricted)', () => {
    // GIVEN
    const chart = newChart();
    const ds = new DaemonSet(chart, 'agent', {
      metadata: { name: 'log-agent', namespace: 'logging' },
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(10) }),
      revisionHistoryLimit: 5,
      containers: [{ image: IMAGE }],
      initContainers: [{ name: 'setup', image: BUSYBOX }],
    });
    ds.addContainer({ name: 'exporter', image: BUSYBOX, ports: [{ number: 9100, name: 'metrics' }] });

    // THEN
    expect(() => synth(chart)).not.toThrow();
  });

  test('matches the snapshot of a representative DaemonSet', () => {
    // GIVEN
    const chart = newChart();
    const ds = new DaemonSet(chart, 'agent', {
      metadata: { name: 'log-agent' },
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(10) }),
      revisionHistoryLimit: 5,
      containers: [{
        name: 'fluent-bit',
        image: IMAGE,
        ports: [{ number: 2020, name: 'http' }],
      }],
    });
    ds.addInitContainer({ name: 'wait', image: BUSYBOX, command: ['sh', '-c', 'sleep 1'] });

    // WHEN
    const manifests = synth(chart);

    // THEN
    expect(manifests).toMatchSnapshot();
  });
});
