import { Chart, Testing } from 'cdk8s';
import { kplus } from '../../src/_plus';
import { AllowEgress, AllowEgressProps, TrafficDestination } from '../../src/network/allow-egress';
import { Deployment } from '../../src/workloads/deployment';
import { StatefulSet } from '../../src/workloads/stateful-set';
import { find, synth } from '../harness';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const NAME_LABEL = 'kubernetes.io/metadata.name';

interface Ticketing {
  readonly chart: Chart;
  readonly api: Deployment;
  readonly db: StatefulSet;
}

/** A chart with `tickets-api` (http 8080) and `tickets-db` (postgres 5432), both in `namespace`. */
function ticketing(namespace = 'ticketing', chart = new Chart(Testing.app(), 'test')): Ticketing {
  const api = new Deployment(chart, 'api', {
    metadata: { name: 'tickets-api', namespace },
    containers: [{ name: 'api', image: IMAGE, ports: [{ number: 8080, name: 'http' }] }],
  });
  const db = new StatefulSet(chart, 'db', {
    metadata: { name: 'tickets-db', namespace },
    containers: [{ name: 'postgres', image: 'postgres:16.1', ports: [{ number: 5432, name: 'postgres' }] }],
  });
  return { chart, api, db };
}

/** The one NetworkPolicy of a ticketing chart with one egress rule of those props. */
function policyOf(props: (t: Ticketing) => AllowEgressProps): any {
  const t = ticketing();
  new AllowEgress(t.chart, 'rule', props(t));
  return find(synth(t.chart), 'NetworkPolicy');
}

describe('AllowEgress', () => {
  describe('rendering', () => {
    test('lets exactly the source pods reach the cluster only: every pod of every namespace, on every port', () => {
      // GIVEN
      const { chart, api } = ticketing();

      // WHEN
      const rule = new AllowEgress(chart, 'in-cluster', { from: api, to: TrafficDestination.cluster() });

      // THEN
      const policy = find(synth(chart), 'NetworkPolicy');
      expect(policy.apiVersion).toBe('networking.k8s.io/v1');
      expect(policy.metadata.namespace).toBe('ticketing');
      expect(policy.spec).toEqual({
        podSelector: { matchLabels: api.matchLabels },
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: {} }] }],
      });
      expect(rule.apiObject.kind).toBe('NetworkPolicy');
    });

    test('lets the source reach an external range on a TCP port', () => {
      // WHEN
      const policy = policyOf(({ api }) => ({ from: api, to: TrafficDestination.ipBlock('203.0.113.0/24'), ports: [443] }));

      // THEN
      expect(policy.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ port: 443, protocol: 'TCP' }] }]);
    });

    test('lets the source reach an IPv6 range except a part of it, on each port over each protocol', () => {
      // WHEN
      const policy = policyOf(({ api }) => ({
        from: api,
        to: TrafficDestination.ipBlock('2001:db8::/32', ['2001:db8:ff::/48']),
        ports: [53, 853],
        protocols: [kplus.Protocol.UDP, kplus.Protocol.TCP],
      }));

      // THEN
      expect(policy.spec.egress).toEqual([{
        to: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:ff::/48'] } }],
        ports: [
          { port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' },
          { port: 853, protocol: 'UDP' }, { port: 853, protocol: 'TCP' },
        ],
      }]);
    });

    test("lets the source reach a workload's pods on ports its containers declare, by number or name", () => {
      // GIVEN
      const { chart, api, db } = ticketing();

      // WHEN
      new AllowEgress(chart, 'rule', { from: api, to: TrafficDestination.workload(db), ports: [5432], portNames: ['postgres'] });

      // THEN
      expect(find(synth(chart), 'NetworkPolicy').spec.egress).toEqual([{
        to: [{ podSelector: { matchLabels: db.matchLabels } }],
        ports: [{ port: 5432, protocol: 'TCP' }, { port: 'postgres', protocol: 'TCP' }],
      }]);
    });

    test('selects a workload destination by its namespace too when it is in another one', () => {
      // GIVEN
      const { chart, api } = ticketing();
      const { db } = ticketing('data', new Chart(chart.node.scope!, 'data'));

      // WHEN
      new AllowEgress(chart, 'rule', { from: api, to: TrafficDestination.workload(db), ports: [5432] });

      // THEN
      expect(find(synth(chart), 'NetworkPolicy').spec.egress[0].to).toEqual([{
        podSelector: { matchLabels: db.matchLabels },
        namespaceSelector: { matchLabels: { [NAME_LABEL]: 'data' } },
      }]);
    });

    test('lets the source reach every pod of a namespace', () => {
      // WHEN
      const policy = policyOf(({ api }) => ({ from: api, to: TrafficDestination.namespace('payments'), ports: [8443] }));

      // THEN
      expect(policy.spec.egress[0].to).toEqual([{ namespaceSelector: { matchLabels: { [NAME_LABEL]: 'payments' } } }]);
    });

    test('lets the source reach pods by label, in its own namespace, on a named port', () => {
      // WHEN
      const policy = policyOf(({ api }) => ({ from: api, to: TrafficDestination.podsWithLabels({ app: 'cache' }), portNames: ['redis'] }));

      // THEN
      expect(policy.spec.egress).toEqual([{ to: [{ podSelector: { matchLabels: { app: 'cache' } } }], ports: [{ port: 'redis', protocol: 'TCP' }] }]);
    });

    test('lets the source reach pods by label in one namespace: a namespace selector AND a pod selector in one peer', () => {
      // WHEN
      const policy = policyOf(({ api }) => ({ from: api, to: TrafficDestination.podsInNamespace('payments', { app: 'gateway' }), ports: [8443] }));

      // THEN
      expect(policy.spec.egress[0].to).toEqual([{
        namespaceSelector: { matchLabels: { [NAME_LABEL]: 'payments' } },
        podSelector: { matchLabels: { app: 'gateway' } },
      }]);
    });

    test('takes a name of its own', () => {
      const policy = policyOf(({ api }) => ({ from: api, to: TrafficDestination.cluster(), metadata: { name: 'api-in-cluster' } }));
      expect(policy.metadata).toEqual({ name: 'api-in-cluster', namespace: 'ticketing' });
    });
  });

  describe('validation', () => {
    test('fails when the destination is not a TrafficDestination', () => {
      const { chart, api, db } = ticketing();
      expect(() => new AllowEgress(chart, 'rule', { from: api, to: db as any })).toThrow(new Error(
        "test/rule: 'to' must be a TrafficDestination (TrafficDestination.workload, .namespace, .podsWithLabels, .podsInNamespace, .cluster or .ipBlock), got StatefulSet test/db"));
    });

    test('fails when the source is not a workload', () => {
      const { chart } = ticketing();
      expect(() => new AllowEgress(chart, 'rule', { from: undefined as any, to: TrafficDestination.cluster() })).toThrow(new Error(
        "test/rule: 'from' must be a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob), got undefined"));
    });

    test('fails when the destination workload is undefined', () => {
      const { chart, api } = ticketing();
      expect(() => new AllowEgress(chart, 'rule', { from: api, to: TrafficDestination.workload(undefined as any) })).toThrow(new Error(
        "test/rule: 'to' must be a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob), got undefined"));
    });

    test('fails when a port is not one the destination workload declares', () => {
      const { chart, api, db } = ticketing();
      expect(() => new AllowEgress(chart, 'rule', { from: api, to: TrafficDestination.workload(db), ports: [5433] })).toThrow(new Error(
        "test/rule: 'ports' must be ports a container of StatefulSet test/db declares (5432/TCP 'postgres'), got 5433"));
    });

    test('fails when a port name is not one the destination workload declares', () => {
      const { chart, api, db } = ticketing();
      expect(() => new AllowEgress(chart, 'rule', { from: api, to: TrafficDestination.workload(db), portNames: ['pg'] })).toThrow(new Error(
        "test/rule: 'portNames' must name ports a container of StatefulSet test/db declares (5432/TCP 'postgres'), got 'pg'"));
    });

    test('fails when protocols are given for a workload destination', () => {
      const { chart, api, db } = ticketing();
      expect(() => new AllowEgress(chart, 'rule', { from: api, to: TrafficDestination.workload(db), ports: [5432], protocols: [kplus.Protocol.TCP] })).toThrow(new Error(
        "test/rule: 'protocols' is only for a destination other than a workload, whose containers declare the protocol of each port, got [\"TCP\"]"));
    });

    test('fails when a protocol is not a Protocol', () => {
      const { chart, api } = ticketing();
      expect(() => new AllowEgress(chart, 'rule', { from: api, to: TrafficDestination.cluster(), ports: [53], protocols: ['udp' as any] })).toThrow(new Error(
        "test/rule: 'protocols[]' must be one of 'TCP', 'UDP', 'SCTP', got 'udp'"));
    });

    test('fails when the protocols are empty', () => {
      const { chart, api } = ticketing();
      expect(() => new AllowEgress(chart, 'rule', { from: api, to: TrafficDestination.cluster(), ports: [53], protocols: [] })).toThrow(new Error(
        "test/rule: 'protocols' must list at least one protocol, got []"));
    });

    test('fails when protocols are given without a port, instead of allowing every port over every protocol', () => {
      const { chart, api } = ticketing();
      expect(() => new AllowEgress(chart, 'rule', { from: api, to: TrafficDestination.cluster(), protocols: [kplus.Protocol.UDP] })).toThrow(new Error(
        "test/rule: 'protocols' must come with 'ports' or 'portNames', whose protocols they are, got [\"UDP\"] and no port; leave it out to allow every port over every protocol"));
    });

    test('fails when port names are given for an ipBlock destination', () => {
      const { chart, api } = ticketing();
      expect(() => new AllowEgress(chart, 'rule', { from: api, to: TrafficDestination.ipBlock('203.0.113.0/24'), portNames: ['https'] })).toThrow(new Error(
        "test/rule: 'portNames' is not for an ipBlock destination: a port name is declared by a pod, and addresses outside the cluster have none, got [\"https\"]; give 'ports'"));
    });

    test('fails when the ports are given but empty, instead of allowing every port', () => {
      const { chart, api } = ticketing();
      expect(() => new AllowEgress(chart, 'rule', { from: api, to: TrafficDestination.ipBlock('203.0.113.0/24'), ports: [] })).toThrow(new Error(
        "test/rule: 'ports' must list at least one port (or 'portNames' one port name) when given, got []; leave out both to allow every port"));
    });

    test('fails when a port is out of range', () => {
      const { chart, api } = ticketing();
      expect(() => new AllowEgress(chart, 'rule', { from: api, to: TrafficDestination.cluster(), ports: [0] })).toThrow(new Error(
        "test/rule: 'ports[]' must be an integer within 1-65535, got 0"));
    });

    test('fails when the destination namespace is not a DNS-1123 label', () => {
      const { chart, api } = ticketing();
      expect(() => new AllowEgress(chart, 'rule', { from: api, to: TrafficDestination.namespace('Payments') })).toThrow(new Error(
        "test/rule: 'to' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'Payments'"));
    });

    test('fails when the destination workload names no namespace and the source is in one', () => {
      // GIVEN
      const { chart, api } = ticketing();
      const cache = new Deployment(new Chart(chart.node.scope!, 'other'), 'cache', { containers: [{ image: IMAGE, ports: [{ number: 6379 }] }] });

      // THEN
      expect(() => new AllowEgress(chart, 'rule', { from: api, to: TrafficDestination.workload(cache), ports: [6379] })).toThrow(new Error(
        "test/rule: 'to' must be in the namespace of 'from' ('ticketing'), or both must name their namespace, got Deployment other/cache in no namespace: "
        + 'an object without a namespace lands in whichever one it is applied to'));
    });

    test("fails when given a namespace other than the source's", () => {
      const { chart, api } = ticketing();
      expect(() => new AllowEgress(chart, 'rule', { from: api, to: TrafficDestination.cluster(), metadata: { namespace: 'other' } })).toThrow(new Error(
        "test/rule: 'metadata.namespace' must be the namespace of Deployment test/api ('ticketing'): a NetworkPolicy applies to pods of its own namespace only, got 'other'"));
    });
  });
});

describe('TrafficDestination', () => {
  test('fails when an external range has address bits set after its prefix', () => {
    expect(() => TrafficDestination.ipBlock('203.0.113.7/24')).toThrow(new Error(
      "TrafficDestination.ipBlock: 'cidr' must have no address bit set after the prefix length, got '203.0.113.7/24'; write '203.0.113.0/24', the first address of the range"));
  });

  test('fails when an exception is outside the range', () => {
    expect(() => TrafficDestination.ipBlock('2001:db8::/32', ['2001:db9::/48'])).toThrow(new Error(
      "TrafficDestination.ipBlock: 'except[0]' must be a range strictly inside 'cidr' '2001:db8::/32' (of the same IP family, with a longer prefix), got '2001:db9::/48'"));
  });

  test('fails when pods are selected by no label', () => {
    expect(() => TrafficDestination.podsInNamespace('payments', {})).toThrow(new Error(
      "TrafficDestination.podsInNamespace: 'labels' must hold at least one label, got {}: an empty selector selects every pod; use TrafficDestination.namespace for every pod of a namespace"));
  });

  test("fails when the pods' namespace is undefined (a JavaScript caller)", () => {
    expect(() => TrafficDestination.podsInNamespace(undefined as any, { app: 'gateway' })).toThrow(new Error(
      "TrafficDestination.podsInNamespace: 'namespace' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got undefined"));
  });
});
