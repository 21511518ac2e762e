import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { DaemonSet, Deployment, NodeRequirement, Placement, PlacementRule, TolerationOperator, WhenUnsatisfiable } from '../../src';
import { kplus } from '../../src/_plus';
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

  describe('node affinity', () => {
    const required = (spec: any) => spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;

    test('requireNodes rules of a workload, across placements, render as one required term (AND), the same requirement once', () => {
      const { chart, web } = webApp();
      const placement = new Placement(chart, 'placement', {
        workload: web,
        rules: [PlacementRule.requireNodes([NodeRequirement.labelIn('disktype', ['ssd', 'nvme']), NodeRequirement.notNamed('node-2')])],
      });
      placement.addRule(PlacementRule.requireNodes([NodeRequirement.labelDoesNotExist('node.kubernetes.io/spot')]));
      new Placement(chart, 'again', {
        workload: web,
        rules: [PlacementRule.requireNodes([NodeRequirement.labelGreaterThan('example.com/cpu-generation', 3), NodeRequirement.labelIn('disktype', ['ssd', 'nvme'])])],
      });
      expect(required(podSpec(synth(chart), 'Deployment', 'web'))).toEqual([{
        matchExpressions: [
          { key: 'disktype', operator: 'In', values: ['ssd', 'nvme'] },
          { key: 'node.kubernetes.io/spot', operator: 'DoesNotExist' },
          { key: 'example.com/cpu-generation', operator: 'Gt', values: ['3'] },
        ],
        matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-2'] }],
      }]);
    });

    test('a requireNodes requirement that nodeSelector already holds adds no term', () => {
      const spec = placed([
        PlacementRule.requireNodeLabel('disktype', 'ssd'),
        PlacementRule.requireNodes([NodeRequirement.labelIn('disktype', ['ssd'])]),
      ]);
      expect(spec.nodeSelector).toEqual({ disktype: 'ssd' });
      expect(spec.affinity).toBeUndefined();
    });

    test('preferNodes is a preferred term of weight 50 by default, matchFields included; the same preference twice is rendered once', () => {
      const spec = placed([
        PlacementRule.preferNodes([NodeRequirement.labelExists('example.com/local-ssd'), NodeRequirement.named('node-1')]),
        PlacementRule.preferNodes([NodeRequirement.labelLessThan('example.com/load', 5)], 100),
        PlacementRule.preferNodes([NodeRequirement.labelExists('example.com/local-ssd'), NodeRequirement.named('node-1')]),
      ]);
      expect(spec.affinity).toEqual({
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 50,
              preference: {
                matchExpressions: [{ key: 'example.com/local-ssd', operator: 'Exists' }],
                matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }],
              },
            },
            { weight: 100, preference: { matchExpressions: [{ key: 'example.com/load', operator: 'Lt', values: ['5'] }] } },
          ],
        },
      });
    });

    test('node affinity sits next to the pod affinity and the preferences of other rules', () => {
      const { chart, web } = webApp();
      const cache = plainDeployment(chart, 'cache');
      new Placement(chart, 'placement', {
        workload: web,
        rules: [
          PlacementRule.colocateWith(cache),
          PlacementRule.preferNodeLabel('disktype', 'ssd', 10),
          PlacementRule.requireNodes([NodeRequirement.labelExists('example.com/pool')]),
        ],
      });
      const affinity = podSpec(synth(chart), 'Deployment', 'web').affinity;
      expect(affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
      expect(affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
      expect(affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
        .toEqual([{ matchExpressions: [{ key: 'example.com/pool', operator: 'Exists' }] }]);
    });

    describe('fails when', () => {
      test.each([
        ['a label value nodeSelector requires is excluded', [PlacementRule.requireNodeLabel('disktype', 'ssd')], NodeRequirement.labelNotIn('disktype', ['ssd', 'hdd']),
          "'disktype NotIn [ssd, hdd]' while the pod already requires 'disktype=ssd' (requireNodeLabel)"],
        ['a label nodeSelector requires must not exist', [PlacementRule.windowsNode()], NodeRequirement.labelDoesNotExist('kubernetes.io/os'),
          "'kubernetes.io/os DoesNotExist' while the pod already requires 'kubernetes.io/os=windows' (windowsNode)"],
        ['a label must exist and not exist', [PlacementRule.requireNodes([NodeRequirement.labelExists('gpu')])], NodeRequirement.labelDoesNotExist('gpu'),
          "'gpu DoesNotExist' while the pod already requires 'gpu Exists' (requireNodes)"],
        ['two In lists share no value', [PlacementRule.requireNodes([NodeRequirement.labelIn('zone', ['a', 'b'])])], NodeRequirement.labelIn('zone', ['c']),
          "'zone In [c]' while the pod already requires 'zone In [a, b]' (requireNodes)"],
        ['no integer lies between Gt and Lt', [PlacementRule.requireNodes([NodeRequirement.labelGreaterThan('gen', 3)])], NodeRequirement.labelLessThan('gen', 4),
          "'gen Lt 4' while the pod already requires 'gen Gt 3' (requireNodes)"],
        ['no value of an In list is above Gt', [PlacementRule.requireNodeLabel('gen', '2')], NodeRequirement.labelGreaterThan('gen', 2),
          "'gen Gt 2' while the pod already requires 'gen=2' (requireNodeLabel)"],
        ['two node names are required', [PlacementRule.requireNodes([NodeRequirement.named('node-1')])], NodeRequirement.named('node-2'),
          "'metadata.name In [node-2]' while the pod already requires 'metadata.name In [node-1]' (requireNodes)"],
        ['a node name is required and excluded', [PlacementRule.requireNodes([NodeRequirement.named('node-1')])], NodeRequirement.notNamed('node-1'),
          "'metadata.name NotIn [node-1]' while the pod already requires 'metadata.name In [node-1]' (requireNodes)"],
      ])('a requireNodes requirement contradicts another requirement: %s, and the failing rule changes nothing', (_why, before, requirement, clash) => {
        const { chart, web } = webApp();
        const placement = new Placement(chart, 'placement', { workload: web, rules: before });
        const rendered = JSON.stringify(podSpec(synth(chart), 'Deployment', 'web'));
        expect(() => placement.addRule(PlacementRule.requireNodes([NodeRequirement.labelExists('example.com/pool'), requirement])))
          .toThrow(`test/placement: 'requireNodes' must not contradict the pod's other node requirements, as no node could meet both, got ${clash}; keep one of them`);
        expect(JSON.stringify(podSpec(synth(chart), 'Deployment', 'web'))).toBe(rendered);
        expect(placement.rules).toHaveLength(1);
      });

      test('a requirement contradicts another of the same rule', () => {
        expect(() => placed([PlacementRule.requireNodes([NodeRequirement.labelExists('gpu'), NodeRequirement.labelDoesNotExist('gpu')])]))
          .toThrow("test/placement: 'requireNodes' must not contradict the pod's other node requirements, as no node could meet both, got 'gpu DoesNotExist' while the pod already requires 'gpu Exists' (requireNodes); keep one of them");
      });

      test('a required node label contradicts an earlier requireNodes rule', () => {
        expect(() => placed([PlacementRule.requireNodes([NodeRequirement.labelNotIn('kubernetes.io/os', ['windows'])]), PlacementRule.windowsNode()]))
          .toThrow("test/placement: 'windowsNode' must not contradict the pod's other node requirements, as no node could meet both, got 'kubernetes.io/os=windows' while the pod already requires 'kubernetes.io/os NotIn [windows]' (requireNodes); keep one of them");
      });

      test('a preferNodes weight is out of range', () => {
        expect(() => placed([PlacementRule.preferNodes([NodeRequirement.labelExists('gpu')], 101)]))
          .toThrow("test/placement: 'preferNodes.weight' must be an integer within 1-100, got 101");
        expect(() => placed([PlacementRule.preferNodes([NodeRequirement.labelExists('gpu')], 0)]))
          .toThrow("test/placement: 'preferNodes.weight' must be an integer within 1-100, got 0");
      });

      test('the workload has another required node affinity term, which Kubernetes would OR with the rules (at synth)', () => {
        const { chart, web } = webApp();
        new Placement(chart, 'placement', { workload: web, rules: [PlacementRule.requireNodes([NodeRequirement.labelExists('gpu')])] });
        web.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('disktype', 'ssd')));
        expect(() => synth(chart)).toThrow("test/placement: 'requireNodes' must be the pod's only required node affinity term, as Kubernetes ORs the terms (a node meeting any one would do), got 2 terms: 1 more from scheduling.attract(); give their requirements to PlacementRule.requireNodes instead");
      });
    });
  });

  describe('on a DaemonSet', () => {
    /** A chart with our DaemonSet `agent`, on Linux nodes of the `system` pool. */
    function agentApp(): { chart: Chart; agent: DaemonSet } {
      const chart = newChart();
      const agent = new DaemonSet(chart, 'agent', {
        metadata: { name: 'agent' },
        containers: [{ name: 'agent', image: IMAGE }],
        nodeSelector: { 'kubernetes.io/os': 'linux', 'example.com/pool': 'system' },
      });
      return { chart, agent };
    }

    test('required node labels merge with the DaemonSet\'s own nodeSelector, the same label once', () => {
      const { chart, agent } = agentApp();
      new Placement(chart, 'placement', {
        workload: agent,
        rules: [PlacementRule.requireNodeLabel('disktype', 'ssd'), PlacementRule.requireNodeLabel('kubernetes.io/os', 'linux')],
      });
      expect(podSpec(synth(chart), 'DaemonSet', 'agent').nodeSelector).toEqual({
        'disktype': 'ssd',
        'example.com/pool': 'system',
        'kubernetes.io/os': 'linux',
      });
    });

    test('its own nodeSelector stays as it is under rules of other fields', () => {
      const { chart, agent } = agentApp();
      new Placement(chart, 'placement', { workload: agent, rules: [PlacementRule.tolerate('node-role.kubernetes.io/control-plane')] });
      expect(podSpec(synth(chart), 'DaemonSet', 'agent').nodeSelector).toEqual({ 'example.com/pool': 'system', 'kubernetes.io/os': 'linux' });
    });

    describe('fails when', () => {
      test('windowsNode meets its kubernetes.io/os: linux, naming both, and the failing rule changes nothing', () => {
        const { chart, agent } = agentApp();
        expect(() => new Placement(chart, 'placement', { workload: agent, rules: [PlacementRule.windowsNode()] }))
          .toThrow("test/placement: 'windowsNode' must not require a second value of node label 'kubernetes.io/os', as a node has one value per label, got 'windows' while the pod already requires 'linux' (the nodeSelector of DaemonSet 'test/agent'); remove the label from the nodeSelector or drop the rule");
        expect(podSpec(synth(chart), 'DaemonSet', 'agent').nodeSelector).toEqual({ 'example.com/pool': 'system', 'kubernetes.io/os': 'linux' });
      });

      test('a requireNodes requirement excludes a label of its nodeSelector', () => {
        const { chart, agent } = agentApp();
        expect(() => new Placement(chart, 'placement', { workload: agent, rules: [PlacementRule.requireNodes([NodeRequirement.labelNotIn('example.com/pool', ['system'])])] }))
          .toThrow("test/placement: 'requireNodes' must not contradict the pod's other node requirements, as no node could meet both, got 'example.com/pool NotIn [system]' while the pod already requires 'example.com/pool=system' (the nodeSelector of DaemonSet 'test/agent'); keep one of them");
      });
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
