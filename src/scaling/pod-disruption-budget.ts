import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkPlainObject, pathScope } from '../_boundary';
import { autoscalerOf, budgetOf, registerBudget } from './_registry';
import { addCheck, fail, show } from '../_errors';
import { checkSameNamespace, describeConstruct, kindOf, metadataFor } from '../_objects';
import { k8s, kplus } from '../_plus';
import { renderedJson } from '../_render-pass';
import { checkInteger } from '../_validate';
import { declareValuesOwner } from '../helm/_value-declarations';
import { checkCount, checkMetadata } from '../workloads/_props';

/**
 * How many pods of a workload voluntary disruptions (node drains, cluster
 * upgrades, evictions) must leave running: a minimum available or a maximum
 * unavailable, as a number of pods or a percentage of the replicas
 * (Kubernetes rounds a percentage up).
 *
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/#think-about-how-your-application-reacts-to-disruptions
 */
export class DisruptionBudget {
  /**
   * At least `pods` pods stay available; must be below the replica count,
   * or no pod could ever be evicted.
   *
   * @param pods a number of pods, 0 or more
   */
  public static minAvailable(pods: number): DisruptionBudget {
    checkCount(pathScope('DisruptionBudget.minAvailable'), 'pods', pods, 0);
    return new DisruptionBudget('minAvailable', pods, false);
  }

  /**
   * At least `percent` percent of the replicas (rounded up) stay available;
   * below 100, and low enough that one pod can still be evicted.
   *
   * @param percent a percentage, 0-100
   */
  public static minAvailablePercent(percent: number): DisruptionBudget {
    checkInteger(pathScope('DisruptionBudget.minAvailablePercent'), 'percent', percent, 0, 100);
    return new DisruptionBudget('minAvailable', percent, true);
  }

  /**
   * At most `pods` pods may be unavailable at once; at least 1, or no pod
   * could ever be evicted. Follows the replica count as it changes, which
   * makes it the usual choice for an autoscaled workload.
   *
   * @param pods a number of pods, 0 or more
   */
  public static maxUnavailable(pods: number): DisruptionBudget {
    checkCount(pathScope('DisruptionBudget.maxUnavailable'), 'pods', pods, 0);
    return new DisruptionBudget('maxUnavailable', pods, false);
  }

  /**
   * At most `percent` percent of the replicas (rounded up) may be
   * unavailable at once; above 0.
   *
   * @param percent a percentage, 0-100
   */
  public static maxUnavailablePercent(percent: number): DisruptionBudget {
    checkInteger(pathScope('DisruptionBudget.maxUnavailablePercent'), 'percent', percent, 0, 100);
    return new DisruptionBudget('maxUnavailable', percent, true);
  }

  private constructor(
    /** `minAvailable` or `maxUnavailable`. */
    public readonly field: string,
    /** The number of pods, or the percentage. */
    public readonly value: number,
    /** Whether `value` is a percentage of the replicas. */
    public readonly isPercent: boolean,
  ) {}

  /** The budget as the manifest writes it, e.g. `minAvailable 2` or `maxUnavailable 25%`. */
  public toString(): string {
    return `${this.field} ${this.value}${this.isPercent ? '%' : ''}`;
  }

  /**
   * How many pods must stay available out of `replicas`, as Kubernetes
   * computes it (percentages rounded up).
   *
   * @internal
   */
  public _requiredAvailable(replicas: number): number {
    const amount = this.isPercent ? Math.ceil((this.value * replicas) / 100) : this.value;
    return this.field === 'minAvailable' ? amount : Math.max(0, replicas - amount);
  }

  /**
   * Whether the budget lets no pod be evicted whatever the replica count:
   * `maxUnavailable` 0 or 0%, `minAvailable` 100%.
   *
   * @internal
   */
  public _blocksAtAnyScale(): boolean {
    return this.field === 'maxUnavailable' ? this.value === 0 : this.isPercent && this.value === 100;
  }

  /** @internal */
  public _toKube(): Pick<k8s.PodDisruptionBudgetSpec, 'minAvailable' | 'maxUnavailable'> {
    const value = this.isPercent ? k8s.IntOrString.fromString(`${this.value}%`) : k8s.IntOrString.fromNumber(this.value);
    return { [this.field]: value };
  }
}

/**
 * Props of a {@link PodDisruptionBudget}.
 */
export interface PodDisruptionBudgetProps {
  /**
   * The workload whose pods the budget protects: a Deployment, StatefulSet
   * or ReplicaSet. The budget selects exactly the workload's pods, with the
   * workload's own selector.
   */
  readonly workload: kplus.Workload;

  /** How many pods voluntary disruptions must leave running. */
  readonly budget: DisruptionBudget;

  /**
   * Metadata of the PodDisruptionBudget object. Its namespace must be the workload's.
   * @default - named after the workload, in the workload's namespace
   */
  readonly metadata?: ApiObjectMetadata;
}

const NOT_PROTECTABLE: { [kind: string]: string } = {
  DaemonSet: ': node drains do not evict DaemonSet pods (kubectl drain --ignore-daemonsets leaves them), so a budget would protect nothing',
  Job: ": a Job's pods run to completion and the Job controller replaces an evicted one, so it needs no budget, and one would hold node drains until the Job ends",
  CronJob: ": a CronJob's Jobs run to completion and the Job controller replaces an evicted pod, so they need no budget, and one would hold node drains until they end",
};

/**
 * A PodDisruptionBudget (policy/v1): limits how many pods of a replicated
 * workload voluntary disruptions such as node drains and cluster upgrades
 * take down at once. It selects exactly the workload's pods, in the
 * workload's namespace.
 *
 * Refused: a budget no drain can ever meet (`maxUnavailable` 0, 0% or
 * `minAvailable` 100%; at synth, a `minAvailable` that leaves no pod to
 * evict at the workload's replica count, or at its autoscaler's
 * `minReplicas`), a DaemonSet (drains do not evict its pods), a Job or
 * CronJob (run to completion; the Job controller replaces evicted pods),
 * a second budget on one workload (Kubernetes cannot evict a pod that two
 * budgets select) and a workload that selects its pods by no label.
 *
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/
 */
export class PodDisruptionBudget extends Construct {
  /** The workload whose pods the budget protects. */
  public readonly workload: kplus.Workload;
  /** How many pods voluntary disruptions must leave running. */
  public readonly budget: DisruptionBudget;
  /** The PodDisruptionBudget object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: PodDisruptionBudgetProps) {
    super(scope, id);
    checkPlainObject(this, 'props', props);
    this.workload = protectableWorkload(this, props.workload);
    if (!(props.budget instanceof DisruptionBudget)) {
      fail(this, 'budget', `must be a DisruptionBudget (DisruptionBudget.minAvailable, .minAvailablePercent, .maxUnavailable or .maxUnavailablePercent), got ${show(props.budget)}`);
    }
    this.budget = props.budget;
    if (this.budget._blocksAtAnyScale()) {
      fail(this, 'budget', `${blocksEveryDrain(this.budget, '')}; use DisruptionBudget.maxUnavailable(1) or a minAvailable below the replica count`);
    }
    const previous = budgetOf(this.workload);
    if (previous) {
      fail(this, 'workload', `must have one PodDisruptionBudget only, got ${describeConstruct(this.workload, kindOf(this.workload))} which ${previous.node.path} already covers: Kubernetes refuses to evict a pod that two budgets select, so every node drain would block`);
    }
    checkMetadata(this, 'metadata', props.metadata);
    const workload = ApiObject.of(this.workload);
    this.apiObject = new k8s.KubePodDisruptionBudget(this, 'Resource', {
      metadata: metadataFor(this, props.metadata, workload),
      spec: Lazy.any({ produce: () => this.toKube() }),
    });
    checkSameNamespace(this, this.apiObject, this.workload, 'a budget selects pods of its own namespace only');
    registerBudget(this.workload, this);
    declareValuesOwner(this.apiObject, this.workload);
    addCheck(this, () => this.validateBudget());
  }

  private toKube(): k8s.PodDisruptionBudgetSpec {
    const matchLabels = this.workload.matchLabels;
    const matchExpressions = this.workload.matchExpressions;
    return {
      ...this.budget._toKube(),
      selector: {
        matchLabels: Object.keys(matchLabels).length > 0 ? matchLabels : undefined,
        matchExpressions: matchExpressions.length > 0 ? matchExpressions : undefined,
      },
    };
  }

  /** Synth-time checks: a selector, and a budget that lets at least one pod go at the lowest replica count. */
  private validateBudget(): string[] {
    const where = describeConstruct(this.workload, kindOf(this.workload));
    if (Object.keys(this.workload.matchLabels).length === 0 && this.workload.matchExpressions.length === 0) {
      return [`'workload' must select its pods by label, got ${where} with no selector: the budget would select no pod, or with an empty selector every pod of the namespace; keep cdk8s-plus' 'select' default or call select() on the workload`];
    }
    const autoscaler = autoscalerOf(this.workload);
    const rendered: unknown = renderedJson(ApiObject.of(this.workload)).spec?.replicas;
    const replicas = autoscaler ? autoscaler.minReplicas : typeof rendered === 'number' ? rendered : 1;
    if (replicas === 0 || this.budget._requiredAvailable(replicas) < replicas) return [];
    const context = autoscaler
      ? ` at ${replicas} replicas, the 'minReplicas' its HorizontalPodAutoscaler ${autoscaler.node.path} scales ${where} down to`
      : ` for ${where} with ${replicas} replica${replicas === 1 ? '' : 's'}`;
    const fix = autoscaler ? "raise the autoscaler's 'minReplicas'" : 'run more replicas';
    return [`'budget' ${blocksEveryDrain(this.budget, context)}; use DisruptionBudget.maxUnavailable(1), a lower minAvailable, or ${fix}`];
  }
}

/** The problem part of the error for a budget that blocks every drain. */
function blocksEveryDrain(budget: DisruptionBudget, context: string): string {
  return `must let at least one pod be evicted, got ${budget}${context}: no pod could ever be evicted, so every node drain would block`;
}

/** The workload as one a budget can protect, or a clear error for anything else. */
function protectableWorkload(scope: IConstruct, workload: unknown): kplus.Workload {
  if (!(workload instanceof kplus.Workload)) {
    const what = Construct.isConstruct(workload) ? describeConstruct(workload, kindOf(workload)) : show(workload);
    fail(scope, 'workload', `must be a Deployment, StatefulSet or ReplicaSet, got ${what}`);
  }
  const kind = kindOf(workload);
  if (kind === 'Deployment' || kind === 'StatefulSet' || kind === 'ReplicaSet') return workload;
  const why = (kind && NOT_PROTECTABLE[kind]) ?? '';
  fail(scope, 'workload', `must be a Deployment, StatefulSet or ReplicaSet, got ${describeConstruct(workload, kind)}${why}`);
}
