import { IConstruct } from 'constructs';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkDnsLabel, checkDnsSubdomain } from '../_validate';

const DEFAULT_ACCOUNT = "its namespace's 'default' ServiceAccount, which every pod without an account of its own runs as, so binding it would grant them all; give the workload a ServiceAccount of its own and bind that";

/** The namespace of a namespaced object, for a message: `'ticketing'`, or `none`. */
export function namespaceText(namespace: string | undefined): string {
  return namespace === undefined ? 'none' : `'${namespace}'`;
}

/**
 * A subject of a binding, checked: a User, Group or ServiceAccount other
 * than a namespace's `default` one. A workload stands for the ServiceAccount
 * it runs as, which is what gets bound.
 */
export function checkSubject(scope: IConstruct, field: string, subject: kplus.ISubject, clusterWide: boolean): kplus.ISubject {
  if (subject instanceof kplus.AbstractPod) {
    if (!subject.serviceAccount) fail(scope, field, `must not be a workload without a ServiceAccount, got ${subject.kind} ${subject.node.path}, which runs as ${DEFAULT_ACCOUNT}`);
    subject = subject.serviceAccount;
  }
  if (typeof subject?.toSubjectConfiguration !== 'function') {
    fail(scope, field, `must be a User, Group or ServiceAccount, got ${show(subject)}`);
  }
  const config = subject.toSubjectConfiguration();
  if (typeof config.name !== 'string' || config.name === '') {
    fail(scope, field, `must be a User, Group or ServiceAccount with a name, got ${config.kind} ${show(config.name)}`);
  }
  if (config.kind === 'ServiceAccount') {
    checkDnsSubdomain(scope, `${field}.name`, config.name);
    if (config.namespace !== undefined) checkDnsLabel(scope, `${field}.namespace`, config.namespace);
    if (config.name === 'default') fail(scope, field, `must not be ServiceAccount 'default', got ${DEFAULT_ACCOUNT}`);
    if (clusterWide && !config.namespace) {
      fail(scope, field, `must name the namespace of ServiceAccount '${config.name}' in a ClusterRoleBinding, got none; give the ServiceAccount a metadata.namespace`);
    }
  }
  return subject;
}

/** The synth-time problem of a binding that binds nothing. */
export const NO_SUBJECTS = "'subjects' must list at least one User, Group or ServiceAccount, got none: the binding would grant nothing; pass 'subjects' or call addSubjects()";
