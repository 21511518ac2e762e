import { fieldRules } from '../../src/helm/_values-file';
import { DEFINITION_RULES, FIELD_RANGES } from '../../src/validation/_kube-rules';
import { Report } from '../../src/validation/_problems';

/** The problems synth's checks report of one object of an OpenAPI definition, beyond its schema. */
function problems(definition: string, value: any): string[] {
  const report: Report = { problems: [], secret: false };
  DEFINITION_RULES[definition](value, '', report);
  return report.problems.map(p => `${p.path}: ${p.reason}`);
}

/** Where a field of each definition is, in an object of a kind: apiVersion, kind, JSON pointer of the definition. */
const PLACES: { [definition: string]: [string, string, string] } = {
  'io.k8s.api.apps.v1.DeploymentSpec': ['apps/v1', 'Deployment', '/spec'],
  'io.k8s.api.apps.v1.ReplicaSetSpec': ['apps/v1', 'ReplicaSet', '/spec'],
  'io.k8s.api.apps.v1.StatefulSetSpec': ['apps/v1', 'StatefulSet', '/spec'],
  'io.k8s.api.apps.v1.DaemonSetSpec': ['apps/v1', 'DaemonSet', '/spec'],
  'io.k8s.api.apps.v1.RollingUpdateDeployment': ['apps/v1', 'Deployment', '/spec/strategy/rollingUpdate'],
  'io.k8s.api.apps.v1.RollingUpdateDaemonSet': ['apps/v1', 'DaemonSet', '/spec/updateStrategy/rollingUpdate'],
  'io.k8s.api.batch.v1.JobSpec': ['batch/v1', 'Job', '/spec'],
  'io.k8s.api.batch.v1.CronJobSpec': ['batch/v1', 'CronJob', '/spec'],
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec': ['autoscaling/v2', 'HorizontalPodAutoscaler', '/spec'],
  'io.k8s.api.policy.v1.PodDisruptionBudgetSpec': ['policy/v1', 'PodDisruptionBudget', '/spec'],
  'io.k8s.api.core.v1.PodSpec': ['v1', 'Pod', '/spec'],
  'io.k8s.api.core.v1.Probe': ['v1', 'Pod', '/spec/containers/0/livenessProbe'],
  'io.k8s.api.core.v1.ContainerPort': ['v1', 'Pod', '/spec/containers/0/ports/0'],
  'io.k8s.api.core.v1.ServicePort': ['v1', 'Service', '/spec/ports/0'],
};

describe('FIELD_RANGES, the one table of field ranges', () => {
  const entries = Object.entries(FIELD_RANGES)
    .flatMap(([definition, fields]) => Object.entries(fields).map(([field, range]) => ({ definition, field, range })));

  test.each(entries)('synth refuses $definition.$field below its minimum, and accepts the minimum', ({ definition, field, range }) => {
    expect(problems(definition, { [field]: range.min - 1 })).toEqual([expect.stringContaining(`${field}: must`)]);
    expect(problems(definition, { [field]: range.min })).toEqual([]);
    if (range.max !== undefined) expect(problems(definition, { [field]: range.max + 1 })).toEqual([expect.stringContaining(`${field}: must be within`)]);
    if (range.percent) expect(problems(definition, { [field]: '101%' })).toEqual([expect.stringContaining(`${field}: must be a whole number or a percentage`)]);
  });

  test.each(entries)('gives a Helm value bound to $definition.$field the same range', ({ definition, field, range }) => {
    const [apiVersion, kind, at] = PLACES[definition];
    const rules = fieldRules(apiVersion, kind, `${at}/${field}`);
    expect(rules.minimum).toBe(range.min);
    if (range.max !== undefined) expect(rules.maximum).toBe(range.max);
    if (range.percent) expect(new RegExp(rules.pattern).test('100%') && !new RegExp(rules.pattern).test('101%')).toBe(true);
  });
});
