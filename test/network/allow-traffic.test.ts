import { Chart, Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AllowTraffic, AllowTrafficProps, TrafficSource } from '../../src/network/allow-traffic';
import { DefaultDenyNetworkPolicy } from '../../src/network/default-deny-network-policy';
import { CronJob } from '../../src/workloads/cron-job';
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
      const chart = new Chart(Testing.app(), 'test');
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
      new DefaultDenyNetworkPolicy(chart, 'deny', { namespace: 'ticketing', denyEgress: true });

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
      new DefaultDenyNetworkPolicy(chart, 'deny', { namespace: 'ticketing', denyEgress: true });

      // WHEN
      new AllowTraffic(chart, 'api-to-db', { from: TrafficSource.workload(api), to: db, ports: [5432], egress: false });

      // THEN
      expect(synth(chart).filter(m => m.kind === 'NetworkPolicy')).toHaveLength(2);
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
        "test/rule: 'ports' must list at least one port of 'to', got []"));
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
        "test/rule: 'from' must be a TrafficSource (TrafficSource.workload, .namespace or .anywhere), got Deployment test/api"));
    });

    test('fails when the source namespace is not a DNS-1123 label', () => {
      const { chart, api } = ticketing();
      expect(() => new AllowTraffic(chart, 'rule', { from: TrafficSource.namespace('Ingress_Nginx'), to: api, ports: [8080] })).toThrow(new Error(
        "test/rule: 'from' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'Ingress_Nginx'"));
    });

    test('fails when egress is asked for a namespace source', () => {
      const { chart, api } = ticketing();
      expect(() => new AllowTraffic(chart, 'rule', { from: TrafficSource.namespace('ingress-nginx'), to: api, ports: [8080], egress: true })).toThrow(new Error(
        "test/rule: 'egress' is only for a workload source, whose pods the app controls, got true for a namespace or anywhere source"));
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

    test('fails when the default-deny of the source namespace denies egress but comes after the rule', () => {
      // GIVEN
      const { chart, api, db } = ticketing();
      new AllowTraffic(chart, 'rule', { from: TrafficSource.workload(api), to: db, ports: [5432] });
      new DefaultDenyNetworkPolicy(chart, 'deny', { namespace: 'ticketing', denyEgress: true });

      // THEN
      expect(() => synth(chart)).toThrow(new Error(
        "test/rule: 'egress' must be true, as test/deny denies egress in 'ticketing', got false: Deployment test/api could not reach StatefulSet test/db; "
        + "create the DefaultDenyNetworkPolicy before the rule, or pass 'egress: true'"));
    });
  });

  test('matches the snapshot of tickets-api to tickets-db in a namespace that denies egress', () => {
    // GIVEN
    const { chart, api, db } = ticketing();
    new DefaultDenyNetworkPolicy(chart, 'deny', { namespace: 'ticketing', denyEgress: true });

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
