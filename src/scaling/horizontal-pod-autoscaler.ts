import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkPlainObject, pathScope } from '../_boundary';
import { autoscalerOf, registerAutoscaler } from './_registry';
import { addCheck, fail, show } from '../_errors';
import { checkSameNamespace, describeConstruct, kindOf, metadataFor } from '../_objects';
import { k8s, kplus } from '../_plus';
import { podSpecOf } from '../_pod-template';
import { renderedJson } from '../_render-pass';
import { checkInteger, checkOneOf } from '../_validate';
import { declareValuesOwner } from '../helm/_value-declarations';
import { checkCount, checkMetadata } from '../workloads/_props';

/**
 * Which policy of a scaling direction the autoscaler follows when several apply.
 *
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#scaling-policies
 */
export enum ScalingPolicySelect {
  /** The policy that allows the largest change. */
  MAX = 'Max',
  /** The policy that allows the smallest change. */
  MIN = 'Min',
  /** No scaling in this direction at all, e.g. never scale down automatically. */
  DISABLED = 'Disabled',
}

/**
 * How fast the autoscaler may change the replica count in one direction:
 * at most some pods, or some percent of the current replicas, per period.
 *
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#scaling-policies
 */
export class ScalingPolicy {
  /**
   * At most `pods` pods added (or removed) per period.
   *
   * @param pods how many pods per period, at least 1
   * @param periodSeconds the length of the period, 1-1800 seconds
   */
  public static pods(pods: number, periodSeconds: number): ScalingPolicy {
    const scope = pathScope('ScalingPolicy.pods');
    checkCount(scope, 'pods', pods, 1);
    checkInteger(scope, 'periodSeconds', periodSeconds, 1, 1800);
    return new ScalingPolicy('Pods', pods, periodSeconds);
  }

  /**
   * At most `percent` percent of the current replicas added (or removed) per
   * period: 100 doubles the pods when scaling up, and removes them all (down
   * to `minReplicas`) when scaling down.
   *
   * @param percent the percentage of the current replicas per period, at least 1
   * @param periodSeconds the length of the period, 1-1800 seconds
   */
  public static percent(percent: number, periodSeconds: number): ScalingPolicy {
    const scope = pathScope('ScalingPolicy.percent');
    checkCount(scope, 'percent', percent, 1);
    checkInteger(scope, 'periodSeconds', periodSeconds, 1, 1800);
    return new ScalingPolicy('Percent', percent, periodSeconds);
  }

  private constructor(
    /** `Pods` or `Percent`. */
    public readonly policyType: string,
    /** The number of pods, or the percentage, per period. */
    public readonly value: number,
    /** The length of the period in seconds. */
    public readonly periodSeconds: number,
  ) {}

  /** @internal */
  public _toKube(): k8s.HpaScalingPolicyV2 {
    return { type: this.policyType, value: this.value, periodSeconds: this.periodSeconds };
  }
}

/**
 * The behavior of an autoscaler in one direction (scaling up or down).
 *
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#configurable-scaling-behavior
 */
export interface ScalingBehavior {
  /**
   * Seconds of past recommendations the autoscaler considers before it
   * changes the replica count, to avoid flapping; 0-3600.
   * @default - Kubernetes': 0 when scaling up, 300 when scaling down
   */
  readonly stabilizationWindowSeconds?: number;

  /**
   * How fast the replica count may change; at least one when given.
   * @default - Kubernetes': up, 4 pods or 100% per 15 s (the larger); down, 100% per 15 s
   */
  readonly policies?: ScalingPolicy[];

  /**
   * Which policy applies when several do.
   * @default ScalingPolicySelect.MAX
   */
  readonly selectPolicy?: ScalingPolicySelect;
}

/**
 * Props of a {@link HorizontalPodAutoscaler}.
 */
export interface HorizontalPodAutoscalerProps {
  /**
   * The workload to scale: a Deployment or a StatefulSet (of this library or
   * plain cdk8s-plus). It must not set `replicas`: the autoscaler owns the
   * replica count, and the workload is rendered without one.
   */
  readonly target: kplus.AbstractPod;

  /**
   * The fewest pods the autoscaler keeps; at least 1. Two by default so that
   * one pod can be evicted (node drain) or crash without an outage.
   * @default 2
   */
  readonly minReplicas?: number;

  /** The most pods the autoscaler may run; at least `minReplicas`. */
  readonly maxReplicas: number;

  /**
   * Target average CPU use as a percentage of the containers' CPU requests,
   * 1-1000 (above 100 when limits let the pods burst past their requests).
   * Every container of the target must request CPU (a limit alone counts:
   * Kubernetes copies it to the request).
   * @default - no CPU metric; give this or `memoryUtilization`
   */
  readonly cpuUtilization?: number;

  /**
   * Target average memory use as a percentage of the containers' memory
   * requests, 1-100 (above 100 the pods would use more than they requested
   * and be the first evicted under memory pressure). Every container of the
   * target must request memory.
   * @default - no memory metric; give this or `cpuUtilization`
   */
  readonly memoryUtilization?: number;

  /**
   * How fast to scale up.
   * @default - Kubernetes': no stabilization, 4 pods or 100% per 15 s (the larger)
   */
  readonly scaleUp?: ScalingBehavior;

  /**
   * How fast to scale down.
   * @default - Kubernetes': 300 s stabilization, 100% per 15 s
   */
  readonly scaleDown?: ScalingBehavior;

  /**
   * Metadata of the HorizontalPodAutoscaler object. Its namespace must be the target's.
   * @default - named after the target, in the target's namespace
   */
  readonly metadata?: ApiObjectMetadata;
}

const NOT_SCALABLE: { [kind: string]: string } = {
  ReplicaSet: ': do not use a bare ReplicaSet with a HorizontalPodAutoscaler; the mature solution is a Deployment (it manages its ReplicaSets and rolls out new versions) with the HorizontalPodAutoscaler on the Deployment',
  DaemonSet: ', which cannot be scaled: a DaemonSet runs one pod per matching node, so its pod count follows the nodes, not the load',
  Job: ', which cannot be scaled: a Job runs its pods to completion and has no replica count',
  CronJob: ', which cannot be scaled: a CronJob starts Jobs on a schedule, which run to completion and have no replica count',
  Pod: ', which cannot be scaled: a bare Pod is one pod; run it from a Deployment and scale that',
};

/**
 * A HorizontalPodAutoscaler (autoscaling/v2): keeps the average CPU and/or
 * memory use of a Deployment's or StatefulSet's pods near a percentage of
 * their requests by changing the replica count between `minReplicas` and
 * `maxReplicas`. The target is rendered without `replicas`, so applying the
 * manifests again does not reset what the autoscaler chose.
 *
 * Refused: a bare ReplicaSet (use Deployment + HorizontalPodAutoscaler),
 * a DaemonSet, Job, CronJob or Pod (not scalable), a target with a fixed
 * `replicas`, a second autoscaler on one target, and (at synth) a
 * utilization target on a pod with a container that requests none of that
 * resource, which Kubernetes could not compute.
 *
 * A StatefulSet can be scaled, but mind its identity: scaling down removes
 * the pods with the highest ordinals first, and their persistent volume
 * claims stay (and are reused when it scales up again).
 *
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */
export class HorizontalPodAutoscaler extends Construct {
  /** The workload this autoscaler scales. */
  public readonly target: kplus.AbstractPod;
  /** The fewest pods the autoscaler keeps. */
  public readonly minReplicas: number;
  /** The most pods the autoscaler may run. */
  public readonly maxReplicas: number;
  /** Target average CPU use, percent of the requests; undefined when not scaling on CPU. */
  public readonly cpuUtilization?: number;
  /** Target average memory use, percent of the requests; undefined when not scaling on memory. */
  public readonly memoryUtilization?: number;
  /** The HorizontalPodAutoscaler object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: HorizontalPodAutoscalerProps) {
    super(scope, id);
    checkPlainObject(this, 'props', props);
    const target = scalableTarget(this, props.target);
    this.target = target;
    this.minReplicas = props.minReplicas ?? 2;
    checkCount(this, 'minReplicas', this.minReplicas, 1);
    this.maxReplicas = props.maxReplicas;
    checkCount(this, 'maxReplicas', this.maxReplicas, 1);
    if (this.maxReplicas < this.minReplicas) {
      const which = props.minReplicas === undefined ? ', the default' : '';
      fail(this, 'maxReplicas', `must be at least 'minReplicas' (${this.minReplicas}${which}), got ${this.maxReplicas}`);
    }
    this.cpuUtilization = checkUtilization(this, 'cpuUtilization', props.cpuUtilization, 1000, 'percent of the CPU requests; above 100 when limits let the pods burst past them');
    this.memoryUtilization = checkUtilization(this, 'memoryUtilization', props.memoryUtilization, 100, 'percent of the memory requests; not above 100, where the pods would use more than they requested and be the first evicted under memory pressure');
    if (this.cpuUtilization === undefined && this.memoryUtilization === undefined) {
      fail(this, 'cpuUtilization', "(or 'memoryUtilization') must be given, got neither; the autoscaler needs at least one metric to scale on");
    }
    const scaleUp = behaviorToKube(this, 'scaleUp', props.scaleUp);
    const scaleDown = behaviorToKube(this, 'scaleDown', props.scaleDown);

    const fixed = target.toScalingTarget().replicas;
    if (fixed !== undefined) {
      fail(this, 'target', `must not set 'replicas' when a HorizontalPodAutoscaler scales it (each apply would reset the count the autoscaler chose), got replicas ${fixed} on ${describeConstruct(target, kindOf(target))}; remove it and use 'minReplicas'`);
    }
    const previous = autoscalerOf(target);
    if (previous) {
      fail(this, 'target', `must have one HorizontalPodAutoscaler only, got ${describeConstruct(target, kindOf(target))} which ${previous.node.path} already scales: two autoscalers fight over its replica count; give the first one every metric`);
    }

    checkMetadata(this, 'metadata', props.metadata);
    const workload = ApiObject.of(target);
    this.apiObject = new k8s.KubeHorizontalPodAutoscalerV2(this, 'Resource', {
      metadata: metadataFor(this, props.metadata, workload),
      spec: Lazy.any({ produce: () => this.toKube(workload, scaleUp, scaleDown) }),
    });
    checkSameNamespace(this, this.apiObject, target, 'an autoscaler scales a workload of its own namespace only');
    target.markHasAutoscaler();
    registerAutoscaler(target, this);
    declareValuesOwner(this.apiObject, target);
    addCheck(this, () => this.validateTarget());
  }

  private toKube(workload: ApiObject, scaleUp?: k8s.HpaScalingRulesV2, scaleDown?: k8s.HpaScalingRulesV2): k8s.HorizontalPodAutoscalerSpecV2 {
    const metrics: k8s.MetricSpecV2[] = [];
    for (const [name, value] of [['cpu', this.cpuUtilization], ['memory', this.memoryUtilization]] as const) {
      if (value === undefined) continue;
      metrics.push({ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization: value } } });
    }
    return {
      scaleTargetRef: { apiVersion: workload.apiVersion, kind: workload.kind, name: workload.name },
      minReplicas: this.minReplicas,
      maxReplicas: this.maxReplicas,
      metrics,
      behavior: scaleUp || scaleDown ? { scaleUp, scaleDown } : undefined,
    };
  }

  /** Synth-time checks on the rendered target: no fixed replicas, a request for each utilization metric. */
  private validateTarget(): string[] {
    const manifest = renderedJson(ApiObject.of(this.target));
    const errors: string[] = [];
    const where = describeConstruct(this.target, manifest.kind);
    if (manifest.spec?.replicas !== undefined) {
      errors.push(`'target' must be rendered without 'spec.replicas' once an autoscaler owns its replica count, got replicas ${manifest.spec.replicas} in ${where}`);
    }
    const containers: any[] = podSpecOf(manifest)?.spec.containers ?? [];
    for (const [field, resource, value] of [['cpuUtilization', 'cpu', this.cpuUtilization], ['memoryUtilization', 'memory', this.memoryUtilization]] as const) {
      if (value === undefined) continue;
      const missing = containers
        .filter(c => c.resources?.requests?.[resource] === undefined && c.resources?.limits?.[resource] === undefined)
        .map(c => `'${c.name}'`);
      if (missing.length > 0) {
        const list = `${missing.length > 1 ? 'containers' : 'container'} ${missing.join(', ')}`;
        errors.push(`'${field}' needs a ${resource} request on every container of ${where} (utilization is a percentage of the requests), got none on ${list}; give ${missing.length > 1 ? 'them' : 'it'} a ${resource} request (e.g. a Burstable or Guaranteed QoS preset) or drop '${field}'`);
      }
    }
    return errors;
  }
}

/** The target as a scalable cdk8s-plus workload, or a clear error for anything else. */
function scalableTarget(scope: IConstruct, target: unknown): kplus.Deployment | kplus.StatefulSet {
  if (target instanceof kplus.Deployment || target instanceof kplus.StatefulSet) return target;
  if (!Construct.isConstruct(target)) {
    fail(scope, 'target', `must be a Deployment or StatefulSet, got ${show(target)}`);
  }
  const kind = kindOf(target);
  const why = (kind && NOT_SCALABLE[kind]) ?? ', which this library cannot scale: it scales cdk8s-plus Deployments and StatefulSets';
  fail(scope, 'target', `must be a Deployment or StatefulSet, got ${describeConstruct(target, kind)}${why}`);
}

function checkUtilization(scope: IConstruct, field: string, value: number | undefined, max: number, meaning: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    fail(scope, field, `must be an integer within 1-${max} (${meaning}), got ${show(value)}`);
  }
  return value;
}

function behaviorToKube(scope: IConstruct, field: string, behavior: ScalingBehavior | undefined): k8s.HpaScalingRulesV2 | undefined {
  if (behavior === undefined) return undefined;
  checkPlainObject(scope, field, behavior);
  const window = behavior.stabilizationWindowSeconds;
  if (window !== undefined) checkInteger(scope, `${field}.stabilizationWindowSeconds`, window, 0, 3600);
  const policies = behavior.policies;
  if (policies !== undefined) {
    if (!Array.isArray(policies) || policies.length === 0) {
      fail(scope, `${field}.policies`, `must list at least one ScalingPolicy, or be left out for Kubernetes' default, got ${show(policies)}`);
    }
    policies.forEach((p, i) => {
      if (!(p instanceof ScalingPolicy)) {
        fail(scope, `${field}.policies[${i}]`, `must be a ScalingPolicy (ScalingPolicy.pods or ScalingPolicy.percent), got ${show(p)}`);
      }
    });
  }
  const select = behavior.selectPolicy;
  if (select !== undefined) checkOneOf(scope, `${field}.selectPolicy`, select, ScalingPolicySelect);
  return {
    stabilizationWindowSeconds: window,
    policies: policies?.map(p => p._toKube()),
    selectPolicy: select,
  };
}
