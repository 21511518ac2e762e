import { Chart, Duration, Size } from 'cdk8s';
import * as fc from 'fast-check';
import { dnsLabel, outcomeOf, params, wrongValue } from './fuzz';
import { PatternsApp, QosPreset } from '../../src';
import { kplus } from '../../src/_plus';
import { yamlStringProblem } from '../../src/validation/_yaml-strings';

/*
 * What the property tests of test/fuzz share: a construct under test is a
 * spec of valid props, the fields of its props a caller may get wrong, and
 * how it is built in a chart; every valid spec must build, and every spec
 * with one field made wrong must build or be refused naming that field.
 */

export const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';

/** The namespace of the chart every subject is built in. */
export const NAMESPACE = 'ticketing';

export interface Subject<S> {
  readonly spec: fc.Arbitrary<S>;
  /**
   * Paths into the props, dotted (`containers.0.image`) or as a list of keys
   * where a key holds a dot; an index is only tried when the props have that item.
   */
  readonly fields: readonly (string | readonly string[])[];
  /** The props a spec gives, made in the chart (other constructs they refer to, factories called). Default: the spec itself. */
  props?(chart: Chart, spec: S): any;
  build(chart: Chart, props: any): void;
}

/**
 * A hostile value, or a generated one of the wrong shape: a random string,
 * an out-of-range number, a value object of cdk8s or cdk8s-plus that renders
 * nonsense (`Size.mebibytes(NaN)`, `Cpu.millis(-100)`, `Duration.millis(1500)`).
 * Strings with line breaks included: every message shows the value through
 * `show()` (src/_errors.ts), which keeps the error on one line.
 */
export const badValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: wrongValue },
  fc.string({ maxLength: 70 }),
  fc.integer({ min: -(2 ** 33), max: 2 ** 33 }),
  fc.double(),
  fc.constantFrom<unknown>(
    Size.mebibytes(NaN), Size.kibibytes(1), Size.gibibytes(Infinity), kplus.Cpu.millis(-100), kplus.Cpu.millis(NaN),
    kplus.Cpu.units(Infinity), Duration.millis(1500), Duration.seconds(NaN), Duration.days(30000),
    kplus.EnvValue.fromValue(5 as any), kplus.PercentOrAbsolute.percent(150), QosPreset.bestEffort(),
  ),
);

export function chartOf(app: PatternsApp): Chart {
  return new Chart(app, 'test', { namespace: NAMESPACE });
}

function propsOf<S>(subject: Subject<S>, chart: Chart, spec: S): any {
  return subject.props ? subject.props(chart, spec) : spec;
}

/** Every valid spec builds, and renders manifests that pass every check. */
export function acceptsEvery<S>(subject: Subject<S>): void {
  fc.assert(fc.property(subject.spec, spec => {
    const outcome = outcomeOf(app => {
      const chart = chartOf(app);
      subject.build(chart, propsOf(subject, chart, spec));
    });
    if (!outcome.ok) throw new Error(outcome.message);
  }), params());
}

export interface RefusalOptions {
  /** The values put in a field. Default: {@link badValue}. */
  readonly bad?: fc.Arbitrary<unknown>;
  /**
   * Other fields an error may name for a field, by its last key or its whole
   * dotted path: when the problem is how they combine, or what an object put
   * there lacks.
   */
  readonly alsoNamed?: { readonly [field: string]: readonly string[] };
}

/**
 * Valid props with one field replaced by a bad value build (the value
 * happened to be valid) or are refused with the library's error naming that
 * field, or one of its `alsoNamed` fields.
 */
export function refusesEvery<S>(subject: Subject<S>, options: RefusalOptions = {}): void {
  const { bad = badValue, alsoNamed = {} } = options;
  fc.assert(fc.property(subject.spec, fc.nat(), bad, (spec, pick, value) => {
    let field: string[] = [];
    const outcome = outcomeOf(app => {
      const chart = chartOf(app);
      const props = propsOf(subject, chart, spec);
      const candidates = subject.fields.map(pathOf).filter(path => reachable(props, path));
      field = candidates[pick % candidates.length];
      subject.build(chart, withField(props, field, value));
    });
    const others = [...alsoNamed[leafOf(field)] ?? [], ...alsoNamed[field.join('.')] ?? []];
    if (!outcome.ok) expect(namesField(outcome.message, field, others)).toBe(outcome.message);
  }), params());
}

/**
 * The message when it names the field (its last key, or one of `others`) in
 * quotes, as the whole quoted name or its part after `.`, `[` or `"`; else a
 * note saying it does not.
 */
function namesField(message: string, path: string[], others: readonly string[]): string {
  const names = [leafOf(path), ...others].map(n => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  const named = new RegExp(`'([^'\\n]*[.["])?(${names.join('|')})\\b[^'\\n]*'`).test(message);
  return named ? message : `an error that does not name '${path.join('.')}'${others.length > 0 ? ` (nor ${others.join(', ')})` : ''}:\n${message}`;
}

export const isPlain = (v: unknown): v is object => typeof v === 'object' && v !== null && [Object.prototype, null].includes(Object.getPrototypeOf(v));
const isIndex = (key: string) => /^\d+$/.test(key);

/** Whether a field can be set: every parent exists, or is a missing plain object (not an array item). */
export function reachable(value: unknown, path: string[]): boolean {
  if (path.length <= 1) return true;
  const [head, ...rest] = path;
  const next = Array.isArray(value) || isPlain(value) ? (value as any)[head] : undefined;
  if (next === undefined) return !Array.isArray(value) && !isIndex(head) && !isIndex(rest[0]) && rest.length === 1;
  return (Array.isArray(next) || isPlain(next)) && reachable(next, rest);
}

/** A copy of `value` with the field at `path` set to `replacement`. */
export function withField(value: unknown, path: string[], replacement: unknown): any {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy: any = Array.isArray(value) ? [...value] : { ...(isPlain(value) ? value : {}) };
  copy[head] = withField(copy[head], rest, replacement);
  return copy;
}

export const pathOf = (field: string | readonly string[]): string[] => (typeof field === 'string' ? field.split('.') : [...field]);

/** The name an error gives a field: its last key. */
export function leafOf(path: string[]): string {
  return path.filter(k => !isIndex(k)).pop()!;
}

/** A copy without the keys whose value is undefined. */
export function strip<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Whether plain YAML reads a word as a boolean or null: synth refuses such a key or label, which would not read back as a string. */
export const isYamlKeyword = (text: string) => /^(y|yes|n|no|true|false|on|off|null)$/i.test(text);

/** An alphanumeric value that YAML reads back as a string. */
export const word = fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/).filter(w => !isYamlKeyword(w));

/** A label name, or a label value but '', that YAML reads back as a string. */
export const labelName = fc.stringMatching(/^[A-Za-z]([-A-Za-z0-9_.]{0,12}[A-Za-z0-9])?$/).filter(k => !isYamlKeyword(k));
/** A label name, alone or under a DNS prefix (`team.example.com/tier`). */
export const labelKey = fc.oneof(
  labelName,
  fc.tuple(fc.array(dnsLabel, { minLength: 2, maxLength: 3 }), labelName).map(([prefix, name]) => `${prefix.join('.')}/${name}`),
);
export const labelValue = fc.oneof(fc.constant(''), labelName);
export const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 3 });

/**
 * Free text up to `maxLength` characters that YAML readers read back as
 * that string: synth refuses a value cdk8s writes unquoted that go-yaml
 * reads as a number or a timestamp (`0E_0`, `0o17`), see src/validation/_yaml-strings.ts.
 */
export const text = (maxLength: number) => fc.string({ maxLength }).filter(t => yamlStringProblem(t) === undefined);
export const annotations = fc.dictionary(labelKey, text(20), { maxKeys: 2 });

/** Object metadata: a name, labels, annotations, each given or not. */
export const metadata = fc.record({ name: dnsLabel, labels, annotations }, { requiredKeys: [] });
export const METADATA_FIELDS = ['metadata', 'metadata.name', 'metadata.namespace', 'metadata.labels', 'metadata.annotations'];

/** Requests at most their limits, never equal for both: a container that keeps a Burstable pod Burstable. */
const burstableResources = fc.record({
  cpu: fc.tuple(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }))
    .map(([request, extra]) => ({ request: kplus.Cpu.millis(request), limit: kplus.Cpu.millis(request + extra) })),
  memory: fc.integer({ min: 16, max: 512 }).map(request => ({ request: Size.mebibytes(request) })),
}, { requiredKeys: ['cpu'] });

/** The QoS presets a pod may have, or none (the library's default). */
export const qosPreset = fc.oneof(
  fc.constant(undefined),
  fc.constant(QosPreset.bestEffort()),
  fc.tuple(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 2048 }))
    .map(([cpu, memory]) => QosPreset.guaranteed({ cpu: kplus.Cpu.millis(cpu), memory: Size.mebibytes(memory) })),
  fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 16, max: 1024 }))
    .map(([cpu, extra, memory]) => QosPreset.burstable({
      requests: { cpu: kplus.Cpu.millis(cpu), memory: Size.mebibytes(memory) },
      limits: { cpu: kplus.Cpu.millis(cpu + extra) },
    })),
);

export const envVariables = fc.dictionary(
  fc.stringMatching(/^[A-Z][A-Z0-9_]{0,10}$/),
  word.map(v => kplus.EnvValue.fromValue(v)),
  { maxKeys: 2 },
);

/**
 * Container props, named `name`; `port` is its container port (unique in the
 * pod), declared through `portNumber` or `ports`; its own resources only
 * when `ownResources` (a pod of a Burstable preset, or of the default one).
 */
export function containerOf(name: string, port: number | undefined, ownResources: boolean): fc.Arbitrary<kplus.ContainerProps> {
  return fc.record({
    image: fc.constantFrom(IMAGE, 'nginx:1.25.3', 'registry.example.com/team/app@sha256:' + 'a'.repeat(64)),
    portNumber: fc.constant(port),
    ports: fc.option(fc.record({ name: fc.constantFrom('http', 'web', 'api').map(n => `${n}-${name}`.slice(0, 15).replace(/-$/, '')), protocol: fc.constantFrom(kplus.Protocol.TCP, kplus.Protocol.UDP) }), { nil: undefined }),
    command: fc.option(fc.array(word, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    args: fc.option(fc.array(word, { maxLength: 3 }), { nil: undefined }),
    envVariables: fc.option(envVariables, { nil: undefined }),
    resources: ownResources ? fc.option(burstableResources, { nil: undefined }) : fc.constant(undefined),
    securityContext: fc.option(fc.record({ user: fc.integer({ min: 1000, max: 65000 }) }), { nil: undefined }),
  }).map(({ portNumber, ports, ...c }) => ({
    name,
    ...c,
    ...(port === undefined ? {} : ports === undefined ? { portNumber } : { ports: [{ number: port, ...ports }] }),
  }));
}

/** The pod props of a workload. */
export interface PodSpec {
  readonly qos?: QosPreset;
  readonly containers: kplus.ContainerProps[];
  readonly initContainers: kplus.ContainerProps[];
}

/** The pod props of a workload: QoS preset, 1-3 containers (the first with a port when `firstPort`), 0-1 init container. */
export function podOf(firstPort = false): fc.Arbitrary<PodSpec> {
  const ports = fc.uniqueArray(fc.integer({ min: 1024, max: 9999 }), { minLength: 3, maxLength: 3 });
  return fc.tuple(qosPreset, ports, fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.boolean())
    .chain(([qos, portNumbers, count, withPorts, withInit]) => {
      const own = qos === undefined || qos.qosClass === 'Burstable';
      const containers = Array.from({ length: count }, (_, i) =>
        containerOf(i === 0 ? 'app' : `helper-${i}`, (i === 0 && firstPort) || withPorts ? portNumbers[i] : undefined, own));
      const init = withInit ? [containerOf('setup', undefined, own)] : [];
      return fc.tuple(fc.constant(qos), fc.tuple(...containers), fc.tuple(...init));
    })
    .map(([qos, containers, initContainers]) => ({ ...(qos ? { qos } : {}), containers, initContainers }));
}

/** The fields of a workload's pod props a caller may get wrong. */
export const POD_FIELDS = [
  'metadata', 'metadata.name', 'metadata.namespace', 'metadata.labels', 'qos', 'podSecurityLevel', 'securityContext', 'securityContext.user',
  'containers', 'containers.0', 'containers.0.name', 'containers.0.image', 'containers.0.portNumber', 'containers.0.ports',
  'containers.0.ports.0.number', 'containers.0.ports.0.name', 'containers.0.ports.0.protocol', 'containers.0.command', 'containers.0.command.0',
  'containers.0.args', 'containers.0.envVariables', 'containers.0.envVariables.LOG', 'containers.0.resources', 'containers.0.resources.cpu',
  'containers.0.resources.cpu.request', 'containers.0.resources.memory.request', 'containers.0.securityContext', 'containers.0.securityContext.user',
  'containers.1.image', 'initContainers', 'initContainers.0.image', 'initContainers.0.name', 'terminationGracePeriod', 'volumes', 'select',
];

/**
 * What an error may name for a pod or container field instead: a user id the
 * Pod Security Standard refuses, as the manifest calls it (`runAsUser`);
 * resources that break the pod's QoS preset, the preset.
 */
export const POD_NAMES = { user: ['runAsUser'], resources: ['qos'], cpu: ['qos'], memory: ['qos'], request: ['qos'] };
