import { Construct } from 'constructs';
import { checkMetadata, definedName } from '../_boundary';
import { addCheck, fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkOptionalType, checkType } from '../_validate';
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
    // A copy: cdk8s-plus reads the props before they are checked, and a JavaScript caller may pass null.
    super(scope, id, { ...props, metadata: definedName(props?.metadata) });
    checkType(this, 'props', props, 'object');
    checkMetadata(this, 'metadata', props.metadata, checkRbacName);
    const role = props.role;
    if (!Construct.isConstruct(role) || role.kind !== 'ClusterRole') {
      fail(this, 'role', `must be a ClusterRole, as a ClusterRoleBinding cannot refer to a Role, got ${show(role)}; bind a Role with a RoleBinding`);
    }
    checkRbacName(this, 'role.name', role.name);
    checkOptionalType(this, 'subjects', props.subjects, 'array');
    this.addSubjects(...props.subjects ?? []);
    addCheck(this, () => (this.subjects.length === 0 ? [NO_SUBJECTS] : []));
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
