import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { PatternsApp, QosPreset } from '../../src';
import { dnsLabel, outcomeOf, params, wrongValue } from '../harness/fuzz';

/**
 * What the property tests of test/fuzz share: a construct under test is a
 * spec of valid props (and of the arguments of the factories its props are
 * made with), the fields of that spec a caller may get wrong, and how it is
 * built from a spec in a chart.
 */
export interface Subject<S> {
  readonly spec: fc.Arbitrary<S>;
  /** Dotted paths into the spec (`containers.0.image`); an index is only tried when the sample has that item. */
  readonly fields: readonly string[];
  build(chart: Chart, spec: S): void;
}

/**
 * A hostile value, or a generated one of the wrong shape: a random string,
 * an out-of-range number, a value object of cdk8s or cdk8s-plus that renders
 * nonsense (`Size.mebibytes(NaN)`, `Cpu.millis(-100)`, `Duration.millis(1500)`).
 * Without line breaks for now: `show()` (src/_errors.ts) prints them raw,
 * which splits the error line.
 */
export const badValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: wrongValue.filter(v => typeof v !== 'string' || !/[\n\u2028]/.test(v)) },
  fc.string({ maxLength: 70 }),
  fc.integer({ min: -(2 ** 33), max: 2 ** 33 }),
  fc.double(),
  fc.constantFrom<unknown>(
    Size.mebibytes(NaN), Size.kibibytes(1), Size.gibibytes(Infinity), kplus.Cpu.millis(-100), kplus.Cpu.millis(NaN),
    kplus.Cpu.units(Infinity), Duration.millis(1500), Duration.seconds(NaN), Duration.days(30000),
    kplus.EnvValue.fromValue(5 as any), kplus.PercentOrAbsolute.percent(150), QosPreset.bestEffort(),
  ),
);

export const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';

export function chartOf(app: PatternsApp, namespace?: string): Chart {
  return new Chart(app, 'test', { namespace });
}

/** Every valid spec builds, and renders manifests that pass every check. */
export function acceptsEvery<S>(subject: Subject<S>): void {
  fc.assert(fc.property(subject.spec, spec => {
    const outcome = outcomeOf(app => subject.build(chartOf(app), spec));
    if (!outcome.ok) throw new Error(outcome.message);
  }), params());
}

/**
 * A valid spec with one field replaced by a bad value builds (the value
 * happened to be valid) or is refused with the library's error naming that
 * field (or the field holding it); an object or a list put there may be
 * refused for what it lacks, naming one of its own fields.
 */
export function refusesEvery<S>(subject: Subject<S>, bad: fc.Arbitrary<unknown> = badValue): void {
  fc.assert(fc.property(subject.spec, fc.nat(), bad, (spec, pick, value) => {
    const candidates = subject.fields.map(f => f.split('.')).filter(path => reachable(spec, path));
    const field = candidates[pick % candidates.length];
    const outcome = outcomeOf(app => subject.build(chartOf(app), withField(spec, field, value) as S));
    if (!outcome.ok && !isPlain(value) && !Array.isArray(value)) expect(namesField(outcome.message, field)).toBe(outcome.message);
  }), params());
}

/** The message when it names the field (its last key, or the key holding it) in quotes; else a note saying it does not. */
function namesField(message: string, path: string[]): string {
  const keys = path.filter(k => !isIndex(k)).slice(-2);
  const named = keys.some(key => new RegExp(`'[^'\\n]*\\b${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b[^'\\n]*'`).test(message));
  return named ? message : `an error that does not name '${path.join('.')}':\n${message}`;
}

const isIndex = (key: string) => /^\d+$/.test(key);
const isPlain = (v: unknown): v is object => typeof v === 'object' && v !== null && [Object.prototype, null].includes(Object.getPrototypeOf(v));

/** Whether a field can be set: every parent exists, or is a missing plain object (not an array item). */
function reachable(value: unknown, path: string[]): boolean {
  if (path.length <= 1) return true;
  const [head, ...rest] = path;
  const next = Array.isArray(value) || isPlain(value) ? (value as any)[head] : undefined;
  if (next === undefined) return !isIndex(rest[0]) && rest.length === 1 && !Array.isArray(value);
  return (Array.isArray(next) || isPlain(next)) && reachable(next, rest);
}

/** A copy of `value` with the field at `path` set to `replacement`. */
function withField(value: unknown, path: string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy: any = Array.isArray(value) ? [...value] : { ...(isPlain(value) ? value : {}) };
  copy[head] = withField(copy[head], rest, replacement);
  return copy;
}

/** An alphanumeric value that YAML reads back as a string. */
export const word = fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/).filter(w => !/^(y|yes|n|no|on|off|null|true|false)$/.test(w));

const labelKey = fc.oneof(word, fc.tuple(dnsLabel, word).map(([prefix, name]) => `${prefix}.example.com/${name}`));
export const labels = fc.dictionary(labelKey, fc.oneof(fc.constant(''), word), { maxKeys: 2 });

/** Object metadata: a name (of at most `maxName` characters), labels. */
export function metadataOf(maxName = 40): fc.Arbitrary<{ name?: string; labels?: { [key: string]: string } }> {
  return fc.record({ name: dnsLabel.filter(n => n.length <= maxName), labels }, { requiredKeys: [] });
}

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
