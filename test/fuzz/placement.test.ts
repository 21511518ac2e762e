import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { Deployment, PatternsApp, Placement, PlacementRule, TolerationOperator, WhenUnsatisfiable } from '../../src';
import { dnsLabel, outcomeOf, params, wrongValue } from '../harness/fuzz';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const NAMESPACE = 'ticketing';

/**
 * A hostile value, or a generated one of the wrong shape: a random string, an out-of-range number.
 * Without line breaks for now: `show()` (src/_errors.ts) prints them raw, which splits the error line.
 */
const badValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: wrongValue.filter(v => typeof v !== 'string' || !/[\n\u2028]/.test(v)) },
  fc.string({ maxLength: 70 }),
  fc.integer({ min: -(2 ** 33), max: 2 ** 33 }),
  fc.double(),
);

/** A label name or value that plain YAML reads back as a string: synth refuses one it would read as a number, a date or a boolean. */
const labelName = fc.stringMatching(/^[A-Za-z]([-A-Za-z0-9_.]{0,12}[A-Za-z0-9])?$/).filter(k => !/^(y|yes|n|no|true|false|on|off|null)$/i.test(k));
const labelKey = fc.oneof(labelName, fc.tuple(dnsLabel, dnsLabel, labelName).map(([a, b, n]) => `${a}.${b}/${n}`));
const labelValue = fc.oneof(fc.constant(''), labelName);

/** A construct under test: valid props from a spec, built in a chart of `ticketing`, and the fields a caller may get wrong. */
interface Subject<S> {
  readonly spec: fc.Arbitrary<S>;
  /**
   * Paths into the props, dotted (`rules.0.verbs`) or as a list of keys where a key holds a dot;
   * an index is only tried when the sample has that item.
   */
  readonly fields: readonly (string | readonly string[])[];
  props(chart: Chart, spec: S): any;
  build(chart: Chart, props: any): void;
}

function chartOf(app: PatternsApp): Chart {
  return new Chart(app, 'test', { namespace: NAMESPACE });
}

function acceptsEvery<S>(subject: Subject<S>): void {
  fc.assert(fc.property(subject.spec, spec => {
    const outcome = outcomeOf(app => {
      const chart = chartOf(app);
      subject.build(chart, subject.props(chart, spec));
    });
    if (!outcome.ok) throw new Error(outcome.message);
  }), params());
}

/** `alsoNamed`: other fields an error may name for a field, when the problem is how they combine. */
function refusesEvery<S>(subject: Subject<S>, alsoNamed: { [leaf: string]: string[] } = {}): void {
  fc.assert(fc.property(subject.spec, fc.nat(), badValue, (spec, pick, bad) => {
    let field: string[] = [];
    const outcome = outcomeOf(app => {
      const chart = chartOf(app);
      const props = subject.props(chart, spec);
      const candidates = subject.fields.map(pathOf).filter(path => reachable(props, path));
      field = candidates[pick % candidates.length];
      subject.build(chart, withField(props, field, bad));
    });
    if (outcome.ok) return;
    const names = [leafOf(field), ...alsoNamed[leafOf(field)] ?? []];
    expect(outcome.message).toMatch(new RegExp(`['.["](${names.map(n => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})`));
  }), params());
}

const isPlain = (v: unknown): v is object => typeof v === 'object' && v !== null && [Object.prototype, null].includes(Object.getPrototypeOf(v));
const isIndex = (key: string) => /^\d+$/.test(key);

/** Whether a field can be set: every parent exists, or is a missing plain object (not an array item). */
function reachable(value: unknown, path: string[]): boolean {
  if (path.length <= 1) return true;
  const [head, ...rest] = path;
  const next = Array.isArray(value) || isPlain(value) ? (value as any)[head] : undefined;
  if (next === undefined) return !isIndex(head) && !isIndex(rest[0]) && rest.length === 1;
  return (Array.isArray(next) || isPlain(next)) && reachable(next, rest);
}

/** A copy of `value` with the field at `path` set to `replacement`. */
function withField(value: unknown, path: string[], replacement: unknown): any {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy: any = Array.isArray(value) ? [...value] : { ...(isPlain(value) ? value : {}) };
  copy[head] = withField(copy[head], rest, replacement);
  return copy;
}

const pathOf = (field: string | readonly string[]): string[] => (typeof field === 'string' ? field.split('.') : [...field]);

/** The name an error gives a field: its last key. */
function leafOf(path: string[]): string {
  return path.filter(k => !isIndex(k)).pop()!;
}

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

/** A copy without the keys whose value is undefined. */
function strip<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Rules that agree with each other: node labels of their own keys, each
 * spread once, one GPU or Windows rule, affinity to another workload or
 * anti-affinity to the workload itself.
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
  };
  const POSITIONAL = ['key', 'value', 'weight', 'other'];

  test("refuses every invalid argument with the library's error", () => {
    fc.assert(fc.property(fc.constantFrom(...Object.keys(FACTORIES)), fc.nat(), badValue, (factory, pick, bad) => {
      const { args: argsOf, names } = FACTORIES[factory];
      const name = names[pick % names.length];
      const outcome = outcomeOf(app => {
        const chart = new Chart(app, 'test', { namespace: NAMESPACE });
        const web = deployment(chart, 'web');
        const args = argsOf(web, deployment(chart, 'cache'));
        const position = POSITIONAL.includes(name) ? names.indexOf(name) : -1;
        if (position >= 0) args[position] = bad;
        else if (name === 'options') args[args.length - 1] = bad;
        else args[args.length - 1] = { ...args[args.length - 1], [name]: bad };
        new Placement(chart, 'placement', { workload: web, rules: [(PlacementRule as any)[factory](...args)] });
      });
      if (!outcome.ok) expect(outcome.message).toContain(name);
    }), params());
  });
});
