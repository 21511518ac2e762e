import * as fc from 'fast-check';
import {
  Deployment, DisruptionBudget, HorizontalPodAutoscaler, PodDisruptionBudget, ReplicaSet, ScalingPolicy, ScalingPolicySelect, StatefulSet,
} from '../../src';
import { acceptsEvery, IMAGE, labels, refusesEvery, Subject } from '../harness/props';

const behavior = fc.record({
  stabilizationWindowSeconds: fc.integer({ min: 0, max: 3600 }),
  // the arguments of ScalingPolicy.pods(pods, periodSeconds) or ScalingPolicy.percent(percent, periodSeconds)
  policies: fc.array(fc.oneof(
    fc.record({ pods: fc.integer({ min: 1, max: 100 }), periodSeconds: fc.integer({ min: 1, max: 1800 }) }),
    fc.record({ percent: fc.integer({ min: 1, max: 100 }), periodSeconds: fc.integer({ min: 1, max: 1800 }) }),
  ), { minLength: 1, maxLength: 2 }),
  selectPolicy: fc.constantFrom(ScalingPolicySelect.MAX, ScalingPolicySelect.MIN, ScalingPolicySelect.DISABLED),
}, { requiredKeys: [] });

const isArguments = (v: unknown): v is any => typeof v === 'object' && v !== null && ('pods' in v || 'percent' in v);

/** A behavior with its policies made by the factories, or (a wrong value) as given. */
function behaviorOf(spec: any): any {
  if (typeof spec !== 'object' || spec === null || !Array.isArray(spec.policies)) return spec;
  return {
    ...spec,
    policies: spec.policies.map((p: any) => (!isArguments(p) ? p
      : 'pods' in p ? ScalingPolicy.pods(p.pods, p.periodSeconds) : ScalingPolicy.percent(p.percent, p.periodSeconds))),
  };
}

describe('HorizontalPodAutoscaler', () => {
  const subject: Subject<any> = {
    spec: fc.record({
      kind: fc.constantFrom('Deployment', 'StatefulSet'),
      minReplicas: fc.integer({ min: 1, max: 5 }),
      extra: fc.integer({ min: 0, max: 20 }),
      metrics: fc.constantFrom('cpu', 'memory', 'both'),
      cpuUtilization: fc.integer({ min: 1, max: 1000 }),
      memoryUtilization: fc.integer({ min: 1, max: 100 }),
      scaleUp: fc.option(behavior, { nil: undefined }),
      scaleDown: fc.option(behavior, { nil: undefined }),
      metadata: fc.option(fc.record({ name: fc.constantFrom('web-hpa', 'autoscaler'), labels }, { requiredKeys: [] }), { nil: undefined }),
    }).map(({ kind, minReplicas, extra, metrics, cpuUtilization, memoryUtilization, ...rest }) => ({
      kind,
      minReplicas,
      maxReplicas: minReplicas + extra,
      cpuUtilization: metrics === 'memory' ? undefined : cpuUtilization,
      memoryUtilization: metrics === 'cpu' ? undefined : memoryUtilization,
      ...rest,
    })),
    fields: [
      'target', 'minReplicas', 'maxReplicas', 'cpuUtilization', 'memoryUtilization', 'scaleUp', 'scaleUp.stabilizationWindowSeconds',
      'scaleUp.policies', 'scaleUp.policies.0', 'scaleUp.policies.0.pods', 'scaleUp.policies.0.percent', 'scaleUp.policies.0.periodSeconds',
      'scaleUp.selectPolicy', 'scaleDown.policies.0.pods', 'scaleDown.policies.0.percent', 'scaleDown.selectPolicy', 'metadata', 'metadata.name', 'metadata.labels',
    ],
    build: (chart, { kind, target, scaleUp, scaleDown, ...props }) => {
      const workload = kind === 'Deployment'
        ? new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ name: 'api', image: IMAGE }] })
        : new StatefulSet(chart, 'web', { metadata: { name: 'web' }, containers: [{ name: 'api', image: IMAGE, portNumber: 8080 }] });
      new HorizontalPodAutoscaler(chart, 'hpa', {
        target: target ?? workload, scaleUp: behaviorOf(scaleUp), scaleDown: behaviorOf(scaleDown), ...props,
      });
    },
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));
});

describe('PodDisruptionBudget', () => {
  // budgets a drain can meet at `replicas` (at least 2): a factory of DisruptionBudget and its argument
  const budget = (replicas: number) => fc.oneof(
    fc.record({ factory: fc.constant('minAvailable'), pods: fc.integer({ min: 0, max: replicas - 1 }) }),
    fc.record({ factory: fc.constant('minAvailablePercent'), percent: fc.integer({ min: 0, max: Math.floor((100 * (replicas - 1)) / replicas) }) }),
    fc.record({ factory: fc.constant('maxUnavailable'), pods: fc.integer({ min: 1, max: replicas }) }),
    fc.record({ factory: fc.constant('maxUnavailablePercent'), percent: fc.integer({ min: 1, max: 100 }) }),
  );
  const subject: Subject<any> = {
    spec: fc.record({ kind: fc.constantFrom('Deployment', 'StatefulSet', 'ReplicaSet'), replicas: fc.integer({ min: 2, max: 6 }) })
      .chain(w => fc.record({
        budget: budget(w.replicas),
        metadata: fc.option(fc.record({ name: fc.constantFrom('web-pdb', 'budget'), labels }, { requiredKeys: [] }), { nil: undefined }),
      }).map(rest => ({ ...w, ...rest }))),
    fields: ['workload', 'budget', 'budget.pods', 'budget.percent', 'metadata', 'metadata.name', 'metadata.labels'],
    build: (chart, { kind, replicas, workload, budget: b, metadata }) => {
      const props = { metadata: { name: 'web' }, replicas, containers: [{ name: 'api', image: IMAGE, portNumber: 8080 }] };
      const made = kind === 'Deployment' ? new Deployment(chart, 'web', props)
        : kind === 'StatefulSet' ? new StatefulSet(chart, 'web', props) : new ReplicaSet(chart, 'web', props);
      const factory = (DisruptionBudget as any)[b?.factory];
      new PodDisruptionBudget(chart, 'pdb', { workload: workload ?? made, budget: factory ? factory(b.factory.endsWith('Percent') ? b.percent : b.pods) : b, metadata });
    },
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  // a budget that blocks every drain is refused for the budget
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: { pods: ['budget'], percent: ['budget'] } }));
});
