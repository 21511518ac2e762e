import { Chart } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AllowEgress, AllowTraffic, DefaultDenyNetworkPolicy, Deployment, ExternalTrafficPolicy, Ingress, IngressBackend, IngressPathType, Service,
  ServiceType, TrafficDestination, TrafficSource,
} from '../../src';
import { kplus } from '../../src/_plus';
import { dnsLabel, outcomeOf, params } from '../harness/fuzz';
import {
  acceptsEvery, annotations, badValue, chartOf, IMAGE, isPlain, labelKey, labels, labelValue, METADATA_FIELDS, refusesEvery, strip, Subject,
} from '../harness/props';

const dns1035 = fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/);

/** A port name: an IANA service name. */
const portName = fc.stringMatching(/^[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,6})?$/);

/** Labels that select pods: at least one. */
const podLabels = fc.dictionary(labelKey, labelValue, { minKeys: 1, maxKeys: 3 });

/** An address as text: dotted decimal, or eight hexadecimal groups. */
const formatAddress = (value: bigint, bits: number) => (bits === 32
  ? [3n, 2n, 1n, 0n].map(i => String(value / 256n ** i % 256n)).join('.')
  : Array.from({ length: 8 }, (_, i) => (value / 65536n ** BigInt(7 - i) % 65536n).toString(16)).join(':'));

/** The range of that prefix length holding `address`, from its first address. */
function cidrText(address: bigint, prefix: number, bits: number): string {
  const size = 2n ** BigInt(bits - prefix);
  return `${formatAddress(address - address % size, bits)}/${prefix}`;
}

const family = fc.constantFrom(32, 128);
const address = (bits: number) => fc.bigInt({ min: 0n, max: 2n ** BigInt(bits) - 1n });

/** A CIDR starting on its first address, IPv4 or IPv6, a single address included. */
const cidr = family.chain(bits => fc.tuple(address(bits), fc.integer({ min: 0, max: bits })).map(([a, prefix]) => cidrText(a, prefix, bits)));

/** An ipBlock: a CIDR and 0-2 ranges strictly inside it. */
const ipBlock = family.chain(bits => fc.tuple(address(bits), fc.integer({ min: 0, max: bits - 1 })).chain(([a, prefix]) => {
  const inner = fc.tuple(address(bits), fc.integer({ min: prefix + 1, max: bits }))
    .map(([offset, longer]) => cidrText(a - a % 2n ** BigInt(bits - prefix) + offset % 2n ** BigInt(bits - prefix), longer, bits));
  return fc.record({ cidr: fc.constant(cidrText(a, prefix, bits)), except: fc.uniqueArray(inner, { maxLength: 2 }) });
}));

/** The container ports of `web`: number, protocol and name. */
const DECLARED = [
  { number: 8080, protocol: kplus.Protocol.TCP, name: 'http' },
  { number: 9102, protocol: kplus.Protocol.TCP, name: 'metrics' },
  { number: 5353, protocol: kplus.Protocol.UDP, name: 'dns' },
];

/** Our Deployment `web`, serving the DECLARED ports. */
function web(chart: Chart, id = 'web'): Deployment {
  return new Deployment(chart, id, {
    metadata: { name: id },
    containers: [{ name: 'app', image: IMAGE, ports: DECLARED.map(p => ({ ...p })) }],
  });
}

describe('Service', () => {
  const port = fc.record({ byName: fc.boolean(), protocolGiven: fc.boolean() });
  const spec = fc.record({
    type: fc.constantFrom(ServiceType.CLUSTER_IP, ServiceType.HEADLESS, ServiceType.NODE_PORT, ServiceType.LOAD_BALANCER),
    typeGiven: fc.boolean(),
    fixedNodePorts: fc.boolean(),
    sourceRanges: fc.option(fc.array(cidr, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    externalTrafficPolicy: fc.option(fc.constantFrom(ExternalTrafficPolicy.CLUSTER, ExternalTrafficPolicy.LOCAL), { nil: undefined }),
    allocateLoadBalancerNodePorts: fc.option(fc.boolean(), { nil: undefined }),
    targets: fc.subarray([0, 1, 2]),
    numbers: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 3, maxLength: 3 }),
    nodePorts: fc.uniqueArray(fc.integer({ min: 30000, max: 32767 }), { minLength: 3, maxLength: 3 }),
    ports: fc.array(port, { minLength: 3, maxLength: 3 }),
    name: fc.option(dns1035, { nil: undefined }),
    labels,
  }).filter(s => s.targets.length > 0 || s.type === ServiceType.HEADLESS);
  const subject: Subject<any> = {
    spec,
    fields: ['workload', 'type', ...METADATA_FIELDS, 'ports', 'ports.0', 'ports.0.port', 'ports.0.name', 'ports.0.targetPort',
      'ports.0.targetPortName', 'ports.0.protocol', 'ports.0.nodePort', 'loadBalancerSourceRanges', 'loadBalancerSourceRanges.0',
      'externalTrafficPolicy', 'allocateLoadBalancerNodePorts'],
    props: (chart, s) => ({
      workload: web(chart),
      type: s.typeGiven || s.type !== ServiceType.CLUSTER_IP ? s.type : undefined,
      metadata: s.name === undefined ? undefined : { name: s.name, labels: s.labels },
      loadBalancerSourceRanges: s.type === ServiceType.LOAD_BALANCER ? s.sourceRanges : undefined,
      externalTrafficPolicy: s.type === ServiceType.NODE_PORT || s.type === ServiceType.LOAD_BALANCER ? s.externalTrafficPolicy : undefined,
      allocateLoadBalancerNodePorts: s.type === ServiceType.LOAD_BALANCER ? s.allocateLoadBalancerNodePorts : undefined,
      ports: s.targets.map((t: number, i: number) => {
        const target = DECLARED[t];
        const p = s.ports[i];
        return strip({
          port: s.numbers[i],
          name: s.targets.length > 1 || p.byName ? `port-${i}` : undefined,
          targetPort: p.byName ? undefined : target.number,
          targetPortName: p.byName ? target.name : undefined,
          protocol: p.protocolGiven || target.protocol !== kplus.Protocol.TCP ? target.protocol : undefined,
          nodePort: s.type === ServiceType.NODE_PORT || (s.type === ServiceType.LOAD_BALANCER && s.fixedNodePorts) ? s.nodePorts[i] : undefined,
        });
      }),
    }),
    build: (chart, props) => new Service(chart, 'svc', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  // A headless Service without ports is a ClusterIP one without ports once its type goes, and the props of a NodePort or LoadBalancer
  // Service are refused on another type.
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, {
    alsoNamed: { type: ['ports', 'loadBalancerSourceRanges', 'externalTrafficPolicy', 'allocateLoadBalancerNodePorts'] },
  }));
});


/** `web` behind a Service `web` with ports 80 (`http`) and 9102 (`metrics`). */
function webService(chart: Chart): Service {
  return new Service(chart, 'svc', { workload: web(chart), ports: [{ port: 80, name: 'http', targetPort: 8080 }, { port: 9102, name: 'metrics' }] });
}

describe('Ingress', () => {
  const HOSTS = ['tickets.example.com', 'api.example.com', undefined];
  const route = fc.record({
    host: fc.constantFrom(...HOSTS),
    path: fc.constantFrom('/', '/api', '/v1/tickets'),
    pathType: fc.constantFrom(IngressPathType.PREFIX, IngressPathType.EXACT, undefined),
    port: fc.constantFrom<{ port?: number; portName?: string }>({ port: 80 }, { portName: 'metrics' }, { port: 9102 }),
  });
  const spec = fc.record({
    name: fc.option(dnsLabel, { nil: undefined }),
    annotations,
    ingressClassName: fc.option(fc.constantFrom('nginx', 'traefik'), { nil: undefined }),
    routes: fc.uniqueArray(route, { minLength: 1, maxLength: 3, selector: r => `${r.host}${r.path}` }),
    tls: fc.boolean(),
    wildcard: fc.boolean(),
  });
  const subject: Subject<any> = {
    spec,
    fields: [...METADATA_FIELDS, 'ingressClassName', 'rules', 'rules.0', 'rules.0.host', 'rules.0.path', 'rules.0.pathType', 'rules.0.backend',
      'tls', 'tls.0', 'tls.0.secretName', 'tls.0.hosts', 'tls.0.hosts.0'],
    props: (chart, s) => {
      const service = webService(chart);
      const hosts = [...new Set(s.routes.map((r: any) => r.host).filter((h: unknown) => h !== undefined))] as string[];
      return strip({
        metadata: s.name === undefined ? undefined : { name: s.name, annotations: s.annotations },
        ingressClassName: s.ingressClassName,
        rules: s.routes.map((r: any) => strip({ ...r, port: undefined, backend: IngressBackend.fromService(service, r.port) })),
        tls: s.tls && hosts.length > 0 ? [{ secretName: 'tickets-tls', hosts: s.wildcard ? ['*.example.com'] : hosts }] : undefined,
      });
    },
    build: (chart, props) => new Ingress(chart, 'ingress', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  // Another namespace is refused for the backends, which must be in it; other rules or hosts, for the TLS hosts, which they must route,
  // or for a host and path routed twice.
  // a rule's path left to its default ('/') may route a host and path another rule routes: refused for the rules
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: { namespace: ['backend'], rules: ['tls'], host: ['tls', 'rules'], path: ['rules'] } }));
});

describe('IngressBackend', () => {
  test("refuses every invalid argument with the library's error", () => {
    fc.assert(fc.property(fc.constantFrom('fromService', 'fromPlusService'), fc.constantFrom('service', 'options', 'port', 'portName'), badValue, (factory, arg, bad) => {
      const outcome = outcomeOf(app => {
        const chart = chartOf(app);
        const service = factory === 'fromService' ? webService(chart)
          : new kplus.Service(chart, 'plain', { metadata: { name: 'plain' }, ports: [{ port: 80, name: 'http' }] });
        const options = arg === 'options' ? bad : arg === 'port' ? { port: bad } : arg === 'portName' ? { portName: bad } : {};
        const backend = (IngressBackend as any)[factory](arg === 'service' ? bad : service, options);
        new Ingress(chart, 'ingress', { rules: [{ backend }] });
      });
      // Without a port in its options (any object), a backend to a Service of two ports must name one.
      const portless = bad === undefined || (typeof bad === 'object' && bad !== null && !Array.isArray(bad));
      const field = arg === 'service' ? 'backend' : arg === 'options' && portless ? 'port' : arg;
      if (!outcome.ok) expect(outcome.message).toContain(field);
    }), params());
  });
});

describe('AllowTraffic', () => {
  const spec = fc.record({
    source: fc.constantFrom('workload', 'other-namespace', 'namespace', 'pods', 'pods-in-namespace', 'ip-block', 'anywhere'),
    ports: fc.subarray([8080, 9102, 5353]),
    portNames: fc.option(fc.subarray(['http', 'metrics', 'dns'], { minLength: 1 }), { nil: undefined }),
    labels: podLabels,
    block: ipBlock,
    egress: fc.option(fc.boolean(), { nil: undefined }),
    name: fc.option(dnsLabel, { nil: undefined }),
  }).filter(s => s.ports.length > 0 || s.portNames !== undefined);
  const subject: Subject<any> = {
    spec,
    fields: ['from', 'to', 'ports', 'ports.0', 'portNames', 'portNames.0', 'egress', 'metadata', 'metadata.name', 'metadata.namespace', 'metadata.labels'],
    props: (chart, s) => {
      const from = s.source === 'workload' ? TrafficSource.workload(web(chart, 'client'))
        : s.source === 'other-namespace' ? TrafficSource.workload(web(new Chart(chart.node.scope!, 'shop', { namespace: 'shop' }), 'client'))
          : s.source === 'namespace' ? TrafficSource.namespace('ingress-nginx')
            : s.source === 'pods' ? TrafficSource.podsWithLabels(s.labels)
              : s.source === 'pods-in-namespace' ? TrafficSource.podsInNamespace('monitoring', s.labels)
                : s.source === 'ip-block' ? TrafficSource.ipBlock(s.block.cidr, ...(s.block.except.length > 0 ? [s.block.except] : []))
                  : TrafficSource.anywhere();
      return strip({
        from,
        to: web(chart),
        ports: s.ports.length > 0 ? s.ports : undefined,
        portNames: s.portNames,
        // egress only for a workload source
        egress: s.source === 'workload' || s.source === 'other-namespace' ? s.egress : undefined,
        metadata: s.name === undefined ? undefined : { name: s.name },
      });
    },
    build: (chart, props) => new AllowTraffic(chart, 'allow', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));

  test("refuses every invalid argument of a TrafficSource factory with the library's error", () => {
    refusesEveryPeerArgument(TrafficSource, 'from', (chart, from) => new AllowTraffic(chart, 'allow', { from: from as TrafficSource, to: web(chart), ports: [8080] }));
  });

  test("refuses every invalid TrafficSource with the library's error", () => {
    fc.assert(fc.property(fc.constantFrom('workload', 'namespace'), badValue, (factory, bad) => {
      const outcome = outcomeOf(app => {
        const chart = chartOf(app);
        new AllowTraffic(chart, 'allow', { from: (TrafficSource as any)[factory](bad), to: web(chart), ports: [8080] });
      });
      if (!outcome.ok) expect(outcome.message).toContain('from');
    }), params());
  });
});

describe('DefaultDenyNetworkPolicy', () => {
  const subject: Subject<any> = {
    spec: fc.record({
      metadata: fc.record({ name: dnsLabel, namespace: dnsLabel, labels, annotations }, { requiredKeys: [] }),
      denyEgress: fc.boolean(),
      allowDns: fc.boolean(),
    }, { requiredKeys: [] })
      .map(s => (s.denyEgress ? s : strip({ ...s, allowDns: s.allowDns === false ? false : undefined }))),
    fields: [...METADATA_FIELDS, 'denyEgress', 'allowDns'],
    build: (chart, props) => new DefaultDenyNetworkPolicy(chart, 'deny', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));
});

/** The arguments of each factory of TrafficSource and TrafficDestination, valid, and their names. */
const PEER_FACTORIES: { [factory: string]: { args: (chart: Chart) => unknown[]; names: string[] } } = {
  workload: { args: chart => [web(chart, 'peer')], names: ['workload'] },
  namespace: { args: () => ['monitoring'], names: ['name'] },
  podsWithLabels: { args: () => [{ app: 'prometheus' }], names: ['labels'] },
  podsInNamespace: { args: () => ['monitoring', { app: 'prometheus' }], names: ['namespace', 'labels'] },
  ipBlock: { args: () => ['10.0.0.0/8', ['10.1.0.0/16']], names: ['cidr', 'except'] },
};

/**
 * One argument of a factory of `peers` (or, for labels or a list, one item
 * of it) made bad: the rule `use` makes of the peer builds, or is refused
 * naming that argument; a workload or a namespace, which the rule checks,
 * under the rule's own `field`.
 */
function refusesEveryPeerArgument(peers: object, field: string, use: (chart: Chart, peer: unknown) => void): void {
  const factories = Object.keys(PEER_FACTORIES).filter(f => f in peers);
  fc.assert(fc.property(fc.constantFrom(...factories), fc.nat(), fc.boolean(), badValue, (factory, pick, item, bad) => {
    const { args: argsOf, names } = PEER_FACTORIES[factory];
    const position = pick % names.length;
    const outcome = outcomeOf(app => {
      const chart = chartOf(app);
      const args = argsOf(chart);
      const arg = args[position];
      args[position] = !item ? bad : Array.isArray(arg) ? [bad] : isPlain(arg) ? { app: bad } : bad;
      use(chart, (peers as any)[factory](...args));
    });
    const named = factory === 'workload' || factory === 'namespace' ? field : names[position];
    if (!outcome.ok) expect(outcome.message).toMatch(new RegExp(`'${named}\\b`));
  }), params());
}

describe('AllowEgress', () => {
  const spec = fc.record({
    destination: fc.constantFrom('workload', 'other-namespace', 'namespace', 'pods', 'pods-in-namespace', 'cluster', 'ip-block'),
    declaredPorts: fc.subarray([8080, 9102, 5353]),
    declaredNames: fc.subarray(['http', 'metrics', 'dns']),
    ports: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
    portNames: fc.option(fc.uniqueArray(portName, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    protocols: fc.option(fc.subarray([kplus.Protocol.TCP, kplus.Protocol.UDP, kplus.Protocol.SCTP], { minLength: 1 }), { nil: undefined }),
    namespace: dnsLabel,
    labels: podLabels,
    block: ipBlock,
    name: fc.option(dnsLabel, { nil: undefined }),
  });
  const subject: Subject<any> = {
    spec,
    fields: ['from', 'to', 'ports', 'ports.0', 'portNames', 'portNames.0', 'protocols', 'protocols.0', ...METADATA_FIELDS],
    props: (chart, s) => {
      const workload = s.destination === 'workload' ? web(chart)
        : s.destination === 'other-namespace' ? web(new Chart(chart.node.scope!, 'shop', { namespace: 'shop' }), 'db') : undefined;
      const to = workload ? TrafficDestination.workload(workload)
        : s.destination === 'namespace' ? TrafficDestination.namespace(s.namespace)
          : s.destination === 'pods' ? TrafficDestination.podsWithLabels(s.labels)
            : s.destination === 'pods-in-namespace' ? TrafficDestination.podsInNamespace(s.namespace, s.labels)
              : s.destination === 'cluster' ? TrafficDestination.cluster()
                : TrafficDestination.ipBlock(s.block.cidr, ...(s.block.except.length > 0 ? [s.block.except] : []));
      const some = (list: unknown[]) => (list.length > 0 ? list : undefined);
      // a workload's own ports; port names for pods only; protocols for the ports of other destinations
      const ports = workload ? some(s.declaredPorts) : s.ports;
      const portNames = workload ? some(s.declaredNames) : s.destination === 'ip-block' ? undefined : s.portNames;
      return strip({
        from: web(chart, 'client'),
        to,
        ports,
        portNames,
        protocols: workload || (ports === undefined && portNames === undefined) ? undefined : s.protocols,
        metadata: s.name === undefined ? undefined : { name: s.name },
      });
    },
    build: (chart, props) => new AllowEgress(chart, 'egress', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));

  test("refuses every invalid argument of a TrafficDestination factory with the library's error", () => {
    refusesEveryPeerArgument(TrafficDestination, 'to', (chart, to) => new AllowEgress(chart, 'egress', { from: web(chart, 'client'), to: to as TrafficDestination, ports: [443] }));
  });
});
