import { Chart, Cron } from 'cdk8s';
import { Deployment, PatternsApp } from '../../src';
import { kplus } from '../../src/_plus';
import { HorizontalPodAutoscaler } from '../../src/scaling/horizontal-pod-autoscaler';
import { DisruptionBudget, PodDisruptionBudget } from '../../src/scaling/pod-disruption-budget';
import { ReplicaSet } from '../../src/workloads/replica-set';
import { find, newChart, synth, testApp } from '../harness';
import { harden } from '../harness/fixtures';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';

const BLOCKS = 'no pod could ever be evicted, so every node drain would block';

/** A chart with our Deployment `web` (default: 2 replicas). */
function webApp(props: ConstructorParameters<typeof Deployment>[2] = {}): { chart: Chart; web: Deployment } {
  const chart = newChart();
  const web = new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ name: 'api', image: IMAGE }], ...props });
  return { chart, web };
}

/** Container props of a plain cdk8s-plus workload that meet "restricted". */
function plainContainer(extra: Partial<kplus.ContainerProps> = {}): kplus.ContainerProps {
  return { name: 'app', image: IMAGE, securityContext: { capabilities: { drop: ['ALL' as kplus.Capability] } }, ...extra };
}

/** The PodDisruptionBudget of `web` with that budget, synthesized. */
function budgetOf(budget: DisruptionBudget): any {
  const { chart, web } = webApp();
  new PodDisruptionBudget(chart, 'pdb', { workload: web, budget });
  return find(synth(chart), 'PodDisruptionBudget');
}

describe('PodDisruptionBudget', () => {
  describe('rendering', () => {
    test("selects exactly the Deployment's pods, named after it", () => {
      // GIVEN
      const { chart, web } = webApp();

      // WHEN
      new PodDisruptionBudget(chart, 'pdb', { workload: web, budget: DisruptionBudget.minAvailable(1) });
      const manifests = synth(chart);

      // THEN
      const pdb = find(manifests, 'PodDisruptionBudget');
      const deployment = find(manifests, 'Deployment');
      expect(pdb.apiVersion).toBe('policy/v1');
      expect(pdb.metadata).toEqual({ name: 'web' });
      expect(pdb.spec).toEqual({ minAvailable: 1, selector: { matchLabels: web.matchLabels } });
      expect(pdb.spec.selector).toEqual(deployment.spec.selector);
      expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining(pdb.spec.selector.matchLabels));
    });

    test.each<[string, DisruptionBudget, object]>([
      ['minAvailable', DisruptionBudget.minAvailable(1), { minAvailable: 1 }],
      ['minAvailablePercent', DisruptionBudget.minAvailablePercent(50), { minAvailable: '50%' }],
      ['maxUnavailable', DisruptionBudget.maxUnavailable(1), { maxUnavailable: 1 }],
      ['maxUnavailablePercent', DisruptionBudget.maxUnavailablePercent(25), { maxUnavailable: '25%' }],
    ])('renders %s as Kubernetes expects it (integer or percent string)', (_, budget, expected) => {
      // WHEN
      const pdb = budgetOf(budget);

      // THEN
      expect(pdb.spec).toEqual({ ...expected, selector: pdb.spec.selector });
    });

    test('picks up labels the workload selects after the budget was made', () => {
      // GIVEN
      const { chart, web } = webApp();
      new PodDisruptionBudget(chart, 'pdb', { workload: web, budget: DisruptionBudget.maxUnavailable(1) });

      // WHEN
      web.select(kplus.LabelSelector.of({ labels: { app: 'web' } }));
      const manifests = synth(chart);

      // THEN
      expect(find(manifests, 'PodDisruptionBudget').spec.selector).toEqual(find(manifests, 'Deployment').spec.selector);
      expect(find(manifests, 'PodDisruptionBudget').spec.selector.matchLabels.app).toBe('web');
    });

    test('covers a plain cdk8s-plus StatefulSet and our ReplicaSet', () => {
      // GIVEN
      const chart = newChart();
      const db = harden(new kplus.StatefulSet(chart, 'db', { metadata: { name: 'db' }, replicas: 3, containers: [plainContainer({ ports: [{ number: 5432 }] })] }));
      const rs = new ReplicaSet(chart, 'rs', { metadata: { name: 'rs' }, replicas: 2, containers: [{ image: IMAGE }] });

      // WHEN
      new PodDisruptionBudget(chart, 'db-pdb', { workload: db, budget: DisruptionBudget.minAvailable(2) });
      new PodDisruptionBudget(chart, 'rs-pdb', { workload: rs, budget: DisruptionBudget.maxUnavailable(1) });
      const manifests = synth(chart);

      // THEN
      expect(find(manifests, 'PodDisruptionBudget', 'db').spec).toEqual({ minAvailable: 2, selector: find(manifests, 'StatefulSet').spec.selector });
      expect(find(manifests, 'PodDisruptionBudget', 'rs').spec).toEqual({ maxUnavailable: 1, selector: find(manifests, 'ReplicaSet').spec.selector });
    });

    test("is in the workload's namespace, and takes a name of its own", () => {
      // GIVEN
      const chart = new Chart(testApp(), 'test', { namespace: 'tickets' });
      const web = new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ image: IMAGE }] });

      // WHEN
      new PodDisruptionBudget(chart, 'pdb', { workload: web, budget: DisruptionBudget.maxUnavailable(1), metadata: { name: 'web-budget' } });

      // THEN
      expect(find(synth(chart), 'PodDisruptionBudget').metadata).toEqual({ name: 'web-budget', namespace: 'tickets' });
    });

    test("an autoscaled workload's budget is checked against minReplicas", () => {
      // GIVEN
      const { chart, web } = webApp();
      new HorizontalPodAutoscaler(chart, 'hpa', { target: web, minReplicas: 3, maxReplicas: 6, cpuUtilization: 70 });

      // WHEN
      new PodDisruptionBudget(chart, 'pdb', { workload: web, budget: DisruptionBudget.minAvailable(2) });

      // THEN
      expect(find(synth(chart), 'PodDisruptionBudget').spec.minAvailable).toBe(2);
    });

    test('snapshot', () => {
      // GIVEN
      const { chart, web } = webApp({ replicas: 3 });

      // WHEN
      new PodDisruptionBudget(chart, 'pdb', { workload: web, budget: DisruptionBudget.minAvailablePercent(60) });

      // THEN
      expect(synth(chart)).toMatchSnapshot();
    });
  });

  describe('budgets', () => {
    test.each<[string, () => DisruptionBudget, string]>([
      ['minAvailable is -1', () => DisruptionBudget.minAvailable(-1), "DisruptionBudget.minAvailable: 'pods' must be an integer at least 0, got -1"],
      ['minAvailable is 1.5', () => DisruptionBudget.minAvailable(1.5), "DisruptionBudget.minAvailable: 'pods' must be an integer at least 0, got 1.5"],
      ['minAvailablePercent is 101', () => DisruptionBudget.minAvailablePercent(101), "DisruptionBudget.minAvailablePercent: 'percent' must be an integer within 0-100, got 101"],
      ['maxUnavailable is -1', () => DisruptionBudget.maxUnavailable(-1), "DisruptionBudget.maxUnavailable: 'pods' must be an integer at least 0, got -1"],
      ['maxUnavailablePercent is 12.5', () => DisruptionBudget.maxUnavailablePercent(12.5), "DisruptionBudget.maxUnavailablePercent: 'percent' must be an integer within 0-100, got 12.5"],
    ])('fails when %s', (_, build, message) => {
      expect(build).toThrow(new Error(message));
    });

    test.each<[DisruptionBudget, string]>([
      [DisruptionBudget.maxUnavailable(0), 'maxUnavailable 0'],
      [DisruptionBudget.maxUnavailablePercent(0), 'maxUnavailable 0%'],
      [DisruptionBudget.minAvailablePercent(100), 'minAvailable 100%'],
    ])('fails when the budget is %s', (budget, shown) => {
      // GIVEN
      const { chart, web } = webApp();

      // THEN
      expect(() => new PodDisruptionBudget(chart, 'pdb', { workload: web, budget })).toThrow(new Error(
        `test/pdb: 'budget' must let at least one pod be evicted, got ${shown}: ${BLOCKS}; use DisruptionBudget.maxUnavailable(1) or a minAvailable below the replica count`));
    });

    test('fails at synth when minAvailable is the replica count', () => {
      // GIVEN
      const { chart, web } = webApp();

      // WHEN
      new PodDisruptionBudget(chart, 'pdb', { workload: web, budget: DisruptionBudget.minAvailable(2) });

      // THEN
      expect(() => synth(chart)).toThrow(new Error(`test/pdb: 'budget' must let at least one pod be evicted, got minAvailable 2 for Deployment test/web with 2 replicas: ${BLOCKS}; `
        + 'use DisruptionBudget.maxUnavailable(1), a lower minAvailable, or run more replicas'));
    });

    test('fails at synth when a percentage rounds up to the single replica', () => {
      // GIVEN
      const chart = newChart();
      const rs = new ReplicaSet(chart, 'rs', { containers: [{ image: IMAGE }] });

      // WHEN
      new PodDisruptionBudget(chart, 'pdb', { workload: rs, budget: DisruptionBudget.minAvailablePercent(50) });

      // THEN
      expect(() => synth(chart)).toThrow(new Error(`test/pdb: 'budget' must let at least one pod be evicted, got minAvailable 50% for ReplicaSet test/rs with 1 replica: ${BLOCKS}; `
        + 'use DisruptionBudget.maxUnavailable(1), a lower minAvailable, or run more replicas'));
    });

    test("fails at synth when minAvailable reaches an autoscaler's minReplicas added after the budget", () => {
      // GIVEN
      const { chart, web } = webApp();
      new PodDisruptionBudget(chart, 'pdb', { workload: web, budget: DisruptionBudget.minAvailable(2) });

      // WHEN
      new HorizontalPodAutoscaler(chart, 'hpa', { target: web, minReplicas: 2, maxReplicas: 6, cpuUtilization: 70 });

      // THEN
      expect(() => synth(chart)).toThrow(new Error("test/pdb: 'budget' must let at least one pod be evicted, got minAvailable 2 at 2 replicas, the 'minReplicas' its HorizontalPodAutoscaler test/hpa scales Deployment test/web down to: "
        + `${BLOCKS}; use DisruptionBudget.maxUnavailable(1), a lower minAvailable, or raise the autoscaler's 'minReplicas'`));
    });

    test('fails when the metadata labels are not label values', () => {
      const { chart, web } = webApp();
      expect(() => new PodDisruptionBudget(chart, 'pdb', { workload: web, budget: DisruptionBudget.maxUnavailable(1), metadata: { labels: { team: 'a b' } } }))
        .toThrow(new Error("test/pdb: 'metadata.labels[team]' must be a label value (empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit), got 'a b'"));
    });

    test('fails when the budget is not a DisruptionBudget', () => {
      // GIVEN
      const { chart, web } = webApp();

      // THEN
      expect(() => new PodDisruptionBudget(chart, 'pdb', { workload: web, budget: { minAvailable: 1 } as any })).toThrow(new Error(
        "test/pdb: 'budget' must be a DisruptionBudget (DisruptionBudget.minAvailable, .minAvailablePercent, .maxUnavailable or .maxUnavailablePercent), got {\"minAvailable\":1}"));
    });
  });

  describe('workloads', () => {
    test.each<[string, (chart: Chart) => kplus.Workload, string]>([
      ['DaemonSet', c => new kplus.DaemonSet(c, 'w', { containers: [plainContainer()] }),
        'node drains do not evict DaemonSet pods (kubectl drain --ignore-daemonsets leaves them), so a budget would protect nothing'],
      ['Job', c => new kplus.Job(c, 'w', { containers: [plainContainer()] }),
        "a Job's pods run to completion and the Job controller replaces an evicted one, so it needs no budget, and one would hold node drains until the Job ends"],
      ['CronJob', c => new kplus.CronJob(c, 'w', { schedule: Cron.daily(), containers: [plainContainer()] }),
        "a CronJob's Jobs run to completion and the Job controller replaces an evicted pod, so they need no budget, and one would hold node drains until they end"],
    ])('fails when the workload is a %s', (kind, build, why) => {
      // GIVEN
      const chart = newChart();
      const workload = build(chart);

      // THEN
      expect(() => new PodDisruptionBudget(chart, 'pdb', { workload, budget: DisruptionBudget.maxUnavailable(1) })).toThrow(new Error(
        `test/pdb: 'workload' must be a Deployment, StatefulSet or ReplicaSet, got ${kind} test/w: ${why}`));
    });

    test('fails when the workload is a Pod', () => {
      // GIVEN
      const chart = newChart();
      const pod = new kplus.Pod(chart, 'w', { containers: [plainContainer()] });

      // THEN
      expect(() => new PodDisruptionBudget(chart, 'pdb', { workload: pod as any, budget: DisruptionBudget.minAvailable(1) })).toThrow(new Error(
        "test/pdb: 'workload' must be a Deployment, StatefulSet or ReplicaSet, got Pod test/w"));
    });

    test('fails when the workload already has a budget', () => {
      // GIVEN
      const { chart, web } = webApp();
      new PodDisruptionBudget(chart, 'first', { workload: web, budget: DisruptionBudget.maxUnavailable(1) });

      // THEN
      expect(() => new PodDisruptionBudget(chart, 'second', { workload: web, budget: DisruptionBudget.minAvailable(1) })).toThrow(new Error(
        "test/second: 'workload' must have one PodDisruptionBudget only, got Deployment test/web which test/first already covers: "
        + 'Kubernetes refuses to evict a pod that two budgets select, so every node drain would block'));
    });

    test("fails when given a namespace other than the workload's", () => {
      // GIVEN
      const { chart, web } = webApp();

      // THEN
      expect(() => new PodDisruptionBudget(chart, 'pdb', { workload: web, budget: DisruptionBudget.maxUnavailable(1), metadata: { namespace: 'other' } })).toThrow(new Error(
        "test/pdb: 'metadata.namespace' must be the namespace of Deployment test/web (none): a budget selects pods of its own namespace only, got 'other'"));
    });

    test("fails at synth when the workload selects its pods by no label, with the workload's own problem", () => {
      // GIVEN
      const app = new PatternsApp();
      const chart = new Chart(app, 'test');
      const web = new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ name: 'api', image: IMAGE }], select: false });

      // WHEN
      new PodDisruptionBudget(chart, 'pdb', { workload: web, budget: DisruptionBudget.maxUnavailable(1) });

      // THEN
      expect(() => app.renderFiles()).toThrow(new Error([
        "test/web: 'select' must leave the workload a selector, got none; apps/v1 refuses an empty selector: keep the default 'select: true' or call select()",
        "test/pdb: 'workload' must select its pods by label, got Deployment test/web with no selector: the budget would select no pod, "
        + "or with an empty selector every pod of the namespace; keep cdk8s-plus' 'select' default or call select() on the workload",
      ].join('\n')));
    });
  });
});
