import { ApiObject, Chart, Cron, JsonPatch, Testing } from 'cdk8s';
import { Deployment, QosPreset, Sidecar } from '../../src';
import { kplus } from '../../src/_plus';
import { autoscalerOf } from '../../src/scaling/_registry';
import { HorizontalPodAutoscaler, HorizontalPodAutoscalerProps, ScalingPolicy, ScalingPolicySelect } from '../../src/scaling/horizontal-pod-autoscaler';
import { ReplicaSet } from '../../src/workloads/replica-set';
import { find, newChart, synth, testApp } from '../harness';
import { harden } from '../harness/fixtures';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const SHIPPER_IMAGE = 'fluent/fluent-bit:2.2.2';

/** A chart with our Deployment `web` (one container `api`). */
function webApp(props: ConstructorParameters<typeof Deployment>[2] = {}): { chart: Chart; web: Deployment } {
  const chart = newChart();
  const web = new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ name: 'api', image: IMAGE }], ...props });
  return { chart, web };
}

/** Container props of a plain cdk8s-plus workload that meet "restricted". */
function plainContainer(extra: Partial<kplus.ContainerProps> = {}): kplus.ContainerProps {
  return { name: 'app', image: IMAGE, securityContext: { capabilities: { drop: ['ALL' as kplus.Capability] } }, ...extra };
}

/** Builds an autoscaler `hpa` on a fresh `web`; returns what it throws. */
function hpaOn(props: Partial<HorizontalPodAutoscalerProps>): () => HorizontalPodAutoscaler {
  const { chart, web } = webApp();
  return () => new HorizontalPodAutoscaler(chart, 'hpa', { target: web, maxReplicas: 5, cpuUtilization: 70, ...props });
}

describe('HorizontalPodAutoscaler', () => {
  describe('rendering', () => {
    test('scales a Deployment on CPU between 2 and maxReplicas by default, named after it', () => {
      // GIVEN
      const { chart, web } = webApp();

      // WHEN
      new HorizontalPodAutoscaler(chart, 'hpa', { target: web, maxReplicas: 10, cpuUtilization: 70 });
      const hpa = find(synth(chart), 'HorizontalPodAutoscaler');

      // THEN
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.metadata.name).toBe('web');
      expect(hpa.spec).toEqual({
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      });
    });

    test('renders a CPU and a memory metric, in that order', () => {
      // GIVEN
      const { chart, web } = webApp();

      // WHEN
      new HorizontalPodAutoscaler(chart, 'hpa', { target: web, minReplicas: 3, maxReplicas: 6, memoryUtilization: 80, cpuUtilization: 150 });
      const hpa = find(synth(chart), 'HorizontalPodAutoscaler');

      // THEN
      expect(hpa.spec.minReplicas).toBe(3);
      expect(hpa.spec.metrics).toEqual([
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 150 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
      ]);
    });

    test('renders the scaling behavior given, and only that', () => {
      // GIVEN
      const { chart, web } = webApp();

      // WHEN
      new HorizontalPodAutoscaler(chart, 'hpa', {
        target: web,
        maxReplicas: 20,
        cpuUtilization: 60,
        scaleUp: { policies: [ScalingPolicy.pods(4, 60), ScalingPolicy.percent(100, 60)], selectPolicy: ScalingPolicySelect.MAX },
        scaleDown: { stabilizationWindowSeconds: 600, policies: [ScalingPolicy.pods(1, 120)] },
      });
      const hpa = find(synth(chart), 'HorizontalPodAutoscaler');

      // THEN
      expect(hpa.spec.behavior).toEqual({
        scaleUp: {
          policies: [{ type: 'Pods', value: 4, periodSeconds: 60 }, { type: 'Percent', value: 100, periodSeconds: 60 }],
          selectPolicy: 'Max',
        },
        scaleDown: { stabilizationWindowSeconds: 600, policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }] },
      });
    });

    test('can disable scaling down', () => {
      // GIVEN
      const { chart, web } = webApp();

      // WHEN
      new HorizontalPodAutoscaler(chart, 'hpa', { target: web, maxReplicas: 4, cpuUtilization: 70, scaleDown: { selectPolicy: ScalingPolicySelect.DISABLED } });
      const hpa = find(synth(chart), 'HorizontalPodAutoscaler');

      // THEN
      expect(hpa.spec.behavior).toEqual({ scaleDown: { selectPolicy: 'Disabled' } });
    });

    test('the target Deployment is rendered without replicas', () => {
      // GIVEN
      const { chart, web } = webApp();
      expect(find(Testing.synth(chart), 'Deployment').spec.replicas).toBe(2);

      // WHEN
      new HorizontalPodAutoscaler(chart, 'hpa', { target: web, maxReplicas: 4, cpuUtilization: 70 });

      // THEN
      expect(find(synth(chart), 'Deployment').spec).not.toHaveProperty('replicas');
    });

    test('scales a plain cdk8s-plus StatefulSet, rendered without replicas', () => {
      // GIVEN
      const chart = newChart();
      const db = harden(new kplus.StatefulSet(chart, 'db', {
        metadata: { name: 'db' },
        containers: [plainContainer({ ports: [{ number: 5432 }] })],
      }));

      // WHEN
      new HorizontalPodAutoscaler(chart, 'hpa', { target: db, maxReplicas: 5, memoryUtilization: 75 });
      const manifests = synth(chart);

      // THEN
      expect(find(manifests, 'HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' });
      expect(find(manifests, 'StatefulSet').spec).not.toHaveProperty('replicas');
    });

    test('counts a limit as a request, as Kubernetes does', () => {
      // GIVEN
      const { chart, web } = webApp({
        containers: [{ name: 'api', image: IMAGE, resources: { cpu: { limit: kplus.Cpu.millis(500) } } }],
      });

      // WHEN
      new HorizontalPodAutoscaler(chart, 'hpa', { target: web, maxReplicas: 4, cpuUtilization: 70 });

      // THEN
      expect(find(synth(chart), 'HorizontalPodAutoscaler').spec.metrics[0].resource.name).toBe('cpu');
    });

    test('is in the namespace of its target, and takes a name of its own', () => {
      // GIVEN
      const chart = new Chart(testApp(), 'test', { namespace: 'tickets' });
      const web = new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ image: IMAGE }] });

      // WHEN
      new HorizontalPodAutoscaler(chart, 'hpa', { target: web, maxReplicas: 4, cpuUtilization: 70, metadata: { name: 'web-autoscaler' } });
      const hpa = find(synth(chart), 'HorizontalPodAutoscaler');

      // THEN
      expect(hpa.metadata).toEqual({ name: 'web-autoscaler', namespace: 'tickets' });
    });

    test('is registered for its target', () => {
      // GIVEN
      const { chart, web } = webApp();

      // WHEN
      const hpa = new HorizontalPodAutoscaler(chart, 'hpa', { target: web, maxReplicas: 4, cpuUtilization: 70 });

      // THEN
      expect(autoscalerOf(web)).toBe(hpa);
      expect(web.hasAutoscaler).toBe(true);
    });

    test('snapshot', () => {
      // GIVEN
      const { chart, web } = webApp();

      // WHEN
      new HorizontalPodAutoscaler(chart, 'hpa', {
        target: web,
        minReplicas: 2,
        maxReplicas: 8,
        cpuUtilization: 70,
        memoryUtilization: 80,
        scaleDown: { stabilizationWindowSeconds: 300, policies: [ScalingPolicy.percent(50, 60)], selectPolicy: ScalingPolicySelect.MIN },
      });

      // THEN
      expect(synth(chart)).toMatchSnapshot();
    });
  });

  describe('replica counts and metrics', () => {
    test('fails when maxReplicas is above int32', () => {
      expect(hpaOn({ maxReplicas: 2 ** 31 })).toThrow(new Error("test/hpa: 'maxReplicas' must fit in a Kubernetes int32 (at most 2147483647), got 2147483648"));
    });

    test.each([0, 1.5])('fails when minReplicas is %d', (min) => {
      expect(hpaOn({ minReplicas: min })).toThrow(new Error(`test/hpa: 'minReplicas' must be an integer at least 1, got ${min}`));
    });

    test('fails when maxReplicas is 0', () => {
      expect(hpaOn({ minReplicas: 1, maxReplicas: 0 })).toThrow(new Error("test/hpa: 'maxReplicas' must be an integer at least 1, got 0"));
    });

    test('fails when maxReplicas is below minReplicas', () => {
      expect(hpaOn({ minReplicas: 4, maxReplicas: 3 })).toThrow(new Error("test/hpa: 'maxReplicas' must be at least 'minReplicas' (4), got 3"));
    });

    test('fails when maxReplicas is below the default minReplicas', () => {
      expect(hpaOn({ maxReplicas: 1 })).toThrow(new Error("test/hpa: 'maxReplicas' must be at least 'minReplicas' (2, the default), got 1"));
    });

    test('fails when no metric is given', () => {
      expect(hpaOn({ cpuUtilization: undefined })).toThrow(new Error(
        "test/hpa: 'cpuUtilization' (or 'memoryUtilization') must be given, got neither; the autoscaler needs at least one metric to scale on"));
    });

    test.each([0, 1001, 50.5])('fails when cpuUtilization is %d', (value) => {
      expect(hpaOn({ cpuUtilization: value })).toThrow(new Error(
        `test/hpa: 'cpuUtilization' must be an integer within 1-1000 (percent of the CPU requests; above 100 when limits let the pods burst past them), got ${value}`));
    });

    test.each([0, 101])('fails when memoryUtilization is %d', (value) => {
      expect(hpaOn({ memoryUtilization: value })).toThrow(new Error(
        `test/hpa: 'memoryUtilization' must be an integer within 1-100 (percent of the memory requests; not above 100, where the pods would use more than they requested and be the first evicted under memory pressure), got ${value}`));
    });
  });

  describe('targets', () => {
    test('fails when the target is a ReplicaSet', () => {
      // GIVEN
      const chart = newChart();
      const rs = new ReplicaSet(chart, 'rs', { containers: [{ image: IMAGE }] });

      // THEN
      expect(() => new HorizontalPodAutoscaler(chart, 'hpa', { target: rs, maxReplicas: 4, cpuUtilization: 70 })).toThrow(new Error(
        "test/hpa: 'target' must be a Deployment or StatefulSet, got ReplicaSet test/rs: do not use a bare ReplicaSet with a HorizontalPodAutoscaler; "
        + 'the mature solution is a Deployment (it manages its ReplicaSets and rolls out new versions) with the HorizontalPodAutoscaler on the Deployment'));
    });

    test.each<[string, (chart: Chart) => kplus.AbstractPod, string]>([
      ['DaemonSet', c => new kplus.DaemonSet(c, 'w', { containers: [plainContainer()] }),
        'a DaemonSet runs one pod per matching node, so its pod count follows the nodes, not the load'],
      ['Job', c => new kplus.Job(c, 'w', { containers: [plainContainer()] }),
        'a Job runs its pods to completion and has no replica count'],
      ['CronJob', c => new kplus.CronJob(c, 'w', { schedule: Cron.daily(), containers: [plainContainer()] }),
        'a CronJob starts Jobs on a schedule, which run to completion and have no replica count'],
      ['Pod', c => new kplus.Pod(c, 'w', { containers: [plainContainer()] }),
        'a bare Pod is one pod; run it from a Deployment and scale that'],
    ])('fails when the target is a %s', (kind, build, why) => {
      // GIVEN
      const chart = newChart();
      const target = build(chart);

      // THEN
      expect(() => new HorizontalPodAutoscaler(chart, 'hpa', { target, maxReplicas: 4, cpuUtilization: 70 })).toThrow(new Error(
        `test/hpa: 'target' must be a Deployment or StatefulSet, got ${kind} test/w, which cannot be scaled: ${why}`));
    });

    test('fails when the target is not a workload', () => {
      expect(hpaOn({ target: undefined })).toThrow(new Error("test/hpa: 'target' must be a Deployment or StatefulSet, got undefined"));
    });

    test('fails when the target has a fixed replica count', () => {
      // GIVEN
      const { chart, web } = webApp({ replicas: 3 });

      // THEN
      expect(() => new HorizontalPodAutoscaler(chart, 'hpa', { target: web, maxReplicas: 4, cpuUtilization: 70 })).toThrow(new Error(
        "test/hpa: 'target' must not set 'replicas' when a HorizontalPodAutoscaler scales it (each apply would reset the count the autoscaler chose), "
        + "got replicas 3 on Deployment test/web; remove it and use 'minReplicas'"));
    });

    test('fails when the target already has an autoscaler', () => {
      // GIVEN
      const { chart, web } = webApp();
      new HorizontalPodAutoscaler(chart, 'cpu', { target: web, maxReplicas: 4, cpuUtilization: 70 });

      // THEN
      expect(() => new HorizontalPodAutoscaler(chart, 'memory', { target: web, maxReplicas: 4, memoryUtilization: 70 })).toThrow(new Error(
        "test/memory: 'target' must have one HorizontalPodAutoscaler only, got Deployment test/web which test/cpu already scales: "
        + 'two autoscalers fight over its replica count; give the first one every metric'));
    });

    test('fails when given a namespace other than its target\'s', () => {
      expect(hpaOn({ metadata: { namespace: 'other' } })).toThrow(new Error(
        "test/hpa: 'metadata.namespace' must be the namespace of Deployment test/web (none): an autoscaler scales a workload of its own namespace only, got 'other'"));
    });

    test('fails when given a name that is not a DNS-1123 subdomain', () => {
      expect(hpaOn({ metadata: { name: 'Web' } })).toThrow(new Error(
        "test/hpa: 'metadata.name' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters), got 'Web'"));
    });
  });

  describe('requests', () => {
    test('fails at synth when a container requests no CPU for cpuUtilization', () => {
      // GIVEN
      const { chart, web } = webApp({ qos: QosPreset.bestEffort() });

      // WHEN
      new HorizontalPodAutoscaler(chart, 'hpa', { target: web, maxReplicas: 4, cpuUtilization: 70 });

      // THEN
      expect(() => synth(chart)).toThrow(new Error("test/hpa: 'cpuUtilization' needs a cpu request on every container of Deployment test/web (utilization is a percentage of the requests), "
        + "got none on container 'api'; give it a cpu request (e.g. a Burstable or Guaranteed QoS preset) or drop 'cpuUtilization'"));
    });

    test('fails at synth naming every container without a memory request, helpers added later included', () => {
      // GIVEN
      const { chart, web } = webApp({ qos: QosPreset.burstable({ requests: { cpu: kplus.Cpu.millis(100) } }) });
      new HorizontalPodAutoscaler(chart, 'hpa', { target: web, maxReplicas: 4, cpuUtilization: 70, memoryUtilization: 80 });

      // WHEN
      new Sidecar(chart, 'log-shipper', { workload: web, image: SHIPPER_IMAGE });

      // THEN
      expect(() => synth(chart)).toThrow(new Error("test/hpa: 'memoryUtilization' needs a memory request on every container of Deployment test/web (utilization is a percentage of the requests), "
        + "got none on containers 'api', 'log-shipper'; give them a memory request (e.g. a Burstable or Guaranteed QoS preset) or drop 'memoryUtilization'"));
    });

    test('fails at synth when the target still renders replicas', () => {
      // GIVEN
      const { chart, web } = webApp();
      new HorizontalPodAutoscaler(chart, 'hpa', { target: web, maxReplicas: 4, cpuUtilization: 70 });

      // WHEN
      ApiObject.of(web).addJsonPatch(JsonPatch.add('/spec/replicas', 3));

      // THEN
      expect(() => synth(chart)).toThrow(new Error("test/hpa: 'target' must be rendered without 'spec.replicas' once an autoscaler owns its replica count, got replicas 3 in Deployment test/web"));
    });
  });

  describe('scaling behavior', () => {
    test.each([-1, 3601])('fails when stabilizationWindowSeconds is %d', (seconds) => {
      expect(hpaOn({ scaleDown: { stabilizationWindowSeconds: seconds } })).toThrow(new Error(
        `test/hpa: 'scaleDown.stabilizationWindowSeconds' must be an integer within 0-3600, got ${seconds}`));
    });

    test('fails when policies is empty', () => {
      expect(hpaOn({ scaleUp: { policies: [] } })).toThrow(new Error(
        "test/hpa: 'scaleUp.policies' must list at least one ScalingPolicy, or be left out for Kubernetes' default, got []"));
    });

    test('fails when a behavior is null (from JavaScript)', () => {
      expect(hpaOn({ scaleUp: null as any })).toThrow(new Error("test/hpa: 'scaleUp' must be an object, got null"));
    });

    test('fails when selectPolicy is not a ScalingPolicySelect', () => {
      expect(hpaOn({ scaleUp: { selectPolicy: 'Fastest' as ScalingPolicySelect } })).toThrow(new Error(
        "test/hpa: 'scaleUp.selectPolicy' must be one of 'Max', 'Min', 'Disabled', got 'Fastest'"));
    });

    test.each<[string, () => ScalingPolicy, string]>([
      ['pods is 0', () => ScalingPolicy.pods(0, 60), "ScalingPolicy.pods: 'pods' must be an integer at least 1, got 0"],
      ['percent is 0', () => ScalingPolicy.percent(0, 60), "ScalingPolicy.percent: 'percent' must be an integer at least 1, got 0"],
      ['periodSeconds is 0', () => ScalingPolicy.pods(1, 0), "ScalingPolicy.pods: 'periodSeconds' must be an integer within 1-1800, got 0"],
      ['periodSeconds is 1801', () => ScalingPolicy.percent(10, 1801), "ScalingPolicy.percent: 'periodSeconds' must be an integer within 1-1800, got 1801"],
    ])('fails when %s', (_, build, message) => {
      expect(build).toThrow(new Error(message));
    });
  });
});
