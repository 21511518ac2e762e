import { show } from '../_errors';
import { hasMarker, mapMarked, marker, replaceMarkers, Token } from '../_markers';
import { podMetadataOf, podSpecOf } from '../_pod-template';
import { contentHash } from '../config/_content';

/** The label that tells the pods and objects of one release from another's. */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';

const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'PersistentVolume', 'PriorityClass',
  'CustomResourceDefinition', 'IngressClass', 'RuntimeClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
]);

/** Resources of RBAC rules, by the kinds the library emits. */
const RESOURCE_KINDS: { [resource: string]: string } = {
  configmaps: 'ConfigMap',
  secrets: 'Secret',
  services: 'Service',
  serviceaccounts: 'ServiceAccount',
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet',
  replicasets: 'ReplicaSet',
  jobs: 'Job',
  cronjobs: 'CronJob',
  persistentvolumeclaims: 'PersistentVolumeClaim',
  ingresses: 'Ingress',
  networkpolicies: 'NetworkPolicy',
  roles: 'Role',
  rolebindings: 'RoleBinding',
  clusterroles: 'ClusterRole',
  horizontalpodautoscalers: 'HorizontalPodAutoscaler',
  poddisruptionbudgets: 'PodDisruptionBudget',
  persistentvolumes: 'PersistentVolume',
  storageclasses: 'StorageClass',
  pods: 'Pod',
};

/**
 * How long a name may be, by kind: a Service name is a DNS-1035 label; a
 * StatefulSet's or CronJob's name goes into label values with an 11-character
 * suffix; workloads stay within a label; the rest are DNS-1123 subdomains.
 */
function nameLimit(kind: string): number {
  if (kind === 'StatefulSet' || kind === 'CronJob') return 52;
  if (['Service', 'Deployment', 'DaemonSet', 'ReplicaSet', 'Job', 'Pod'].includes(kind)) return 63;
  return 253;
}

/** Helm refuses longer release names. */
const HELM_RELEASE_MAX = 53;

/** A chart's manifests with release-dependent names as markers. */
export interface ReleaseForm {
  readonly manifests: any[];
  /** The one namespace the chart's objects live in, if any. */
  readonly namespace?: string;
  /** Content-hashed ConfigMaps and Secrets by name: their name is recomputed from their data. */
  readonly hashed: ReadonlySet<string>;
  /** The longest release name every object's name leaves room for. */
  readonly maxReleaseLength: number;
  /** Whether the release name must start with a letter (a Service name is a DNS-1035 label). */
  readonly letterFirst: boolean;
}

/**
 * Rewrites a chart's manifests so that every object the chart defines is named
 * after the release, and every reference to it follows: names become
 * `name:` markers, the chart's namespace a `namespace` marker, and pods, the
 * selectors that pick them and every object get the instance label.
 * References to objects outside the chart stay as they are.
 *
 * @param where the chart's path, for errors
 * @param owned whether `input` is the caller's own copy, to rewrite in place; else it is copied
 */
export function toReleaseForm(where: string, input: any[], owned = false): ReleaseForm {
  const manifests = owned ? input : JSON.parse(JSON.stringify(input));
  const namespace = homeNamespace(where, manifests);
  const names = new Map<string, Set<string>>();
  const hashed = new Set<string>();
  let maxReleaseLength = HELM_RELEASE_MAX;
  let letterFirst = false;
  for (const m of manifests) {
    const name = m.metadata?.name;
    // a CustomResourceDefinition's name is `<plural>.<group>`, the same for every release (Helm installs it from crds/)
    if (typeof name !== 'string' || m.kind === 'Namespace' || m.kind === 'CustomResourceDefinition') continue;
    if (!names.has(m.kind)) names.set(m.kind, new Set());
    names.get(m.kind)!.add(name);
    if (isHashed(m)) hashed.add(name);
    maxReleaseLength = Math.min(maxReleaseLength, nameLimit(m.kind) - name.length - 1);
    letterFirst ||= m.kind === 'Service';
  }
  const podLabels = manifests.map((m: any) => podMetadataOf(m)?.metadata.labels).filter((l: any) => l);
  const ctx: Context = { where, names, hashed, namespace, podLabels };
  for (const m of manifests) rewrite(ctx, m);
  return { manifests, namespace, hashed, maxReleaseLength, letterFirst };
}

interface Context {
  readonly where: string;
  readonly names: Map<string, Set<string>>;
  readonly hashed: Set<string>;
  readonly namespace?: string;
  readonly podLabels: any[];
}

/** Resolves the markers of release-form manifests for one release. */
export function resolveRelease(form: ReleaseForm, release: string, value: (token: Token) => string): any[] {
  const resolve = (t: Token): string => {
    switch (t.type) {
      case 'name': case 'hashed': return `${release}-${t.arg}`;
      case 'release': return release;
      case 'namespace': return form.namespace ?? '';
      default: return value(t);
    }
  };
  return form.manifests.map(m => mapMarked(m, v => replaceMarkers(v, resolve)));
}

/** The release names that fit a chart (a DNS-1123 label, or a DNS-1035 one when a Service takes the name), and the rule in words. */
export function releaseNameRule(form: ReleaseForm): { pattern: RegExp; first: string } {
  return form.letterFirst
    ? { pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/, first: 'a lowercase letter' }
    : { pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, first: 'a lowercase letter or digit' };
}

/** Why a release name does not fit the chart, or undefined. */
export function releaseNameProblem(form: ReleaseForm, release: string): string | undefined {
  const { pattern, first } = releaseNameRule(form);
  if (typeof release !== 'string' || !pattern.test(release) || release.length > form.maxReleaseLength) {
    return `must start with ${first}, hold only lowercase letters, digits and '-', end with a letter or digit, and be at most ${form.maxReleaseLength} characters so that every object's '<release>-<name>' stays a valid name`;
  }
  return undefined;
}

/** The name a content-hashed ConfigMap or Secret was given before its hash: `tickets-config-46tk226k8d` → `tickets-config`. */
export function hashedBaseName(name: string): string {
  return name.replace(/-[a-z0-9]{10}$/, '');
}

/** An immutable ConfigMap or Opaque Secret named after kustomize's hash of its data, as ImmutableConfigMap and ImmutableSecret make them. */
function isHashed(m: any): boolean {
  if ((m.kind !== 'ConfigMap' && m.kind !== 'Secret') || m.immutable !== true || m.binaryData !== undefined || m.stringData !== undefined) return false;
  if (m.kind === 'Secret' && m.type !== 'Opaque') return false;
  if (Object.values(m.data ?? {}).some(hasMarker)) return false;
  const name: string = m.metadata.name;
  return name.endsWith(`-${contentHash(m.kind, m.data ?? {}, m.kind === 'Secret' ? m.type : undefined)}`);
}

function homeNamespace(where: string, manifests: any[]): string | undefined {
  const found = new Set<string>();
  for (const m of manifests) {
    if (m.kind === 'Namespace') found.add(m.metadata?.name);
    else if (typeof m.metadata?.namespace === 'string' && !CLUSTER_SCOPED.has(m.kind)) found.add(m.metadata.namespace);
  }
  if (found.size > 1) {
    throw new Error(`${where}: 'metadata.namespace' must be one namespace for every object of the chart (a release installs into one), got ${[...found].sort().map(n => show(n)).join(', ')}; split the chart, one per namespace`);
  }
  return [...found][0];
}

function rewrite(ctx: Context, m: any): void {
  const meta = m.metadata ??= {};
  const shown = `${m.kind} '${meta.name}'`;
  // cluster-scoped objects have no namespace, even when their cdk8s chart sets one
  if (CLUSTER_SCOPED.has(m.kind)) delete meta.namespace;
  if (m.kind === 'CustomResourceDefinition') return;
  if (m.kind === 'Namespace') {
    meta.name = marker('namespace');
  } else if (typeof meta.name === 'string') {
    meta.name = ref(ctx, m.kind, meta.name);
  }
  if (meta.namespace !== undefined) meta.namespace = ns(ctx, meta.namespace);
  addInstanceLabel(ctx, meta, 'metadata', shown);
  const pod = podMetadataOf(m);
  if (pod) {
    // a Pod's own metadata is its pod metadata, labelled above
    if (pod.path !== '.metadata') addInstanceLabel(ctx, templateOf(m).metadata ??= {}, pod.path.slice(1), shown);
    rewritePodSpec(ctx, podSpecOf(m)!.spec);
  }
  rewriteSelectors(ctx, m, false);
  switch (m.kind) {
    case 'StatefulSet':
      renameField(ctx, m.spec, 'serviceName', 'Service');
      for (const claim of m.spec?.volumeClaimTemplates ?? []) rewriteClaimSpec(ctx, claim.spec ?? {});
      break;
    case 'Ingress': rewriteIngress(ctx, m.spec ?? {}); break;
    case 'HorizontalPodAutoscaler': renameField(ctx, m.spec?.scaleTargetRef, 'name', m.spec?.scaleTargetRef?.kind); break;
    case 'VerticalPodAutoscaler': renameField(ctx, m.spec?.targetRef, 'name', m.spec?.targetRef?.kind); break;
    case 'RoleBinding': case 'ClusterRoleBinding': rewriteBinding(ctx, m); break;
    case 'Role': case 'ClusterRole': rewriteRules(ctx, m.rules ?? []); break;
    case 'PersistentVolumeClaim': rewriteClaimSpec(ctx, m.spec); break;
    case 'PersistentVolume':
      renameField(ctx, m.spec, 'storageClassName', 'StorageClass');
      if (m.spec?.claimRef) {
        renameField(ctx, m.spec.claimRef, 'name', 'PersistentVolumeClaim');
        if (m.spec.claimRef.namespace !== undefined) m.spec.claimRef.namespace = ns(ctx, m.spec.claimRef.namespace);
      }
      break;
    case 'NetworkPolicy': rewriteNamespaceSelectors(ctx, m.spec); break;
    case 'ServiceAccount':
      for (const s of [...(m.secrets ?? []), ...(m.imagePullSecrets ?? [])]) renameField(ctx, s, 'name', 'Secret');
      break;
  }
}

function templateOf(m: any): any {
  return m.kind === 'CronJob' ? m.spec.jobTemplate.spec.template : m.spec.template;
}

function ref(ctx: Context, kind: string, name: string): string {
  if ((kind === 'ConfigMap' || kind === 'Secret') && ctx.hashed.has(name)) return marker('hashed', name);
  return marker('name', name);
}

function ns(ctx: Context, value: unknown): unknown {
  return value === ctx.namespace ? marker('namespace') : value;
}

/** Renames `holder[key]` when it names one of the chart's objects of that kind. */
function renameField(ctx: Context, holder: any, key: string, kind: string | undefined): void {
  const value = holder?.[key];
  if (kind !== undefined && typeof value === 'string' && ctx.names.get(kind)?.has(value)) holder[key] = ref(ctx, kind, value);
}

function addInstanceLabel(ctx: Context, metadata: any, field: string, object: string): void {
  const labels = metadata.labels ??= {};
  if (labels[INSTANCE_LABEL] !== undefined) {
    throw new Error(`${ctx.where}: '${field}.labels[${INSTANCE_LABEL}]' must be left to the release, which sets it to the release name, got ${show(labels[INSTANCE_LABEL])} on ${object}; remove it`);
  }
  labels[INSTANCE_LABEL] = marker('release');
}

function rewritePodSpec(ctx: Context, spec: any): void {
  renameField(ctx, spec, 'serviceAccountName', 'ServiceAccount');
  renameField(ctx, spec, 'priorityClassName', 'PriorityClass');
  for (const s of spec.imagePullSecrets ?? []) renameField(ctx, s, 'name', 'Secret');
  for (const v of spec.volumes ?? []) {
    renameField(ctx, v.configMap, 'name', 'ConfigMap');
    renameField(ctx, v.secret, 'secretName', 'Secret');
    renameField(ctx, v.persistentVolumeClaim, 'claimName', 'PersistentVolumeClaim');
    for (const s of v.projected?.sources ?? []) {
      renameField(ctx, s.configMap, 'name', 'ConfigMap');
      renameField(ctx, s.secret, 'name', 'Secret');
    }
  }
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    for (const e of c.env ?? []) {
      renameField(ctx, e.valueFrom?.configMapKeyRef, 'name', 'ConfigMap');
      renameField(ctx, e.valueFrom?.secretKeyRef, 'name', 'Secret');
    }
    for (const e of c.envFrom ?? []) {
      renameField(ctx, e.configMapRef, 'name', 'ConfigMap');
      renameField(ctx, e.secretRef, 'name', 'Secret');
    }
  }
  renameField(ctx, spec, 'priorityClassName', 'PriorityClass');
}

/** Adds the instance label to every label selector that picks the chart's own pods. */
function rewriteSelectors(ctx: Context, node: any, underNamespaceSelector: boolean): void {
  if (Array.isArray(node)) {
    node.forEach(n => rewriteSelectors(ctx, n, underNamespaceSelector));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  if (node.kind === 'Service' && node.spec?.selector) addToSelector(ctx, node.spec.selector);
  for (const [key, value] of Object.entries<any>(node)) {
    if (key === 'metadata' || key === 'template' && value?.metadata) {
      if (key === 'template') rewriteSelectors(ctx, value.spec, false);
      continue;
    }
    if (key === 'matchLabels' && !underNamespaceSelector && value && typeof value === 'object') addToSelector(ctx, value);
    else rewriteSelectors(ctx, value, underNamespaceSelector || key === 'namespaceSelector');
  }
}

function addToSelector(ctx: Context, selector: any): void {
  const entries = Object.entries(selector);
  if (entries.length === 0 || selector[INSTANCE_LABEL] !== undefined) return;
  const picksOurPods = ctx.podLabels.some(labels => entries.every(([k, v]) => labels[k] === v));
  if (picksOurPods) selector[INSTANCE_LABEL] = marker('release');
}

function rewriteIngress(ctx: Context, spec: any): void {
  renameField(ctx, spec.defaultBackend?.service, 'name', 'Service');
  for (const rule of spec.rules ?? []) {
    for (const path of rule.http?.paths ?? []) renameField(ctx, path.backend?.service, 'name', 'Service');
  }
  for (const tls of spec.tls ?? []) renameField(ctx, tls, 'secretName', 'Secret');
  renameField(ctx, spec, 'ingressClassName', 'IngressClass');
}

function rewriteBinding(ctx: Context, m: any): void {
  renameField(ctx, m.roleRef, 'name', m.roleRef?.kind);
  for (const s of m.subjects ?? []) {
    if (s.kind !== 'ServiceAccount') continue;
    if (s.namespace === undefined || s.namespace === ctx.namespace) renameField(ctx, s, 'name', 'ServiceAccount');
    if (s.namespace !== undefined) s.namespace = ns(ctx, s.namespace);
  }
}

function rewriteRules(ctx: Context, rules: any[]): void {
  for (const rule of rules) {
    const kinds = (rule.resources ?? []).map((r: string) => RESOURCE_KINDS[r.split('/')[0]]).filter((k: any) => k);
    rule.resourceNames = rule.resourceNames?.map((name: string) => {
      const kind = kinds.find((k: string) => ctx.names.get(k)?.has(name));
      return kind ? ref(ctx, kind, name) : name;
    });
    if (rule.resourceNames === undefined) delete rule.resourceNames;
  }
}

function rewriteClaimSpec(ctx: Context, spec: any): void {
  renameField(ctx, spec, 'storageClassName', 'StorageClass');
  renameField(ctx, spec, 'volumeName', 'PersistentVolume');
}

function rewriteNamespaceSelectors(ctx: Context, spec: any): void {
  const peers = [...(spec?.ingress ?? []).flatMap((r: any) => r.from ?? []), ...(spec?.egress ?? []).flatMap((r: any) => r.to ?? [])];
  for (const peer of peers) {
    const labels = peer.namespaceSelector?.matchLabels;
    if (labels && labels['kubernetes.io/metadata.name'] === ctx.namespace && ctx.namespace !== undefined) {
      labels['kubernetes.io/metadata.name'] = marker('namespace');
    }
  }
}
