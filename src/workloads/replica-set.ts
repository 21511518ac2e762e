import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s, kplus } from '../_plus';
import { PodPolicy } from './_pod-policy';
import { checkOptionalCount, checkPodProps, futureScope } from './_props';
import { PodOptions } from './pod-options';
import { QosPreset } from '../qos/qos-preset';

/**
 * Props of a {@link ReplicaSet}.
 */
export interface ReplicaSetProps extends kplus.WorkloadProps, PodOptions {
  /**
   * Number of pods to keep running.
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Seconds a new pod must be ready, without crashing, to count as available.
   * @default 0
   */
  readonly minReadySeconds?: number;
}

/**
 * A ReplicaSet: keeps a number of identical pods running. It has no rollout,
 * pause or rollback: prefer a {@link Deployment}, which manages ReplicaSets
 * for you, and do not put a HorizontalPodAutoscaler on a bare ReplicaSet
 * (the two fight over the replica count; use Deployment + HPA instead).
 * cdk8s-plus-27 has no ReplicaSet; this one has the same pod-building API
 * and pod policy as the other workloads of this library.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/
 */
export class ReplicaSet extends kplus.Workload {
  /** The kind's plural, as RBAC rules name it. */
  public readonly resourceType = 'replicasets';
  /** Number of pods kept running. */
  public readonly replicas: number;
  /** Seconds a new pod must be ready to count as available. */
  public readonly minReadySeconds: number;
  /** The QoS preset of this workload's pod. */
  public readonly qos: QosPreset;
  /** @see base.Resource.apiObject */
  protected readonly apiObject: ApiObject;
  private readonly policy: PodPolicy;

  constructor(scope: Construct, id: string, props: ReplicaSetProps = {}) {
    const early = futureScope(scope, id);
    checkPodProps(early, props);
    checkOptionalCount(early, 'replicas', props.replicas, 0);
    checkOptionalCount(early, 'minReadySeconds', props.minReadySeconds, 0);
    super(scope, id, PodPolicy.withoutContainers(props));
    this.apiObject = new k8s.KubeReplicaSet(this, 'Resource', {
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toKube() }),
    });
    this.replicas = props.replicas ?? 1;
    this.minReadySeconds = props.minReadySeconds ?? 0;
    if (this.isolate) this.connections.isolate();
    this.policy = PodPolicy.attach(this, props);
    this.qos = this.policy.qos;
    this.policy.addInitialContainers(this, props);
  }

  /** Adds a container, completed with this workload's QoS and security defaults. */
  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addContainer(this.policy.completeContainerProps(cont, 'containers'));
  }

  /** Attaches a container, refusing a name already used in the pod. */
  public attachContainer(cont: kplus.Container): void {
    this.policy.checkAttached(this, cont);
    super.attachContainer(cont);
  }

  /** Adds an init container; init containers run in the order they are added. */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addInitContainer(this.policy.completeInitContainerProps(this, cont));
  }

  /** @internal */
  public _toKube(): k8s.ReplicaSetSpec {
    return {
      replicas: this.replicas,
      minReadySeconds: this.minReadySeconds,
      selector: this._toLabelSelector(),
      template: {
        metadata: this.podMetadata.toJson(),
        spec: this._toPodSpec(),
      },
    };
  }
}
