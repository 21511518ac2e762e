import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkMetadata, definedName } from '../_boundary';
import { addCheck, fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkDnsSubdomain, checkOptionalType, checkType } from '../_validate';
import { namespaceText } from './_subjects';

/**
 * The identity of one workload: a ServiceAccount that mounts no API token
 * unless asked (`automountToken`), to be passed to the workload's
 * `serviceAccount` prop, and bound to the Roles the workload needs (see
 * `Role.toReadConfigMap`). A cdk8s-plus ServiceAccount.
 *
 * Create it before the workload: a cdk8s-plus workload takes its
 * ServiceAccount when it is constructed. The workload still decides on the
 * token in its own pod spec, which takes precedence: cdk8s-plus renders
 * `automountServiceAccountToken: false` unless the workload is given
 * `automountServiceAccountToken: true`.
 *
 * Refused: a name that is not a DNS-1123 subdomain; at synth, a
 * ServiceAccount given to two workloads (a Role bound for one would reach
 * the other), a workload of another namespace (a pod only runs as a
 * ServiceAccount of its own), and `automountToken: true` for a workload
 * whose pod turns the token off, which would mount none.
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/
 */
export class ServiceAccount extends kplus.ServiceAccount {
  constructor(scope: Construct, id: string, props: kplus.ServiceAccountProps = {}) {
    // A copy: cdk8s-plus reads the props before they are checked, and a JavaScript caller may pass null.
    super(scope, id, { ...props, metadata: definedName(props?.metadata) });
    checkType(this, 'props', props, 'object');
    checkMetadata(this, 'metadata', props.metadata);
    checkOptionalType(this, 'automountToken', props.automountToken, 'boolean');
    checkOptionalType(this, 'secrets', props.secrets, 'array');
    props.secrets?.forEach((secret, i) => checkSecret(this, `secrets[${i}]`, secret));
    addCheck(this, () => this.validateUse());
  }

  /** Allows a Secret to be used by the pods that run as this ServiceAccount. */
  public addSecret(secret: kplus.ISecret): void {
    checkSecret(this, 'secret', secret);
    super.addSecret(secret);
  }

  /** The workloads of the app that run as this ServiceAccount. */
  private workloads(): kplus.AbstractPod[] {
    return this.node.root.node.findAll()
      .filter((c: IConstruct): c is kplus.AbstractPod => c instanceof kplus.AbstractPod && c.serviceAccount === this);
  }

  private validateUse(): string[] {
    const workloads = this.workloads();
    const describe = (w: kplus.AbstractPod) => `${ApiObject.of(w).kind} ${w.node.path}`;
    if (workloads.length > 1) {
      return [`'serviceAccount' must be given to one workload only, got ServiceAccount '${this.name}' given to ${workloads.map(describe).join(' and ')}: give each workload its own, so that a Role bound to one does not reach the others`];
    }
    const errors: string[] = [];
    for (const workload of workloads) {
      const namespace = ApiObject.of(workload).metadata.namespace;
      if (namespace !== this.metadata.namespace) {
        errors.push(`'metadata.namespace' must be the namespace of the workload that runs as it, ${describe(workload)} in ${namespaceText(namespace)}, got ${namespaceText(this.metadata.namespace)}: a pod only runs as a ServiceAccount of its own namespace`);
      }
      if (this.automountToken && !workload.automountServiceAccountToken) {
        errors.push(`'automountToken' must not be true while ${describe(workload)} sets automountServiceAccountToken: false in its pod spec, which takes precedence, so no API token would be mounted, got true; pass automountServiceAccountToken: true to the workload`);
      }
    }
    return errors;
  }
}

function checkSecret(scope: IConstruct, field: string, secret: kplus.ISecret): void {
  if (secret?.kind !== 'Secret') fail(scope, field, `must be a Secret, got ${show(secret)}`);
  checkDnsSubdomain(scope, `${field}.name`, secret.name);
}
