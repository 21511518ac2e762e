import { Deployment, NodeRequirement, Placement, PlacementRule } from '../../src';
import { newChart, podSpec, synth } from '../harness';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const KEY_RULE = "must be a label key ([prefix/]name: an optional DNS-1123 subdomain prefix of at most 253 characters, and a name of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";
const VALUE_RULE = "must be a label value (empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";

/** The required node selector term of Deployment `web` placed with `requireNodes(requirements)`. */
function requiredTerm(requirements: NodeRequirement[]): any {
  const chart = newChart();
  const web = new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ name: 'api', image: IMAGE }] });
  new Placement(chart, 'placement', { workload: web, rules: [PlacementRule.requireNodes(requirements)] });
  const terms = podSpec(synth(chart), 'Deployment', 'web').affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
  expect(terms).toHaveLength(1);
  return terms[0];
}

/** Applies `requireNodes(requirements)` to a fresh Deployment through a Placement `placement`. */
function apply(requirements: unknown): () => void {
  const chart = newChart();
  const web = new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ name: 'api', image: IMAGE }] });
  return () => new Placement(chart, 'placement', { workload: web, rules: [PlacementRule.requireNodes(requirements as NodeRequirement[])] });
}

describe('NodeRequirement', () => {
  test.each([
    ['labelIn', NodeRequirement.labelIn('disktype', ['ssd', 'nvme']), { key: 'disktype', operator: 'In', values: ['ssd', 'nvme'] }],
    ['labelNotIn', NodeRequirement.labelNotIn('example.com/pool', ['batch']), { key: 'example.com/pool', operator: 'NotIn', values: ['batch'] }],
    ['labelExists', NodeRequirement.labelExists('nvidia.com/gpu.present'), { key: 'nvidia.com/gpu.present', operator: 'Exists' }],
    ['labelDoesNotExist', NodeRequirement.labelDoesNotExist('node.kubernetes.io/spot'), { key: 'node.kubernetes.io/spot', operator: 'DoesNotExist' }],
    ['labelGreaterThan', NodeRequirement.labelGreaterThan('example.com/cpu-generation', 3), { key: 'example.com/cpu-generation', operator: 'Gt', values: ['3'] }],
    ['labelLessThan', NodeRequirement.labelLessThan('example.com/cpu-generation', 0), { key: 'example.com/cpu-generation', operator: 'Lt', values: ['0'] }],
  ])('%s is a matchExpression with the operator and the values Kubernetes takes', (_factory, requirement, expression) => {
    expect(requiredTerm([requirement])).toEqual({ matchExpressions: [expression] });
  });

  test('named and notNamed are matchFields on metadata.name, with one value each', () => {
    expect(requiredTerm([NodeRequirement.named('node-1.example.com')])).toEqual({
      matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1.example.com'] }],
    });
    expect(requiredTerm([NodeRequirement.notNamed('node-2')])).toEqual({
      matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-2'] }],
    });
  });

  test('label and name requirements share one term, each list in the order given', () => {
    expect(requiredTerm([
      NodeRequirement.labelExists('disktype'),
      NodeRequirement.notNamed('node-2'),
      NodeRequirement.labelNotIn('example.com/pool', ['batch']),
    ])).toEqual({
      matchExpressions: [
        { key: 'disktype', operator: 'Exists' },
        { key: 'example.com/pool', operator: 'NotIn', values: ['batch'] },
      ],
      matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-2'] }],
    });
  });

  test('keeps the values it was given, whatever the caller does to its list later', () => {
    const values = ['ssd'];
    const requirement = NodeRequirement.labelIn('disktype', values);
    values.push('hdd');
    expect(requiredTerm([requirement]).matchExpressions[0].values).toEqual(['ssd']);
  });

  describe('fails when', () => {
    test('labelIn or labelNotIn gets no value', () => {
      expect(apply([NodeRequirement.labelIn('disktype', [])]))
        .toThrow("test/placement: 'requireNodes.requirements[0].values' must list at least one label value for operator In, got []");
      expect(apply([NodeRequirement.labelExists('a'), NodeRequirement.labelNotIn('disktype', undefined as any)]))
        .toThrow("test/placement: 'requireNodes.requirements[1].values' must list at least one label value for operator NotIn, got undefined");
    });

    test('a value is not a label value', () => {
      expect(apply([NodeRequirement.labelIn('disktype', ['ssd', 'nvme/fast'])]))
        .toThrow(`test/placement: 'requireNodes.requirements[0].values[1]' ${VALUE_RULE}, got 'nvme/fast'`);
      expect(apply([NodeRequirement.labelNotIn('replicas', [3 as any])]))
        .toThrow(`test/placement: 'requireNodes.requirements[0].values[0]' ${VALUE_RULE}, got 3`);
    });

    test.each([[1.5], [-1], [Number.NaN], ['3' as any]])('labelGreaterThan or labelLessThan gets %p, not a whole number of at least 0', (value) => {
      const shown = typeof value === 'string' ? `'${value}'` : String(value);
      expect(apply([NodeRequirement.labelGreaterThan('example.com/cpu-generation', value)]))
        .toThrow(`test/placement: 'requireNodes.requirements[0].value' must be an integer at least 0, got ${shown}`);
      expect(apply([NodeRequirement.labelLessThan('example.com/cpu-generation', value)]))
        .toThrow(`test/placement: 'requireNodes.requirements[0].value' must be an integer at least 0, got ${shown}`);
    });

    test('a label key is invalid', () => {
      expect(apply([NodeRequirement.labelExists('disk type')]))
        .toThrow(`test/placement: 'requireNodes.requirements[0].key' ${KEY_RULE}, got 'disk type'`);
    });

    test('a node name is not a DNS-1123 subdomain', () => {
      expect(apply([NodeRequirement.named('Node_1')]))
        .toThrow("test/placement: 'requireNodes.requirements[0].name' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters), got 'Node_1'");
    });

    test('the list is empty or not a list (JavaScript callers)', () => {
      expect(apply([])).toThrow("test/placement: 'requireNodes.requirements' must list at least one NodeRequirement (from NodeRequirement.labelIn(), .labelExists(), .named(), ...), got []");
      expect(apply(NodeRequirement.labelExists('a')))
        .toThrow(/^test\/placement: 'requireNodes.requirements' must list at least one NodeRequirement \(from NodeRequirement.labelIn\(\), .labelExists\(\), .named\(\), ...\), got \{/);
    });

    test('an item is not a NodeRequirement (JavaScript callers)', () => {
      expect(apply([NodeRequirement.labelExists('a'), { key: 'disktype', operator: 'Exists' }]))
        .toThrow('test/placement: \'requireNodes.requirements[1]\' must be a NodeRequirement (from NodeRequirement.labelIn(), .labelExists(), .named(), ...), got {"key":"disktype","operator":"Exists"}');
    });
  });
});
