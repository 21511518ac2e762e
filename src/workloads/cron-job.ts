import { Cron, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkCronSchedule } from './_cron';
import { checkIndexedHostname, checkJobProps, jobOptionsOf, jobProblems, jobSpecOf } from './_job';
import { checkOptionalCount, checkOptionalDuration } from './_props';
import { attachPolicy, checkAttached, containerProps, initContainerProps, speciesProps } from './_species';
import { addCheck, fail, show } from '../_errors';
import { k8s, kplus, PlusWorkloadInternals } from '../_plus';
import { checkInstance, checkOneOf, checkOptionalType } from '../_validate';
import { JobOptions } from './job-options';
import { PodOptions } from './pod-options';
import { QosPreset } from '../qos/qos-preset';

/**
 * Props of a {@link CronJob}.
 */
export interface CronJobProps extends kplus.CronJobProps, PodOptions, JobOptions {
  /**
   * Whether each Job the CronJob creates starts suspended
   * (`jobTemplate.spec.suspend`): it runs no pod until something (a
   * queueing controller such as Kueue, or `kubectl patch`) resumes it. Not
   * `suspend`, which stops the CronJob from creating Jobs at all.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#suspending-a-job
   * @default false
   */
  readonly startJobsSuspended?: boolean;
}

/**
 * A CronJob: a Job run on a schedule. The schedule is checked when the
 * construct is built: five fields (minute, hour, day of month, month, day of
 * week), each within its range, or a macro such as `@daily`; the smallest
 * resolution is one minute. Each Job it creates takes the job options of a
 * {@link Job}: completions, parallelism, completion mode and pod failure
 * policy. A cdk8s-plus CronJob with this library's pod policy.
 *
 * `startingDeadline` (at least 10 seconds: the controller checks every 10
 * seconds) renders only when given: unset, as in Kubernetes, a run that
 * missed its time starts as soon as the controller can start it, where
 * cdk8s-plus would render 10 seconds.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */
export class CronJob extends kplus.CronJob implements PlusWorkloadInternals {
  /** The QoS preset of this workload's pod. */
  public readonly qos: QosPreset;
  /** Whether each Job the CronJob creates starts suspended. */
  public readonly startJobsSuspended: boolean;
  private readonly options: JobOptions;
  private readonly deadline?: Duration;

  constructor(scope: Construct, id: string, props: CronJobProps) {
    super(scope, id, speciesProps(scope, id, props, checkCronJobProps));
    this.options = jobOptionsOf(props);
    this.deadline = props.startingDeadline;
    this.startJobsSuspended = props.startJobsSuspended ?? false;
    checkIndexedHostname(this, props, this.name, true);
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
  public _toKube(): k8s.CronJobSpec {
    const spec = super._toKube();
    const job = { ...spec.jobTemplate.spec!, ...jobSpecOf(this.options), suspend: this.startJobsSuspended || undefined };
    return { ...spec, startingDeadlineSeconds: this.deadline?.toSeconds(), jobTemplate: { ...spec.jobTemplate, spec: job } };
  }
}

/** Checks the props cdk8s-plus reads in its constructor, and this library's. */
function checkCronJobProps(scope: IConstruct, props: CronJobProps): void {
  checkJobProps(scope, props);
  const name = props.metadata?.name;
  if (typeof name === 'string' && name.length > 52) {
    fail(scope, 'metadata.name', `must be at most 52 characters (the CronJob controller appends 11 to name its Jobs), got ${show(name)} (${name.length})`);
  }
  checkInstance(scope, 'schedule', props.schedule, Cron, "a Cron such as Cron.daily() or Cron.schedule({ minute: '0', hour: '3' })");
  checkCronSchedule(scope, 'schedule', props.schedule.expressionString);
  if (props.timeZone !== undefined && !isTimeZone(props.timeZone)) {
    fail(scope, 'timeZone', `must be a time zone of the IANA database such as 'Europe/Paris' or 'Etc/UTC', got ${show(props.timeZone)}`);
  }
  if (props.concurrencyPolicy !== undefined) checkOneOf(scope, 'concurrencyPolicy', props.concurrencyPolicy, kplus.ConcurrencyPolicy);
  const deadline = checkOptionalDuration(scope, 'startingDeadline', props.startingDeadline, 0);
  if (deadline !== undefined && deadline < 10) {
    fail(scope, 'startingDeadline', `must be at least 10 seconds (the CronJob controller checks every 10 seconds, so a shorter deadline may never start a job), got ${deadline} seconds`);
  }
  checkOptionalType(scope, 'suspend', props.suspend, 'boolean');
  checkOptionalType(scope, 'startJobsSuspended', props.startJobsSuspended, 'boolean');
  checkOptionalCount(scope, 'successfulJobsRetained', props.successfulJobsRetained, 0);
  checkOptionalCount(scope, 'failedJobsRetained', props.failedJobsRetained, 0);
  if (props.ttlAfterFinished !== undefined && (props.successfulJobsRetained !== undefined || props.failedJobsRetained !== undefined)) {
    fail(scope, 'ttlAfterFinished', "must not be given with 'successfulJobsRetained' or 'failedJobsRetained': it would delete the Jobs those keep; choose one, got both");
  }
}

function isTimeZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || zone === '' || zone === 'Local') return false;
  try {
    // Intl ignores case, Kubernetes (Go's time.LoadLocation) does not
    const resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
    return resolved.toLowerCase() !== zone.toLowerCase() || resolved === zone;
  } catch {
    return false;
  }
}
