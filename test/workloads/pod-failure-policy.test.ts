import { ExitCodeOperator, PodConditionStatus, PodFailureAction, PodFailurePolicyRule } from '../../src';

const ON_EXIT_CODES = 'PodFailurePolicyRule.onExitCodes';
const ON_POD_CONDITIONS = 'PodFailurePolicyRule.onPodConditions';

/** An exit-code rule that fails the Job, with those options. */
const exitCodes = (operator: ExitCodeOperator, values: number[], containerName?: string) =>
  () => PodFailurePolicyRule.onExitCodes(PodFailureAction.FAIL_JOB, { operator, values, containerName });

describe('PodFailurePolicyRule', () => {
  describe('onExitCodes', () => {
    test('renders the action, the operator, the container and the exit codes in ascending order', () => {
      // WHEN
      const rule = PodFailurePolicyRule.onExitCodes(PodFailureAction.FAIL_JOB, { operator: ExitCodeOperator.IN, values: [42, 3, 7], containerName: 'main' });

      // THEN
      expect(rule._toKube()).toEqual({ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [3, 7, 42] } });
      expect(rule.action).toBe(PodFailureAction.FAIL_JOB);
      expect(rule.containerName).toBe('main');
    });

    test('accepts 0 with NotIn: every failure but those codes', () => {
      // WHEN
      const rule = PodFailurePolicyRule.onExitCodes(PodFailureAction.COUNT, { operator: ExitCodeOperator.NOT_IN, values: [0, 1] });

      // THEN
      expect(rule._toKube()).toEqual({ action: 'Count', onExitCodes: { operator: 'NotIn', values: [0, 1] } });
      expect(rule.containerName).toBeUndefined();
    });

    test('keeps the values it was given unchanged', () => {
      // GIVEN
      const values = [9, 2];

      // WHEN
      PodFailurePolicyRule.onExitCodes(PodFailureAction.FAIL_JOB, { operator: ExitCodeOperator.IN, values });

      // THEN
      expect(values).toEqual([9, 2]);
    });

    test('accepts 255 exit codes', () => {
      // WHEN
      const rule = exitCodes(ExitCodeOperator.IN, Array.from({ length: 255 }, (_, i) => i + 1))();

      // THEN
      expect(rule._toKube().onExitCodes?.values).toHaveLength(255);
    });

    test.each([0, 256])('fails when there are %d exit codes', (count) => {
      expect(exitCodes(ExitCodeOperator.NOT_IN, Array.from({ length: count }, (_, i) => i))).toThrow(new Error(
        `${ON_EXIT_CODES}: 'values' must hold 1 to 255 exit codes, got ${count}`));
    });

    test('fails when 0 is among the values of In', () => {
      expect(exitCodes(ExitCodeOperator.IN, [1, 0])).toThrow(new Error(
        `${ON_EXIT_CODES}: 'values' must not hold 0 with the In operator: exit code 0 is a success, which fails no pod; use NotIn to match every failure but some codes, got 0`));
    });

    test('fails when an exit code is given twice', () => {
      expect(exitCodes(ExitCodeOperator.IN, [42, 1, 42])).toThrow(new Error(
        `${ON_EXIT_CODES}: 'values' must hold each exit code once, got 42 twice`));
    });

    test.each([1.5, 2 ** 31])('fails when an exit code is %d', (value) => {
      expect(exitCodes(ExitCodeOperator.IN, [1, value])).toThrow(new Error(
        `${ON_EXIT_CODES}: 'values[1]' must be an integer exit code that fits in an int32, got ${value}`));
    });

    test('fails when the operator is not an ExitCodeOperator (from JavaScript)', () => {
      expect(exitCodes('Equals' as ExitCodeOperator, [1])).toThrow(new Error(
        `${ON_EXIT_CODES}: 'operator' must be one of 'In', 'NotIn', got 'Equals'`));
    });

    test('fails when the action is not a PodFailureAction (from JavaScript)', () => {
      expect(() => PodFailurePolicyRule.onExitCodes('FailIndex' as PodFailureAction, { operator: ExitCodeOperator.IN, values: [1] })).toThrow(new Error(
        `${ON_EXIT_CODES}: 'action' must be one of 'FailJob', 'Ignore', 'Count', got 'FailIndex'`));
    });

    test('fails when the values are not an array (from JavaScript)', () => {
      expect(exitCodes(ExitCodeOperator.IN, 42 as any)).toThrow(new Error(
        `${ON_EXIT_CODES}: 'values' must be an array, got 42`));
    });

    test('fails when the container name is not a DNS-1123 label', () => {
      expect(exitCodes(ExitCodeOperator.IN, [1], 'Main')).toThrow(new Error(
        `${ON_EXIT_CODES}: 'containerName' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'Main'`));
    });
  });

  describe('onPodConditions', () => {
    test('renders the patterns, with status True unless given', () => {
      // WHEN
      const rule = PodFailurePolicyRule.onPodConditions(PodFailureAction.IGNORE, [
        { type: 'DisruptionTarget' },
        { type: 'example.com/Flaky', status: PodConditionStatus.UNKNOWN },
      ]);

      // THEN
      expect(rule._toKube()).toEqual({
        action: 'Ignore',
        onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }, { type: 'example.com/Flaky', status: 'Unknown' }],
      });
      expect(rule.containerName).toBeUndefined();
    });

    test.each([0, 21])('fails when there are %d patterns', (count) => {
      expect(() => PodFailurePolicyRule.onPodConditions(PodFailureAction.IGNORE, Array(count).fill({ type: 'DisruptionTarget' }))).toThrow(new Error(
        `${ON_POD_CONDITIONS}: 'conditions' must hold 1 to 20 patterns, got ${count}`));
    });

    test('fails when a condition type is not a qualified name', () => {
      expect(() => PodFailurePolicyRule.onPodConditions(PodFailureAction.IGNORE, [{ type: 'Disruption Target' }])).toThrow(new Error(
        `${ON_POD_CONDITIONS}: 'conditions[0].type' must be a label key ([prefix/]name: an optional DNS-1123 subdomain prefix of at most 253 characters, and a name of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit), got 'Disruption Target'`));
    });

    test('fails when a status is not a PodConditionStatus (from JavaScript)', () => {
      expect(() => PodFailurePolicyRule.onPodConditions(PodFailureAction.IGNORE, [{ type: 'Ready', status: 'true' as PodConditionStatus }])).toThrow(new Error(
        `${ON_POD_CONDITIONS}: 'conditions[0].status' must be one of 'True', 'False', 'Unknown', got 'true'`));
    });

    test('fails when a pattern is not an object (from JavaScript)', () => {
      expect(() => PodFailurePolicyRule.onPodConditions(PodFailureAction.IGNORE, ['DisruptionTarget' as any])).toThrow(new Error(
        `${ON_POD_CONDITIONS}: 'conditions[0]' must be an object, got 'DisruptionTarget'`));
    });
  });
});
