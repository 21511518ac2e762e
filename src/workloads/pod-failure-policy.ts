import { INT32_MAX } from './_props';
import { checkPlainObject, pathScope } from '../_boundary';
import { fail, show } from '../_errors';
import { k8s } from '../_plus';
import { checkDnsLabel, checkLabelKey, checkOneOf, checkType } from '../_validate';

/** A rule as the API takes it: one of `onExitCodes` and `onPodConditions`. */
type RuleSpec = Omit<k8s.PodFailurePolicyRule, 'onPodConditions'> & Partial<Pick<k8s.PodFailurePolicyRule, 'onPodConditions'>>;

/** At most this many exit codes in one rule, and pod conditions in one rule (Kubernetes 1.26). */
const MAX_EXIT_CODES = 255;
const MAX_CONDITIONS = 20;

/**
 * What a Job does with a failed pod that a {@link PodFailurePolicyRule} matches.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-failure-policy
 */
export enum PodFailureAction {
  /**
   * Fails the whole Job at once and terminates its running pods: for a
   * failure no retry can fix, such as an exit code that means a bug.
   */
  FAIL_JOB = 'FailJob',
  /**
   * Replaces the pod without counting the failure against `backoffLimit`:
   * for disruptions that are not the pod's fault, such as preemption or a
   * node drain (the `DisruptionTarget` condition).
   */
  IGNORE = 'Ignore',
  /** Counts the failure against `backoffLimit`, as without a policy. */
  COUNT = 'Count',
}

/**
 * How a {@link PodFailurePolicyRule} compares a container's exit code with its values.
 */
export enum ExitCodeOperator {
  /** The exit code is one of the values (which may not include 0). */
  IN = 'In',
  /** The exit code is none of the values. */
  NOT_IN = 'NotIn',
}

/**
 * The status a pod condition must have for a {@link PodConditionPattern} to match.
 */
export enum PodConditionStatus {
  /** The condition holds. */
  TRUE = 'True',
  /** The condition does not hold. */
  FALSE = 'False',
  /** The kubelet cannot tell. */
  UNKNOWN = 'Unknown',
}

/**
 * The exit codes a {@link PodFailurePolicyRule} matches.
 */
export interface ExitCodesOptions {
  /** Whether the exit code must be one of `values` or none of them. */
  readonly operator: ExitCodeOperator;

  /**
   * The exit codes, 1 to 255 of them, each once; 0 (success) only with
   * `NOT_IN`. They are rendered in ascending order, as the API requires.
   */
  readonly values: number[];

  /**
   * The container (or init container) whose exit code counts; it must be a
   * container of the pod at synth.
   * @default - the exit code of any container of the pod
   */
  readonly containerName?: string;
}

/**
 * A pod condition a {@link PodFailurePolicyRule} matches, such as
 * `DisruptionTarget` (the pod was evicted, preempted or its node drained).
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/disruptions/#pod-disruption-conditions
 */
export interface PodConditionPattern {
  /** The condition type, a qualified name such as `DisruptionTarget`. */
  readonly type: string;

  /**
   * The status the condition must have.
   * @default PodConditionStatus.TRUE
   */
  readonly status?: PodConditionStatus;
}

/**
 * One rule of a Job's pod failure policy: an action taken when a failed pod
 * matches its exit codes or its pod conditions. The rules are evaluated in
 * order and the first that matches applies; a failure no rule matches counts
 * against `backoffLimit`. A Job with a pod failure policy must use the
 * restart policy `Never`.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-failure-policy
 */
export class PodFailurePolicyRule {
  /**
   * A rule that matches a failed pod by the exit code of its containers (or
   * of one container, `containerName`).
   *
   * @param action what to do with a pod that matches
   * @param options the exit codes to match
   */
  public static onExitCodes(action: PodFailureAction, options: ExitCodesOptions): PodFailurePolicyRule {
    const scope = pathScope('PodFailurePolicyRule.onExitCodes');
    checkOneOf(scope, 'action', action, PodFailureAction);
    checkPlainObject(scope, 'options', options);
    checkOneOf(scope, 'operator', options.operator, ExitCodeOperator);
    checkType(scope, 'values', options.values, 'array');
    const values = options.values;
    if (values.length === 0 || values.length > MAX_EXIT_CODES) {
      fail(scope, 'values', `must hold 1 to ${MAX_EXIT_CODES} exit codes, got ${values.length}`);
    }
    values.forEach((v, i) => {
      if (!Number.isInteger(v) || v < -INT32_MAX - 1 || v > INT32_MAX) fail(scope, `values[${i}]`, `must be an integer exit code that fits in an int32, got ${show(v)}`);
    });
    if (options.operator === ExitCodeOperator.IN && values.includes(0)) {
      fail(scope, 'values', 'must not hold 0 with the In operator: exit code 0 is a success, which fails no pod; use NotIn to match every failure but some codes, got 0');
    }
    const twice = values.find((v, i) => values.indexOf(v) !== i);
    if (twice !== undefined) fail(scope, 'values', `must hold each exit code once, got ${twice} twice`);
    if (options.containerName !== undefined) checkDnsLabel(scope, 'containerName', options.containerName);
    return new PodFailurePolicyRule(action, options.containerName, {
      action,
      onExitCodes: { containerName: options.containerName, operator: options.operator, values: [...values].sort((a, b) => a - b) },
    });
  }

  /**
   * A rule that matches a failed pod by its conditions: it matches when any
   * of the patterns matches a condition of the pod.
   *
   * @param action what to do with a pod that matches
   * @param conditions the patterns, 1 to 20 of them
   */
  public static onPodConditions(action: PodFailureAction, conditions: PodConditionPattern[]): PodFailurePolicyRule {
    const scope = pathScope('PodFailurePolicyRule.onPodConditions');
    checkOneOf(scope, 'action', action, PodFailureAction);
    checkType(scope, 'conditions', conditions, 'array');
    if (conditions.length === 0 || conditions.length > MAX_CONDITIONS) {
      fail(scope, 'conditions', `must hold 1 to ${MAX_CONDITIONS} patterns, got ${conditions.length}`);
    }
    conditions.forEach((c, i) => {
      checkPlainObject(scope, `conditions[${i}]`, c);
      checkLabelKey(scope, `conditions[${i}].type`, c.type);
      if (c.status !== undefined) checkOneOf(scope, `conditions[${i}].status`, c.status, PodConditionStatus);
    });
    return new PodFailurePolicyRule(action, undefined, {
      action,
      onPodConditions: conditions.map(c => ({ type: c.type, status: c.status ?? PodConditionStatus.TRUE })),
    });
  }

  /** What the Job does with a failed pod the rule matches. */
  public readonly action: PodFailureAction;
  /** The container whose exit code the rule reads, when it names one. */
  public readonly containerName?: string;

  private constructor(action: PodFailureAction, containerName: string | undefined, private readonly rule: RuleSpec) {
    this.action = action;
    this.containerName = containerName;
  }

  /** @internal */
  public _toKube(): k8s.PodFailurePolicyRule {
    // Kubernetes 1.26 makes `onPodConditions` optional; the cdk8s-plus-27 types require it
    return this.rule as k8s.PodFailurePolicyRule;
  }
}
