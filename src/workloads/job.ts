import { Construct, IConstruct } from 'constructs';
import { checkIndexedHostname, checkJobProps, jobOptionsOf, jobProblems, jobSpecOf } from './_job';
import { attachPolicy, checkAttached, containerProps, initContainerProps, speciesProps } from './_species';
import { addCheck } from '../_errors';
import { k8s, kplus, PlusWorkloadInternals } from '../_plus';
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
export class Job extends kplus.Job implements PlusWorkloadInternals {
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
  private readonly options: JobOptions;

  constructor(scope: Construct, id: string, props: JobProps = {}) {
    super(scope, id, speciesProps(scope, id, props, checkSuspendableJobProps));
    this.options = jobOptionsOf(props);
    this.completions = props.completions ?? 1;
    this.parallelism = props.parallelism ?? 1;
    this.completionMode = props.completionMode;
    this.suspend = props.suspend ?? false;
    checkIndexedHostname(this, props, this.name);
    this.qos = attachPolicy(this, props).qos;
    addCheck(this, () => jobProblems(this, this.options));
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
  public _toKube(): k8s.JobSpec {
    return { ...super._toKube(), ...jobSpecOf(this.options), suspend: this.suspend || undefined };
  }
}

/** Checks the props cdk8s-plus reads in its constructor, and this library's. */
function checkSuspendableJobProps(scope: IConstruct, props: JobProps): void {
  checkJobProps(scope, props);
  checkOptionalType(scope, 'suspend', props.suspend, 'boolean');
}
