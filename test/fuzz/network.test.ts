import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import {
  AllowTraffic, DefaultDenyNetworkPolicy, Deployment, Ingress, IngressBackend, IngressPathType, Service, ServiceType, TrafficSource,
} from '../../src';
import { dnsLabel, outcomeOf, params } from '../harness/fuzz';
import { acceptsEvery, annotations, badValue, chartOf, IMAGE, labels, METADATA_FIELDS, refusesEvery, strip, Subject } from '../harness/props';

const dns1035 = fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/);

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
    type: fc.constantFrom(ServiceType.CLUSTER_IP, ServiceType.HEADLESS, ServiceType.NODE_PORT),
    typeGiven: fc.boolean(),
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
      'ports.0.targetPortName', 'ports.0.protocol', 'ports.0.nodePort'],
    props: (chart, s) => ({
      workload: web(chart),
      type: s.typeGiven || s.type !== ServiceType.CLUSTER_IP ? s.type : undefined,
      metadata: s.name === undefined ? undefined : { name: s.name, labels: s.labels },
      ports: s.targets.map((t: number, i: number) => {
        const target = DECLARED[t];
        const p = s.ports[i];
        return strip({
          port: s.numbers[i],
          name: s.targets.length > 1 || p.byName ? `port-${i}` : undefined,
          targetPort: p.byName ? undefined : target.number,
          targetPortName: p.byName ? target.name : undefined,
          protocol: p.protocolGiven || target.protocol !== kplus.Protocol.TCP ? target.protocol : undefined,
          nodePort: s.type === ServiceType.NODE_PORT ? s.nodePorts[i] : undefined,
        });
      }),
    }),
    build: (chart, props) => new Service(chart, 'svc', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  // A headless Service without ports is a ClusterIP one without ports once its type goes.
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: { type: ['ports'] } }));
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
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: { namespace: ['backend'], rules: ['tls'], host: ['tls', 'rules'] } }));
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
    source: fc.constantFrom('workload', 'other-namespace', 'namespace', 'anywhere'),
    ports: fc.subarray([8080, 9102, 5353], { minLength: 1 }),
    egress: fc.option(fc.boolean(), { nil: undefined }),
    name: fc.option(dnsLabel, { nil: undefined }),
  });
  const subject: Subject<any> = {
    spec,
    fields: ['from', 'to', 'ports', 'ports.0', 'egress', 'metadata', 'metadata.name', 'metadata.namespace', 'metadata.labels'],
    props: (chart, s) => {
      const from = s.source === 'workload' ? TrafficSource.workload(web(chart, 'client'))
        : s.source === 'other-namespace' ? TrafficSource.workload(web(new Chart(chart.node.scope!, 'shop', { namespace: 'shop' }), 'client'))
          : s.source === 'namespace' ? TrafficSource.namespace('ingress-nginx') : TrafficSource.anywhere();
      return strip({
        from,
        to: web(chart),
        ports: s.ports,
        egress: s.source.endsWith('namespace') && s.source !== 'other-namespace' || s.source === 'anywhere' ? undefined : s.egress,
        metadata: s.name === undefined ? undefined : { name: s.name },
      });
    },
    build: (chart, props) => new AllowTraffic(chart, 'allow', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));

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
    spec: fc.record({ namespace: dnsLabel, denyEgress: fc.boolean(), allowDns: fc.boolean(), name: dnsLabel }, { requiredKeys: [] })
      .map(s => (s.denyEgress ? s : strip({ ...s, allowDns: s.allowDns === false ? false : undefined }))),
    fields: ['namespace', 'denyEgress', 'allowDns', 'name'],
    build: (chart, props) => new DefaultDenyNetworkPolicy(chart, 'deny', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));
});
