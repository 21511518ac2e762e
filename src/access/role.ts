import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { checkMetadata, definedName, pathScope } from '../_boundary';
import { addCheck, fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkDnsSubdomain, checkOptionalType, checkType } from '../_validate';
import { checkRbacName, checkRoleRule } from './_rules';
import { RoleBinding } from './role-binding';

/**
 * Props of a {@link Role}.
 */
export interface RoleProps extends kplus.RoleProps {
  /**
   * Whether rules may hold wildcards: the verb `*`, a resource with `*`, the
   * API group `*`. They grant whatever Kubernetes adds later too, so they
   * are refused unless allowed here.
   *
   * @default false
   * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
   */
  readonly allowWildcards?: boolean;
}

/**
 * Options of {@link Role.toReadConfigMap}.
 */
export interface ReadConfigMapOptions {
  /** The name of the ConfigMap that may be read. */
  readonly configMapName: string;

  /** The ServiceAccount that may read it. */
  readonly serviceAccount: kplus.IServiceAccount;

  /**
   * Metadata of the Role; its RoleBinding takes the same name and namespace.
   * @default - a generated name, in the namespace of the ServiceAccount
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * A Role: permissions within one namespace, each rule explicit verbs on
 * explicit resources, optionally on named objects only. A cdk8s-plus Role
 * whose rules are checked as they are added (constructor, `allow` and the
 * `allowXxx` helpers).
 *
 * Refused: an unknown verb (verbs are lowercase: get, list, watch, create,
 * update, patch, delete, deletecollection, and the special bind, escalate,
 * impersonate, approve, sign, use), a wildcard verb, resource or API group
 * unless `allowWildcards`, a resource that is not a lowercase plural, a
 * rule without verbs or resources, a resource name on `create` or
 * `deletecollection` (which names cannot restrict), and, at synth, a Role
 * without rules.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#role-and-clusterrole
 */
export class Role extends kplus.Role {
  /**
   * A Role that may read one ConfigMap and nothing else, bound to a
   * ServiceAccount: verbs `get` and `watch` on that name. `list` is left
   * out: a resource name cannot restrict it, so it would grant nothing
   * more than `get` through `kubectl get configmap <name>`.
   */
  public static toReadConfigMap(scope: Construct, id: string, options: ReadConfigMapOptions): Role {
    const at = pathScope(scope.node.path ? `${scope.node.path}/${id}` : id);
    checkType(at, 'options', options, 'object');
    const account = options.serviceAccount;
    if (typeof account?.toSubjectConfiguration !== 'function' || account.kind !== 'ServiceAccount') {
      fail(at, 'serviceAccount', `must be a ServiceAccount, got ${show(account)}`);
    }
    checkDnsSubdomain(at, 'configMapName', options.configMapName);
    checkOptionalType(at, 'metadata', options.metadata, 'object');
    const namespace = options.metadata?.namespace === undefined ? account.toSubjectConfiguration().namespace : options.metadata.namespace;
    const role = new Role(scope, id, { metadata: { ...options.metadata, namespace } });
    role.allow(['get', 'watch'], { apiGroup: '', resourceType: 'configmaps', resourceName: options.configMapName });
    role.bind(account);
    return role;
  }

  /** Whether rules may hold wildcards. */
  public readonly allowWildcards: boolean;
  private bindings = 0;

  constructor(scope: Construct, id: string, props: RoleProps = {}) {
    super(scope, id, { ...props, metadata: definedName(props?.metadata), rules: undefined });
    checkType(this, 'props', props, 'object');
    checkMetadata(this, 'metadata', props.metadata, checkRbacName);
    checkOptionalType(this, 'allowWildcards', props.allowWildcards, 'boolean');
    this.allowWildcards = props.allowWildcards ?? false;
    checkOptionalType(this, 'rules', props.rules, 'array');
    props.rules?.forEach((rule, i) => {
      checkType(this, `rules[${i}]`, rule, 'object');
      checkType(this, `rules[${i}].resources`, rule.resources, 'array');
      this.allow(rule.verbs, ...rule.resources);
    });
    addCheck(this, () => (this.rules.length === 0 ? ["'rules' must hold at least one rule, got none: the Role would grant nothing; pass 'rules' or call allow()"] : []));
  }

  /**
   * Allows verbs on resources, checked: known lowercase verbs, no wildcard
   * unless `allowWildcards`, lowercase plural resources.
   *
   * @param verbs e.g. `['get', 'watch']`
   * @param resources e.g. `kplus.ApiResource.CONFIG_MAPS`, or a ConfigMap construct for that one object
   * @see https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb
   */
  public allow(verbs: string[], ...resources: kplus.IApiResource[]): void {
    checkRoleRule(this, `rules[${this.rules.length}]`, verbs, resources, this.allowWildcards);
    super.allow([...verbs], ...resources);
  }

  /**
   * Binds the Role to subjects with a RoleBinding of the Role's namespace,
   * named after the Role.
   *
   * @param subjects ServiceAccounts, Users or Groups; a workload stands for its ServiceAccount
   */
  public bind(...subjects: kplus.ISubject[]): kplus.RoleBinding {
    this.bindings += 1;
    const suffix = this.bindings === 1 ? '' : `-${this.bindings}`;
    return new RoleBinding(this, `RoleBinding${suffix}`, {
      metadata: { name: `${this.name}${suffix}`, namespace: this.metadata.namespace },
      role: this,
      subjects,
    });
  }
}
