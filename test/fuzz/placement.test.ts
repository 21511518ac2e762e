import { Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { Deployment, NodeRequirement, Placement, PlacementRule, TolerationOperator, WhenUnsatisfiable } from '../../src';
import { kplus } from '../../src/_plus';
import { dnsLabel, outcomeOf, params } from '../harness/fuzz';
import { acceptsEvery, badValue, chartOf, IMAGE, isPlain, labelKey, labelValue, refusesEvery, strip, Subject } from '../harness/props';

const weight = fc.integer({ min: 1, max: 100 });
const spread = fc.record({
  maxSkew: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  whenUnsatisfiable: fc.constantFrom(WhenUnsatisfiable.DO_NOT_SCHEDULE, WhenUnsatisfiable.SCHEDULE_ANYWAY),
}, { requiredKeys: [] });
const affinity = fc.record({ topology: fc.constantFrom(kplus.Topology.HOSTNAME, kplus.Topology.ZONE, kplus.Topology.custom('example.com/rack')), weight }, { requiredKeys: [] });
const EFFECTS = [kplus.TaintEffect.NO_SCHEDULE, kplus.TaintEffect.PREFER_NO_SCHEDULE, kplus.TaintEffect.NO_EXECUTE];
const toleration = fc.record({
  key: labelKey,
  value: fc.option(labelValue, { nil: undefined }),
  effect: fc.option(fc.constantFrom(...EFFECTS), { nil: undefined }),
  seconds: fc.option(fc.integer({ min: 0, max: 2 ** 40 }), { nil: undefined }),
}).map(t => strip({
  key: t.key,
  options: strip({
    operator: t.value === undefined ? TolerationOperator.EXISTS : TolerationOperator.EQUAL,
    value: t.value,
    effect: t.effect,
    tolerationSeconds: t.effect === kplus.TaintEffect.NO_EXECUTE ? t.seconds : undefined,
  }),
}));


/** A NodeRequirement of each kind, as generated; its label key is given when it is made. */
const requirement = fc.record({
  kind: fc.constantFrom('labelIn', 'labelNotIn', 'labelExists', 'labelDoesNotExist', 'labelGreaterThan', 'labelLessThan', 'named', 'notNamed'),
  values: fc.uniqueArray(labelValue, { minLength: 1, maxLength: 3 }),
  number: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
  node: fc.array(dnsLabel, { minLength: 1, maxLength: 3 }).map(parts => parts.join('.')),
});
const requirements = fc.array(requirement, { minLength: 1, maxLength: 3 });

/**
 * Requirements no node is denied by another one of them: each on a label key
 * of its own (`<prefix>-<i>`); a node name required once, other names
 * (prefixed `other-`) refused.
 */
function requirementsOf(specs: any[], prefix: string, named: { name?: string }): NodeRequirement[] {
  return specs.map((r, i) => {
    const key = `nodes.example.com/${prefix}-${i}`;
    if (r.kind === 'named' && named.name === undefined) {
      named.name = `node-${r.node}`;
      return NodeRequirement.named(named.name);
    }
    switch (r.kind) {
      case 'labelIn': return NodeRequirement.labelIn(key, r.values);
      case 'labelNotIn': return NodeRequirement.labelNotIn(key, r.values);
      case 'labelExists': return NodeRequirement.labelExists(key);
      case 'labelDoesNotExist': return NodeRequirement.labelDoesNotExist(key);
      case 'labelGreaterThan': return NodeRequirement.labelGreaterThan(key, r.number);
      case 'labelLessThan': return NodeRequirement.labelLessThan(key, r.number);
      // a second name would deny every node
      default: return NodeRequirement.notNamed(`other-${r.node}`);
    }
  });
}

/**
 * Rules that agree with each other: node labels and node requirements of
 * their own keys, each spread once, one GPU or Windows rule, affinity to
 * another workload or anti-affinity to the workload itself.
 */
const rules = fc.record({
  required: fc.array(fc.tuple(dnsLabel, labelValue), { maxLength: 2 }),
  preferred: fc.array(fc.tuple(labelKey, labelValue, fc.option(weight, { nil: undefined })), { maxLength: 2 }),
  node: fc.constantFrom('gpu', 'windows', undefined),
  gpu: fc.record({ labelKey: fc.constant('example.com/accelerator'), labelValue, taintKey: labelKey }, { requiredKeys: [] }),
  nodes: fc.option(spread, { nil: undefined }),
  zones: fc.option(spread, { nil: undefined }),
  colocate: fc.option(affinity, { nil: undefined }),
  keepAway: fc.option(affinity, { nil: undefined }),
  tolerations: fc.array(toleration, { maxLength: 2 }),
  requireNodes: fc.array(requirements, { maxLength: 2 }),
  preferNodes: fc.array(fc.record({ requirements, weight: fc.option(weight, { nil: undefined }) }), { maxLength: 2 }),
});

function rulesOf(spec: any, cache: kplus.Workload, self: kplus.Workload): PlacementRule[] {
  const out: PlacementRule[] = [];
  spec.required.forEach(([key, value]: [string, string], i: number) => out.push(PlacementRule.requireNodeLabel(`example.com/${key}-${i}`, value)));
  spec.preferred.forEach(([key, value, w]: [string, string, number?]) => out.push(PlacementRule.preferNodeLabel(key, value, w)));
  if (spec.node === 'gpu') out.push(PlacementRule.gpuNode(spec.gpu));
  if (spec.node === 'windows') out.push(PlacementRule.windowsNode());
  if (spec.nodes) out.push(PlacementRule.spreadAcrossNodes(spec.nodes));
  if (spec.zones) out.push(PlacementRule.spreadAcrossZones(spec.zones));
  if (spec.colocate) out.push(PlacementRule.colocateWith(cache, spec.colocate));
  if (spec.keepAway) out.push(PlacementRule.keepAwayFrom(self, spec.keepAway));
  spec.tolerations.forEach((t: any) => out.push(PlacementRule.tolerate(t.key, t.options)));
  const required = {};
  spec.requireNodes.forEach((list: any[], i: number) => out.push(PlacementRule.requireNodes(requirementsOf(list, `required-${i}`, required))));
  spec.preferNodes.forEach(({ requirements: list, weight: w }: any, i: number) =>
    out.push(PlacementRule.preferNodes(requirementsOf(list, `preferred-${i}`, {}), ...(w === undefined ? [] : [w]))));
  return out.length > 0 ? out : [PlacementRule.windowsNode()];
}

function deployment(chart: Chart, name: string): Deployment {
  return new Deployment(chart, name, { metadata: { name }, containers: [{ name: 'app', image: IMAGE }] });
}

describe('Placement', () => {
  const subject: Subject<any> = {
    spec: rules,
    fields: ['workload', 'rules', 'rules.0'],
    props: (chart, spec) => {
      const web = deployment(chart, 'web');
      return { workload: web, rules: rulesOf(spec, deployment(chart, 'cache'), web) };
    },
    build: (chart, props) => new Placement(chart, 'placement', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));
});

describe('PlacementRule', () => {
  /** Each factory with valid arguments, and the names of its positional arguments (first, in order), then of its options. */
  const FACTORIES: { [factory: string]: { args: (self: kplus.Workload, other: kplus.Workload) => any[]; names: string[] } } = {
    requireNodeLabel: { args: () => ['disktype', 'ssd'], names: ['key', 'value'] },
    preferNodeLabel: { args: () => ['disktype', 'ssd', 20], names: ['key', 'value', 'weight'] },
    gpuNode: { args: () => [{ labelKey: 'accelerator', labelValue: 'a100', taintKey: 'example.com/gpu' }], names: ['options', 'labelKey', 'labelValue', 'taintKey'] },
    spreadAcrossNodes: { args: () => [{ maxSkew: 2, whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE }], names: ['options', 'maxSkew', 'whenUnsatisfiable'] },
    spreadAcrossZones: { args: () => [{ maxSkew: 1 }], names: ['options', 'maxSkew', 'whenUnsatisfiable'] },
    colocateWith: { args: (_s, other) => [other, { topology: kplus.Topology.ZONE, weight: 10 }], names: ['other', 'options', 'topology', 'weight'] },
    keepAwayFrom: { args: self => [self, { topology: kplus.Topology.HOSTNAME }], names: ['other', 'options', 'topology', 'weight'] },
    tolerate: {
      args: () => ['dedicated', { operator: TolerationOperator.EQUAL, value: 'batch', effect: kplus.TaintEffect.NO_EXECUTE, tolerationSeconds: 30 }],
      names: ['key', 'options', 'operator', 'value', 'effect', 'tolerationSeconds'],
    },
    requireNodes: { args: () => [[NodeRequirement.labelIn('disktype', ['ssd'])]], names: ['requirements'] },
    preferNodes: { args: () => [[NodeRequirement.labelExists('example.com/fast-disk')], 20], names: ['requirements', 'weight'] },
  };
  const POSITIONAL = ['key', 'value', 'weight', 'other', 'requirements'];

  test("refuses every invalid argument with the library's error", () => {
    fc.assert(fc.property(fc.constantFrom(...Object.keys(FACTORIES)), fc.nat(), badValue, (factory, pick, bad) => {
      const { args: argsOf, names } = FACTORIES[factory];
      const name = names[pick % names.length];
      const outcome = outcomeOf(app => {
        const chart = chartOf(app);
        const web = deployment(chart, 'web');
        const args = argsOf(web, deployment(chart, 'cache'));
        const position = POSITIONAL.includes(name) ? names.indexOf(name) : -1;
        if (position >= 0) args[position] = bad;
        else if (name === 'options') args[args.length - 1] = bad;
        else args[args.length - 1] = { ...args[args.length - 1], [name]: bad };
        new Placement(chart, 'placement', { workload: web, rules: [(PlacementRule as any)[factory](...args)] });
      });
      // An instance of some class given as the options is read as options, and may be refused for one of its fields.
      const instance = name === 'options' && typeof bad === 'object' && bad !== null && !Array.isArray(bad) && !isPlain(bad);
      const named = instance ? names.slice(names.indexOf('options')) : [name];
      if (!outcome.ok) expect(outcome.message).toMatch(new RegExp(named.join('|')));
    }), params());
  });
});

describe('NodeRequirement', () => {
  /** Each factory with valid arguments, and the names of its arguments, in order. */
  const FACTORIES: { [factory: string]: { args: any[]; names: string[] } } = {
    labelIn: { args: ['disktype', ['ssd', 'nvme']], names: ['key', 'values'] },
    labelNotIn: { args: ['example.com/pool', ['spot']], names: ['key', 'values'] },
    labelExists: { args: ['example.com/fast-disk'], names: ['key'] },
    labelDoesNotExist: { args: ['node-role.kubernetes.io/control-plane'], names: ['key'] },
    labelGreaterThan: { args: ['example.com/cpu-generation', 3], names: ['key', 'value'] },
    labelLessThan: { args: ['example.com/cpu-generation', 9], names: ['key', 'value'] },
    named: { args: ['node-1.example.com'], names: ['name'] },
    notNamed: { args: ['node-2'], names: ['name'] },
  };

  test("refuses every invalid argument with the library's error", () => {
    const factories = fc.constantFrom(...Object.keys(FACTORIES));
    fc.assert(fc.property(factories, fc.nat(), fc.boolean(), fc.boolean(), badValue, (factory, pick, item, preferred, bad) => {
      const { args: valid, names } = FACTORIES[factory];
      const position = pick % names.length;
      const outcome = outcomeOf(app => {
        const chart = chartOf(app);
        const args = [...valid];
        // the argument itself, or (a list) one of its values
        args[position] = item && Array.isArray(args[position]) ? [bad] : bad;
        const made = (NodeRequirement as any)[factory](...args);
        const rule = preferred ? PlacementRule.preferNodes([made]) : PlacementRule.requireNodes([made]);
        new Placement(chart, 'placement', { workload: deployment(chart, 'web'), rules: [rule] });
      });
      if (!outcome.ok) expect(outcome.message).toMatch(new RegExp(`'${preferred ? 'preferNodes' : 'requireNodes'}\\.requirements\\[0\\]\\.${names[position]}\\b`));
    }), params());
  });
});
