import { Construct } from 'constructs';
import { checkMetadata, definedName } from '../_boundary';
import { addCheck, fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkOptionalType, checkType } from '../_validate';
import { checkRbacName } from './_rules';
import { checkSubject, namespaceText, NO_SUBJECTS } from './_subjects';

/**
 * Props of a {@link RoleBinding}.
 */
export interface RoleBindingProps extends kplus.RoleBindingProps {
  /**
   * Who the binding grants the role to: ServiceAccounts (of any namespace),
   * Users or Groups. A workload stands for the ServiceAccount it runs as.
   *
   * @default - none yet: add them with addSubjects()
   */
  readonly subjects?: kplus.ISubject[];
}

/**
 * A RoleBinding: grants a Role, or a ClusterRole, within the binding's
 * namespace. A cdk8s-plus RoleBinding that checks what it binds.
 *
 * Refused: a Role of another namespace (a RoleBinding only refers to Roles
 * of its own), a namespace's `default` ServiceAccount or a workload without
 * a ServiceAccount of its own (every such pod runs as `default`), and, at
 * synth, a binding without subjects.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding
 */
export class RoleBinding extends kplus.RoleBinding {
  constructor(scope: Construct, id: string, props: RoleBindingProps) {
    // A copy: cdk8s-plus reads the props before they are checked, and a JavaScript caller may pass null.
    super(scope, id, { ...props, metadata: definedName(props?.metadata) });
    checkType(this, 'props', props, 'object');
    checkMetadata(this, 'metadata', props.metadata, checkRbacName);
    const role = props.role;
    if (!Construct.isConstruct(role) || (role.kind !== 'Role' && role.kind !== 'ClusterRole')) {
      fail(this, 'role', `must be a Role or a ClusterRole, got ${show(role)}`);
    }
    checkRbacName(this, 'role.name', role.name);
    if (role instanceof kplus.Role && role.metadata.namespace !== this.metadata.namespace) {
      fail(this, 'role', `must be a Role of the binding's namespace (${namespaceText(this.metadata.namespace)}), as a RoleBinding only refers to Roles of its own, got Role '${role.name}' of ${namespaceText(role.metadata.namespace)}; bind it in its own namespace, or make it a ClusterRole`);
    }
    checkOptionalType(this, 'subjects', props.subjects, 'array');
    this.addSubjects(...props.subjects ?? []);
    addCheck(this, () => (this.subjects.length === 0 ? [NO_SUBJECTS] : []));
  }

  /**
   * Adds subjects to the binding: ServiceAccounts, Users or Groups.
   * A workload stands for the ServiceAccount it runs as.
   */
  public addSubjects(...subjects: kplus.ISubject[]): void {
    const first = this.subjects.length;
    super.addSubjects(...subjects.map((s, i) => checkSubject(this, `subjects[${first + i}]`, s, false)));
  }
}
