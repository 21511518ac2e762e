import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkLabelMap, checkMetadata, definedName } from '../_boundary';
import { addCheck, fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkDnsLabel, checkLabelKey, checkLabelValue, checkOptionalType, checkType } from '../_validate';
import { checkClusterRoleRule, checkRbacName } from './_rules';
import { ClusterRoleBinding } from './cluster-role-binding';
import { RoleBinding } from './role-binding';
import { renderedJson } from '../_render-pass';

/**
 * Props of a {@link ClusterRole}.
 */
export interface ClusterRoleProps extends kplus.ClusterRoleProps {
  /**
   * Whether rules may hold wildcards: the verb `*`, a resource with `*`, the
   * API group `*`, a non-resource URL with `*`. They grant whatever
   * Kubernetes adds later too, so they are refused unless allowed here.
   *
   * @default false
   * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
   */
  readonly allowWildcards?: boolean;
}

/**
 * A ClusterRole: permissions on resources of every namespace, on
 * cluster-scoped resources (nodes, namespaces) or on non-resource URLs
 * (`/healthz`), each rule explicit verbs on explicit endpoints. A
 * cdk8s-plus ClusterRole whose rules are checked as they are added.
 * Bound with `bindInNamespace`, it grants them in one namespace only.
 *
 * Refused: an unknown verb (for resources as for a {@link Role}; for URLs
 * get, head, post, put, patch, delete), a wildcard unless `allowWildcards`,
 * a rule without verbs or endpoints, and, at synth, a ClusterRole with
 * neither rules nor aggregation labels.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#role-and-clusterrole
 */
export class ClusterRole extends kplus.ClusterRole {
  /** Whether rules may hold wildcards. */
  public readonly allowWildcards: boolean;
  private bindings = 0;

  constructor(scope: Construct, id: string, props: ClusterRoleProps = {}) {
    super(scope, id, { ...props, metadata: definedName(props?.metadata), rules: undefined });
    checkType(this, 'props', props, 'object');
    checkMetadata(this, 'metadata', props.metadata, checkRbacName);
    if (props.aggregationLabels !== undefined) checkLabelMap(this, 'aggregationLabels', props.aggregationLabels);
    checkOptionalType(this, 'allowWildcards', props.allowWildcards, 'boolean');
    this.allowWildcards = props.allowWildcards ?? false;
    checkOptionalType(this, 'rules', props.rules, 'array');
    props.rules?.forEach((rule, i) => {
      checkType(this, `rules[${i}]`, rule, 'object');
      checkType(this, `rules[${i}].endpoints`, rule.endpoints, 'array');
      this.allow(rule.verbs, ...rule.endpoints);
    });
    addCheck(this, () => this.validateRules());
  }

  /**
   * Allows verbs on resources or non-resource URLs, checked: known
   * lowercase verbs, no wildcard unless `allowWildcards`.
   *
   * @param verbs e.g. `['get', 'list', 'watch']`
   * @param endpoints e.g. `kplus.ApiResource.NODES` or `kplus.NonApiResource.of('/healthz')`
   * @see https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb
   */
  public allow(verbs: string[], ...endpoints: kplus.IApiEndpoint[]): void {
    checkClusterRoleRule(this, `rules[${this.rules.length}]`, verbs, endpoints, this.allowWildcards);
    super.allow([...verbs], ...endpoints);
  }

  /**
   * Binds the ClusterRole to subjects in every namespace, with a
   * ClusterRoleBinding named after it. Prefer `bindInNamespace`.
   *
   * @param subjects ServiceAccounts (with a namespace), Users or Groups
   */
  public bind(...subjects: kplus.ISubject[]): kplus.ClusterRoleBinding {
    this.bindings += 1;
    const suffix = this.bindings === 1 ? '' : `-${this.bindings}`;
    return new ClusterRoleBinding(this, `ClusterRoleBinding${suffix}`, {
      metadata: { name: `${this.name}${suffix}` },
      role: this,
      subjects,
    });
  }

  /**
   * Binds the ClusterRole to subjects in one namespace, with a RoleBinding
   * of that namespace named after the ClusterRole.
   *
   * @param namespace the namespace the permissions apply in
   * @param subjects ServiceAccounts, Users or Groups
   */
  public bindInNamespace(namespace: string, ...subjects: kplus.ISubject[]): kplus.RoleBinding {
    checkDnsLabel(this, 'namespace', namespace);
    if (this.node.tryFindChild(`RoleBinding-${namespace}`)) {
      fail(this, 'namespace', `must be a namespace the ClusterRole is not bound in yet, got ${show(namespace)}, where a RoleBinding of the same name already binds it; pass every subject to one bindInNamespace() call`);
    }
    return new RoleBinding(this, `RoleBinding-${namespace}`, {
      metadata: { name: this.name, namespace },
      role: this,
      subjects,
    });
  }

  /**
   * Aggregates the rules of the ClusterRoles that carry this label, checked
   * as a label key and value.
   */
  public aggregate(key: string, value: string): void {
    checkLabelKey(this, `aggregationLabels[${key}]`, key);
    checkLabelValue(this, `aggregationLabels[${key}]`, value);
    super.aggregate(key, value);
  }

  private validateRules(): string[] {
    if (this.rules.length > 0 || renderedJson(ApiObject.of(this)).aggregationRule) return [];
    return ["'rules' must hold at least one rule, got none: the ClusterRole would grant nothing; pass 'rules', call allow() or aggregate()"];
  }
}
