import { Chart, Cron } from 'cdk8s';
import { kplus } from '../../src/_plus';
import { AllowTraffic, AllowTrafficProps, TrafficSource } from '../../src/network/allow-traffic';
import { DefaultDenyNetworkPolicy } from '../../src/network/default-deny-network-policy';
import { CronJob } from '../../src/workloads/cron-job';
import { Deployment } from '../../src/workloads/deployment';
import { StatefulSet } from '../../src/workloads/stateful-set';
import { find, synth, testApp } from '../harness';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const NAME_LABEL = 'kubernetes.io/metadata.name';

interface Ticketing {
  readonly chart: Chart;
  readonly api: Deployment;
  readonly db: StatefulSet;
}

/** A chart with `tickets-api` (http 8080) and `tickets-db` (postgres 5432), both in `namespace`. */
function ticketing(namespace = 'ticketing', chart = new Chart(testApp(), 'test')): Ticketing {
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

/** The NetworkPolicies of a ticketing chart with one rule of those props. */
function policiesOf(props: (t: Ticketing) => AllowTrafficProps): any[] {
  const t = ticketing();
  new AllowTraffic(t.chart, 'rule', props(t));
  return synth(t.chart).filter(m => m.kind === 'NetworkPolicy');
}

describe('AllowTraffic', () => {
  describe('rendering', () => {
    test('only tickets-api may reach tickets-db on 5432: a policy on exactly the db pods', () => {
      // GIVEN
      const { chart, api, db } = ticketing();

      // WHEN
      const rule = new AllowTraffic(chart, 'api-to-db', { from: TrafficSource.workload(api), to: db, ports: [5432] });

      // THEN
      const manifests = synth(chart);
      const policy = find(manifests, 'NetworkPolicy');
      expect(policy.apiVersion).toBe('networking.k8s.io/v1');
      expect(policy.metadata.namespace).toBe('ticketing');
      expect(policy.spec).toEqual({
        podSelector: { matchLabels: db.matchLabels },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: api.matchLabels } }], ports: [{ port: 5432, protocol: 'TCP' }] }],
      });
      expect(find(manifests, 'StatefulSet').spec.template.metadata.labels).toEqual(expect.objectContaining(db.matchLabels));
      expect(rule.egressPolicy).toBeUndefined();
    });

    test('selects the source by its namespace too when it is in another one', () => {
      // GIVEN
      const { chart, db } = ticketing();
      const { api } = ticketing('frontend', new Chart(chart.node.scope!, 'frontend'));

      // WHEN
      new AllowTraffic(chart, 'rule', { from: TrafficSource.workload(api), to: db, ports: [5432] });

      // THEN
      const policy = find(synth(chart), 'NetworkPolicy');
      expect(policy.spec.ingress[0].from).toEqual([{
        podSelector: { matchLabels: api.matchLabels },
        namespaceSelector: { matchLabels: { [NAME_LABEL]: 'frontend' } },
      }]);
    });

    test("allows every pod of a namespace, such as the ingress controller's", () => {
      // WHEN
      const [policy] = policiesOf(({ api }) => ({ from: TrafficSource.namespace('ingress-nginx'), to: api, ports: [8080] }));

      // THEN
      expect(policy.spec.ingress).toEqual([{
        from: [{ namespaceSelector: { matchLabels: { [NAME_LABEL]: 'ingress-nginx' } } }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      }]);
    });

    test('allows any source on the ports, for the pods behind a NodePort Service', () => {
      // WHEN
      const [policy] = policiesOf(({ api }) => ({ from: TrafficSource.anywhere(), to: api, ports: [8080] }));

      // THEN
      expect(policy.spec.ingress).toEqual([{ ports: [{ port: 8080, protocol: 'TCP' }] }]);
    });

    test("allows a CronJob's pods, selected by the label cdk8s-plus gives them", () => {
      // GIVEN
      const { chart, db } = ticketing();
      const release = new CronJob(chart, 'release', {
        metadata: { name: 'seat-release', namespace: 'ticketing' },
        schedule: Cron.schedule({ minute: '*/5' }),
        containers: [{ image: IMAGE }],
      });

      // WHEN
      new AllowTraffic(chart, 'rule', { from: TrafficSource.workload(release), to: db, ports: [5432] });

      // THEN
      const manifests = synth(chart);
      const [peer] = find(manifests, 'NetworkPolicy').spec.ingress[0].from;
      expect(peer).toEqual({ podSelector: { matchLabels: { 'cdk8s.io/metadata.addr': expect.any(String) } } });
      expect(find(manifests, 'CronJob').spec.jobTemplate.spec.template.metadata.labels).toEqual(expect.objectContaining(peer.podSelector.matchLabels));
    });

    test('allows each protocol the target declares a port for', () => {
      // GIVEN
      const chart = new Chart(testApp(), 'test');
      const dns = new Deployment(chart, 'dns', {
        containers: [{ image: IMAGE, ports: [{ number: 5353, name: 'dns-udp', protocol: kplus.Protocol.UDP }, { number: 5353, name: 'dns-tcp' }] }],
      });

      // WHEN
      new AllowTraffic(chart, 'rule', { from: TrafficSource.anywhere(), to: dns, ports: [5353] });

      // THEN
      expect(find(synth(chart), 'NetworkPolicy').spec.ingress[0].ports).toEqual([{ port: 5353, protocol: 'UDP' }, { port: 5353, protocol: 'TCP' }]);
    });

    test("also allows the source's egress when a default-deny denies egress in its namespace", () => {
      // GIVEN
      const { chart, api, db } = ticketing();
      new DefaultDenyNetworkPolicy(chart, 'deny', { metadata: { namespace: 'ticketing' }, denyEgress: true });

      // WHEN
      const rule = new AllowTraffic(chart, 'api-to-db', { from: TrafficSource.workload(api), to: db, ports: [5432] });

      // THEN
      const egress = synth(chart).filter(m => m.kind === 'NetworkPolicy' && m.spec.policyTypes.includes('Egress') && m.metadata.name !== 'default-deny');
      expect(egress).toHaveLength(1);
      expect(egress[0].metadata.namespace).toBe('ticketing');
      expect(egress[0].spec).toEqual({
        podSelector: { matchLabels: api.matchLabels },
        policyTypes: ['Egress'],
        egress: [{ to: [{ podSelector: { matchLabels: db.matchLabels } }], ports: [{ port: 5432, protocol: 'TCP' }] }],
      });
      expect(rule.egressPolicy).toBeDefined();
    });

    test('names the egress policy after the rule, in the namespace of the source', () => {
      // GIVEN
      const { chart, db } = ticketing();
      const { api } = ticketing('frontend', new Chart(chart.node.scope!, 'frontend'));

      // WHEN
      new AllowTraffic(chart, 'rule', { from: TrafficSource.workload(api), to: db, ports: [5432], egress: true, metadata: { name: 'api-to-db' } });

      // THEN
      const policies = synth(chart).filter(m => m.kind === 'NetworkPolicy');
      expect(policies.map(p => p.metadata)).toEqual([
        { name: 'api-to-db', namespace: 'ticketing' },
        { name: 'api-to-db-egress', namespace: 'frontend' },
      ]);
      expect(policies[1].spec.egress[0].to).toEqual([{
        podSelector: { matchLabels: db.matchLabels },
        namespaceSelector: { matchLabels: { [NAME_LABEL]: 'ticketing' } },
      }]);
    });

    test('leaves the egress side to the user when egress is false', () => {
      // GIVEN
      const { chart, api, db } = ticketing();
      new DefaultDenyNetworkPolicy(chart, 'deny', { metadata: { namespace: 'ticketing' }, denyEgress: true });

      // WHEN
      new AllowTraffic(chart, 'api-to-db', { from: TrafficSource.workload(api), to: db, ports: [5432], egress: false });

      // THEN
      expect(synth(chart).filter(m => m.kind === 'NetworkPolicy')).toHaveLength(2);
    });

    test('opens the same egress side whether the default-deny is created before or after the rule', () => {
      // GIVEN
      const build = (denyFirst: boolean) => {
        const { chart, api, db } = ticketing();
        const deny = () => new DefaultDenyNetworkPolicy(chart, 'deny', { metadata: { namespace: 'ticketing' }, denyEgress: true });
        if (denyFirst) deny();
        const rule = new AllowTraffic(chart, 'api-to-db', { from: TrafficSource.workload(api), to: db, ports: [5432], metadata: { name: 'api-to-db' } });
        if (!denyFirst) deny();
        return { rule, policies: synth(chart).filter(m => m.kind === 'NetworkPolicy') };
      };

      // WHEN
      const before = build(true);
      const after = build(false);

      // THEN
      const byName = (policies: any[]) => [...policies].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
      expect(byName(after.policies)).toEqual(byName(before.policies));
      expect(after.policies.map(p => p.metadata.name).sort()).toEqual(['api-to-db', 'api-to-db-egress', 'default-deny']);
      expect(after.rule.egressPolicy).toBeDefined();
      expect(before.rule.egressPolicy).toBeDefined();
    });

    test('leaves the egress side closed when a later default-deny denies egress in another namespace, or ingress only', () => {
      // GIVEN
      const { chart, api, db } = ticketing();
      const rule = new AllowTraffic(chart, 'api-to-db', { from: TrafficSource.workload(api), to: db, ports: [5432] });

      // WHEN
      new DefaultDenyNetworkPolicy(chart, 'deny', { metadata: { namespace: 'ticketing' } });
      new DefaultDenyNetworkPolicy(chart, 'deny-frontend', { metadata: { namespace: 'frontend' }, denyEgress: true });

      // THEN
      expect(rule.egressPolicy).toBeUndefined();
      expect(synth(chart).filter(m => m.kind === 'NetworkPolicy')).toHaveLength(3);
    });

    test('allows a port by the name the target declares it under, with its protocol', () => {
      // WHEN
      const [policy] = policiesOf(({ api, db }) => ({ from: TrafficSource.workload(api), to: db, portNames: ['postgres'] }));

      // THEN
      expect(policy.spec.ingress[0].ports).toEqual([{ port: 'postgres', protocol: 'TCP' }]);
    });

    test('allows ports by number and by name together', () => {
      // GIVEN
      const chart = new Chart(testApp(), 'test');
      const dns = new Deployment(chart, 'dns', {
        containers: [{ image: IMAGE, ports: [{ number: 5353, name: 'dns', protocol: kplus.Protocol.UDP }, { number: 9153, name: 'metrics' }] }],
      });

      // WHEN
      new AllowTraffic(chart, 'rule', { from: TrafficSource.anywhere(), to: dns, ports: [9153], portNames: ['dns'] });

      // THEN
      expect(find(synth(chart), 'NetworkPolicy').spec.ingress[0].ports).toEqual([{ port: 9153, protocol: 'TCP' }, { port: 'dns', protocol: 'UDP' }]);
    });

    test("allows pods by their labels, in the policy's namespace: a pod selector alone", () => {
      // WHEN
      const [policy] = policiesOf(({ db }) => ({ from: TrafficSource.podsWithLabels({ 'app.kubernetes.io/name': 'backup' }), to: db, ports: [5432] }));

      // THEN
      expect(policy.spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'backup' } } }]);
    });

    test('allows pods by their labels in one namespace: a namespace selector AND a pod selector in one peer', () => {
      // WHEN
      const [policy] = policiesOf(({ api }) => ({ from: TrafficSource.podsInNamespace('monitoring', { app: 'prometheus' }), to: api, ports: [8080] }));

      // THEN
      expect(policy.spec.ingress[0].from).toEqual([{
        namespaceSelector: { matchLabels: { [NAME_LABEL]: 'monitoring' } },
        podSelector: { matchLabels: { app: 'prometheus' } },
      }]);
    });

    test('allows an IPv4 range except ranges inside it', () => {
      // WHEN
      const [policy] = policiesOf(({ api }) => ({ from: TrafficSource.ipBlock('203.0.113.0/24', ['203.0.113.128/25', '203.0.113.7/32']), to: api, ports: [8080] }));

      // THEN
      expect(policy.spec.ingress[0].from).toEqual([{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.128/25', '203.0.113.7/32'] } }]);
    });

    test('allows an IPv6 range, without except when none is given', () => {
      // WHEN
      const [policy] = policiesOf(({ api }) => ({ from: TrafficSource.ipBlock('2001:db8::/32'), to: api, ports: [8080] }));

      // THEN
      expect(policy.spec.ingress[0].from).toEqual([{ ipBlock: { cidr: '2001:db8::/32' } }]);
    });
  });

  describe('validation', () => {
    test('fails when a port is not one the target declares', () => {
      const { chart, api, db } = ticketing();
      expect(() => new AllowTraffic(chart, 'rule', { from: TrafficSource.workload(api), to: db, ports: [5433] })).toThrow(new Error(
        "test/rule: 'ports' must be ports a container of StatefulSet test/db declares (5432/TCP 'postgres'), got 5433"));
    });

    test('fails when no port is given', () => {
      const { chart, api, db } = ticketing();
      expect(() => new AllowTraffic(chart, 'rule', { from: TrafficSource.workload(api), to: db, ports: [] })).toThrow(new Error(
        "test/rule: 'ports' must list at least one port of 'to' (or 'portNames' one port name), got []"));
    });

    test('fails when a port is out of range', () => {
      const { chart, api, db } = ticketing();
      expect(() => new AllowTraffic(chart, 'rule', { from: TrafficSource.workload(api), to: db, ports: [70000] })).toThrow(new Error(
        "test/rule: 'ports[]' must be an integer within 1-65535, got 70000"));
    });

    test('fails when the target workload is undefined', () => {
      const { chart, api } = ticketing();
      expect(() => new AllowTraffic(chart, 'rule', { from: TrafficSource.workload(api), to: undefined as any, ports: [5432] })).toThrow(new Error(
        "test/rule: 'to' must be a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob), got undefined"));
    });

    test('fails when the source workload is undefined', () => {
      const { chart, db } = ticketing();
      expect(() => new AllowTraffic(chart, 'rule', { from: TrafficSource.workload(undefined as any), to: db, ports: [5432] })).toThrow(new Error(
        "test/rule: 'from' must be a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob), got undefined"));
    });

    test('fails when the source is not a TrafficSource', () => {
      const { chart, api, db } = ticketing();
      expect(() => new AllowTraffic(chart, 'rule', { from: api as any, to: db, ports: [5432] })).toThrow(new Error(
        "test/rule: 'from' must be a TrafficSource (TrafficSource.workload, .namespace, .podsWithLabels, .podsInNamespace, .ipBlock or .anywhere), got Deployment test/api"));
    });

    test('fails when the source namespace is not a DNS-1123 label', () => {
      const { chart, api } = ticketing();
      expect(() => new AllowTraffic(chart, 'rule', { from: TrafficSource.namespace('Ingress_Nginx'), to: api, ports: [8080] })).toThrow(new Error(
        "test/rule: 'from' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'Ingress_Nginx'"));
    });

    test('fails when egress is asked for a namespace source', () => {
      const { chart, api } = ticketing();
      expect(() => new AllowTraffic(chart, 'rule', { from: TrafficSource.namespace('ingress-nginx'), to: api, ports: [8080], egress: true })).toThrow(new Error(
        "test/rule: 'egress' is only for a workload source, whose pods the app controls, got true for another kind of source"));
    });

    test('fails when the source names no namespace and the target is in one', () => {
      // GIVEN
      const { chart, db } = ticketing();
      const api = new Deployment(new Chart(chart.node.scope!, 'other'), 'api', { containers: [{ image: IMAGE }] });

      // THEN
      expect(() => new AllowTraffic(chart, 'rule', { from: TrafficSource.workload(api), to: db, ports: [5432] })).toThrow(new Error(
        "test/rule: 'from' must be in the namespace of 'to' ('ticketing'), or both must name their namespace, got Deployment other/api in no namespace: "
        + 'an object without a namespace lands in whichever one it is applied to'));
    });

    test("fails when given a namespace other than the target's", () => {
      const { chart, api, db } = ticketing();
      expect(() => new AllowTraffic(chart, 'rule', { from: TrafficSource.workload(api), to: db, ports: [5432], metadata: { namespace: 'other' } })).toThrow(new Error(
        "test/rule: 'metadata.namespace' must be the namespace of StatefulSet test/db ('ticketing'): a NetworkPolicy applies to pods of its own namespace only, got 'other'"));
    });

    test('fails when a port name is not one the target declares', () => {
      const { chart, api, db } = ticketing();
      expect(() => new AllowTraffic(chart, 'rule', { from: TrafficSource.workload(api), to: db, portNames: ['pg'] })).toThrow(new Error(
        "test/rule: 'portNames' must name ports a container of StatefulSet test/db declares (5432/TCP 'postgres'), got 'pg'"));
    });

    test('fails when a port name is not an IANA service name', () => {
      const { chart, api, db } = ticketing();
      expect(() => new AllowTraffic(chart, 'rule', { from: TrafficSource.workload(api), to: db, portNames: ['Postgres'] })).toThrow(new Error(
        "test/rule: 'portNames[]' must be an IANA service name (at most 15 lowercase letters, digits and single '-', with at least one letter), got 'Postgres'"));
    });

    test('fails when egress is asked for a pods or ipBlock source', () => {
      const { chart, db } = ticketing();
      expect(() => new AllowTraffic(chart, 'rule', { from: TrafficSource.podsWithLabels({ app: 'api' }), to: db, ports: [5432], egress: true })).toThrow(new Error(
        "test/rule: 'egress' is only for a workload source, whose pods the app controls, got true for another kind of source"));
    });
  });

  test('matches the snapshot of tickets-api to tickets-db in a namespace that denies egress', () => {
    // GIVEN
    const { chart, api, db } = ticketing();
    new DefaultDenyNetworkPolicy(chart, 'deny', { metadata: { namespace: 'ticketing' }, denyEgress: true });

    // WHEN
    new AllowTraffic(chart, 'api-to-db', { from: TrafficSource.workload(api), to: db, ports: [5432], metadata: { name: 'tickets-api-to-tickets-db' } });

    // THEN
    expect(synth(chart).filter(m => m.kind === 'NetworkPolicy' && m.metadata.name !== 'default-deny')).toMatchSnapshot();
  });

  test('renders the generated name when the metadata names none explicitly (name: undefined)', () => {
    const [policy] = policiesOf(t => ({ from: TrafficSource.anywhere(), to: t.api, ports: [8080], metadata: { name: undefined } }));
    expect(policy.metadata.name).toMatch(/^test-rule-/);
  });

  test('fails when egress is not a boolean (a JavaScript caller)', () => {
    const t = ticketing();
    expect(() => new AllowTraffic(t.chart, 'rule', { from: TrafficSource.workload(t.api), to: t.db, ports: [5432], egress: 'yes' as any })).toThrow(new Error(
      "test/rule: 'egress' must be a boolean, got 'yes'"));
  });
});

describe('TrafficSource', () => {
  test.each([
    ['0.0.0.0/0'],
    ['10.0.0.0/8'],
    ['192.168.1.7/32'],
    ['::/0'],
    ['2001:db8::/32'],
    ['2001:DB8:0:0:8:800:200C:417A/128'],
    ['fe80::/10'],
    ['::ffff:10.0.0.0/104'],
    ['1:2:3:4:5:6:7::/128'],
  ])('takes the CIDR %s', cidr => {
    const [policy] = policiesOf(({ api }) => ({ from: TrafficSource.ipBlock(cidr), to: api, ports: [8080] }));
    expect(policy.spec.ingress[0].from).toEqual([{ ipBlock: { cidr } }]);
  });

  test.each([
    ['10.0.0.0'],
    ['10.0.0/8'],
    ['10.0.0.256/32'],
    ['010.0.0.0/8'],
    ['10.0.0.0/08'],
    ['10.0.0.0/'],
    ['10.0.0.0/8/8'],
    ['2001:db8::1::/64'],
    ['2001:db8:::/64'],
    ['1:2:3:4:5:6:7:8::/128'],
    ['2001:db8::g/64'],
    ['fe80::1%eth0/64'],
    ['1.2.3.4::/64'],
    [' 10.0.0.0/8'],
  ])('fails when the CIDR is %j', cidr => {
    expect(() => TrafficSource.ipBlock(cidr)).toThrow(new Error(
      `TrafficSource.ipBlock: 'cidr' must be a CIDR: an IPv4 or IPv6 address and a prefix length, such as '10.0.0.0/8' or '2001:db8::/32', got '${cidr}'`));
  });

  test('fails when the CIDR is not a string (a JavaScript caller)', () => {
    expect(() => TrafficSource.ipBlock(167772160 as any)).toThrow(new Error(
      "TrafficSource.ipBlock: 'cidr' must be a string, got 167772160"));
  });

  test.each([
    ['10.0.0.0/33', 32, 4],
    ['2001:db8::/129', 128, 6],
  ])('fails when the prefix of %s is longer than the address', (cidr, bits, family) => {
    expect(() => TrafficSource.ipBlock(cidr)).toThrow(new Error(
      `TrafficSource.ipBlock: 'cidr' must have a prefix length of at most ${bits} for an IPv${family} address, got '${cidr}'`));
  });

  test.each([
    ['10.1.2.3/8', '10.0.0.0/8'],
    ['203.0.113.7/24', '203.0.113.0/24'],
    ['2001:db8::1/64', '2001:db8::/64'],
    ['2001:db8:0:0:1:0:0:1/32', '2001:db8::/32'],
    ['fe80:0:0:1::/48', 'fe80::/48'],
  ])('fails when %s has address bits set after its prefix, and names the range it starts', (cidr, fix) => {
    expect(() => TrafficSource.ipBlock(cidr)).toThrow(new Error(
      `TrafficSource.ipBlock: 'cidr' must have no address bit set after the prefix length, got '${cidr}'; write '${fix}', the first address of the range`));
  });

  test.each([
    ['10.1.0.0/24', 'outside the range'],
    ['10.0.0.0/16', 'the range itself'],
    ['10.0.0.0/8', 'wider than the range'],
    ['::ffff:10.0.0.0/120', 'of the other IP family'],
  ])('fails when an exception is %s (%s)', except => {
    expect(() => TrafficSource.ipBlock('10.0.0.0/16', ['10.0.128.0/17', except])).toThrow(new Error(
      `TrafficSource.ipBlock: 'except[1]' must be a range strictly inside 'cidr' '10.0.0.0/16' (of the same IP family, with a longer prefix), got '${except}'`));
  });

  test('fails when an exception has address bits set after its prefix', () => {
    expect(() => TrafficSource.ipBlock('2001:db8::/32', ['2001:db8::1/64'])).toThrow(new Error(
      "TrafficSource.ipBlock: 'except[0]' must have no address bit set after the prefix length, got '2001:db8::1/64'; write '2001:db8::/64', the first address of the range"));
  });

  test('fails when the exceptions are not an array (a JavaScript caller)', () => {
    expect(() => TrafficSource.ipBlock('10.0.0.0/8', '10.1.0.0/16' as any)).toThrow(new Error(
      "TrafficSource.ipBlock: 'except' must be an array, got '10.1.0.0/16'"));
  });

  test('fails when pods are selected by no label', () => {
    expect(() => TrafficSource.podsWithLabels({})).toThrow(new Error(
      "TrafficSource.podsWithLabels: 'labels' must hold at least one label, got {}: an empty selector selects every pod; use TrafficSource.namespace for every pod of a namespace"));
  });

  test('fails when a label is not a valid label', () => {
    expect(() => TrafficSource.podsInNamespace('monitoring', { app: 'Prometheus Server' })).toThrow(new Error(
      "TrafficSource.podsInNamespace: 'labels[app]' must be a label value (empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit), got 'Prometheus Server'"));
  });

  test('fails when the labels are not an object (a JavaScript caller)', () => {
    expect(() => TrafficSource.podsWithLabels('app=api' as any)).toThrow(new Error(
      "TrafficSource.podsWithLabels: 'labels' must be an object, got 'app=api'"));
  });

  test("fails when the pods' namespace is not a DNS-1123 label", () => {
    expect(() => TrafficSource.podsInNamespace('Monitoring', { app: 'prometheus' })).toThrow(new Error(
      "TrafficSource.podsInNamespace: 'namespace' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'Monitoring'"));
  });
});
