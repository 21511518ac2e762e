import { Construct } from 'constructs';
import { errorMessage, fail } from '../_errors';
import { kplus } from '../_plus';
import { checkInteger } from '../_validate';
import { checkCronSchedule } from './_cron';
import { checkJobProps } from './_job';
import { PodPolicy } from './_pod-policy';
import { PodOptions } from './pod-options';
import { QosPreset } from '../qos/qos-preset';

/**
 * Props of a {@link CronJob}.
 */
export interface CronJobProps extends kplus.CronJobProps, PodOptions {}

/**
 * A CronJob: a Job run on a schedule. The schedule is checked when the
 * construct is built: five fields (minute, hour, day of month, month, day of
 * week), each within its range, or a macro such as `@daily`; the smallest
 * resolution is one minute. A cdk8s-plus CronJob with this library's pod policy.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */
export class CronJob extends kplus.CronJob {
  /** The QoS preset of this workload's pod. */
  public readonly qos: QosPreset;
  private readonly policy: PodPolicy;

  constructor(scope: Construct, id: string, props: CronJobProps) {
    if (props.startingDeadline !== undefined && props.startingDeadline.toSeconds() < 10) {
      throw new Error(errorMessage(`${scope.node.path}/${id}`, 'startingDeadline', `must be at least 10 seconds (the CronJob controller checks every 10 seconds, so a shorter deadline may never start a job), got ${props.startingDeadline.toSeconds()} seconds`));
    }
    super(scope, id, PodPolicy.withoutContainers(props));
    checkCronSchedule(this, 'schedule', props.schedule?.expressionString);
    if (props.timeZone !== undefined && !isTimeZone(props.timeZone)) {
      fail(this, 'timeZone', `must be a time zone of the IANA database such as 'Europe/Paris' or 'Etc/UTC', got '${props.timeZone}'`);
    }
    checkJobProps(this, props);
    if (props.successfulJobsRetained !== undefined) checkInteger(this, 'successfulJobsRetained', props.successfulJobsRetained, 0);
    if (props.failedJobsRetained !== undefined) checkInteger(this, 'failedJobsRetained', props.failedJobsRetained, 0);
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
    this.policy.checkUniqueName(this, cont.name);
    super.attachContainer(cont);
  }

  /** Adds an init container; init containers run in the order they are added. */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addInitContainer(this.policy.completeInitContainerProps(this, cont));
  }
}

function isTimeZone(zone: string): boolean {
  if (zone === '' || zone === 'Local') return false;
  try {
    // Intl ignores case, Kubernetes (Go's time.LoadLocation) does not
    const resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
    return resolved.toLowerCase() !== zone.toLowerCase() || resolved === zone;
  } catch {
    return false;
  }
}
