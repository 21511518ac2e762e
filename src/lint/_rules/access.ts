import { show } from '../../_errors';
import { containersOf, isKind, isObject, list, LintObject, namespaceOf, PodTemplate } from '../_model';
import { DistillationFactor, LintSeverity } from '../lint-finding';
import { found, RawFinding, RuleContext, RuleDefinition } from './_rule';

const factor = DistillationFactor.ATTACK_PHOBIC;

const serviceAccountOf = (pod: PodTemplate): string => pod.spec.serviceAccountName ?? pod.spec.serviceAccount ?? 'default';

/** Whether a binding among the objects grants the service account anything. */
function isBound(ctx: RuleContext, namespace: string, account: string): boolean {
  return ctx.ofKind('rbac.authorization.k8s.io', 'RoleBinding', 'ClusterRoleBinding').some(b => list(b.manifest.subjects).some(s => {
    if (s?.kind === 'Group') return s.name === 'system:serviceaccounts' || s.name === `system:serviceaccounts:${namespace}`;
    const subjectNamespace = s?.namespace ?? (b.manifest.kind === 'RoleBinding' ? namespaceOf(b.manifest) : undefined);
    return s?.kind === 'ServiceAccount' && s.name === account && subjectNamespace === namespace;
  }));
}

function tokenWithoutNeed(ctx: RuleContext): RawFinding[] {
  return ctx.pods.filter(p => !isKind(p.object.manifest, 'argoproj.io', 'Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow')).flatMap(pod => {
    const namespace = namespaceOf(pod.object.manifest);
    const account = serviceAccountOf(pod);
    const sa = ctx.ofKind('', 'ServiceAccount').find(o => o.manifest.metadata?.name === account && namespaceOf(o.manifest) === namespace);
    const own = pod.spec.automountServiceAccountToken;
    const mounted = own ?? sa?.manifest.automountServiceAccountToken ?? true;
    if (mounted !== true || isBound(ctx, namespace, account)) return [];
    const got = own === undefined ? `unset${sa?.manifest.automountServiceAccountToken === true ? ' (its ServiceAccount says true)' : ' (true)'}` : show(own);
    return [found(pod.object, pod.at('automountServiceAccountToken'),
      `must be false where no RoleBinding or ClusterRoleBinding among the objects grants the service account '${account}' anything, got ${got}: the pod carries an API token it has no use for`,
      'set automountServiceAccountToken: false on the pod (or on its ServiceAccount), or bind the ServiceAccount to the Role it needs',
      'remove automountServiceAccountToken: true from the workload (the library renders false by default), or grant the ServiceAccount what it needs with a Role and RoleBinding')];
  });
}

const RBAC = 'rbac.authorization.k8s.io';
const ESCALATING = ['bind', 'escalate', 'impersonate'];
const READS = ['get', 'list', 'watch', '*'];

/** Each rule entry of every Role and ClusterRole. */
function roleRules(ctx: RuleContext, visit: (o: LintObject, rule: any, at: string) => RawFinding[]): RawFinding[] {
  return ctx.ofKind(RBAC, 'Role', 'ClusterRole').flatMap(o => list(o.manifest.rules).flatMap((rule, i) => (isObject(rule) ? visit(o, rule, `rules[${i}]`) : [])));
}

const readsSecrets = (rule: any) => list(rule.verbs).some(v => READS.includes(v))
  && list(rule.resources).some(r => r === 'secrets' || r === '*')
  && list(rule.apiGroups).some(g => g === '' || g === '*')
  && list(rule.resourceNames).length === 0;

const SECRET_NAME = /(^|[_-])(PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)($|[_-])/i;
const NOT_A_SECRET = /[_-](FILE|PATH|DIR|URL|URI|HOST|PORT|NAME|USER|USERNAME|ID|REF|KEYREF|ENDPOINT)$/i;

export const ACCESS_RULES: RuleDefinition[] = [
  {
    id: 'DP-ATTACK-018',
    factor,
    severity: LintSeverity.WARNING,
    description: 'a container with a writable root filesystem',
    rationale: 'An attacker who gets code execution in a container with a writable root filesystem can change its binaries and configuration; a read-only root keeps the container as it was built, with writable emptyDirs only where the program writes.',
    link: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
    check: ctx => ctx.pods.flatMap(pod => containersOf(pod)
      .filter(c => c.container.securityContext?.readOnlyRootFilesystem !== true)
      .map(c => found(pod.object, pod.at(`${c.relative}.securityContext.readOnlyRootFilesystem`),
        `must be true, got ${show(c.container.securityContext?.readOnlyRootFilesystem)} for ${c.label}`,
        'set securityContext.readOnlyRootFilesystem: true, and mount an emptyDir at each path the program writes (/tmp, caches)',
        "remove readOnlyRootFilesystem: false (the library sets true by default), and list the paths the program writes in 'writablePaths'"))),
  },
  {
    id: 'DP-ATTACK-019',
    factor,
    severity: LintSeverity.WARNING,
    description: 'a service account token mounted in a pod whose service account is granted nothing',
    rationale: 'Every mounted token is a credential an attacker in the container can use against the API server; a pod that does not call the API should not carry one.',
    link: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
    check: tokenWithoutNeed,
  },
  {
    id: 'DP-ATTACK-020',
    factor,
    severity: LintSeverity.WARNING,
    description: 'an RBAC rule granting every verb, resource or API group (`*`)',
    rationale: 'A wildcard grants what exists today and whatever is added later (new resources, new custom resources), so the grant cannot be reviewed; least privilege names each verb and resource.',
    link: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
    check: ctx => roleRules(ctx, (o, rule, at) => {
      const field = ['verbs', 'resources', 'apiGroups'].find(f => list(rule[f]).includes('*'));
      return field ? [found(o, `${at}.${field}`, `must name each ${field === 'verbs' ? 'verb' : field === 'resources' ? 'resource' : 'API group'}, got ${show(rule[field])}`,
        `replace '*' with the ${field} the subject needs`)] : [];
    }),
  },
  {
    id: 'DP-ATTACK-021',
    factor,
    severity: LintSeverity.ERROR,
    description: 'an RBAC rule granting `bind`, `escalate` or `impersonate`',
    rationale: 'These verbs let a subject grant itself, or act as, any role: whoever holds them holds every permission of the cluster or namespace.',
    link: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb',
    check: ctx => roleRules(ctx, (o, rule, at) => {
      const verbs = list(rule.verbs).filter(v => ESCALATING.includes(v));
      return verbs.length > 0 ? [found(o, `${at}.verbs`, `must not grant ${verbs.join(', ')}, got ${show(rule.verbs)}`,
        'remove the verbs; a controller that must create bindings should be granted bind on the named roles only (resourceNames)')] : [];
    }),
  },
  {
    id: 'DP-ATTACK-022',
    factor,
    severity: LintSeverity.ERROR,
    description: 'Secrets readable in every namespace (a ClusterRoleBinding to a role that reads them)',
    rationale: 'Reading Secrets cluster-wide is reading every credential of every application in the cluster, service account tokens included.',
    link: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets',
    check: ctx => ctx.ofKind(RBAC, 'ClusterRoleBinding').flatMap(b => {
      const ref = b.manifest.roleRef;
      if (ref?.kind !== 'ClusterRole') return [];
      const role = ctx.ofKind(RBAC, 'ClusterRole').find(r => r.manifest.metadata?.name === ref.name);
      const reads = ['admin', 'edit'].includes(ref.name) || (role !== undefined && list(role.manifest.rules).some(r => isObject(r) && readsSecrets(r)));
      return reads ? [found(b, 'roleRef.name', `must not grant reading Secrets in every namespace, got ClusterRole ${show(ref.name)}, which reads them`,
        'bind the role with a RoleBinding in the namespaces that need it, or narrow the rule with resourceNames',
        'bind the role with a RoleBinding in the namespaces that need it (Role.toReadConfigMap and the like grant one named object)')] : [];
    }),
  },
  {
    id: 'DP-ATTACK-023',
    factor,
    severity: LintSeverity.ERROR,
    description: 'a binding to `cluster-admin`',
    rationale: 'cluster-admin is every permission on every object; no workload needs it, and a compromised one holding it owns the cluster.',
    link: 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles',
    check: ctx => ctx.ofKind(RBAC, 'ClusterRoleBinding', 'RoleBinding')
      .filter(b => b.manifest.roleRef?.kind === 'ClusterRole' && b.manifest.roleRef?.name === 'cluster-admin')
      .map(b => found(b, 'roleRef.name', "must not bind 'cluster-admin', got 'cluster-admin'", 'bind a role that grants the verbs and resources the subject needs')),
  },
  {
    id: 'DP-ATTACK-024',
    factor,
    severity: LintSeverity.WARNING,
    description: 'a NodePort or LoadBalancer Service in a namespace without a NetworkPolicy',
    rationale: 'A Service of type NodePort or LoadBalancer is reachable from outside the cluster; without a NetworkPolicy its pods (and every other pod of the namespace) accept traffic from anywhere, on every port.',
    link: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies',
    check: ctx => ctx.ofKind('', 'Service')
      .filter(s => ['NodePort', 'LoadBalancer'].includes(s.manifest.spec?.type))
      .filter(s => !ctx.ofKind('networking.k8s.io', 'NetworkPolicy').some(p => namespaceOf(p.manifest) === namespaceOf(s.manifest)))
      .map(s => found(s, 'spec.type', `must be ClusterIP in namespace '${namespaceOf(s.manifest)}', which has no NetworkPolicy, got ${show(s.manifest.spec.type)}`,
        'add a default-deny NetworkPolicy to the namespace and allow the traffic the Service needs, or make the Service ClusterIP behind an Ingress',
        'add a DefaultDenyNetworkPolicy to the namespace and an AllowTraffic for the clients, or make the Service ClusterIP behind an Ingress')),
  },
  {
    id: 'DP-ATTACK-025',
    factor,
    severity: LintSeverity.ERROR,
    description: 'a secret written literally in an environment variable',
    rationale: 'A literal value is in the manifest, in Git, in `kubectl describe` and in every log of the object; secrets belong in a Secret the pod reads by reference.',
    link: 'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables',
    check: ctx => ctx.pods.flatMap(pod => containersOf(pod).flatMap(c => list(c.container.env).flatMap((e, i) => (
      typeof e?.name === 'string' && SECRET_NAME.test(e.name) && !NOT_A_SECRET.test(e.name) && typeof e.value === 'string' && e.value !== ''
        ? [found(pod.object, pod.at(`${c.relative}.env[${i}].value`), `must not hold a secret, got a literal value for ${show(e.name)} of ${c.label}`,
          'put the value in a Secret created outside the manifests and read it with valueFrom.secretKeyRef',
          'refer to a Secret created outside the app with SecretRef, and inject it with InjectConfig and Injection.asEnv')] : [])))),
  },
  {
    id: 'DP-ATTACK-026',
    factor,
    severity: LintSeverity.WARNING,
    description: 'a Secret whose values are written in the manifests',
    rationale: 'Manifests are committed, reviewed and copied; base64 is an encoding, not encryption. A Secret created outside the manifests (or by a sealed-secrets or external-secrets controller) keeps the values out of them.',
    link: 'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
    check: ctx => ctx.ofKind('', 'Secret').flatMap(s => ['data', 'stringData']
      .filter(field => isObject(s.manifest[field]) && Object.keys(s.manifest[field]).length > 0)
      .map(field => found(s, field, `must not hold secret values in the manifests, got the keys ${Object.keys(s.manifest[field]).map(k => show(k)).join(', ')}`,
        'create the Secret outside the manifests (kubectl, a sealed or external secret) and refer to it by name',
        'refer to a Secret created outside the app with SecretRef (ImmutableSecret writes its values into the manifests)'))),
  },
];
