import { Construct } from 'constructs';
import { fail } from '../_errors';
import { kplus } from '../_plus';
import { checkInteger } from '../_validate';

/** The checks a Job and a CronJob's job template share. */
export function checkJobProps(scope: Construct, props: kplus.JobProps): void {
  if (props.restartPolicy === kplus.RestartPolicy.ALWAYS) {
    fail(scope, 'restartPolicy', "must be 'Never' or 'OnFailure' for pods that run to completion, got 'Always'");
  }
  if (props.backoffLimit !== undefined) checkInteger(scope, 'backoffLimit', props.backoffLimit, 0);
  const deadline = props.activeDeadline?.toSeconds({ integral: false });
  if (deadline !== undefined && (!Number.isInteger(deadline) || deadline < 1)) {
    fail(scope, 'activeDeadline', `must be a whole number of seconds, at least 1, got ${deadline} seconds`);
  }
}
