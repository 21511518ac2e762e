import { Chart } from 'cdk8s';
import { DefaultDenyNetworkPolicy } from '../../src/network/default-deny-network-policy';
import { find, newChart, synth, testApp } from '../harness';

const DNS_LABEL = "must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)";

/** The DNS egress rule: port 53 over UDP and TCP to kube-system. */
const DNS_EGRESS = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
  ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
};

describe('DefaultDenyNetworkPolicy', () => {
  test('denies all incoming traffic to every pod of the namespace', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    const deny = new DefaultDenyNetworkPolicy(chart, 'deny', { metadata: { namespace: 'ticketing' } });

    // THEN
    const policy = find(synth(chart), 'NetworkPolicy');
    expect(policy.apiVersion).toBe('networking.k8s.io/v1');
    expect(policy.metadata).toEqual({ name: 'default-deny', namespace: 'ticketing' });
    expect(policy.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    expect(deny.denyEgress).toBe(false);
    expect(deny.allowDns).toBe(false);
  });

  test("is for the chart's namespace when none is given", () => {
    // GIVEN
    const chart = new Chart(testApp(), 'test', { namespace: 'ticketing' });

    // WHEN
    const deny = new DefaultDenyNetworkPolicy(chart, 'deny');

    // THEN
    expect(deny.namespace).toBe('ticketing');
    expect(find(synth(chart), 'NetworkPolicy').metadata.namespace).toBe('ticketing');
  });

  test('denies outgoing traffic too, but DNS to kube-system on port 53 over UDP and TCP', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    const deny = new DefaultDenyNetworkPolicy(chart, 'deny', { metadata: { namespace: 'ticketing' }, denyEgress: true });

    // THEN
    expect(find(synth(chart), 'NetworkPolicy').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], egress: [DNS_EGRESS] });
    expect(deny.allowDns).toBe(true);
  });

  test('denies DNS as well when allowDns is false', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    new DefaultDenyNetworkPolicy(chart, 'deny', { metadata: { namespace: 'ticketing' }, denyEgress: true, allowDns: false });

    // THEN
    expect(find(synth(chart), 'NetworkPolicy').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test('takes a name, labels and annotations of its own', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    new DefaultDenyNetworkPolicy(chart, 'deny', {
      metadata: { namespace: 'ticketing', name: 'deny-all', labels: { team: 'ticketing' }, annotations: { 'example.com/owner': 'ticketing' } },
    });

    // THEN
    expect(find(synth(chart), 'NetworkPolicy').metadata).toEqual({
      name: 'deny-all',
      namespace: 'ticketing',
      labels: { team: 'ticketing' },
      annotations: { 'example.com/owner': 'ticketing' },
    });
  });

  test('one per namespace and app: another app may deny the same namespace', () => {
    // GIVEN
    new DefaultDenyNetworkPolicy(newChart(), 'deny', { metadata: { namespace: 'ticketing' } });
    const chart = newChart();

    // WHEN
    new DefaultDenyNetworkPolicy(chart, 'deny', { metadata: { namespace: 'ticketing' } });

    // THEN
    expect(synth(chart)).toHaveLength(1);
  });

  test('fails when no namespace is given and the chart has none', () => {
    expect(() => new DefaultDenyNetworkPolicy(newChart(), 'deny')).toThrow(new Error(
      "test/deny: 'metadata.namespace' must be given (or set on the chart), as a default-deny policy isolates the pods of one namespace, got none"));
  });

  test('fails when the namespace is not a DNS-1123 label', () => {
    expect(() => new DefaultDenyNetworkPolicy(newChart(), 'deny', { metadata: { namespace: 'Ticketing' } })).toThrow(new Error(
      `test/deny: 'metadata.namespace' ${DNS_LABEL}, got 'Ticketing'`));
  });

  test('fails when a second one denies the same namespace, in another chart of the app', () => {
    // GIVEN
    const app = testApp();
    new DefaultDenyNetworkPolicy(new Chart(app, 'a'), 'deny', { metadata: { namespace: 'ticketing' } });

    // THEN
    expect(() => new DefaultDenyNetworkPolicy(new Chart(app, 'b'), 'deny', { metadata: { namespace: 'ticketing' } })).toThrow(new Error(
      "b/deny: 'metadata.namespace' must have one default-deny policy only, got 'ticketing' which a/deny already covers"));
  });

  test('fails when allowDns is set while egress is allowed', () => {
    expect(() => new DefaultDenyNetworkPolicy(newChart(), 'deny', { metadata: { namespace: 'ticketing' }, allowDns: true })).toThrow(new Error(
      "test/deny: 'allowDns' only applies when 'denyEgress' is true, got true while egress is allowed"));
  });

  test('fails when the name is not a DNS-1123 subdomain', () => {
    expect(() => new DefaultDenyNetworkPolicy(newChart(), 'deny', { metadata: { namespace: 'ticketing', name: 'Deny_All' } })).toThrow(new Error(
      "test/deny: 'metadata.name' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters), got 'Deny_All'"));
  });

  test('fails when the metadata is not an object (a JavaScript caller)', () => {
    expect(() => new DefaultDenyNetworkPolicy(newChart(), 'deny', { metadata: 'ticketing' as any })).toThrow(new Error(
      "test/deny: 'metadata' must be an object, got 'ticketing'"));
  });

  test('matches the snapshot of a namespace denying ingress and egress', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    new DefaultDenyNetworkPolicy(chart, 'deny', { metadata: { namespace: 'ticketing' }, denyEgress: true });

    // THEN
    expect(synth(chart)).toMatchSnapshot();
  });

  test('fails when denyEgress is not a boolean (a JavaScript caller)', () => {
    expect(() => new DefaultDenyNetworkPolicy(newChart(), 'deny', { metadata: { namespace: 'ticketing' }, denyEgress: 'true' as any })).toThrow(new Error(
      "test/deny: 'denyEgress' must be a boolean, got 'true'"));
  });

  test('fails when the name is null, instead of taking the default name', () => {
    expect(() => new DefaultDenyNetworkPolicy(newChart(), 'deny', { metadata: { namespace: 'ticketing', name: null as any } })).toThrow(new Error(
      "test/deny: 'metadata.name' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters), got null"));
  });
});
