import { IConstruct } from 'constructs';
import { checkOptionalCount, checkOptionalDuration, checkPodProps } from './_props';
import { fail } from '../_errors';
import { kplus } from '../_plus';
import { PodOptions } from './pod-options';

/** The checks a Job and a CronJob's job template share, made before cdk8s-plus reads the props. */
export function checkJobProps(scope: IConstruct, props: kplus.JobProps & PodOptions): void {
  checkPodProps(scope, props);
  if (props.restartPolicy === kplus.RestartPolicy.ALWAYS) {
    fail(scope, 'restartPolicy', "must be 'Never' or 'OnFailure' for pods that run to completion, got 'Always'");
  }
  checkOptionalCount(scope, 'backoffLimit', props.backoffLimit, 0);
  checkOptionalDuration(scope, 'activeDeadline', props.activeDeadline, 1);
  checkOptionalDuration(scope, 'ttlAfterFinished', props.ttlAfterFinished, 0);
}
