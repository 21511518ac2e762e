import { Duration, Size } from 'cdk8s';
import { Deployment, PodSecurityLevel, Qos, QosClass, QosPreset } from '../../src';
import { kplus } from '../../src/_plus';
import { container, find, newChart, podSpec, synth } from '../harness';
import { allContainers, DEFAULT_RESOURCES, HARDENED } from '../harness/fixtures';

const IMAGE = 'nginx:1.25';
const BUSYBOX = 'busybox:1.36';

const DNS_LABEL = "must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)";
const DNS_SUBDOMAIN = "must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters)";
const PORT_RANGE = 'must be an integer within 1-65535';
const PORT_NAME = "must be an IANA service name (at most 15 lowercase letters, digits and single '-', with at least one letter)";

/** A chart with one Deployment `web` of that props, synthesized; returns the pod spec. */
function podOf(props: ConstructorParameters<typeof Deployment>[2], level?: PodSecurityLevel): any {
  const chart = newChart();
  new Deployment(chart, 'web', props);
  return podSpec(synth(chart, { podSecurityLevel: level }), 'Deployment');
}

describe('Deployment', () => {
  describe('rollout', () => {
    test('keeps 10 old ReplicaSets for rollbacks and is not paused by default', () => {
      // GIVEN
      const chart = newChart();
      new Deployment(chart, 'web', { containers: [{ image: IMAGE }] });

      // WHEN
      const deployment = find(synth(chart), 'Deployment');

      // THEN
      expect(deployment.spec.revisionHistoryLimit).toBe(10);
      expect(deployment.spec.paused).toBeUndefined();
    });

    test('renders revisionHistoryLimit and paused when given', () => {
      // GIVEN
      const chart = newChart();
      new Deployment(chart, 'web', { containers: [{ image: IMAGE }], revisionHistoryLimit: 3, paused: true });

      // WHEN
      const deployment = find(synth(chart), 'Deployment');

      // THEN
      expect(deployment.spec.revisionHistoryLimit).toBe(3);
      expect(deployment.spec.paused).toBe(true);
    });

    test.each([0, 1.5])('fails when revisionHistoryLimit is %d', (limit) => {
      expect(() => new Deployment(newChart(), 'web', { revisionHistoryLimit: limit })).toThrow(new Error(
        `test/web: 'revisionHistoryLimit' must be an integer of at least 1 so that 'kubectl rollout undo' has a revision to roll back to, got ${limit}`));
    });
  });

  describe('security defaults', () => {
    test('hardens containers given in props, added with addContainer and init containers', () => {
      // GIVEN
      const chart = newChart();
      const deployment = new Deployment(chart, 'web', {
        containers: [{ image: IMAGE }],
        initContainers: [{ name: 'setup', image: BUSYBOX }],
      });

      // WHEN
      deployment.addContainer({ name: 'sidecar', image: BUSYBOX });
      deployment.addInitContainer({ name: 'warmup', image: BUSYBOX });
      const spec = podSpec(synth(chart), 'Deployment');

      // THEN
      expect(spec.containers.map((c: any) => c.name)).toEqual(['main', 'sidecar']);
      expect(spec.initContainers.map((c: any) => c.name)).toEqual(['setup', 'warmup']);
      for (const c of allContainers(spec)) {
        expect(c.securityContext).toEqual(HARDENED);
      }
    });

    test('sets the RuntimeDefault seccomp profile on the pod', () => {
      // WHEN
      const spec = podOf({ containers: [{ image: IMAGE }] });

      // THEN
      expect(spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      expect(spec.securityContext.runAsNonRoot).toBe(true);
    });

    test('keeps the security context fields the user set', () => {
      // WHEN
      const spec = podOf({
        containers: [{ image: IMAGE, securityContext: { user: 1000, group: 3000 } }],
      });

      // THEN
      expect(container(spec, 'main').securityContext).toEqual({ ...HARDENED, runAsUser: 1000, runAsGroup: 3000 });
    });

    test('lets the user relax a default field', () => {
      // WHEN
      const spec = podOf({
        containers: [{ image: IMAGE, securityContext: { readOnlyRootFilesystem: false } }],
      });

      // THEN
      expect(container(spec, 'main').securityContext.readOnlyRootFilesystem).toBe(false);
    });

    test('user capabilities replace the default drop', () => {
      // GIVEN
      const capabilities = {
        drop: ['ALL' as kplus.Capability],
        add: ['NET_BIND_SERVICE' as kplus.Capability],
      };

      // WHEN
      const spec = podOf({ containers: [{ image: IMAGE, securityContext: { capabilities } }] });

      // THEN
      expect(container(spec, 'main').securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
    });

    test('user capabilities without a drop of ALL are not merged with the default', () => {
      // WHEN
      const spec = podOf({
        podSecurityLevel: PodSecurityLevel.PRIVILEGED,
        containers: [{ image: IMAGE, securityContext: { capabilities: { drop: [kplus.Capability.NET_RAW] } } }],
      }, PodSecurityLevel.PRIVILEGED);

      // THEN
      expect(container(spec, 'main').securityContext.capabilities).toEqual({ drop: ['CAP_NET_RAW'] });
    });
  });

  describe('QoS', () => {
    test('the default preset replaces the cdk8s-plus resources', () => {
      // GIVEN
      const chart = newChart();
      const deployment = new Deployment(chart, 'web', {
        containers: [{ image: IMAGE }],
        initContainers: [{ image: BUSYBOX }],
      });

      // WHEN
      deployment.addContainer({ name: 'sidecar', image: BUSYBOX });
      const spec = podSpec(synth(chart), 'Deployment');

      // THEN
      for (const c of allContainers(spec)) {
        expect(c.resources).toEqual(DEFAULT_RESOURCES);
      }
      expect(JSON.stringify(spec)).not.toMatch(/1000m|512Mi|1500m|2048Mi/);
      expect(deployment.qos.qosClass).toBe(QosClass.BURSTABLE);
      expect(Qos.classOf(spec)).toBe(QosClass.BURSTABLE);
    });

    test('a Guaranteed preset gives every container, init containers included, requests equal to limits', () => {
      // GIVEN
      const qos = QosPreset.guaranteed({ cpu: kplus.Cpu.millis(250), memory: Size.mebibytes(256) });
      const chart = newChart();
      const deployment = new Deployment(chart, 'web', {
        qos,
        containers: [{ image: IMAGE }],
        initContainers: [{ image: BUSYBOX }],
      });

      // WHEN
      deployment.addContainer({ name: 'sidecar', image: BUSYBOX });
      deployment.addInitContainer({ name: 'migrate', image: BUSYBOX });
      const spec = podSpec(synth(chart), 'Deployment');

      // THEN
      expect(allContainers(spec)).toHaveLength(4);
      for (const c of allContainers(spec)) {
        expect(c.resources).toEqual({
          requests: { cpu: '250m', memory: '256Mi' },
          limits: { cpu: '250m', memory: '256Mi' },
        });
      }
      expect(deployment.qos).toBe(qos);
      expect(Qos.classOf(spec)).toBe(QosClass.GUARANTEED);
    });

    test('a BestEffort preset renders no resources', () => {
      // WHEN
      const spec = podOf({
        qos: QosPreset.bestEffort(),
        containers: [{ image: IMAGE }],
        initContainers: [{ image: BUSYBOX }],
      });

      // THEN
      for (const c of allContainers(spec)) {
        expect(c).not.toHaveProperty('resources');
      }
      expect(Qos.classOf(spec)).toBe(QosClass.BEST_EFFORT);
    });

    test('a Burstable preset with requests only renders no limits', () => {
      // WHEN
      const spec = podOf({
        qos: QosPreset.burstable({ requests: { cpu: kplus.Cpu.millis(50) } }),
        containers: [{ image: IMAGE }],
      });

      // THEN
      expect(container(spec, 'main').resources).toEqual({ requests: { cpu: '50m' } });
      expect(Qos.classOf(spec)).toBe(QosClass.BURSTABLE);
    });

    test("a container's own resources win over the preset", () => {
      // WHEN
      const spec = podOf({
        containers: [
          { image: IMAGE, resources: { cpu: { request: kplus.Cpu.millis(200), limit: kplus.Cpu.units(1) }, memory: { request: Size.gibibytes(1) } } },
          { name: 'sidecar', image: BUSYBOX },
        ],
      });

      // THEN
      expect(container(spec, 'main').resources).toEqual({
        requests: { cpu: '200m', memory: '1024Mi' },
        limits: { cpu: '1' },
      });
      expect(container(spec, 'sidecar').resources).toEqual(DEFAULT_RESOURCES);
    });

    test('a Guaranteed preset accepts a container whose own resources are Guaranteed', () => {
      // WHEN
      const spec = podOf({
        qos: QosPreset.guaranteed({ cpu: kplus.Cpu.millis(250), memory: Size.mebibytes(256) }),
        containers: [
          { image: IMAGE },
          {
            name: 'big',
            image: BUSYBOX,
            resources: {
              cpu: { request: kplus.Cpu.units(1), limit: kplus.Cpu.units(1) },
              memory: { request: Size.gibibytes(1), limit: Size.gibibytes(1) },
            },
          },
        ],
      });

      // THEN
      expect(container(spec, 'big').resources.limits).toEqual({ cpu: '1', memory: '1024Mi' });
      expect(Qos.classOf(spec)).toBe(QosClass.GUARANTEED);
    });
  });

  describe('podSecurityLevel', () => {
    test('fails when a container is privileged under the default restricted level', () => {
      // GIVEN
      const chart = newChart();
      new Deployment(chart, 'web', { containers: [{ image: IMAGE, securityContext: { privileged: true } }] });

      // THEN
      expect(() => synth(chart)).toThrow(new Error("test/web: 'spec.template.spec.containers[0].securityContext.privileged' must meet the Pod Security Standard 'restricted' (privileged): "
        + "container 'main' must leave securityContext.privileged unset or false, got true; "
        + "relax it with 'podSecurityLevel' only where the namespace allows it"));
    });

    test('fails when a container is privileged under the baseline level', () => {
      // GIVEN
      const chart = newChart();
      new Deployment(chart, 'web', {
        podSecurityLevel: PodSecurityLevel.BASELINE,
        containers: [{ image: IMAGE, securityContext: { privileged: true } }],
      });

      // THEN
      expect(() => synth(chart, { podSecurityLevel: PodSecurityLevel.BASELINE })).toThrow(new Error("test/web: 'spec.template.spec.containers[0].securityContext.privileged' must meet the Pod Security Standard 'baseline' (privileged): "
        + "container 'main' must leave securityContext.privileged unset or false, got true; "
        + "relax it with 'podSecurityLevel' only where the namespace allows it"));
    });

    test('a privileged container synthesizes under PodSecurityLevel.PRIVILEGED', () => {
      // GIVEN
      const chart = newChart();
      new Deployment(chart, 'web', {
        podSecurityLevel: PodSecurityLevel.PRIVILEGED,
        containers: [{ image: IMAGE, securityContext: { privileged: true } }],
      });

      // WHEN
      const spec = podSpec(synth(chart, { podSecurityLevel: PodSecurityLevel.PRIVILEGED }), 'Deployment');

      // THEN
      expect(container(spec, 'main').securityContext.privileged).toBe(true);
    });
  });

  describe('validation', () => {
    test('fails when a second unnamed container collides with main', () => {
      // GIVEN
      const deployment = new Deployment(newChart(), 'web', { containers: [{ image: IMAGE }] });

      // THEN
      expect(() => deployment.addContainer({ image: BUSYBOX })).toThrow(new Error(
        "test/web: 'name' must be unique within the pod, got 'main' which is already used (containers: main); give each container its own name"));
    });

    test('fails when an init container takes the name of a container', () => {
      // GIVEN
      const deployment = new Deployment(newChart(), 'web', { containers: [{ image: IMAGE, name: 'init-0' }] });

      // THEN
      expect(() => deployment.addInitContainer({ image: BUSYBOX })).toThrow(new Error(
        "test/web: 'name' must be unique within the pod, got 'init-0' which is already used (containers: init-0); give each container its own name"));
    });

    test('fails when an attached container takes a used name', () => {
      // GIVEN
      const deployment = new Deployment(newChart(), 'web', { containers: [{ image: IMAGE }] });

      // THEN
      expect(() => deployment.attachContainer(new kplus.Container({ name: 'main', image: BUSYBOX }))).toThrow(new Error(
        "test/web: 'name' must be unique within the pod, got 'main' which is already used (containers: main); give each container its own name"));
    });

    test('fails when a container name is not a DNS-1123 label', () => {
      expect(() => new Deployment(newChart(), 'web', { containers: [{ name: 'Web_1', image: IMAGE }] })).toThrow(new Error(
        `test/web: 'containers[].name' ${DNS_LABEL}, got 'Web_1'`));
    });

    test('fails when an init container name is not a DNS-1123 label', () => {
      const deployment = new Deployment(newChart(), 'web', { containers: [{ image: IMAGE }] });
      expect(() => deployment.addInitContainer({ name: 'setup.db', image: BUSYBOX })).toThrow(new Error(
        `test/web: 'initContainers[].name' ${DNS_LABEL}, got 'setup.db'`));
    });

    test('fails when metadata.name is not a DNS-1123 subdomain', () => {
      expect(() => new Deployment(newChart(), 'web', { metadata: { name: 'Web_1' }, containers: [{ image: IMAGE }] })).toThrow(new Error(
        `test/web: 'metadata.name' ${DNS_SUBDOMAIN}, got 'Web_1'`));
    });

    test('fails when metadata.generateName is given, which cdk8s would render next to a generated name', () => {
      expect(() => new Deployment(newChart(), 'web', { metadata: { generateName: 'web-' }, containers: [{ image: IMAGE }] })).toThrow(new Error(
        "test/web: 'metadata.generateName' must not be given: cdk8s always renders a name (the chart generates one when 'metadata.name' is unset), next to which the API server ignores generateName, got 'web-'; set 'metadata.name' instead"));
    });

    test('fails when podMetadata.generateName is given, which the Deployment controller ignores', () => {
      expect(() => new Deployment(newChart(), 'web', { podMetadata: { generateName: 'web-' }, containers: [{ image: IMAGE }] })).toThrow(new Error(
        "test/web: 'podMetadata.generateName' must not be given: the controller names every pod after the workload and ignores the template's, got 'web-'"));
    });

    test('accepts a dotted metadata.name', () => {
      const chart = newChart();
      new Deployment(chart, 'web', { metadata: { name: 'web.v2' }, containers: [{ image: IMAGE }] });
      expect(synth(chart)[0].metadata.name).toBe('web.v2');
    });

    test.each([0, 65536])('fails when portNumber is %d', (port) => {
      expect(() => new Deployment(newChart(), 'web', { containers: [{ image: IMAGE, portNumber: port }] })).toThrow(new Error(
        `test/web: 'containers[main].portNumber' ${PORT_RANGE}, got ${port}`));
    });

    test.each([0, 65536])('fails when ports[].number is %d', (port) => {
      expect(() => new Deployment(newChart(), 'web', { containers: [{ image: IMAGE, ports: [{ number: port }] }] })).toThrow(new Error(
        `test/web: 'containers[main].ports[0].number' ${PORT_RANGE}, got ${port}`));
    });

    test.each(['HTTP', 'very-long-port-name-x'])('fails when a port is named %s', (name) => {
      expect(() => new Deployment(newChart(), 'web', { containers: [{ image: IMAGE, ports: [{ number: 8080, name }] }] })).toThrow(new Error(
        `test/web: 'containers[main].ports[0].name' ${PORT_NAME}, got '${name}'`));
    });

    test('lets an init container use the port of an app container, as they never run together', () => {
      // GIVEN
      const chart = newChart();
      new Deployment(chart, 'web', {
        initContainers: [{ name: 'warmup', image: BUSYBOX, ports: [{ number: 8080 }] }],
        containers: [{ image: IMAGE, ports: [{ number: 8080 }] }],
      });

      // WHEN
      const spec = podSpec(synth(chart), 'Deployment');

      // THEN
      expect(spec.initContainers[0].ports).toEqual([{ containerPort: 8080 }]);
      expect(spec.containers[0].ports).toEqual([{ containerPort: 8080 }]);
    });

    test('fails when the same port is used by two containers', () => {
      // GIVEN
      const chart = newChart();
      new Deployment(chart, 'web', {
        containers: [
          { image: IMAGE, portNumber: 8080 },
          { name: 'sidecar', image: BUSYBOX, ports: [{ number: 8080, name: 'admin' }] },
        ],
      });

      // THEN
      expect(() => synth(chart)).toThrow(new Error("test/web: 'ports' must be unique within the pod (its containers share one network namespace), "
        + "got port 8080/TCP in container 'main' and in container 'sidecar'; give each a different port"));
    });

    test('the same port number on two protocols is no clash', () => {
      // WHEN
      const spec = podOf({
        containers: [
          { image: IMAGE, ports: [{ number: 5353, protocol: kplus.Protocol.UDP }] },
          { name: 'sidecar', image: BUSYBOX, ports: [{ number: 5353 }] },
        ],
      });

      // THEN
      expect(spec.containers.map((c: any) => c.ports)).toEqual([
        [{ containerPort: 5353, protocol: 'UDP' }],
        [{ containerPort: 5353 }],
      ]);
    });

    test('fails when a cpu request is above its limit', () => {
      expect(() => new Deployment(newChart(), 'web', {
        containers: [{ image: IMAGE, resources: { cpu: { request: kplus.Cpu.units(1), limit: kplus.Cpu.millis(500) } } }],
      })).toThrow(new Error(
        "test/web: 'containers[main].resources.cpu' request must not exceed its limit, got request 1 and limit 500m"));
    });

    test('fails when a memory request is above its limit', () => {
      expect(() => new Deployment(newChart(), 'web', {
        containers: [{ image: IMAGE, resources: { memory: { request: Size.gibibytes(1), limit: Size.mebibytes(512) } } }],
      })).toThrow(new Error(
        "test/web: 'containers[main].resources.memory' request must not exceed its limit, got request 1024Mi and limit 512Mi"));
    });

    test('fails when memory is not a whole number of mebibytes', () => {
      expect(() => new Deployment(newChart(), 'web', {
        containers: [{ image: IMAGE, resources: { memory: { request: Size.kibibytes(500) } } }],
      })).toThrow(new Error(
        "test/web: 'containers[main].resources.memory.request' must be a whole number of mebibytes, got '500Ki'"));
    });

    test.each([
      ['liveness', { liveness: kplus.Probe.fromTcpSocket({ port: 8080 }) }],
      ['readiness', { readiness: kplus.Probe.fromTcpSocket({ port: 8080 }) }],
      ['startup', { startup: kplus.Probe.fromTcpSocket({ port: 8080 }) }],
    ])('fails when an init container has a %s probe', (probe, props) => {
      expect(() => new Deployment(newChart(), 'web', {
        containers: [{ image: IMAGE }],
        initContainers: [{ image: BUSYBOX, ...props }],
      })).toThrow(new Error(
        `test/web: 'initContainers[init-0].${probe}' is not allowed: init containers run to completion and take no liveness, readiness or startup probe, got a ${probe} probe`));
    });

    test('fails when an init container sets portNumber', () => {
      const deployment = new Deployment(newChart(), 'web', { containers: [{ image: IMAGE }] });
      expect(() => deployment.addInitContainer({ name: 'setup', image: BUSYBOX, portNumber: 8080 })).toThrow(new Error(
        "test/web: 'initContainers[setup].portNumber' is not allowed: cdk8s-plus gives it a startup probe, which init containers cannot have; use 'ports', got 8080"));
    });

    test('fails when a container breaks the Guaranteed preset with requests below limits', () => {
      // GIVEN
      const chart = newChart();
      new Deployment(chart, 'web', {
        qos: QosPreset.guaranteed({ cpu: kplus.Cpu.millis(250), memory: Size.mebibytes(256) }),
        containers: [
          { image: IMAGE },
          {
            name: 'sidecar',
            image: BUSYBOX,
            resources: {
              cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(200) },
              memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) },
            },
          },
        ],
      });

      // THEN
      expect(() => synth(chart)).toThrow(new Error("test/web: 'qos' must give the pod the QoS class it names (Guaranteed), got a Burstable pod: "
        + "container 'sidecar' requests cpu 100m but its limit is 200m; give every container equal requests and limits or choose another preset"));
    });

    test.each([
      ['a string', '3', "must be an integer at least 0, got '3'"],
      ['above int32', 2 ** 31, 'must fit in a Kubernetes int32 (at most 2147483647), got 2147483648'],
    ])('fails when replicas is %s (from JavaScript)', (_what, replicas, problem) => {
      expect(() => new Deployment(newChart(), 'web', { replicas: replicas as number, containers: [{ image: IMAGE }] })).toThrow(new Error(
        `test/web: 'replicas' ${problem}`));
    });

    test('fails when minReady is not a whole number of seconds', () => {
      expect(() => new Deployment(newChart(), 'web', { minReady: Duration.millis(1500), containers: [{ image: IMAGE }] })).toThrow(new Error(
        "test/web: 'minReady' must be a whole number of seconds, at least 0, got 1.5 seconds"));
    });

    test('fails when progressDeadline is not longer than minReady', () => {
      expect(() => new Deployment(newChart(), 'web', { minReady: Duration.minutes(10), containers: [{ image: IMAGE }] })).toThrow(new Error(
        "test/web: 'progressDeadline' must be longer than 'minReady' (600 seconds), got 600 seconds"));
    });

    test('fails when the strategy is not a DeploymentStrategy (from JavaScript)', () => {
      expect(() => new Deployment(newChart(), 'web', { strategy: 'Recreate' as any, containers: [{ image: IMAGE }] })).toThrow(new Error(
        "test/web: 'strategy' must be a DeploymentStrategy such as DeploymentStrategy.rollingUpdate(), got 'Recreate'"));
    });

    test('fails when qos is not a QosPreset (from JavaScript)', () => {
      expect(() => new Deployment(newChart(), 'web', { qos: 'guaranteed' as any, containers: [{ image: IMAGE }] })).toThrow(new Error(
        "test/web: 'qos' must be a QosPreset such as QosPreset.guaranteed(...), got 'guaranteed'"));
    });

    test('fails when podSecurityLevel is not a PodSecurityLevel (from JavaScript)', () => {
      expect(() => new Deployment(newChart(), 'web', { podSecurityLevel: 'strict' as any, containers: [{ image: IMAGE }] })).toThrow(new Error(
        "test/web: 'podSecurityLevel' must be one of 'privileged', 'baseline', 'restricted', got 'strict'"));
    });

    test('fails when a command is a string, not a list (from JavaScript)', () => {
      expect(() => new Deployment(newChart(), 'web', { containers: [{ image: IMAGE, command: 'serve' as any }] })).toThrow(new Error(
        "test/web: 'containers[main].command' must be an array, got 'serve'"));
    });

    test('fails when an env value is a number (from JavaScript)', () => {
      expect(() => new Deployment(newChart(), 'web', { containers: [{ image: IMAGE, envVariables: { PORT: kplus.EnvValue.fromValue(8080 as any) } }] })).toThrow(new Error(
        "test/web: 'containers[main].envVariables[PORT]' must hold a string value, got 8080; quote it, e.g. EnvValue.fromValue('8080')"));
    });

    test('fails when a container lists one port twice', () => {
      expect(() => new Deployment(newChart(), 'web', { containers: [{ image: IMAGE, portNumber: 8080, ports: [{ number: 8080, name: 'http' }] }] })).toThrow(new Error(
        "test/web: 'containers[main].ports[0].number' must not repeat a port of the container, got 8080/TCP twice"));
    });

    test('fails when a cpu request is negative', () => {
      expect(() => new Deployment(newChart(), 'web', { containers: [{ image: IMAGE, resources: { cpu: { request: kplus.Cpu.millis(-100) } } }] })).toThrow(new Error(
        "test/web: 'containers[main].resources.cpu.request' must be a CPU amount of at least 0 such as Cpu.millis(250) or Cpu.units(1), got '-100m'"));
    });

    test('fails when memory is NaN mebibytes', () => {
      expect(() => new Deployment(newChart(), 'web', { containers: [{ image: IMAGE, resources: { memory: { limit: Size.mebibytes(NaN) } } }] })).toThrow(new Error(
        "test/web: 'containers[main].resources.memory.limit' must be a whole number of mebibytes, got 'NaNMi'"));
    });

    test('fails when resources are not a plain object (from JavaScript)', () => {
      expect(() => new Deployment(newChart(), 'web', { containers: [{ image: IMAGE, resources: Size.mebibytes(1) as any }] })).toThrow(new Error(
        "test/web: 'containers[main].resources' must be a plain object, got a Size"));
    });

    test('fails when resources name an unknown resource (from JavaScript)', () => {
      expect(() => new Deployment(newChart(), 'web', { containers: [{ image: IMAGE, resources: { CPU: { request: kplus.Cpu.millis(100) } } as any }] })).toThrow(new Error(
        "test/web: 'containers[main].resources' must only set cpu, memory, ephemeralStorage, got 'CPU'"));
    });

    test('fails when a container sets empty resources of its own in a Burstable pod, naming it', () => {
      // GIVEN
      const chart = newChart();
      new Deployment(chart, 'web', { containers: [{ image: IMAGE, resources: {} }] });

      // THEN
      expect(() => synth(chart)).toThrow(new Error(
        "test/web: 'qos' must give the pod the QoS class it names (Burstable), got a BestEffort pod; 'main' sets its own 'resources' instead of the preset's; "
        + 'give every container equal requests and limits or choose another preset'));
    });

    test('fails when attachContainer is given something else than a Container (from JavaScript)', () => {
      const deployment = new Deployment(newChart(), 'web', { containers: [{ image: IMAGE }] });
      expect(() => deployment.attachContainer({ name: 'sidecar' } as any)).toThrow(new Error(
        'test/web: \'container\' must be a cdk8s-plus Container, got {"name":"sidecar"}'));
    });

    test('fails when there are no containers at all', () => {
      // GIVEN
      const chart = newChart();
      new Deployment(chart, 'web');

      // THEN
      expect(() => synth(chart)).toThrow(new Error("test/web: 'containers' must list at least one container, got none; pass 'containers' or call addContainer()"));
    });
  });

  test('matches the snapshot of a representative Deployment', () => {
    // GIVEN
    const chart = newChart();
    const deployment = new Deployment(chart, 'web', {
      metadata: { name: 'web' },
      replicas: 3,
      securityContext: { user: 10001, group: 10001 },
      containers: [{
        name: 'app',
        image: 'ghcr.io/example/web:1.2.3',
        ports: [{ number: 8080, name: 'http' }],
        readiness: kplus.Probe.fromHttpGet('/healthz', { port: 8080 }),
      }],
      initContainers: [{ name: 'wait', image: BUSYBOX, command: ['sh', '-c', 'sleep 1'] }],
    });
    deployment.addContainer({ name: 'log-shipper', image: 'fluent/fluent-bit:2.2.2' });

    // WHEN
    const manifests = synth(chart);

    // THEN
    expect(manifests).toMatchSnapshot();
  });
});
