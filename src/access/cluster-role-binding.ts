import { Construct } from 'constructs';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkRbacName } from './_rules';
import { checkSubject, NO_SUBJECTS } from './_subjects';

/**
 * Props of a {@link ClusterRoleBinding}.
 */
export interface ClusterRoleBindingProps extends kplus.ClusterRoleBindingProps {
  /**
   * Who the binding grants the ClusterRole to, in every namespace:
   * ServiceAccounts (with their namespace), Users or Groups. A workload
   * stands for the ServiceAccount it runs as.
   *
   * @default - none yet: add them with addSubjects()
   */
  readonly subjects?: kplus.ISubject[];
}

/**
 * A ClusterRoleBinding: grants a ClusterRole in every namespace and on
 * cluster-scoped resources. Prefer a RoleBinding, which grants it in one
 * namespace. A cdk8s-plus ClusterRoleBinding that checks what it binds.
 *
 * Refused: a Role (a ClusterRoleBinding refers to ClusterRoles only), a
 * ServiceAccount without a namespace, a namespace's `default`
 * ServiceAccount or a workload without a ServiceAccount of its own, and, at
 * synth, a binding without subjects.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding
 */
export class ClusterRoleBinding extends kplus.ClusterRoleBinding {
  constructor(scope: Construct, id: string, props: ClusterRoleBindingProps) {
    super(scope, id, props);
    checkRbacName(this, props.metadata?.name);
    const role = props.role;
    if (role?.kind !== 'ClusterRole') {
      fail(this, 'role', `must be a ClusterRole, as a ClusterRoleBinding cannot refer to a Role, got ${role && 'node' in role ? `${role.kind} ${role.node.path}` : show(role)}; bind a Role with a RoleBinding`);
    }
    this.addSubjects(...props.subjects ?? []);
    this.node.addValidation({ validate: () => (this.subjects.length === 0 ? [NO_SUBJECTS] : []) });
  }

  /**
   * Adds subjects to the binding: ServiceAccounts (with their namespace),
   * Users or Groups. A workload stands for the ServiceAccount it runs as.
   */
  public addSubjects(...subjects: kplus.ISubject[]): void {
    const first = this.subjects.length;
    super.addSubjects(...subjects.map((s, i) => checkSubject(this, `subjects[${first + i}]`, s, true)));
  }
}
