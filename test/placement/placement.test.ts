import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Deployment, Placement, PlacementRule, TolerationOperator, WhenUnsatisfiable } from '../../src';
import { find, newChart, podSpec, synth } from '../harness';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const ADDR = 'cdk8s.io/metadata.addr';

/** A chart with our Deployment `web`. */
function webApp(): { chart: Chart; web: Deployment } {
  const chart = newChart();
  const web = new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ name: 'api', image: IMAGE }] });
  return { chart, web };
}

/** A plain cdk8s-plus Deployment, made to meet "restricted" by hand. */
function plainDeployment(chart: Chart, id = 'plain', props: Partial<kplus.DeploymentProps> = {}): kplus.Deployment {
  const plain = new kplus.Deployment(chart, id, {
    metadata: { name: id },
    containers: [{ name: 'app', image: IMAGE, securityContext: { capabilities: { drop: ['ALL' as kplus.Capability] } } }],
    ...props,
  });
  ApiObject.of(plain).addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
  return plain;
}

/** The pod spec of Deployment `name` after placing it with `rules`. */
function placed(rules: PlacementRule[], name = 'web'): any {
  const { chart, web } = webApp();
  new Placement(chart, 'placement', { workload: web, rules });
  return podSpec(synth(chart), 'Deployment', name);
}

const addrOf = (w: kplus.Workload) => w.matchLabels[ADDR];

describe('Placement', () => {
  describe('node rules', () => {
    test('requireNodeLabel requires the label through nodeSelector, and adds no affinity', () => {
      const spec = placed([PlacementRule.requireNodeLabel('disktype', 'ssd')]);
      expect(spec.nodeSelector).toEqual({ disktype: 'ssd' });
      expect(spec.affinity).toBeUndefined();
    });

    test('preferNodeLabel is a preferred node affinity term of weight 50 by default', () => {
      const spec = placed([PlacementRule.preferNodeLabel('disktype', 'ssd')]);
      expect(spec.affinity).toEqual({
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 50, preference: { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] } },
          ],
        },
      });
      expect(spec.nodeSelector).toBeUndefined();
    });

    test('preferNodeLabel takes a weight', () => {
      const spec = placed([PlacementRule.preferNodeLabel('example.com/tier', 'fast', 80)]);
      expect(spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight).toBe(80);
    });

    test('gpuNode requires nvidia.com/gpu.present=true and tolerates the nvidia.com/gpu NoSchedule taint', () => {
      const spec = placed([PlacementRule.gpuNode()]);
      expect(spec.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
      expect(spec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    });

    test('gpuNode takes another label and taint', () => {
      const spec = placed([PlacementRule.gpuNode({ labelKey: 'accelerator', labelValue: 'nvidia-a100', taintKey: 'example.com/gpu' })]);
      expect(spec.nodeSelector).toEqual({ accelerator: 'nvidia-a100' });
      expect(spec.tolerations).toEqual([{ key: 'example.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    });

    test('windowsNode requires kubernetes.io/os=windows, without spec.os (the hardened pod keeps its Linux settings)', () => {
      const spec = placed([PlacementRule.windowsNode()]);
      expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'windows' });
      expect(spec.os).toBeUndefined();
    });

    test('required labels add up (AND), in key order; the same label twice is kept once', () => {
      const spec = placed([
        PlacementRule.windowsNode(),
        PlacementRule.requireNodeLabel('disktype', 'ssd'),
        PlacementRule.requireNodeLabel('kubernetes.io/os', 'windows'),
      ]);
      expect(spec.nodeSelector).toEqual({ 'disktype': 'ssd', 'kubernetes.io/os': 'windows' });
      expect(Object.keys(spec.nodeSelector)).toEqual(['disktype', 'kubernetes.io/os']);
    });
  });

  describe('spread rules', () => {
    test('spreadAcrossNodes: hostname, maxSkew 1, ScheduleAnyway, counting exactly the pods of the workload', () => {
      const { chart, web } = webApp();
      new Placement(chart, 'placement', { workload: web, rules: [PlacementRule.spreadAcrossNodes()] });
      const deployment = find(synth(chart), 'Deployment', 'web');
      expect(deployment.spec.template.spec.topologySpreadConstraints).toEqual([{
        labelSelector: { matchLabels: { [ADDR]: addrOf(web) } },
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
      }]);
      expect(deployment.spec.template.spec.topologySpreadConstraints[0].labelSelector.matchLabels)
        .toEqual(deployment.spec.template.metadata.labels);
      expect(deployment.spec.template.spec.topologySpreadConstraints[0].labelSelector).toEqual(deployment.spec.selector);
    });

    test('spreadAcrossZones takes maxSkew and whenUnsatisfiable', () => {
      const spec = placed([PlacementRule.spreadAcrossZones({ maxSkew: 2, whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE })]);
      expect(spec.topologySpreadConstraints).toEqual([expect.objectContaining({
        maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule',
      })]);
    });

    test('addRule and a second Placement of the same workload add constraints instead of replacing them', () => {
      const { chart, web } = webApp();
      const placement = new Placement(chart, 'nodes', { workload: web, rules: [PlacementRule.spreadAcrossNodes()] });
      placement.addRule(PlacementRule.requireNodeLabel('disktype', 'ssd'));
      new Placement(chart, 'zones', { workload: web, rules: [PlacementRule.spreadAcrossZones(), PlacementRule.windowsNode()] });
      const spec = podSpec(synth(chart), 'Deployment', 'web');
      expect(spec.topologySpreadConstraints.map((c: any) => c.topologyKey))
        .toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
      expect(spec.nodeSelector).toEqual({ 'disktype': 'ssd', 'kubernetes.io/os': 'windows' });
      expect(placement.rules).toHaveLength(2);
    });

    test('counts the pods by the workload\'s own selector when it has one (select: false plus select())', () => {
      const chart = newChart();
      const plain = plainDeployment(chart, 'plain', { select: false, podMetadata: undefined });
      plain.podMetadata.addLabel('app', 'tickets');
      plain.select(kplus.LabelSelector.of({ labels: { app: 'tickets' }, expressions: [kplus.LabelExpression.exists('app')] }));
      new Placement(chart, 'placement', { workload: plain, rules: [PlacementRule.spreadAcrossZones()] });
      const spec = podSpec(synth(chart), 'Deployment', 'plain');
      expect(spec.topologySpreadConstraints[0].labelSelector).toEqual({
        matchExpressions: [{ key: 'app', operator: 'Exists' }],
        matchLabels: { app: 'tickets' },
      });
    });
  });

  describe('pod affinity rules', () => {
    test('colocateWith requires the node of a pod of the other workload by default', () => {
      const { chart, web } = webApp();
      const cache = plainDeployment(chart, 'cache');
      new Placement(chart, 'placement', { workload: web, rules: [PlacementRule.colocateWith(cache)] });
      const spec = podSpec(synth(chart), 'Deployment', 'web');
      expect(spec.affinity).toEqual({
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { [ADDR]: addrOf(cache) } }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
      });
    });

    test('colocateWith with a weight and a zone is a preference', () => {
      const { chart, web } = webApp();
      const cache = plainDeployment(chart, 'cache');
      new Placement(chart, 'placement', { workload: web, rules: [PlacementRule.colocateWith(cache, { topology: kplus.Topology.ZONE, weight: 30 })] });
      const spec = podSpec(synth(chart), 'Deployment', 'web');
      expect(spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([{
        weight: 30,
        podAffinityTerm: { labelSelector: { matchLabels: { [ADDR]: addrOf(cache) } }, topologyKey: 'topology.kubernetes.io/zone' },
      }]);
    });

    test('keepAwayFrom the workload itself runs at most one of its pods per node', () => {
      const { chart, web } = webApp();
      new Placement(chart, 'placement', { workload: web, rules: [PlacementRule.keepAwayFrom(web)] });
      const deployment = find(synth(chart), 'Deployment', 'web');
      expect(deployment.spec.template.spec.affinity.podAntiAffinity).toEqual({
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: deployment.spec.template.metadata.labels }, topologyKey: 'kubernetes.io/hostname' },
        ],
      });
    });

    test('keepAwayFrom a Pods selection, as a preference', () => {
      const { chart, web } = webApp();
      const batch = kplus.Pods.select(chart, 'batch', { labels: { tier: 'batch' } });
      new Placement(chart, 'placement', { workload: web, rules: [PlacementRule.keepAwayFrom(batch, { weight: 10 })] });
      const spec = podSpec(synth(chart), 'Deployment', 'web');
      expect(spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([{
        weight: 10,
        podAffinityTerm: { labelSelector: { matchLabels: { tier: 'batch' } }, topologyKey: 'kubernetes.io/hostname' },
      }]);
    });
  });

  describe('tolerations', () => {
    test('tolerate(key) tolerates every value and effect of the key', () => {
      expect(placed([PlacementRule.tolerate('dedicated')]).tolerations).toEqual([{ key: 'dedicated', operator: 'Exists' }]);
    });

    test('tolerate with a value matches it with Equal', () => {
      const spec = placed([PlacementRule.tolerate('dedicated', { value: 'ticketing', effect: kplus.TaintEffect.NO_SCHEDULE })]);
      expect(spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'ticketing', effect: 'NoSchedule' }]);
    });

    test('tolerate a NoExecute taint for a while', () => {
      const spec = placed([PlacementRule.tolerate('node.kubernetes.io/unreachable', {
        operator: TolerationOperator.EXISTS, effect: kplus.TaintEffect.NO_EXECUTE, tolerationSeconds: 30,
      })]);
      expect(spec.tolerations).toEqual([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }]);
    });

    test('the same toleration from two rules is rendered once', () => {
      const spec = placed([PlacementRule.gpuNode(), PlacementRule.tolerate('nvidia.com/gpu', { effect: kplus.TaintEffect.NO_SCHEDULE })]);
      expect(spec.tolerations).toHaveLength(1);
    });
  });

  test('rules combine on a plain cdk8s-plus Deployment', () => {
    const chart = newChart();
    const plain = plainDeployment(chart);
    new Placement(chart, 'placement', {
      workload: plain,
      rules: [PlacementRule.gpuNode(), PlacementRule.spreadAcrossNodes(), PlacementRule.preferNodeLabel('disktype', 'ssd', 20)],
    });
    const spec = podSpec(synth(chart), 'Deployment', 'plain');
    expect(spec.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(spec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(spec.topologySpreadConstraints).toEqual([expect.objectContaining({ labelSelector: { matchLabels: { [ADDR]: addrOf(plain) } } })]);
    expect(spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight).toBe(20);
  });

  describe('fails when', () => {
    test('the workload is missing or not a cdk8s-plus workload', () => {
      const chart = newChart();
      expect(() => new Placement(chart, 'placement', { workload: undefined as any, rules: [PlacementRule.windowsNode()] }))
        .toThrow("test/placement: 'workload' must be a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job, CronJob) to place, got undefined");
      const pod = new kplus.Pod(chart, 'pod', { containers: [{ image: IMAGE }] });
      expect(() => new Placement(chart, 'pod-placement', { workload: pod as any, rules: [PlacementRule.windowsNode()] }))
        .toThrow("test/pod-placement: 'workload' must be a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job, CronJob) to place, got Pod 'test/pod'");
    });

    test('the rule list is empty or missing', () => {
      const { chart, web } = webApp();
      expect(() => new Placement(chart, 'placement', { workload: web, rules: [] }))
        .toThrow("test/placement: 'rules' must list at least one PlacementRule, got []");
      expect(() => new Placement(chart, 'other', { workload: web } as any))
        .toThrow("test/other: 'rules' must list at least one PlacementRule, got undefined");
    });

    test('a rule is not a PlacementRule', () => {
      const { chart, web } = webApp();
      expect(() => new Placement(chart, 'placement', { workload: web, rules: [PlacementRule.windowsNode(), undefined as any] }))
        .toThrow("test/placement: 'rules[1]' must be a PlacementRule (from PlacementRule.requireNodeLabel(), .spreadAcrossZones(), .tolerate(), ...), got undefined");
      const placement = new Placement(chart, 'ok', { workload: web, rules: [PlacementRule.windowsNode()] });
      expect(() => placement.addRule({ kind: 'windowsNode' } as any))
        .toThrow('test/ok: \'rule\' must be a PlacementRule (from PlacementRule.requireNodeLabel(), .spreadAcrossZones(), .tolerate(), ...), got {"kind":"windowsNode"}');
    });

    test('a spread rule is given twice for the same topology, even across placements', () => {
      const { chart, web } = webApp();
      expect(() => new Placement(chart, 'placement', { workload: web, rules: [PlacementRule.spreadAcrossZones(), PlacementRule.spreadAcrossZones({ maxSkew: 2 })] }))
        .toThrow("test/placement: 'spreadAcrossZones' must be given once per workload, got a second spread over 'topology.kubernetes.io/zone' (the first: spreadAcrossZones with maxSkew 1, ScheduleAnyway); keep one rule");
      expect(() => new Placement(chart, 'again', { workload: web, rules: [PlacementRule.spreadAcrossZones()] }))
        .toThrow("test/again: 'spreadAcrossZones' must be given once per workload, got a second spread over 'topology.kubernetes.io/zone' (the first: spreadAcrossZones with maxSkew 1, ScheduleAnyway); keep one rule");
    });

    test('a spread rule meets a workload that selects no pods', () => {
      const chart = newChart();
      const plain = plainDeployment(chart, 'plain', { select: false });
      expect(() => new Placement(chart, 'placement', { workload: plain, rules: [PlacementRule.spreadAcrossNodes()] }))
        .toThrow("test/placement: 'spreadAcrossNodes' must count the workload's own pods by its selector, got a workload that selects none (select: false and no select() call); give it labels with select(LabelSelector.of({ labels }))");
    });

    test('the workload selects other pods after a spread rule was added (at synth)', () => {
      const { chart, web } = webApp();
      new Placement(chart, 'placement', { workload: web, rules: [PlacementRule.spreadAcrossNodes()] });
      web.podMetadata.addLabel('app', 'web');
      web.select(kplus.LabelSelector.of({ labels: { app: 'web' } }));
      const was = JSON.stringify({ matchLabels: { [ADDR]: addrOf(web) } });
      const now = JSON.stringify({ matchLabels: { app: 'web', [ADDR]: addrOf(web) } });
      expect(() => synth(chart)).toThrow(`test/placement: 'spreadAcrossNodes' must count the pods the workload selects now (${now}), got the pods it selected when the rule was added (${was}); call select() on the workload before adding spread rules`);
    });

    test('two rules require different values of one node label, and the failing rule changes nothing', () => {
      const { chart, web } = webApp();
      const placement = new Placement(chart, 'placement', { workload: web, rules: [PlacementRule.requireNodeLabel('kubernetes.io/os', 'linux')] });
      expect(() => placement.addRule(PlacementRule.windowsNode()))
        .toThrow("test/placement: 'windowsNode' must not require a second value of node label 'kubernetes.io/os', as a node has one value per label, got 'windows' while the pod already requires 'linux' (requireNodeLabel); keep one of the rules");
      placement.addRule(PlacementRule.requireNodeLabel('nvidia.com/gpu.present', 'false'));
      expect(() => placement.addRule(PlacementRule.gpuNode()))
        .toThrow("test/placement: 'gpuNode' must not require a second value of node label 'nvidia.com/gpu.present', as a node has one value per label, got 'true' while the pod already requires 'false' (requireNodeLabel); keep one of the rules");
      const spec = podSpec(synth(chart), 'Deployment', 'web');
      expect(spec.tolerations).toBeUndefined();
      expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'nvidia.com/gpu.present': 'false' });
      expect(placement.rules).toHaveLength(2);
    });
  });

  test('places the pods of a plain cdk8s-plus Job too, counting them by their address label (a Job has no selector)', () => {
    const chart = newChart();
    const job = new kplus.Job(chart, 'seed', {
      metadata: { name: 'seed' },
      containers: [{ name: 'seed', image: IMAGE, securityContext: { capabilities: { drop: ['ALL' as kplus.Capability] } } }],
    });
    ApiObject.of(job).addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
    new Placement(chart, 'placement', { workload: job, rules: [PlacementRule.windowsNode(), PlacementRule.spreadAcrossZones()] });
    const manifest = find(synth(chart), 'Job', 'seed');
    const spec = manifest.spec.template.spec;
    expect(manifest.spec.selector).toBeUndefined();
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'windows' });
    expect(spec.topologySpreadConstraints[0].labelSelector).toEqual({ matchLabels: manifest.spec.template.metadata.labels });
    expect(Object.keys(manifest.spec.template.metadata.labels)).toEqual([ADDR]);
  });

  test('the ticketing api: spread over zones, one per node, next to its cache, on ssd, off the batch nodes', () => {
    const { chart, web } = webApp();
    const cache = plainDeployment(chart, 'cache');
    new Placement(chart, 'placement', {
      workload: web,
      rules: [
        PlacementRule.spreadAcrossZones(),
        PlacementRule.spreadAcrossNodes({ whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE }),
        PlacementRule.keepAwayFrom(web, { weight: 100 }),
        PlacementRule.colocateWith(cache, { weight: 50 }),
        PlacementRule.requireNodeLabel('disktype', 'ssd'),
        PlacementRule.tolerate('dedicated', { value: 'ticketing', effect: kplus.TaintEffect.NO_SCHEDULE }),
      ],
    });
    expect(find(synth(chart), 'Deployment', 'web')).toMatchSnapshot();
  });
});
