import { Chart, Testing } from 'cdk8s';
import { Ingress, IngressPathType, IngressProps } from '../../src/network/ingress';
import { IngressBackend } from '../../src/network/ingress-backend';
import { Service } from '../../src/network/service';
import { CqrsPod } from '../../src/pod/cqrs-pod';
import { Deployment } from '../../src/workloads/deployment';
import { find, synth } from '../harness';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const HOST = 'tickets.example.com';
const HOST_RULE = "must be a DNS name (a lowercase DNS-1123 subdomain, optionally starting with the wildcard label '*.', not an IP address, without a port)";
const PATH_RULE = "must be an absolute path starting with '/', without '//', '/./', '/../' or '%2f' and not ending in '/.' or '/..'";
const DNS_SUBDOMAIN = "must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters)";

/** A chart in namespace `ticketing` with `tickets-api` (http 8080, metrics 9102) behind a Service with ports `http` 80 and `metrics` 9102. */
function ticketing(namespace: string | undefined = 'ticketing'): { chart: Chart; service: Service } {
  const chart = new Chart(Testing.app(), 'test', { namespace });
  const api = new Deployment(chart, 'api', {
    metadata: { name: 'tickets-api' },
    containers: [{ name: 'api', image: IMAGE, ports: [{ number: 8080, name: 'http' }, { number: 9102, name: 'metrics' }] }],
  });
  const service = new Service(chart, 'svc', {
    workload: api,
    ports: [{ port: 80, name: 'http', targetPortName: 'http' }, { port: 9102, name: 'metrics' }],
  });
  return { chart, service };
}

/** The rendered Ingress of a ticketing chart with those props. */
function ingressOf(props: (service: Service) => IngressProps): any {
  const { chart, service } = ticketing();
  new Ingress(chart, 'ingress', props(service));
  return find(synth(chart), 'Ingress');
}

describe('Ingress', () => {
  describe('rendering', () => {
    test('routes a host and path to a Service port by name, through an ingress class', () => {
      // WHEN
      const ingress = ingressOf(service => ({
        metadata: { name: 'tickets' },
        ingressClassName: 'nginx',
        rules: [{ host: HOST, path: '/api', backend: IngressBackend.fromService(service, { portName: 'http' }) }],
      }));

      // THEN
      expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
      expect(ingress.metadata).toEqual({ name: 'tickets', namespace: 'ticketing' });
      expect(ingress.spec).toEqual({
        ingressClassName: 'nginx',
        rules: [{
          host: HOST,
          http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'tickets-api', port: { name: 'http' } } } }] },
        }],
      });
    });

    test('routes to a Service port by number', () => {
      // WHEN
      const ingress = ingressOf(service => ({ rules: [{ host: HOST, backend: IngressBackend.fromService(service, { port: 9102 }) }] }));

      // THEN
      expect(ingress.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'tickets-api', port: { number: 9102 } } });
    });

    test("routes to a Service's only port when none is given", () => {
      // GIVEN
      const { chart, service } = ticketing();
      const other = new Service(chart, 'metrics', { workload: service.workload, metadata: { name: 'api-metrics' }, ports: [{ port: 9102 }] });

      // WHEN
      new Ingress(chart, 'ingress', { rules: [{ host: HOST, backend: IngressBackend.fromService(other) }] });

      // THEN
      expect(find(synth(chart), 'Ingress').spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'api-metrics', port: { number: 9102 } } });
    });

    test("matches every path with Prefix '/' and every host when neither is given", () => {
      // WHEN
      const ingress = ingressOf(service => ({ rules: [{ backend: IngressBackend.fromService(service, { portName: 'http' }) }] }));

      // THEN
      expect(ingress.spec.rules).toEqual([{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: expect.anything() }] } }]);
    });

    test('groups the paths of a host in the order they were added, with their path types', () => {
      // GIVEN
      const { chart, service } = ticketing();
      const ingress = new Ingress(chart, 'ingress');

      // WHEN
      ingress.addRule({ host: HOST, path: '/', backend: IngressBackend.fromService(service, { portName: 'http' }) });
      ingress.addRule({ host: 'admin.example.com', path: '/metrics', backend: IngressBackend.fromService(service, { portName: 'metrics' }) });
      ingress.addRule({ host: HOST, path: '/healthz', pathType: IngressPathType.EXACT, backend: IngressBackend.fromService(service, { portName: 'http' }) });

      // THEN
      const rules = find(synth(chart), 'Ingress').spec.rules;
      expect(rules.map((r: any) => [r.host, r.http.paths.map((p: any) => `${p.pathType} ${p.path}`)])).toEqual([
        [HOST, ['Prefix /', 'Exact /healthz']],
        ['admin.example.com', ['Prefix /metrics']],
      ]);
    });

    test('serves TLS for rule hosts from a Secret made outside the app', () => {
      // WHEN
      const ingress = ingressOf(service => ({
        rules: [{ host: HOST, backend: IngressBackend.fromService(service, { portName: 'http' }) }],
        tls: [{ secretName: 'tickets-tls', hosts: [HOST] }],
      }));

      // THEN
      expect(ingress.spec.tls).toEqual([{ hosts: [HOST], secretName: 'tickets-tls' }]);
    });

    test('accepts wildcard hosts, and a wildcard certificate for a host under it', () => {
      // WHEN
      const ingress = ingressOf(service => ({
        rules: [
          { host: '*.tickets.example.com', backend: IngressBackend.fromService(service, { portName: 'http' }) },
          { host: 'eu.example.com', backend: IngressBackend.fromService(service, { portName: 'http' }) },
        ],
        tls: [{ secretName: 'wildcard-tls', hosts: ['*.tickets.example.com', '*.example.com'] }],
      }));

      // THEN
      expect(ingress.spec.rules.map((r: any) => r.host)).toEqual(['*.tickets.example.com', 'eu.example.com']);
      expect(ingress.spec.tls[0].hosts).toEqual(['*.tickets.example.com', '*.example.com']);
    });

    test('routes to a cdk8s-plus Service, such as the ones of a CqrsPod', () => {
      // GIVEN
      const chart = new Chart(Testing.app(), 'test', { namespace: 'ticketing' });
      const orders = new CqrsPod(chart, 'orders', {
        command: { image: 'ghcr.io/cdk8s-patterns/orders-command:2.0.1', port: 8081 },
        query: { image: 'ghcr.io/cdk8s-patterns/orders-query:2.0.1', port: 8082 },
      });

      // WHEN
      new Ingress(chart, 'ingress', {
        rules: [
          { host: HOST, path: '/orders', backend: IngressBackend.fromService(orders.commandService, { portName: 'command' }) },
          { host: HOST, path: '/orders/search', backend: IngressBackend.fromService(orders.queryService) },
        ],
      });

      // THEN
      expect(find(synth(chart), 'Ingress').spec.rules[0].http.paths.map((p: any) => p.backend.service)).toEqual([
        { name: 'orders-command', port: { name: 'command' } },
        { name: 'orders-query', port: { number: 8082 } },
      ]);
    });
  });

  describe('validation', () => {
    test('fails when a rule points at a Service port number that does not exist', () => {
      const { chart, service } = ticketing();
      expect(() => new Ingress(chart, 'ingress', { rules: [{ host: HOST, backend: IngressBackend.fromService(service, { port: 8080 }) }] })).toThrow(new Error(
        `test/ingress: 'rules[${HOST}/].backend.port' must be a port of Service test/svc (80 'http', 9102 'metrics'), the Service's port and not the container port behind it, got 8080`));
    });

    test('fails when a rule points at a Service port name that does not exist', () => {
      const { chart, service } = ticketing();
      expect(() => new Ingress(chart, 'ingress', { rules: [{ path: '/admin', backend: IngressBackend.fromService(service, { portName: 'admin' }) }] })).toThrow(new Error(
        "test/ingress: 'rules[/admin].backend.portName' must name a port of Service test/svc (80 'http', 9102 'metrics'), got 'admin'"));
    });

    test('fails when no port is given for a Service with several', () => {
      const { chart, service } = ticketing();
      expect(() => new Ingress(chart, 'ingress', { rules: [{ host: HOST, backend: IngressBackend.fromService(service) }] })).toThrow(new Error(
        `test/ingress: 'rules[${HOST}/].backend.port' must be given (or 'portName') unless the Service has exactly one port, got none for Service test/svc with ports 80 'http', 9102 'metrics'`));
    });

    test('fails when both port and portName are given', () => {
      const { chart, service } = ticketing();
      expect(() => new Ingress(chart, 'ingress', { rules: [{ host: HOST, backend: IngressBackend.fromService(service, { port: 80, portName: 'http' }) }] })).toThrow(new Error(
        `test/ingress: 'rules[${HOST}/].backend.portName' must not be given with 'port': a backend has one port, got 'http' and 80`));
    });

    test('fails when both port and portName are given, showing a port name with a line break on one line', () => {
      const { chart, service } = ticketing();
      expect(() => new Ingress(chart, 'ingress', { rules: [{ host: HOST, backend: IngressBackend.fromService(service, { port: 80, portName: 'ht\ntp' }) }] })).toThrow(new Error(
        `test/ingress: 'rules[${HOST}/].backend.portName' must not be given with 'port': a backend has one port, got 'ht\\ntp' and 80`));
    });

    test('fails when the Service is in another namespace', () => {
      const { chart, service } = ticketing();
      expect(() => new Ingress(chart, 'ingress', {
        metadata: { namespace: 'edge' },
        rules: [{ host: HOST, backend: IngressBackend.fromService(service, { portName: 'http' }) }],
      })).toThrow(new Error(
        `test/ingress: 'rules[${HOST}/].backend' must be a Service in the namespace of the Ingress ('edge'), as an Ingress routes to Services of its own namespace only, got Service test/svc in 'ticketing'`));
    });

    test('fails when the backend is undefined', () => {
      const { chart } = ticketing();
      expect(() => new Ingress(chart, 'ingress', { rules: [{ host: HOST, backend: undefined as any }] })).toThrow(new Error(
        `test/ingress: 'rules[${HOST}/].backend' must be an IngressBackend (IngressBackend.fromService or .fromPlusService), got undefined`));
    });

    test('fails when a rule is undefined', () => {
      const { chart } = ticketing();
      expect(() => new Ingress(chart, 'ingress').addRule(undefined as any)).toThrow(new Error(
        "test/ingress: 'rules[]' must be an object, got undefined"));
    });

    test('fails when the backend is a Service instead of an IngressBackend', () => {
      const { chart, service } = ticketing();
      expect(() => new Ingress(chart, 'ingress', { rules: [{ host: HOST, backend: service as any }] })).toThrow(new Error(
        `test/ingress: 'rules[${HOST}/].backend' must be an IngressBackend (IngressBackend.fromService or .fromPlusService), got Service test/svc`));
    });

    test('fails when the backend Service is undefined', () => {
      const { chart } = ticketing();
      expect(() => new Ingress(chart, 'ingress', { rules: [{ host: HOST, backend: IngressBackend.fromService(undefined as any) }] })).toThrow(new Error(
        `test/ingress: 'rules[${HOST}/].backend' must be a Service of this library or of cdk8s-plus (IngressBackend.fromService or .fromPlusService), got undefined`));
    });

    test.each(['Tickets.example.com', 'tickets.example.com:443', '10.0.0.1', '*', 'api.*.example.com', 'tickets_api.example.com'])('fails when a rule host is %s', (host) => {
      const { chart, service } = ticketing();
      expect(() => new Ingress(chart, 'ingress', { rules: [{ host, backend: IngressBackend.fromService(service, { portName: 'http' }) }] })).toThrow(new Error(
        `test/ingress: 'rules[].host' ${HOST_RULE}, got '${host}'`));
    });

    test.each(['api', '', '/api//v1', '/a/../b', '/api/.', '/a%2fb'])("fails when a rule path is '%s'", (path) => {
      const { chart, service } = ticketing();
      expect(() => new Ingress(chart, 'ingress', { rules: [{ host: HOST, path, backend: IngressBackend.fromService(service, { portName: 'http' }) }] })).toThrow(new Error(
        `test/ingress: 'rules[].path' ${PATH_RULE}, got '${path}'`));
    });

    test('fails when a host and path are routed twice, whatever the path type', () => {
      // GIVEN
      const { chart, service } = ticketing();
      const ingress = new Ingress(chart, 'ingress', { rules: [{ host: HOST, path: '/api', backend: IngressBackend.fromService(service, { portName: 'http' }) }] });

      // THEN
      expect(() => ingress.addRule({ host: HOST, path: '/api', pathType: IngressPathType.EXACT, backend: IngressBackend.fromService(service, { portName: 'metrics' }) })).toThrow(new Error(
        `test/ingress: 'rules' must route each host and path once, got host '${HOST}' and path '/api' twice: the ingress controller would pick one of the rules`));
    });

    test('fails when a path without host is routed twice', () => {
      const { chart, service } = ticketing();
      const backend = IngressBackend.fromService(service, { portName: 'http' });
      expect(() => new Ingress(chart, 'ingress', { rules: [{ backend }, { path: '/', backend }] })).toThrow(new Error(
        "test/ingress: 'rules' must route each host and path once, got no host and path '/' twice: the ingress controller would pick one of the rules"));
    });

    test('fails when TLS is for a host no rule routes', () => {
      const { chart, service } = ticketing();
      expect(() => new Ingress(chart, 'ingress', {
        rules: [{ host: HOST, backend: IngressBackend.fromService(service, { portName: 'http' }) }],
        tls: [{ secretName: 'tickets-tls', hosts: ['ticket.example.com'] }],
      })).toThrow(new Error(
        `test/ingress: 'tls[tickets-tls].hosts' must be hosts the Ingress has rules for (${HOST}), got 'ticket.example.com': the certificate would be for a host the Ingress does not route`));
    });

    test('fails when TLS is added before any rule', () => {
      const { chart } = ticketing();
      const ingress = new Ingress(chart, 'ingress');
      expect(() => ingress.addTls({ secretName: 'tickets-tls', hosts: [HOST] })).toThrow(new Error(
        `test/ingress: 'tls[tickets-tls].hosts' must be hosts the Ingress has rules for (none yet: add the rules first), got '${HOST}': the certificate would be for a host the Ingress does not route`));
    });

    test('fails when a wildcard certificate would cover a host two labels down', () => {
      const { chart, service } = ticketing();
      expect(() => new Ingress(chart, 'ingress', {
        rules: [{ host: 'eu.tickets.example.com', backend: IngressBackend.fromService(service, { portName: 'http' }) }],
        tls: [{ secretName: 'wildcard-tls', hosts: ['*.example.com'] }],
      })).toThrow(new Error(
        "test/ingress: 'tls[wildcard-tls].hosts' must be hosts the Ingress has rules for (eu.tickets.example.com), got '*.example.com': the certificate would be for a host the Ingress does not route"));
    });

    test('fails when TLS lists no host', () => {
      const { chart, service } = ticketing();
      expect(() => new Ingress(chart, 'ingress', {
        rules: [{ host: HOST, backend: IngressBackend.fromService(service, { portName: 'http' }) }],
        tls: [{ secretName: 'tickets-tls', hosts: [] }],
      })).toThrow(new Error(
        "test/ingress: 'tls[tickets-tls].hosts' must list at least one host the certificate is for, got []"));
    });

    test('fails when a TLS host is not a DNS name', () => {
      const { chart, service } = ticketing();
      expect(() => new Ingress(chart, 'ingress', {
        rules: [{ backend: IngressBackend.fromService(service, { portName: 'http' }) }],
        tls: [{ secretName: 'tickets-tls', hosts: ['Tickets.example.com'] }],
      })).toThrow(new Error(
        `test/ingress: 'tls[tickets-tls].hosts[]' ${HOST_RULE}, got 'Tickets.example.com'`));
    });

    test('fails when the TLS Secret name is not a DNS-1123 subdomain', () => {
      const { chart } = ticketing();
      expect(() => new Ingress(chart, 'ingress', { tls: [{ secretName: 'Tickets_TLS', hosts: [HOST] }] })).toThrow(new Error(
        `test/ingress: 'tls[].secretName' ${DNS_SUBDOMAIN}, got 'Tickets_TLS'`));
    });

    test('fails when the ingress class name is not a DNS-1123 subdomain', () => {
      const { chart } = ticketing();
      expect(() => new Ingress(chart, 'ingress', { ingressClassName: 'NGINX' })).toThrow(new Error(
        `test/ingress: 'ingressClassName' ${DNS_SUBDOMAIN}, got 'NGINX'`));
    });

    test('fails when it has no rule', () => {
      // GIVEN
      const { chart } = ticketing();
      new Ingress(chart, 'ingress');

      // THEN
      expect(() => synth(chart)).toThrow(new Error(
        "test/ingress: 'rules' must list at least one rule, got none: pass 'rules' or call addRule()"));
    });
  });

  test('matches the snapshot of a representative Ingress', () => {
    // GIVEN
    const { chart, service } = ticketing();

    // WHEN
    new Ingress(chart, 'ingress', {
      metadata: { name: 'tickets', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } },
      ingressClassName: 'nginx',
      rules: [
        { host: HOST, path: '/', backend: IngressBackend.fromService(service, { portName: 'http' }) },
        { host: HOST, path: '/metrics', pathType: IngressPathType.EXACT, backend: IngressBackend.fromService(service, { port: 9102 }) },
      ],
      tls: [{ secretName: 'tickets-tls', hosts: [HOST] }],
    });

    // THEN
    expect(find(synth(chart), 'Ingress')).toMatchSnapshot();
  });

  test('fails when tls is not a list (a JavaScript caller)', () => {
    const { chart, service } = ticketing();
    expect(() => new Ingress(chart, 'ingress', { rules: [{ backend: IngressBackend.fromService(service, { port: 80 }) }], tls: 0 as any })).toThrow(new Error(
      "test/ingress: 'tls' must be an array, got 0"));
  });

  test('fails when the options of a backend are null', () => {
    const { chart, service } = ticketing();
    expect(() => new Ingress(chart, 'ingress', { rules: [{ backend: IngressBackend.fromService(service, null as any) }] })).toThrow(new Error(
      "test/ingress: 'rules[/].backend.options' must be an object, got null"));
  });
});
