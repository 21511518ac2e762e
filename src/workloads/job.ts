import { Construct } from 'constructs';
import { checkJobProps } from './_job';
import { PodPolicy } from './_pod-policy';
import { checkOptionalCount, futureScope } from './_props';
import { k8s, kplus } from '../_plus';
import { PodOptions } from './pod-options';
import { QosPreset } from '../qos/qos-preset';

/**
 * Props of a {@link Job}.
 */
export interface JobProps extends kplus.JobProps, PodOptions {
  /**
   * How many pods must finish successfully for the Job to complete.
   * @default 1
   */
  readonly completions?: number;

  /**
   * How many pods may run at once.
   * @default 1
   */
  readonly parallelism?: number;
}

/**
 * A Job: runs pods to completion (e.g. a database migration), retrying
 * failed ones up to `backoffLimit`, optionally several in parallel. A
 * cdk8s-plus Job with this library's pod policy.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/
 */
export class Job extends kplus.Job {
  /** The QoS preset of this workload's pod. */
  public readonly qos: QosPreset;
  /** How many pods must finish successfully. */
  public readonly completions: number;
  /** How many pods may run at once. */
  public readonly parallelism: number;
  private readonly policy: PodPolicy;

  constructor(scope: Construct, id: string, props: JobProps = {}) {
    const early = futureScope(scope, id);
    checkJobProps(early, props);
    checkOptionalCount(early, 'completions', props.completions, 1);
    checkOptionalCount(early, 'parallelism', props.parallelism, 1);
    super(scope, id, PodPolicy.withoutContainers(props));
    this.completions = props.completions ?? 1;
    this.parallelism = props.parallelism ?? 1;
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
  public _toKube(): k8s.JobSpec {
    return { ...super._toKube(), completions: this.completions, parallelism: this.parallelism };
  }
}
