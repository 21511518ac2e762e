import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { k8s, kplus, PlusWorkloadInternals } from '../_plus';
import { checkOptionalCount } from './_props';
import { attachPolicy, checkAttached, checkSpeciesProps, containerProps, initContainerProps, speciesProps } from './_species';
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
export class ReplicaSet extends kplus.Workload implements PlusWorkloadInternals {
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

  constructor(scope: Construct, id: string, props: ReplicaSetProps = {}) {
    super(scope, id, speciesProps(scope, id, props, checkReplicaSetProps));
    this.apiObject = new k8s.KubeReplicaSet(this, 'Resource', {
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toKube() }),
    });
    this.replicas = props.replicas ?? 1;
    this.minReadySeconds = props.minReadySeconds ?? 0;
    if (this.isolate) this.connections.isolate();
    this.qos = attachPolicy(this, props).qos;
  }

  /** Adds a container, completed with this workload's QoS and security defaults. */
  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addContainer(containerProps(this, cont));
  }

  /** Attaches a container, refusing a name already used in the pod. */
  public attachContainer(cont: kplus.Container): void {
    checkAttached(this, cont);
    super.attachContainer(cont);
  }

  /** Adds an init container; init containers run in the order they are added. */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addInitContainer(initContainerProps(this, cont));
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

/** Checks the pod props every workload takes, and the ReplicaSet's own. */
function checkReplicaSetProps(scope: IConstruct, props: ReplicaSetProps): void {
  checkSpeciesProps(scope, props);
  checkOptionalCount(scope, 'replicas', props.replicas, 0);
  checkOptionalCount(scope, 'minReadySeconds', props.minReadySeconds, 0);
}
