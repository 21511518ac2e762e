import { Size } from 'cdk8s';
import * as fc from 'fast-check';
import { Adapter, Ambassador, CqrsPod, Deployment, InitContainers, InitStep, QosPreset, ScatterGather, Sidecar } from '../../src';
import { kplus } from '../../src/_plus';
import { harden } from '../harness/fixtures';
import { dnsLabel } from '../harness/fuzz';
import {
  acceptsEvery, annotations, envVariables, IMAGE, isPlain, labels, METADATA_FIELDS, POD_NAMES, qosPreset, refusesEvery, Subject, word,
} from '../harness/props';

const APP_PORT = 8080;
const HELPER_IMAGE = 'fluent/fluent-bit:2.2.2';

/** The pod a pattern joins: this library's Deployment, or a plain cdk8s-plus one, with its main container `app`. */
function podOf(chart: any, plain: boolean): kplus.AbstractPod {
  const containers = [{ name: 'app', image: IMAGE, portNumber: APP_PORT, securityContext: { ensureNonRoot: true } }];
  if (!plain) return new Deployment(chart, 'web', { metadata: { name: 'web' }, containers });
  return harden(new kplus.Deployment(chart, 'web', {
    metadata: { name: 'web' },
    containers: containers.map(c => ({ ...c, securityContext: { ...c.securityContext, capabilities: { drop: ['ALL' as kplus.Capability] } } })),
  }));
}

/** Helper container options: the props every pattern takes. */
const helper = {
  plain: fc.boolean(),
  name: fc.option(dnsLabel.filter(n => n !== 'app'), { nil: undefined }),
  image: fc.constantFrom(HELPER_IMAGE, 'envoyproxy/envoy:v1.27.0'),
  command: fc.option(fc.array(word, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  args: fc.option(fc.array(word, { maxLength: 2 }), { nil: undefined }),
  envVariables: fc.option(envVariables, { nil: undefined }),
  resources: fc.option(fc.record({
    cpu: fc.integer({ min: 1, max: 200 }).map(m => ({ request: kplus.Cpu.millis(m), limit: kplus.Cpu.millis(m + 100) })),
  }), { nil: undefined }),
  securityContext: fc.option(fc.record({ user: fc.integer({ min: 1000, max: 65000 }) }), { nil: undefined }),
  mainContainer: fc.constantFrom(undefined, 'app'),
  writablePaths: fc.option(fc.uniqueArray(fc.constantFrom('/tmp', '/var/cache/helper', '/home/helper/.cache'), { maxLength: 2 }), { nil: undefined }),
  writablePathSizeLimit: fc.option(fc.integer({ min: 1, max: 512 }).map(m => Size.mebibytes(m)), { nil: undefined }),
};
const HELPER_FIELDS = [
  'workload', 'name', 'image', 'command', 'command.0', 'args', 'envVariables', 'envVariables.LOG', 'resources', 'resources.cpu',
  'resources.cpu.request', 'resources.memory', 'securityContext', 'securityContext.user', 'mainContainer',
  'writablePaths', 'writablePaths.0', 'writablePathSizeLimit',
];

describe('Sidecar', () => {
  const subject: Subject<any> = {
    spec: fc.record({
      ...helper,
      mountPath: fc.constantFrom(undefined, '/var/log/app', '/shared'),
      sidecarMountPath: fc.constantFrom(undefined, '/logs'),
      readOnly: fc.option(fc.boolean(), { nil: undefined }),
      sizeLimit: fc.option(fc.integer({ min: 1, max: 1024 }).map(m => Size.mebibytes(m)), { nil: undefined }),
    }),
    fields: [...HELPER_FIELDS, 'mountPath', 'sidecarMountPath', 'readOnly', 'sizeLimit'],
    build: (chart, { plain, workload, ...props }) => new Sidecar(chart, 'log-shipper', { workload: workload ?? podOf(chart, plain), ...props }),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: POD_NAMES }));
});

describe('Adapter', () => {
  const subject: Subject<any> = {
    spec: fc.record({
      ...helper,
      port: fc.option(fc.integer({ min: 1024, max: 65535 }).filter(p => p !== APP_PORT), { nil: undefined }),
      path: fc.constantFrom(undefined, '/metrics', '/prometheus'),
      scrapeAnnotations: fc.option(fc.boolean(), { nil: undefined }),
      sharedMountPath: fc.constantFrom(undefined, '/var/run/app'),
    }),
    fields: [...HELPER_FIELDS, 'port', 'path', 'scrapeAnnotations', 'sharedMountPath'],
    build: (chart, { plain, workload, ...props }) => new Adapter(chart, 'metrics-exporter', { workload: workload ?? podOf(chart, plain), ...props }),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: POD_NAMES }));
});

describe('Ambassador', () => {
  const endpoint = fc.tuple(fc.oneof(dnsLabel, fc.constant('10.0.0.7'), fc.constant('db.prod.svc')), fc.integer({ min: 1, max: 65535 })).map(([h, p]) => `${h}:${p}`);
  const subject: Subject<any> = {
    spec: fc.record({
      ...helper,
      port: fc.integer({ min: 1024, max: 65535 }).filter(p => p !== APP_PORT),
      remoteEndpoints: fc.array(endpoint, { minLength: 1, maxLength: 3 }),
      addressVariable: fc.constantFrom(undefined, 'DB_ADDRESS'),
      remoteEndpointsVariable: fc.constantFrom(undefined, 'UPSTREAMS'),
    }, { requiredKeys: ['plain', 'image', 'port', 'remoteEndpoints'] }),
    fields: [...HELPER_FIELDS, 'port', 'remoteEndpoints', 'remoteEndpoints.0', 'addressVariable', 'remoteEndpointsVariable'],
    build: (chart, { plain, workload, ...props }) => new Ambassador(chart, 'db-proxy', { workload: workload ?? podOf(chart, plain), ...props }),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: POD_NAMES }));
});

describe('CqrsPod', () => {
  const side = (port: number) => fc.record({
    image: fc.constantFrom(IMAGE, 'nginx:1.25.3'),
    port: fc.constant(port),
    command: fc.option(fc.array(word, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    args: fc.option(fc.array(word, { maxLength: 2 }), { nil: undefined }),
    envVariables: fc.option(envVariables, { nil: undefined }),
  }, { requiredKeys: ['image', 'port'] });
  const subject: Subject<any> = {
    spec: fc.uniqueArray(fc.integer({ min: 1024, max: 9999 }), { minLength: 2, maxLength: 2 }).chain(([commandPort, queryPort]) => fc.record({
      command: side(commandPort),
      query: side(queryPort),
      metadata: fc.record({
        name: dnsLabel.filter(n => n.length <= 40),
        namespace: fc.constant('orders'),
        labels,
        annotations,
      }, { requiredKeys: [] }),
      replicas: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
      sharedMountPath: fc.constantFrom(undefined, '/var/lib/orders'),
      sharedVolumeSizeLimit: fc.option(fc.integer({ min: 1, max: 1024 }).map(m => Size.mebibytes(m)), { nil: undefined }),
      qos: qosPreset.filter(q => q === undefined || q.qosClass !== 'BestEffort'),
    }, { requiredKeys: ['command', 'query'] })),
    fields: [
      'command', 'query', 'command.image', 'command.port', 'command.command', 'command.args', 'command.envVariables', 'command.resources',
      'query.image', 'query.port', 'query.envVariables.LOG', ...METADATA_FIELDS, 'replicas', 'sharedMountPath', 'sharedVolumeSizeLimit', 'qos',
      'podSecurityLevel',
    ],
    build: (chart, props) => new CqrsPod(chart, 'orders', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: POD_NAMES }));
});

describe('ScatterGather', () => {
  const side = (port: number, maxReplicas: number) => fc.record({
    image: fc.constantFrom(IMAGE, 'nginx:1.25.3'),
    port: fc.constant(port),
    replicas: fc.option(fc.integer({ min: 1, max: maxReplicas }), { nil: undefined }),
    command: fc.option(fc.array(word, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    args: fc.option(fc.array(word, { maxLength: 2 }), { nil: undefined }),
    envVariables: fc.option(envVariables, { nil: undefined }),
    qos: qosPreset.filter(q => q === undefined || q.qosClass !== 'BestEffort'),
    securityContext: fc.option(fc.record({ user: fc.integer({ min: 1000, max: 65000 }) }), { nil: undefined }),
  }, { requiredKeys: ['image', 'port'] });
  const subject: Subject<any> = {
    spec: fc.uniqueArray(fc.integer({ min: 1024, max: 9999 }), { minLength: 2, maxLength: 2 }).chain(([workerPort, gathererPort]) => fc.record({
      workers: side(workerPort, 6),
      gatherer: side(gathererPort, 3),
      metadata: fc.record({
        // a DNS-1035 label: it names the gatherer's Service; at most 45 characters, for `<name>-worker`
        name: dnsLabel.filter(n => /^[a-z]/.test(n) && n.length <= 45),
        namespace: fc.constant('search'),
        labels,
        annotations,
      }, { requiredKeys: [] }),
      egress: fc.option(fc.boolean(), { nil: undefined }),
    }, { requiredKeys: ['workers', 'gatherer'] })),
    fields: [
      'workers', 'gatherer', 'workers.image', 'workers.port', 'workers.replicas', 'workers.command', 'workers.envVariables',
      'workers.envVariables.LOG', 'workers.qos', 'gatherer.image', 'gatherer.port', 'gatherer.replicas', 'gatherer.args',
      'gatherer.securityContext', ...METADATA_FIELDS, 'egress',
    ],
    build: (chart, props) => new ScatterGather(chart, 'search', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: POD_NAMES }));
});

/** Props with that name, or (a wrong value) as given. */
const named = (name: string, props: unknown): any => (isPlain(props) ? { name, ...props } : props);

describe('InitContainers', () => {
  /** A step: InitStep.run and its container props, or InitStep.waitFor and its options (the steps are named after their place). */
  const step = fc.oneof(
    fc.record({
      factory: fc.constant('run'),
      props: fc.record({ image: fc.constantFrom(IMAGE, 'busybox:1.36.1'), command: fc.array(word, { minLength: 1, maxLength: 2 }), envVariables }, { requiredKeys: ['image'] }),
    }),
    fc.record({
      factory: fc.constant('waitFor'),
      options: fc.record({
        host: fc.oneof(dnsLabel, fc.constant('db.prod.svc.cluster.local')),
        port: fc.integer({ min: 1, max: 65535 }),
        image: fc.constantFrom(undefined, 'busybox:1.36.1'),
        intervalSeconds: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
      }, { requiredKeys: ['host', 'port'] }),
    }),
  );
  const subject: Subject<any> = {
    spec: fc.record({
      plain: fc.boolean(),
      qos: fc.constantFrom(undefined, QosPreset.defaults()),
      steps: fc.array(step, { minLength: 1, maxLength: 3 }),
    }),
    fields: [
      'workload', 'steps', 'steps.0', 'steps.0.props', 'steps.0.props.name', 'steps.0.props.image', 'steps.0.props.command',
      'steps.0.props.envVariables', 'steps.0.options', 'steps.0.options.name', 'steps.0.options.host', 'steps.0.options.port', 'steps.0.options.image',
      'steps.0.options.intervalSeconds', 'steps.1.options.host', 'steps.1.props.image',
    ],
    build: (chart, { plain, workload, steps }) => new InitContainers(chart, 'init', {
      workload: workload ?? podOf(chart, plain),
      // each step named after its place; a wrong value given as the step itself
      steps: Array.isArray(steps) ? steps.map((s: any, i: number) => (s?.factory === 'run' ? InitStep.run(named(`step-${i}`, s.props))
        : s?.factory === 'waitFor' ? InitStep.waitFor(named(`wait-${i}`, s.options)) : s)) : steps,
    }),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  // a step of other props or options is refused for what they lack
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: { props: ['image'], options: ['host', 'port'] } }));
});
