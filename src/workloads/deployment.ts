import { Construct, IConstruct } from 'constructs';
import { checkInt32, checkOptionalCount, checkOptionalDuration } from './_props';
import { attachPolicy, checkAttached, checkSpeciesProps, containerProps, initContainerProps, speciesProps } from './_species';
import { fail, show } from '../_errors';
import { k8s, kplus, PlusWorkloadInternals } from '../_plus';
import { checkInstance, checkOptionalType } from '../_validate';
import { PodOptions } from './pod-options';
import { declareValuesOwner } from '../helm/_value-declarations';
import { QosPreset } from '../qos/qos-preset';

/**
 * Props of a {@link Deployment}.
 */
export interface DeploymentProps extends kplus.DeploymentProps, PodOptions {
  /**
   * How many old ReplicaSets to keep, so that `kubectl rollout undo` has
   * revisions to roll back to; at least 1.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;

  /**
   * Whether the Deployment starts paused: changes to its pod template do not
   * roll out until it is resumed (`kubectl rollout resume`).
   * @default false
   */
  readonly paused?: boolean;
}

/**
 * A Deployment: replicated, interchangeable pods with rolling updates,
 * pause and rollback. A cdk8s-plus Deployment with this library's pod policy:
 * every container is hardened to the Pod Security Standard "restricted"
 * profile, sized by a QoS preset, and checked (unique DNS-1123 names, port
 * ranges and clashes, request ≤ limit) when it is added.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
export class Deployment extends kplus.Deployment implements PlusWorkloadInternals {
  /** The QoS preset of this workload's pod. */
  public readonly qos: QosPreset;
  /** How many old ReplicaSets are kept for rollbacks. */
  public readonly revisionHistoryLimit: number;
  /** Whether the Deployment is paused. */
  public readonly paused: boolean;

  constructor(scope: Construct, id: string, props: DeploymentProps = {}) {
    super(scope, id, speciesProps(scope, id, props, checkDeploymentProps));
    this.revisionHistoryLimit = props.revisionHistoryLimit ?? 10;
    this.paused = props.paused ?? false;
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

  /**
   * Exposes the pods through a cdk8s-plus Service, as cdk8s-plus does; in a
   * Helm chart, its values join this Deployment's (`<key>.service`).
   */
  public exposeViaService(options?: kplus.DeploymentExposeViaServiceOptions): kplus.Service {
    const service = super.exposeViaService(options);
    declareValuesOwner(service, this);
    return service;
  }

  /** @internal */
  public _toKube(): k8s.DeploymentSpec {
    return {
      ...super._toKube(),
      revisionHistoryLimit: this.revisionHistoryLimit,
      paused: this.paused || undefined,
    };
  }
}

/** Checks the props cdk8s-plus reads in its constructor, and this library's. */
function checkDeploymentProps(scope: IConstruct, props: DeploymentProps): void {
  checkSpeciesProps(scope, props);
  checkOptionalCount(scope, 'replicas', props.replicas, 0);
  const limit = props.revisionHistoryLimit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    fail(scope, 'revisionHistoryLimit', `must be an integer of at least 1 so that 'kubectl rollout undo' has a revision to roll back to, got ${show(limit)}`);
  }
  if (limit !== undefined) checkInt32(scope, 'revisionHistoryLimit', limit);
  checkOptionalType(scope, 'paused', props.paused, 'boolean');
  if (props.strategy !== undefined) checkInstance(scope, 'strategy', props.strategy, kplus.DeploymentStrategy, 'a DeploymentStrategy such as DeploymentStrategy.rollingUpdate()');
  const minReady = checkOptionalDuration(scope, 'minReady', props.minReady, 0) ?? 0;
  const deadline = checkOptionalDuration(scope, 'progressDeadline', props.progressDeadline, 1) ?? 600;
  if (deadline <= minReady) {
    fail(scope, 'progressDeadline', `must be longer than 'minReady' (${minReady} seconds), got ${deadline} seconds`);
  }
}
