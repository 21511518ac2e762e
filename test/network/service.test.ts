import { Chart, Testing } from 'cdk8s';
import { kplus } from '../../src/_plus';
import { ExternalTrafficPolicy, Service, ServiceProps, ServiceType } from '../../src/network/service';
import { Deployment } from '../../src/workloads/deployment';
import { Job } from '../../src/workloads/job';
import { StatefulSet } from '../../src/workloads/stateful-set';
import { find, newChart, synth } from '../harness';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const PORT_NAME = "must be an IANA service name (at most 15 lowercase letters, digits and single '-', with at least one letter)";
/** One port, 80 to the container's 8080. */
const WEB = [{ port: 80, targetPort: 8080 }];
const DNS1035 = "must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters)";

/** Our Deployment `web` serving `http` on 8080 and `metrics` on 9102. */
function web(chart: Chart, props: ConstructorParameters<typeof Deployment>[2] = {}): Deployment {
  return new Deployment(chart, 'web', {
    metadata: { name: 'web' },
    containers: [{ name: 'app', image: IMAGE, ports: [{ number: 8080, name: 'http' }, { number: 9102, name: 'metrics' }] }],
    ...props,
  });
}

/** A chart with `web` and a Service in front of it. */
function serviceOf(props: Omit<ServiceProps, 'workload'>): { chart: Chart; deployment: Deployment; service: Service } {
  const chart = newChart();
  const deployment = web(chart);
  const service = new Service(chart, 'svc', { workload: deployment, ...props });
  return { chart, deployment, service };
}

describe('Service', () => {
  describe('rendering', () => {
    test("selects exactly the workload's pods, named after it, as a ClusterIP Service by default", () => {
      // GIVEN
      const { chart, deployment } = serviceOf({ ports: [{ port: 80, targetPort: 8080 }] });

      // WHEN
      const manifests = synth(chart);

      // THEN
      const service = find(manifests, 'Service');
      expect(service.metadata).toEqual({ name: 'web' });
      expect(service.spec).toEqual({
        type: 'ClusterIP',
        selector: deployment.matchLabels,
        ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }],
      });
      expect(find(manifests, 'Deployment').spec.template.metadata.labels).toEqual(expect.objectContaining(service.spec.selector));
    });

    test('targets a container port by name', () => {
      // GIVEN
      const { chart } = serviceOf({ ports: [{ port: 80, name: 'http', targetPortName: 'http' }] });

      // WHEN
      const service = find(synth(chart), 'Service');

      // THEN
      expect(service.spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }]);
    });

    test("targets the container port of the Service's own number when no target is given", () => {
      // GIVEN
      const { chart } = serviceOf({ ports: [{ port: 8080 }] });

      // WHEN
      const service = find(synth(chart), 'Service');

      // THEN
      expect(service.spec.ports).toEqual([{ port: 8080, protocol: 'TCP', targetPort: 8080 }]);
    });

    test('renders a headless Service with clusterIP None', () => {
      // GIVEN
      const { chart } = serviceOf({ type: ServiceType.HEADLESS, ports: [{ port: 8080, name: 'http' }] });

      // WHEN
      const service = find(synth(chart), 'Service');

      // THEN
      expect(service.spec.type).toBe('ClusterIP');
      expect(service.spec.clusterIP).toBe('None');
    });

    test('lets a headless Service have no port', () => {
      // GIVEN
      const { chart } = serviceOf({ type: ServiceType.HEADLESS });

      // WHEN
      const service = find(synth(chart), 'Service');

      // THEN
      expect(service.spec).not.toHaveProperty('ports');
    });

    test('renders a NodePort Service on a fixed node port', () => {
      // GIVEN
      const { chart } = serviceOf({ type: ServiceType.NODE_PORT, ports: [{ port: 80, targetPort: 8080, nodePort: 31111 }] });

      // WHEN
      const service = find(synth(chart), 'Service');

      // THEN
      expect(service.spec.type).toBe('NodePort');
      expect(service.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 31111 }]);
    });

    test('renders a LoadBalancer Service that accepts clients from some ranges only', () => {
      // GIVEN
      const { chart } = serviceOf({
        type: ServiceType.LOAD_BALANCER,
        ports: [{ port: 443, targetPortName: 'http' }],
        loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
      });

      // WHEN
      const service = find(synth(chart), 'Service');

      // THEN
      expect(service.spec).toEqual({
        type: 'LoadBalancer',
        loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
        ports: [{ port: 443, protocol: 'TCP', targetPort: 'http' }],
        selector: expect.any(Object),
      });
    });

    test("keeps the client's address with externalTrafficPolicy Local, on a LoadBalancer Service without node ports", () => {
      // GIVEN
      const { chart } = serviceOf({
        type: ServiceType.LOAD_BALANCER,
        ports: [{ port: 80, targetPort: 8080 }],
        externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
        allocateLoadBalancerNodePorts: false,
      });

      // WHEN
      const service = find(synth(chart), 'Service');

      // THEN
      expect(service.spec.externalTrafficPolicy).toBe('Local');
      expect(service.spec.allocateLoadBalancerNodePorts).toBe(false);
    });

    test('takes an externalTrafficPolicy on a NodePort Service', () => {
      // GIVEN
      const { chart } = serviceOf({ type: ServiceType.NODE_PORT, ports: WEB, externalTrafficPolicy: ExternalTrafficPolicy.CLUSTER });

      // WHEN
      const service = find(synth(chart), 'Service');

      // THEN
      expect(service.spec.externalTrafficPolicy).toBe('Cluster');
      expect(service.spec).not.toHaveProperty('allocateLoadBalancerNodePorts');
    });

    test('renders a LoadBalancer Service on a fixed node port', () => {
      // GIVEN
      const { chart } = serviceOf({ type: ServiceType.LOAD_BALANCER, ports: [{ port: 80, targetPort: 8080, nodePort: 31111 }] });

      // WHEN
      const service = find(synth(chart), 'Service');

      // THEN
      expect(service.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 31111 }]);
      expect(service.spec).not.toHaveProperty('externalTrafficPolicy');
      expect(service.spec).not.toHaveProperty('loadBalancerSourceRanges');
    });

    test('lets Kubernetes allocate the node port when none is given', () => {
      // GIVEN
      const { chart } = serviceOf({ type: ServiceType.NODE_PORT, ports: [{ port: 80, targetPort: 8080 }] });

      // WHEN
      const service = find(synth(chart), 'Service');

      // THEN
      expect(service.spec.ports[0]).not.toHaveProperty('nodePort');
    });

    test('adds ports with addPort and lists them with their protocol', () => {
      // GIVEN
      const { chart, service } = serviceOf({ ports: [{ port: 80, name: 'http', targetPortName: 'http' }] });

      // WHEN
      service.addPort({ port: 9102, name: 'metrics' });

      // THEN
      expect(service.ports).toEqual([
        { port: 80, name: 'http', targetPortName: 'http', protocol: kplus.Protocol.TCP },
        { port: 9102, name: 'metrics', protocol: kplus.Protocol.TCP },
      ]);
      expect(find(synth(chart), 'Service').spec.ports.map((p: any) => p.name)).toEqual(['http', 'metrics']);
    });

    test('a UDP port targets a UDP container port', () => {
      // GIVEN
      const chart = newChart();
      const dns = new Deployment(chart, 'dns', { containers: [{ image: IMAGE, ports: [{ number: 5353, name: 'dns', protocol: kplus.Protocol.UDP }] }] });

      // WHEN
      new Service(chart, 'svc', { workload: dns, ports: [{ port: 53, targetPortName: 'dns', protocol: kplus.Protocol.UDP }] });

      // THEN
      expect(find(synth(chart), 'Service').spec.ports).toEqual([{ port: 53, protocol: 'UDP', targetPort: 'dns' }]);
    });

    test("is in the workload's namespace, and takes a name of its own", () => {
      // GIVEN
      const chart = new Chart(Testing.app(), 'test', { namespace: 'ticketing' });
      const deployment = web(chart);

      // WHEN
      const service = new Service(chart, 'svc', { workload: deployment, metadata: { name: 'web-public' }, ports: [{ port: 8080 }] });

      // THEN
      expect(service.name).toBe('web-public');
      expect(service.namespace).toBe('ticketing');
      expect(find(synth(chart), 'Service').metadata).toEqual({ name: 'web-public', namespace: 'ticketing' });
    });

    test('picks up labels the workload selects after the Service was made', () => {
      // GIVEN
      const { chart, deployment } = serviceOf({ ports: [{ port: 8080 }] });

      // WHEN
      deployment.select(kplus.LabelSelector.of({ labels: { tier: 'web' } }));

      // THEN
      expect(find(synth(chart), 'Service').spec.selector).toEqual(expect.objectContaining({ tier: 'web' }));
    });

    test('selects the pods of a workload without a selector, such as a Job, by the label cdk8s-plus gives them', () => {
      // GIVEN
      const chart = newChart();
      const job = new Job(chart, 'workers', { containers: [{ image: IMAGE, ports: [{ number: 8080, name: 'http' }] }] });

      // WHEN
      new Service(chart, 'svc', { workload: job, type: ServiceType.HEADLESS, ports: [{ port: 8080, name: 'http' }] });

      // THEN
      const manifests = synth(chart);
      const selector = find(manifests, 'Service').spec.selector;
      expect(selector).toEqual({ 'cdk8s.io/metadata.addr': expect.any(String) });
      expect(find(manifests, 'Job').spec.template.metadata.labels).toEqual(expect.objectContaining(selector));
    });

    test('fronts a StatefulSet beside its governing headless Service', () => {
      // GIVEN
      const chart = newChart();
      const db = new StatefulSet(chart, 'db', {
        metadata: { name: 'db' },
        containers: [{ name: 'postgres', image: 'postgres:16.1', ports: [{ number: 5432, name: 'postgres' }] }],
      });

      // WHEN
      new Service(chart, 'svc', { workload: db, metadata: { name: 'db-rw' }, ports: [{ port: 5432, targetPortName: 'postgres' }] });

      // THEN
      const manifests = synth(chart);
      expect(find(manifests, 'Service', 'db-rw').spec.selector).toEqual(db.matchLabels);
      expect(find(manifests, 'Service', 'db').spec.clusterIP).toBe('None');
    });
  });

  describe('validation', () => {
    test.each([80, 40000])('fails when nodePort is %d', (nodePort) => {
      expect(() => serviceOf({ type: ServiceType.NODE_PORT, ports: [{ port: 80, targetPort: 8080, nodePort }] })).toThrow(new Error(
        `test/svc: 'ports[80].nodePort' must be an integer within 30000-32767, got ${nodePort}`));
    });

    test.each([
      [ServiceType.CLUSTER_IP, 'ClusterIP'],
      [ServiceType.HEADLESS, 'headless'],
    ])('fails when a %s Service asks for a node port', (type, shown) => {
      expect(() => serviceOf({ type, ports: [{ port: 80, targetPort: 8080, nodePort: 31111 }] })).toThrow(new Error(
        `test/svc: 'ports[80].nodePort' is only allowed on a NodePort or LoadBalancer Service, got 31111 on a ${shown} Service`));
    });

    test('fails when a ClusterIP Service asks for a node port given as text, shown on one line', () => {
      expect(() => serviceOf({ ports: [{ port: 80, targetPort: 8080, nodePort: '31111\nx' as any }] })).toThrow(new Error(
        "test/svc: 'ports[80].nodePort' is only allowed on a NodePort or LoadBalancer Service, got '31111\\nx' on a ClusterIP Service"));
    });

    test('fails when two ports of the Service ask for one node port', () => {
      expect(() => serviceOf({
        type: ServiceType.NODE_PORT,
        ports: [{ port: 80, name: 'http', targetPort: 8080, nodePort: 31111 }, { port: 9102, name: 'metrics', nodePort: 31111 }],
      })).toThrow(new Error(
        "test/svc: 'ports[9102].nodePort' must be unique within the Service, got 31111 which port 80 already uses"));
    });

    test('fails when two Services in two charts of one app ask for the same node port', () => {
      // GIVEN
      const app = Testing.app();
      const a = new Chart(app, 'a');
      const b = new Chart(app, 'b');
      new Service(a, 'svc', { workload: web(a), type: ServiceType.NODE_PORT, ports: [{ port: 80, targetPort: 8080, nodePort: 31111 }] });
      new Service(b, 'svc', { workload: web(b), type: ServiceType.NODE_PORT, ports: [{ port: 8080, nodePort: 31111 }] });

      // THEN (a plain cdk8s App stops at the first construct with problems)
      expect(() => synth(app)).toThrow(new Error(
        "a/svc: 'ports[80].nodePort' must be unique in the app, as a node port opens on every node for one Service only, got 31111 which Service b/svc also uses"));
    });

    test('fails when a LoadBalancer Service and a NodePort Service of the app ask for the same node port', () => {
      // GIVEN
      const { chart, deployment } = serviceOf({ type: ServiceType.LOAD_BALANCER, ports: [{ port: 80, targetPort: 8080, nodePort: 31111 }] });
      new Service(chart, 'admin', { workload: deployment, type: ServiceType.NODE_PORT, metadata: { name: 'admin' }, ports: [{ port: 9102, nodePort: 31111 }] });

      // THEN
      expect(() => synth(chart)).toThrow(new Error(
        "test/svc: 'ports[80].nodePort' must be unique in the app, as a node port opens on every node for one Service only, got 31111 which Service test/admin also uses"));
    });

    test('fails when a LoadBalancer Service asks for a node port out of range', () => {
      expect(() => serviceOf({ type: ServiceType.LOAD_BALANCER, ports: [{ port: 80, targetPort: 8080, nodePort: 443 }] })).toThrow(new Error(
        "test/svc: 'ports[80].nodePort' must be an integer within 30000-32767, got 443"));
    });

    test.each([
      [ServiceType.NODE_PORT, 'NodePort'],
      [ServiceType.CLUSTER_IP, 'ClusterIP'],
    ])('fails when a %s Service has source ranges', (type, shown) => {
      expect(() => serviceOf({ type, ports: WEB, loadBalancerSourceRanges: ['10.0.0.0/8'] })).toThrow(new Error(
        `test/svc: 'loadBalancerSourceRanges' is only allowed on a LoadBalancer Service, got ["10.0.0.0/8"] on a ${shown} Service`));
    });

    test('fails when a source range has address bits set after its prefix', () => {
      expect(() => serviceOf({ type: ServiceType.LOAD_BALANCER, ports: WEB, loadBalancerSourceRanges: ['10.0.0.0/8', '203.0.113.7/24'] })).toThrow(new Error(
        "test/svc: 'loadBalancerSourceRanges[1]' must have no address bit set after the prefix length, got '203.0.113.7/24'; write '203.0.113.0/24', the first address of the range"));
    });

    test('fails when a source range is not a CIDR', () => {
      expect(() => serviceOf({ type: ServiceType.LOAD_BALANCER, ports: WEB, loadBalancerSourceRanges: ['203.0.113.7'] })).toThrow(new Error(
        "test/svc: 'loadBalancerSourceRanges[0]' must be a CIDR: an IPv4 or IPv6 address and a prefix length, such as '10.0.0.0/8' or '2001:db8::/32', got '203.0.113.7'"));
    });

    test('fails when the source ranges are empty, instead of accepting any address', () => {
      expect(() => serviceOf({ type: ServiceType.LOAD_BALANCER, ports: WEB, loadBalancerSourceRanges: [] })).toThrow(new Error(
        "test/svc: 'loadBalancerSourceRanges' must list at least one CIDR when given, got []; leave it out to accept clients from any address"));
    });

    test('fails when the source ranges are not an array (a JavaScript caller)', () => {
      expect(() => serviceOf({ type: ServiceType.LOAD_BALANCER, ports: WEB, loadBalancerSourceRanges: '10.0.0.0/8' as any })).toThrow(new Error(
        "test/svc: 'loadBalancerSourceRanges' must be an array, got '10.0.0.0/8'"));
    });

    test.each([
      [ServiceType.CLUSTER_IP, 'ClusterIP'],
      [ServiceType.HEADLESS, 'headless'],
    ])('fails when a %s Service has an externalTrafficPolicy', (type, shown) => {
      expect(() => serviceOf({ type, ports: WEB, externalTrafficPolicy: ExternalTrafficPolicy.LOCAL })).toThrow(new Error(
        `test/svc: 'externalTrafficPolicy' is only allowed on a NodePort or LoadBalancer Service, got 'Local' on a ${shown} Service`));
    });

    test('fails when the externalTrafficPolicy is not an ExternalTrafficPolicy (a JavaScript caller)', () => {
      expect(() => serviceOf({ type: ServiceType.NODE_PORT, ports: WEB, externalTrafficPolicy: 'local' as any })).toThrow(new Error(
        "test/svc: 'externalTrafficPolicy' must be one of 'Cluster', 'Local', got 'local'"));
    });

    test('fails when a NodePort Service sets allocateLoadBalancerNodePorts', () => {
      expect(() => serviceOf({ type: ServiceType.NODE_PORT, ports: WEB, allocateLoadBalancerNodePorts: false })).toThrow(new Error(
        "test/svc: 'allocateLoadBalancerNodePorts' is only allowed on a LoadBalancer Service, got false on a NodePort Service"));
    });

    test('fails when allocateLoadBalancerNodePorts is not a boolean (a JavaScript caller)', () => {
      expect(() => serviceOf({ type: ServiceType.LOAD_BALANCER, ports: WEB, allocateLoadBalancerNodePorts: 'no' as any })).toThrow(new Error(
        "test/svc: 'allocateLoadBalancerNodePorts' must be a boolean, got 'no'"));
    });

    test('fails when a cdk8s-plus Service of the app asks for the same node port', () => {
      // GIVEN
      const { chart } = serviceOf({ type: ServiceType.NODE_PORT, ports: [{ port: 80, targetPort: 8080, nodePort: 31111 }] });
      new kplus.Service(chart, 'legacy', { type: kplus.ServiceType.NODE_PORT, ports: [{ port: 80, nodePort: 31111 }] });

      // THEN
      expect(() => synth(chart)).toThrow(new Error(
        "test/svc: 'ports[80].nodePort' must be unique in the app, as a node port opens on every node for one Service only, got 31111 which Service test/legacy also uses"));
    });

    test('fails when the target port is a port no container declares', () => {
      expect(() => serviceOf({ ports: [{ port: 80, targetPort: 8081 }] })).toThrow(new Error(
        "test/svc: 'ports[80].targetPort' must be a TCP port a container of Deployment test/web declares (8080/TCP 'http', 9102/TCP 'metrics'), got 8081"));
    });

    test('fails when the port, as the default target, is a port no container declares', () => {
      expect(() => serviceOf({ ports: [{ port: 80 }] })).toThrow(new Error(
        "test/svc: 'ports[80].targetPort' must be a TCP port a container of Deployment test/web declares (8080/TCP 'http', 9102/TCP 'metrics'), "
        + "got 80 (from 'port', as no 'targetPort' or 'targetPortName' was given)"));
    });

    test('fails when the target port name is a port no container declares', () => {
      expect(() => serviceOf({ ports: [{ port: 80, targetPortName: 'admin' }] })).toThrow(new Error(
        "test/svc: 'ports[80].targetPortName' must name a TCP port a container of Deployment test/web declares (8080/TCP 'http', 9102/TCP 'metrics'), got 'admin'"));
    });

    test('fails when the target container port has another protocol', () => {
      expect(() => serviceOf({ ports: [{ port: 8080, protocol: kplus.Protocol.UDP }] })).toThrow(new Error(
        "test/svc: 'ports[8080].targetPort' must be a UDP port a container of Deployment test/web declares (8080/TCP 'http', 9102/TCP 'metrics'), "
        + "got 8080 (from 'port', as no 'targetPort' or 'targetPortName' was given), which the container declares as TCP: set 'protocol' to TCP"));
    });

    test('fails when the target port name is declared with another protocol, naming the protocol', () => {
      expect(() => serviceOf({ ports: [{ port: 53, targetPortName: 'metrics', protocol: kplus.Protocol.UDP }] })).toThrow(new Error(
        "test/svc: 'ports[53].targetPortName' must name a UDP port a container of Deployment test/web declares (8080/TCP 'http', 9102/TCP 'metrics'), "
        + "got 'metrics', which the container declares as TCP: set 'protocol' to TCP"));
    });

    test('fails when both targetPort and targetPortName are given', () => {
      expect(() => serviceOf({ ports: [{ port: 80, targetPort: 8080, targetPortName: 'http' }] })).toThrow(new Error(
        "test/svc: 'ports[80].targetPortName' must not be given with 'targetPort': a port has one target, got 'http' and 8080"));
    });

    test('fails when both targets are given, showing a target port name with a line break on one line', () => {
      expect(() => serviceOf({ ports: [{ port: 80, targetPort: 8080, targetPortName: 'ht\ntp' }] })).toThrow(new Error(
        "test/svc: 'ports[80].targetPortName' must not be given with 'targetPort': a port has one target, got 'ht\\ntp' and 8080"));
    });

    test('fails when a Service with two ports leaves one unnamed', () => {
      expect(() => serviceOf({ ports: [{ port: 80, targetPort: 8080 }, { port: 9102, name: 'metrics' }] })).toThrow(new Error(
        "test/svc: 'ports[80].name' must be given when the Service has more than one port (clients and Ingresses tell them apart by name), got none"));
    });

    test('fails when two ports share a name', () => {
      expect(() => serviceOf({ ports: [{ port: 80, name: 'http', targetPort: 8080 }, { port: 9102, name: 'http' }] })).toThrow(new Error(
        "test/svc: 'ports[9102].name' must be unique within the Service, got 'http' which port 80 already uses"));
    });

    test('fails when a port is listed twice', () => {
      expect(() => serviceOf({ ports: [{ port: 8080, name: 'http' }, { port: 8080, name: 'web' }] })).toThrow(new Error(
        "test/svc: 'ports[].port' must be unique per protocol within the Service, got 8080/TCP twice"));
    });

    test('fails when a port is out of range', () => {
      expect(() => serviceOf({ ports: [{ port: 0 }] })).toThrow(new Error(
        "test/svc: 'ports[].port' must be an integer within 1-65535, got 0"));
    });

    test.each(['HTTP', 'http_alt', 'very-long-port-name'])('fails when a port is named %s', (name) => {
      expect(() => serviceOf({ ports: [{ port: 8080, name }] })).toThrow(new Error(
        `test/svc: 'ports[8080].name' ${PORT_NAME}, got '${name}'`));
    });

    test.each(['1web', 'Web', 'web.public'])('fails when the Service is named %s', (name) => {
      expect(() => serviceOf({ metadata: { name }, ports: [{ port: 8080 }] })).toThrow(new Error(
        `test/svc: 'metadata.name' ${DNS1035}, got '${name}'`));
    });

    test("fails when the workload's name, taken as the Service's, is not a DNS-1035 label", () => {
      // GIVEN
      const chart = newChart();
      const deployment = web(chart, { metadata: { name: 'web.v2' } });

      // THEN
      expect(() => new Service(chart, 'svc', { workload: deployment, ports: [{ port: 8080 }] })).toThrow(new Error(
        `test/svc: 'metadata.name' ${DNS1035}, got 'web.v2' (the workload's name): give the Service a 'metadata.name' of its own`));
    });

    test('fails when the workload is undefined', () => {
      expect(() => new Service(newChart(), 'svc', { workload: undefined as any })).toThrow(new Error(
        "test/svc: 'workload' must be a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob), got undefined"));
    });

    test('fails when the workload is a bare Pod', () => {
      // GIVEN
      const chart = newChart();
      const pod = new kplus.Pod(chart, 'pod', { containers: [{ image: IMAGE }] });

      // THEN
      expect(() => new Service(chart, 'svc', { workload: pod as any })).toThrow(new Error(
        "test/svc: 'workload' must be a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob), got Pod test/pod"));
    });

    test("fails when given a namespace other than the workload's", () => {
      expect(() => serviceOf({ metadata: { namespace: 'other' }, ports: [{ port: 8080 }] })).toThrow(new Error(
        "test/svc: 'metadata.namespace' must be the namespace of Deployment test/web (none): a Service selects pods of its own namespace only, got 'other'"));
    });

    test("fails when named after a StatefulSet's governing Service", () => {
      // GIVEN
      const chart = newChart();
      const db = new StatefulSet(chart, 'db', {
        metadata: { name: 'db' },
        containers: [{ name: 'postgres', image: 'postgres:16.1', ports: [{ number: 5432, name: 'postgres' }] }],
      });

      // THEN
      expect(() => new Service(chart, 'svc', { workload: db, ports: [{ port: 5432 }] })).toThrow(new Error(
        "test/svc: 'metadata.name' must differ from the name of the governing Service of StatefulSet test/db, got 'db': "
        + 'two Services of one name in one namespace replace each other when applied'));
    });

    test('fails when a ClusterIP Service has no port', () => {
      // GIVEN
      const { chart } = serviceOf({});

      // THEN
      expect(() => synth(chart)).toThrow(new Error(
        "test/svc: 'ports' must list at least one port for a ClusterIP Service, got none: pass 'ports' or call addPort()"));
    });

    test('fails when the workload selects its pods by expression', () => {
      // GIVEN
      const { chart, deployment } = serviceOf({ ports: [{ port: 8080 }] });

      // WHEN
      deployment.select(kplus.LabelSelector.of({ expressions: [kplus.LabelExpression.in('tier', ['web'])] }));

      // THEN
      expect(() => synth(chart)).toThrow(new Error(
        "test/svc: 'workload' must select its pods by matchLabels only, got Deployment test/web with matchExpressions: "
        + 'a Service selects by labels only, so it would reach pods the workload does not own'));
    });
  });

  test('matches the snapshot of a representative NodePort Service', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'ticketing', { namespace: 'ticketing' });
    const api = web(chart);

    // WHEN
    new Service(chart, 'api-public', {
      workload: api,
      type: ServiceType.NODE_PORT,
      metadata: { name: 'tickets-api' },
      ports: [
        { port: 80, name: 'http', targetPortName: 'http', nodePort: 31111 },
        { port: 9102, name: 'metrics' },
      ],
    });

    // THEN
    expect(synth(chart).filter(m => m.kind === 'Service')).toMatchSnapshot();
  });

  test('fails when the type is not a ServiceType (a JavaScript caller)', () => {
    expect(() => serviceOf({ type: 'Foo' as ServiceType, ports: [{ port: 80, targetPort: 8080 }] })).toThrow(new Error(
      "test/svc: 'type' must be one of 'ClusterIP', 'Headless', 'NodePort', 'LoadBalancer', got 'Foo'"));
  });

  test('fails when a protocol is not a Protocol', () => {
    expect(() => serviceOf({ ports: [{ port: 80, targetPort: 8080, protocol: 'HTTP' as kplus.Protocol }] })).toThrow(new Error(
      "test/svc: 'ports[80].protocol' must be one of 'TCP', 'UDP', 'SCTP', got 'HTTP'"));
  });

  test('fails when the target port is null, instead of targeting the port', () => {
    expect(() => serviceOf({ ports: [{ port: 8080, targetPort: null as any }] })).toThrow(new Error(
      "test/svc: 'ports[8080].targetPort' must be an integer within 1-65535, got null"));
  });
});
