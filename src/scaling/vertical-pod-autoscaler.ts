import { ApiObject, ApiObjectMetadata, Lazy, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { checkMetadata, checkPlainObject } from '../_boundary';
import { addCheck, fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkOptionalType } from '../_validate';
import { autoscalerOf } from './_registry';
import { HorizontalPodAutoscaler } from './horizontal-pod-autoscaler';
import { checkCpu, checkMemory } from '../qos/_amounts';

/**
 * What a VerticalPodAutoscaler does with its recommendations.
 * @see https://github.com/kubernetes/autoscaler/tree/master/vertical-pod-autoscaler#quick-start
 */
export enum VpaUpdateMode {
  /** Recommends only (in its status); never changes a pod. */
  OFF = 'Off',
  /** Sets requests when pods are created; never evicts. */
  INITIAL = 'Initial',
  /** Sets requests at creation and evicts pods whose requests are far from the recommendation. */
  RECREATE = 'Recreate',
  /** Currently Recreate. */
  AUTO = 'Auto',
}

/** A resource a VerticalPodAutoscaler sizes. */
export enum VpaResource {
  /** CPU. */
  CPU = 'cpu',
  /** Memory. */
  MEMORY = 'memory',
}

/** Bounds of the requests a VerticalPodAutoscaler recommends. */
export interface VpaResourceBounds {
  /** CPU. @default - no bound */
  readonly cpu?: kplus.Cpu;
  /** Memory. @default - no bound */
  readonly memory?: Size;
}

/** Props of a {@link VerticalPodAutoscaler}. */
export interface VerticalPodAutoscalerProps {
  /** The workload whose pods it sizes. */
  readonly target: kplus.AbstractPod;
  /** What it does with its recommendations. @default VpaUpdateMode.OFF (recommendations only) */
  readonly updateMode?: VpaUpdateMode;
  /** The resources it sizes. @default - CPU and memory */
  readonly controlledResources?: VpaResource[];
  /** The least it recommends. @default - no bound */
  readonly minAllowed?: VpaResourceBounds;
  /** The most it recommends. @default - no bound */
  readonly maxAllowed?: VpaResourceBounds;
  /** Metadata of the object; its namespace is the target's. @default - named after the target */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * The course's second way to scale: a VerticalPodAutoscaler
 * (autoscaling.k8s.io/v1, a custom resource of the Kubernetes autoscaler
 * project, which must be installed in the cluster) that sizes the pods'
 * requests from their use. Refused at synth: one that acts on a resource a
 * HorizontalPodAutoscaler of the same workload scales on (the two fight:
 * the VPA raises requests, which lowers the utilization the HPA sees), unless
 * it only recommends (`VpaUpdateMode.OFF`).
 *
 * @see https://kubernetes.io/docs/concepts/workloads/autoscaling/#scaling-workloads-vertically
 */
export class VerticalPodAutoscaler extends Construct {
  /** The workload it sizes. */
  public readonly target: kplus.AbstractPod;
  /** What it does with its recommendations. */
  public readonly updateMode: VpaUpdateMode;
  /** The resources it sizes. */
  public readonly controlledResources: VpaResource[];
  /** The VerticalPodAutoscaler object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: VerticalPodAutoscalerProps) {
    super(scope, id);
    checkPlainObject(this, 'props', props);
    if (!(props.target instanceof kplus.Deployment || props.target instanceof kplus.StatefulSet || props.target instanceof kplus.DaemonSet)) {
      fail(this, 'target', `must be a Deployment, StatefulSet or DaemonSet, whose pods it can evict and recreate, got ${show(props.target)}`);
    }
    this.target = props.target;
    if (props.updateMode !== undefined && !Object.values(VpaUpdateMode).includes(props.updateMode)) {
      fail(this, 'updateMode', `must be a VpaUpdateMode (Off, Initial, Recreate, Auto), got ${show(props.updateMode)}`);
    }
    this.updateMode = props.updateMode ?? VpaUpdateMode.OFF;
    checkOptionalType(this, 'controlledResources', props.controlledResources, 'array');
    const resources = props.controlledResources ?? [VpaResource.CPU, VpaResource.MEMORY];
    if (resources.length === 0) fail(this, 'controlledResources', 'must list at least one resource, got none');
    resources.forEach((r, i) => {
      if (!Object.values(VpaResource).includes(r)) fail(this, `controlledResources[${i}]`, `must be a VpaResource (cpu, memory), got ${show(r)}`);
      if (resources.indexOf(r) !== i) fail(this, `controlledResources[${i}]`, `must list each resource once, got ${show(r)} twice`);
    });
    this.controlledResources = [...resources];
    const limits: { [field: string]: { [resource: string]: string } | undefined } = {};
    for (const field of ['minAllowed', 'maxAllowed'] as const) {
      const given = props[field];
      if (given === undefined) continue;
      checkPlainObject(this, field, given);
      const amounts = {
        ...(given.cpu !== undefined && { cpu: checkCpu(this, `${field}.cpu`, given.cpu) }),
        ...(given.memory !== undefined && { memory: checkMemory(this, `${field}.memory`, given.memory) }),
      };
      limits[field] = Object.keys(amounts).length > 0 ? amounts : undefined;
    }
    checkMetadata(this, 'metadata', props.metadata);
    const workload = ApiObject.of(this.target);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'autoscaling.k8s.io/v1',
      kind: 'VerticalPodAutoscaler',
      metadata: { name: workload.name, ...props.metadata, namespace: props.metadata?.namespace ?? workload.metadata.namespace },
      spec: Lazy.any({
        produce: () => ({
          targetRef: { apiVersion: workload.apiVersion, kind: workload.kind, name: workload.name },
          updatePolicy: { updateMode: this.updateMode },
          resourcePolicy: {
            containerPolicies: [{
              containerName: '*',
              controlledResources: this.controlledResources,
              minAllowed: limits.minAllowed,
              maxAllowed: limits.maxAllowed,
            }],
          },
        }),
      }),
    });
    addCheck(this, () => this.fights());
  }

  /** The resources it would fight the workload's HorizontalPodAutoscaler over. */
  private fights(): string[] {
    const hpa = autoscalerOf(this.target);
    if (this.updateMode === VpaUpdateMode.OFF || !(hpa instanceof HorizontalPodAutoscaler)) return [];
    const scaledOn = [
      ...(hpa.cpuUtilization !== undefined ? [VpaResource.CPU] : []),
      ...(hpa.memoryUtilization !== undefined ? [VpaResource.MEMORY] : []),
    ];
    const both = this.controlledResources.filter(r => scaledOn.includes(r));
    if (both.length === 0) return [];
    return [`'controlledResources' must not hold what the HorizontalPodAutoscaler ${hpa.node.path} scales ${this.target.node.path} on, got ${both.join(' and ')} in mode '${this.updateMode}': raising requests lowers the utilization the autoscaler sees, and the two fight; control the other resource only, or use VpaUpdateMode.OFF for recommendations`];
  }
}

