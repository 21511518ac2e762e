import { Construct } from 'constructs';
import { checkIndexedHostname, checkJobProps, jobOptionsOf, jobProblems, jobSpecOf } from './_job';
import { PodPolicy } from './_pod-policy';
import { futureScope } from './_props';
import { addCheck } from '../_errors';
import { k8s, kplus } from '../_plus';
import { checkOptionalType } from '../_validate';
import { CompletionMode, JobOptions } from './job-options';
import { PodOptions } from './pod-options';
import { QosPreset } from '../qos/qos-preset';

/** The annotation the Job controller puts the completion index of an Indexed Job's pod in. */
const COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';

/**
 * Props of a {@link Job}.
 */
export interface JobProps extends kplus.JobProps, PodOptions, JobOptions {
  /**
   * Whether the Job starts suspended: the Job controller creates no pod until
   * `suspend` is set to false (by `kubectl patch` or a queueing controller
   * such as Kueue); suspending a running Job terminates its pods.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#suspending-a-job
   * @default false
   */
  readonly suspend?: boolean;
}

/**
 * A Job: runs pods to completion (e.g. a database migration), retrying
 * failed ones up to `backoffLimit`, optionally several in parallel, as
 * interchangeable pods or one per index (`CompletionMode.INDEXED`), with a
 * pod failure policy that decides by exit code or pod condition whether a
 * failure fails the Job, is ignored or counts. A cdk8s-plus Job with this
 * library's pod policy.
 *
 * At synth, a claim the pods mount must be ReadWriteMany (or ReadOnlyMany,
 * mounted read-only) when more than one pod runs at once, as for a
 * Deployment with several replicas.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/
 */
export class Job extends kplus.Job {
  /**
   * The environment variable in which each container of an Indexed Job's pod
   * finds its completion index, 0 to `completions - 1`: in a command,
   * `$(JOB_COMPLETION_INDEX)`.
   */
  public static readonly COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';

  /**
   * The completion index of an Indexed Job's pod as an environment value, for
   * a program that wants it under a name of its own (`envVariables: { SHARD:
   * Job.completionIndex() }`): the pod annotation the Job controller sets.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode
   */
  public static completionIndex(): kplus.EnvValue {
    return kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_ANNOTATION, { key: COMPLETION_INDEX_ANNOTATION });
  }

  /** The QoS preset of this workload's pod. */
  public readonly qos: QosPreset;
  /** How many pods must finish successfully. */
  public readonly completions: number;
  /** How many pods may run at once. */
  public readonly parallelism: number;
  /** How completions are counted, when set. */
  public readonly completionMode?: CompletionMode;
  /** Whether the Job starts suspended. */
  public readonly suspend: boolean;
  private readonly policy: PodPolicy;
  private readonly options: JobOptions;

  constructor(scope: Construct, id: string, props: JobProps = {}) {
    const early = futureScope(scope, id);
    checkJobProps(early, props);
    checkOptionalType(early, 'suspend', props.suspend, 'boolean');
    super(scope, id, PodPolicy.withoutContainers(props));
    this.options = jobOptionsOf(props);
    this.completions = props.completions ?? 1;
    this.parallelism = props.parallelism ?? 1;
    this.completionMode = props.completionMode;
    this.suspend = props.suspend ?? false;
    checkIndexedHostname(this, props, this.name);
    this.policy = PodPolicy.attach(this, props);
    this.qos = this.policy.qos;
    this.policy.addInitialContainers(this, props);
    addCheck(this, () => jobProblems(this, this.options));
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
    return { ...super._toKube(), ...jobSpecOf(this.options), suspend: this.suspend || undefined };
  }
}
