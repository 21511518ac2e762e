import { Chart } from 'cdk8s';
import { kplus } from '../../src/_plus';
import { Namespace, NamespaceProps } from '../../src/access/namespace';
import { PodSecurityLevel } from '../../src/security/pod-security';
import { DaemonSet } from '../../src/workloads/daemon-set';
import { find, newChart, synth, testApp } from '../harness';

const DNS_LABEL = "must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)";
const LABEL_KEY = "must be a label key ([prefix/]name: an optional DNS-1123 subdomain prefix of at most 253 characters, and a name of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";
const LABEL_VALUE = "must be a label value (empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";
const PSS_KEYS = ['enforce', 'enforce-version', 'audit', 'audit-version', 'warn', 'warn-version'].map(k => `pod-security.kubernetes.io/${k}`).join(', ');

/** The labels of the Namespace made with those props, synthesized. */
function labelsOf(props: NamespaceProps): { [key: string]: string } {
  const chart = newChart();
  new Namespace(chart, 'ns', props);
  return find(synth(chart), 'Namespace').metadata.labels;
}

/** A node agent reading the node's logs through a hostPath volume, as root: it needs "privileged". */
function nodeAgent(chart: Chart, namespace: string): void {
  const agent = new DaemonSet(chart, 'agent', {
    metadata: { name: 'agent', namespace },
    podSecurityLevel: PodSecurityLevel.PRIVILEGED,
    containers: [{ name: 'agent', image: 'fluent/fluent-bit:2.2.2', securityContext: { ensureNonRoot: false, user: 0 } }],
  });
  agent.containers[0].mount('/var/log', kplus.Volume.fromHostPath(chart, 'logs', 'node-logs', { path: '/var/log' }), { readOnly: true });
}

describe('Namespace', () => {
  test('renders its name, its labels and the Pod Security labels, restricted and pinned to v1.26 by default', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    const ns = new Namespace(chart, 'ns', { metadata: { name: 'ticketing', labels: { venue: 'opera', watch: 'cpu' } } });
    const manifest = find(synth(chart), 'Namespace');

    // THEN
    expect(manifest.metadata).toEqual({
      name: 'ticketing',
      labels: {
        'venue': 'opera',
        'watch': 'cpu',
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'v1.26',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/audit-version': 'v1.26',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/warn-version': 'v1.26',
      },
    });
    expect(ns.name).toBe('ticketing');
    expect(ns.podSecurity).toBe(PodSecurityLevel.RESTRICTED);
    expect(ns).toBeInstanceOf(kplus.Namespace);
  });

  test('renders the annotations and finalizers of its metadata', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    new Namespace(chart, 'ns', { metadata: { name: 'ticketing', annotations: { 'example.com/owner': 'box-office' }, finalizers: ['example.com/archive'] } });

    // THEN
    const metadata = find(synth(chart), 'Namespace').metadata;
    expect(metadata.annotations).toEqual({ 'example.com/owner': 'box-office' });
    expect(metadata.finalizers).toEqual(['example.com/archive']);
  });

  test('renders no namespace in a chart that has one, as it belongs to none', () => {
    // GIVEN
    const chart = new Chart(testApp(), 'test', { namespace: 'ticketing' });

    // WHEN
    new Namespace(chart, 'ns', { metadata: { name: 'ticketing' } });

    // THEN
    expect(find(synth(chart), 'Namespace').metadata.namespace).toBeUndefined();
  });

  test('audits and warns at the enforced level unless told a stricter one', () => {
    // WHEN
    const labels = labelsOf({ metadata: { name: 'shop' }, podSecurity: PodSecurityLevel.BASELINE, podSecurityWarn: PodSecurityLevel.RESTRICTED });

    // THEN
    expect(labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(labels['pod-security.kubernetes.io/audit']).toBe('baseline');
    expect(labels['pod-security.kubernetes.io/warn']).toBe('restricted');
  });

  test("pins the three levels to 'podSecurityVersion'", () => {
    // WHEN
    const labels = labelsOf({ metadata: { name: 'shop' }, podSecurityVersion: 'latest' });

    // THEN
    expect(labels['pod-security.kubernetes.io/enforce-version']).toBe('latest');
    expect(labels['pod-security.kubernetes.io/audit-version']).toBe('latest');
    expect(labels['pod-security.kubernetes.io/warn-version']).toBe('latest');
  });

  test('accepts a Pod Security label that says what the props render', () => {
    // WHEN
    const labels = labelsOf({ metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });

    // THEN
    expect(labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('lets synth accept a privileged node agent in a namespace that enforces privileged', () => {
    // GIVEN
    const chart = newChart();
    new Namespace(chart, 'ns', { metadata: { name: 'node-agents' }, podSecurity: PodSecurityLevel.PRIVILEGED });
    nodeAgent(chart, 'node-agents');

    // WHEN
    const manifests = synth(chart);

    // THEN
    expect(find(manifests, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(find(manifests, 'DaemonSet').metadata.namespace).toBe('node-agents');
  });

  test('makes synth judge pods by the level it enforces', () => {
    // GIVEN
    const chart = newChart();
    new Namespace(chart, 'ns', { metadata: { name: 'ticketing' } });
    nodeAgent(chart, 'ticketing');

    // THEN
    expect(() => synth(chart)).toThrow(/DaemonSet ticketing\/agent: .* breaks the Pod Security Standard 'restricted' its namespace enforces/);
  });

  test('snapshot', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    new Namespace(chart, 'ns', {
      metadata: { name: 'ticketing', labels: { venue: 'opera', watch: 'cpu' } },
      podSecurity: PodSecurityLevel.BASELINE,
      podSecurityWarn: PodSecurityLevel.RESTRICTED,
    });

    // THEN
    expect(synth(chart)).toMatchSnapshot();
  });

  test.each(['Ticketing', 'ticketing.opera', 'a'.repeat(64), '-ticketing'])('fails when the name is %s', (name) => {
    expect(() => new Namespace(newChart(), 'ns', { metadata: { name } })).toThrow(new Error(`test/ns: 'metadata.name' ${DNS_LABEL}, got '${name}'`));
  });

  test('fails when the name is missing', () => {
    expect(() => new Namespace(newChart(), 'ns', { metadata: { labels: { venue: 'opera' } } })).toThrow(new Error(
      `test/ns: 'metadata.name' ${DNS_LABEL}, got undefined`));
  });

  test('fails when the metadata is missing or not an object (a JavaScript caller)', () => {
    expect(() => new Namespace(newChart(), 'ns', {} as any)).toThrow(new Error("test/ns: 'metadata' must be an object, got undefined"));
    expect(() => new Namespace(newChart(), 'ns', { metadata: 'ticketing' as any })).toThrow(new Error("test/ns: 'metadata' must be an object, got 'ticketing'"));
  });

  test('fails when the metadata gives it a namespace', () => {
    expect(() => new Namespace(newChart(), 'ns', { metadata: { name: 'ticketing', namespace: 'default' } })).toThrow(new Error(
      "test/ns: 'metadata.namespace' must be unset: a Namespace is cluster-scoped and belongs to no namespace, got 'default'"));
  });

  test.each([
    ['a name part over 63 characters', `${'a'.repeat(64)}`],
    ['a prefix over 253 characters', `${'a'.repeat(50)}.${'b'.repeat(50)}.${'c'.repeat(50)}.${'d'.repeat(50)}.${'e'.repeat(50)}/venue`],
    ['a name part with a space', 'the venue'],
    ['two slashes', 'example.com/a/b'],
  ])('fails when a label key has %s', (_, key) => {
    expect(() => new Namespace(newChart(), 'ns', { metadata: { name: 'ticketing', labels: { [key]: 'opera' } } })).toThrow(new Error(
      `test/ns: 'metadata.labels[${key}]' ${LABEL_KEY}, got '${key}'`));
  });

  test.each([
    ['over 63 characters', 'o'.repeat(64)],
    ['a slash', 'opera/house'],
    ['a trailing dash', 'opera-'],
  ])('fails when a label value has %s', (_, value) => {
    expect(() => new Namespace(newChart(), 'ns', { metadata: { name: 'ticketing', labels: { venue: value } } })).toThrow(new Error(
      `test/ns: 'metadata.labels[venue]' ${LABEL_VALUE}, got '${value}'`));
  });

  test('fails when a Pod Security label contradicts podSecurity', () => {
    expect(() => new Namespace(newChart(), 'ns', {
      metadata: { name: 'ticketing', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
    })).toThrow(new Error(
      "test/ns: 'metadata.labels[pod-security.kubernetes.io/enforce]' must match 'podSecurity' ('restricted') or be left out, got 'privileged'; set it with 'podSecurity' instead"));
  });

  test('fails when a Pod Security version label contradicts podSecurityVersion', () => {
    expect(() => new Namespace(newChart(), 'ns', {
      metadata: { name: 'ticketing', labels: { 'pod-security.kubernetes.io/warn-version': 'latest' } },
    })).toThrow(new Error(
      "test/ns: 'metadata.labels[pod-security.kubernetes.io/warn-version]' must match 'podSecurityVersion' ('v1.26') or be left out, got 'latest'; set it with 'podSecurityVersion' instead"));
  });

  test('fails when a label under the Pod Security prefix is not a Pod Security label', () => {
    expect(() => new Namespace(newChart(), 'ns', {
      metadata: { name: 'ticketing', labels: { 'pod-security.kubernetes.io/enforced': 'restricted' } },
    })).toThrow(new Error(
      `test/ns: 'metadata.labels[pod-security.kubernetes.io/enforced]' must be one of the Pod Security labels (${PSS_KEYS}) since it has the prefix 'pod-security.kubernetes.io/', got 'pod-security.kubernetes.io/enforced'; `
      + "set the levels with 'podSecurity', 'podSecurityAudit', 'podSecurityWarn' and 'podSecurityVersion'"));
  });

  test.each(['podSecurityAudit', 'podSecurityWarn'] as const)('fails when %s is looser than podSecurity', (prop) => {
    expect(() => new Namespace(newChart(), 'ns', {
      metadata: { name: 'ticketing' },
      podSecurity: PodSecurityLevel.BASELINE,
      [prop]: PodSecurityLevel.PRIVILEGED,
    })).toThrow(new Error(
      `test/ns: '${prop}' must be 'podSecurity' ('baseline') or stricter: the namespace already refuses every pod a looser level would report, got 'privileged'`));
  });

  test('fails when podSecurity is not a level', () => {
    expect(() => new Namespace(newChart(), 'ns', { metadata: { name: 'ticketing' }, podSecurity: 'strict' as PodSecurityLevel })).toThrow(new Error(
      "test/ns: 'podSecurity' must be one of 'privileged', 'baseline', 'restricted', got 'strict'"));
  });

  test.each(['1.26', 'v2.0', 'v1.26.3', 'Latest'])('fails when podSecurityVersion is %s', (version) => {
    expect(() => new Namespace(newChart(), 'ns', { metadata: { name: 'ticketing' }, podSecurityVersion: version })).toThrow(new Error(
      `test/ns: 'podSecurityVersion' must be 'latest' or a Kubernetes minor version such as 'v1.26', got '${version}'`));
  });

  test('fails when the labels are not an object (a JavaScript caller)', () => {
    expect(() => new Namespace(newChart(), 'ns', { metadata: { name: 'ticketing', labels: 'venue' as any } })).toThrow(new Error(
      "test/ns: 'metadata.labels' must be an object, got 'venue'"));
  });
});
