import { Deployment, Placement, PlacementRule, TolerationOperator, WhenUnsatisfiable } from '../../src';
import { kplus } from '../../src/_plus';
import { newChart, podSpec, synth } from '../harness';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';

const KEY_RULE = "must be a label key ([prefix/]name: an optional DNS-1123 subdomain prefix of at most 253 characters, and a name of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";
const VALUE_RULE = "must be a label value (empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";
const WEIGHT_RULE = 'must be an integer within 1-100';

/** Applies one rule to a fresh Deployment `web` through a Placement `placement`. */
function apply(rule: (web: Deployment) => PlacementRule): () => void {
  const chart = newChart();
  const web = new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ name: 'api', image: IMAGE }] });
  return () => new Placement(chart, 'placement', { workload: web, rules: [rule(web)] });
}

describe('PlacementRule', () => {
  test('accepts every form of label key and value Kubernetes does', () => {
    // GIVEN
    const chart = newChart();
    const web = new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ name: 'api', image: IMAGE }] });
    const longName = 'n'.repeat(63);
    const longPrefix = `${'p'.repeat(63)}.${'q'.repeat(63)}.${'r'.repeat(63)}.${'s'.repeat(61)}`;

    // WHEN
    new Placement(chart, 'placement', {
      workload: web,
      rules: [
        PlacementRule.requireNodeLabel('a', ''),
        PlacementRule.requireNodeLabel('Disk_Type.v2', 'SSD_fast.1'),
        PlacementRule.requireNodeLabel(`${longPrefix}/${longName}`, 'v'.repeat(63)),
        PlacementRule.preferNodeLabel('node.example.com/pool', 'general-1', 1),
        PlacementRule.preferNodeLabel('node.example.com/pool', 'general-2', 100),
      ],
    });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(Object.keys(spec.nodeSelector)).toHaveLength(3);
    expect(spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution.map((t: any) => t.weight)).toEqual([1, 100]);
  });

  describe('fails when', () => {
    test.each([
      ['has a space', 'disk type'],
      ['has two slashes', 'a/b/c'],
      ['has an uppercase prefix', 'Example.com/disktype'],
      ['has an empty name', 'example.com/'],
      ['ends with a dash', 'disktype-'],
      ['has a 64-character name', 'n'.repeat(64)],
      ['has a 254-character prefix', `${'p'.repeat(63)}.${'q'.repeat(63)}.${'r'.repeat(63)}.${'s'.repeat(62)}/name`],
      ['is empty', ''],
    ])('a requireNodeLabel key %s', (_why, key) => {
      expect(apply(() => PlacementRule.requireNodeLabel(key, 'ssd')))
        .toThrow(`test/placement: 'requireNodeLabel.key' ${KEY_RULE}, got '${key}'`);
    });

    test.each([
      ['starts with a dash', '-ssd'],
      ['has a slash', 'ssd/nvme'],
      ['has 64 characters', 'v'.repeat(64)],
    ])('a requireNodeLabel value %s', (_why, value) => {
      expect(apply(() => PlacementRule.requireNodeLabel('disktype', value)))
        .toThrow(`test/placement: 'requireNodeLabel.value' ${VALUE_RULE}, got '${value}'`);
    });

    test('a requireNodeLabel value is not a string (JavaScript callers)', () => {
      expect(apply(() => PlacementRule.requireNodeLabel('replicas', 3 as any)))
        .toThrow(`test/placement: 'requireNodeLabel.value' ${VALUE_RULE}, got 3`);
    });

    test.each([0, 101, 12.5])('a preferNodeLabel weight is %p', (weight) => {
      expect(apply(() => PlacementRule.preferNodeLabel('disktype', 'ssd', weight)))
        .toThrow(`test/placement: 'preferNodeLabel.weight' ${WEIGHT_RULE}, got ${weight}`);
    });

    test('a preferNodeLabel key is invalid', () => {
      expect(apply(() => PlacementRule.preferNodeLabel('disk type', 'ssd')))
        .toThrow(`test/placement: 'preferNodeLabel.key' ${KEY_RULE}, got 'disk type'`);
    });

    test('a gpuNode label or taint key is invalid', () => {
      expect(apply(() => PlacementRule.gpuNode({ labelKey: 'gpu present' })))
        .toThrow(`test/placement: 'gpuNode.labelKey' ${KEY_RULE}, got 'gpu present'`);
      expect(apply(() => PlacementRule.gpuNode({ labelValue: 'yes!' })))
        .toThrow(`test/placement: 'gpuNode.labelValue' ${VALUE_RULE}, got 'yes!'`);
      expect(apply(() => PlacementRule.gpuNode({ taintKey: '/gpu' })))
        .toThrow(`test/placement: 'gpuNode.taintKey' ${KEY_RULE}, got '/gpu'`);
    });

    test.each([0, -1, 1.5, 2 ** 31])('a spread maxSkew is %p', (maxSkew) => {
      expect(apply(() => PlacementRule.spreadAcrossNodes({ maxSkew })))
        .toThrow(`test/placement: 'spreadAcrossNodes.maxSkew' must be an integer within 1-2147483647, got ${maxSkew}`);
      expect(apply(() => PlacementRule.spreadAcrossZones({ maxSkew })))
        .toThrow(`test/placement: 'spreadAcrossZones.maxSkew' must be an integer within 1-2147483647, got ${maxSkew}`);
    });

    test('a spread whenUnsatisfiable is not one of the enum (JavaScript callers)', () => {
      expect(apply(() => PlacementRule.spreadAcrossZones({ whenUnsatisfiable: 'Never' as WhenUnsatisfiable })))
        .toThrow("test/placement: 'spreadAcrossZones.whenUnsatisfiable' must be one of 'DoNotSchedule', 'ScheduleAnyway', got 'Never'");
    });

    test('colocateWith or keepAwayFrom gets no pod selector', () => {
      expect(apply(() => PlacementRule.colocateWith(undefined as any)))
        .toThrow("test/placement: 'colocateWith.other' must be a workload, a pod or a Pods selection (kplus.IPodSelector), got undefined");
      expect(apply(() => PlacementRule.keepAwayFrom({ app: 'cache' } as any)))
        .toThrow('test/placement: \'keepAwayFrom.other\' must be a workload, a pod or a Pods selection (kplus.IPodSelector), got {"app":"cache"}');
    });

    test('colocateWith names the workload itself', () => {
      expect(apply(web => PlacementRule.colocateWith(web)))
        .toThrow("test/placement: 'colocateWith.other' must be another workload, got the workload itself (Deployment 'test/web'), which would pack every replica onto one node; use keepAwayFrom(workload) for one replica per node");
    });

    test('a pod affinity weight is out of range', () => {
      expect(apply(web => PlacementRule.keepAwayFrom(web, { weight: 0 })))
        .toThrow(`test/placement: 'keepAwayFrom.weight' ${WEIGHT_RULE}, got 0`);
      expect(apply(web => PlacementRule.keepAwayFrom(web, { weight: 101 })))
        .toThrow(`test/placement: 'keepAwayFrom.weight' ${WEIGHT_RULE}, got 101`);
    });

    test('a pod affinity topology is not a label key', () => {
      expect(apply(web => PlacementRule.keepAwayFrom(web, { topology: kplus.Topology.custom('rack name') })))
        .toThrow(`test/placement: 'keepAwayFrom.topology' ${KEY_RULE}, got 'rack name'`);
    });

    test('a toleration key is invalid', () => {
      expect(apply(() => PlacementRule.tolerate('dedicated=ticketing')))
        .toThrow(`test/placement: 'tolerate.key' ${KEY_RULE}, got 'dedicated=ticketing'`);
    });

    test('a toleration has a value with operator Exists', () => {
      expect(apply(() => PlacementRule.tolerate('dedicated', { operator: TolerationOperator.EXISTS, value: 'ticketing' })))
        .toThrow("test/placement: 'tolerate.value' must not be given with operator Exists (it matches every value of the key), got 'ticketing'");
    });

    test('a toleration value is not a label value', () => {
      expect(apply(() => PlacementRule.tolerate('dedicated', { value: 'ticketing team' })))
        .toThrow(`test/placement: 'tolerate.value' ${VALUE_RULE}, got 'ticketing team'`);
    });

    test('a toleration effect or operator is not one of the enum (JavaScript callers)', () => {
      expect(apply(() => PlacementRule.tolerate('dedicated', { effect: 'Sometimes' as kplus.TaintEffect })))
        .toThrow("test/placement: 'tolerate.effect' must be one of 'NoSchedule', 'PreferNoSchedule', 'NoExecute', got 'Sometimes'");
      expect(apply(() => PlacementRule.tolerate('dedicated', { operator: 'In' as TolerationOperator })))
        .toThrow("test/placement: 'tolerate.operator' must be one of 'Equal', 'Exists', got 'In'");
    });

    test('tolerationSeconds comes without effect NoExecute', () => {
      expect(apply(() => PlacementRule.tolerate('dedicated', { effect: kplus.TaintEffect.NO_SCHEDULE, tolerationSeconds: 300 })))
        .toThrow("test/placement: 'tolerate.tolerationSeconds' is only allowed with effect NoExecute (how long the pod stays on a node after a NoExecute taint appears), got 300 with effect NoSchedule");
      expect(apply(() => PlacementRule.tolerate('dedicated', { tolerationSeconds: 300 })))
        .toThrow("test/placement: 'tolerate.tolerationSeconds' is only allowed with effect NoExecute (how long the pod stays on a node after a NoExecute taint appears), got 300 with no effect");
    });

    test.each([-1, 1.5])('tolerationSeconds is %p', (tolerationSeconds) => {
      expect(apply(() => PlacementRule.tolerate('dedicated', { effect: kplus.TaintEffect.NO_EXECUTE, tolerationSeconds })))
        .toThrow(`test/placement: 'tolerate.tolerationSeconds' must be an integer at least 0, got ${tolerationSeconds}`);
    });
  });

  test('fails when an option is null, instead of taking its default (JavaScript callers)', () => {
    expect(apply(() => PlacementRule.spreadAcrossNodes({ maxSkew: null as any }))).toThrow(new Error(
      "test/placement: 'spreadAcrossNodes.maxSkew' must be an integer within 1-2147483647, got null"));
  });

  test('fails when the options of a factory are not an object', () => {
    expect(() => PlacementRule.gpuNode('nvidia' as any)).toThrow(new Error("PlacementRule.gpuNode: 'options' must be an object, got 'nvidia'"));
    expect(() => PlacementRule.tolerate('dedicated', null as any)).toThrow(new Error("PlacementRule.tolerate: 'options' must be an object, got null"));
  });
});
