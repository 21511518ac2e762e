import { podMetadataOf, podSpecOf } from '../_pod-template';

/**
 * The objects the distillation rules judge, and what rules share about them:
 * their pod templates (in the workload kinds and in well-known custom
 * resources), namespaces, label selectors.
 */

/** One object to judge, with where it came from. */
export interface LintObject {
  readonly manifest: any;
  /** Its position in the set: findings are sorted by it. */
  readonly index: number;
  /** The file it was read from. */
  readonly file?: string;
  /** The line of the object in `file`. */
  readonly line?: number;
  /** The line of a field (JSON path) in `file`, when the field is there. */
  readonly lineOf?: (path: string) => number | undefined;
  /** The path of the construct that produced it. */
  readonly constructPath?: string;
  /** Whether a construct of this library produced it: fixes are then given in the library's terms. */
  readonly library: boolean;
}

/** A pod template found in an object: a workload's, or one in a well-known custom resource. */
export interface PodTemplate {
  readonly object: LintObject;
  /** The pod spec; built from the parts for an Argo Workflows template. */
  readonly spec: any;
  /** The pod's metadata (labels, annotations): the object's own for a Pod. */
  readonly metadata: any;
  /** The JSON path of the pod's metadata. */
  readonly metadataPath: string;
  /** Whether its pods run until stopped (Deployments and the like; not Jobs, CronJobs or workflow steps). */
  readonly longRunning: boolean;
  /** Whether readiness and liveness probes are the manifest's to give (Knative defaults its own). */
  readonly probesApply: boolean;
  /** The replicas the object declares (1 when unset); undefined where they are not counted (DaemonSet, Knative). */
  readonly replicas?: number;
  /** The label selector of the workload, for those that have one. */
  readonly selector?: any;
  /** The JSON path in the object of a field given relative to the pod spec, e.g. `containers[0].image`. */
  at(relative: string): string;
}

/** A container of a pod template, with its JSON path relative to the pod spec. */
export interface ContainerOf {
  readonly container: any;
  readonly relative: string;
  readonly init: boolean;
  /** `container 'api'`, `init container 'migrate'`. */
  readonly label: string;
  /** Its position among the pod's main containers (-1 for init containers). */
  readonly position: number;
}

export const isObject = (value: unknown): value is Record<string, any> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const list = (value: unknown): any[] => (Array.isArray(value) ? value : []);

/** The API group of an apiVersion: '' for the core group. */
export function groupOf(manifest: any): string {
  const apiVersion = typeof manifest?.apiVersion === 'string' ? manifest.apiVersion : '';
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** Whether the manifest is of a kind of a group ('' for the core group). */
export function isKind(manifest: any, group: string, ...kinds: string[]): boolean {
  return isObject(manifest) && kinds.includes(manifest.kind) && groupOf(manifest) === group;
}

/** The namespace an object lives in; `default` when it names none, as kubectl applies it. */
export function namespaceOf(manifest: any): string {
  const ns = manifest?.metadata?.namespace;
  return typeof ns === 'string' && ns !== '' ? ns : 'default';
}

export function nameOf(manifest: any): string {
  const name = manifest?.metadata?.name;
  return typeof name === 'string' && name !== '' ? name : '<no name>';
}

/** `Deployment ticketing/api`. */
export function describe(manifest: any): string {
  const ns = manifest?.metadata?.namespace;
  return `${manifest?.kind} ${typeof ns === 'string' && ns ? `${ns}/` : ''}${nameOf(manifest)}`;
}

/** A JSON path one key below `path`: `a.b`, or `a['x/y']` for keys that are not identifiers. */
export function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/** The keys of a JSON path, e.g. `a.b[0]['x/y']` → `['a', 'b', 0, 'x/y']`. */
export function keysOf(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  const pattern = /\.?([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]/y;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < path.length && (match = pattern.exec(path)) !== null) {
    keys.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : match[3].replace(/\\(.)/g, '$1')));
  }
  return keys;
}

const LONG_RUNNING = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController'];
const REPLICATED = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];
const BUILT_IN_GROUPS: { [kind: string]: string } = {
  Pod: '',
  PodTemplate: '',
  ReplicationController: '',
  Deployment: 'apps',
  ReplicaSet: 'apps',
  StatefulSet: 'apps',
  DaemonSet: 'apps',
  Job: 'batch',
  CronJob: 'batch',
};
const WORKFLOW_KINDS = ['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow'];

const replicasOf = (spec: any): number => (typeof spec?.replicas === 'number' ? spec.replicas : 1);

/** The pod templates of an object: none, one, or one per step template of an Argo workflow. */
export function podTemplatesOf(object: LintObject): PodTemplate[] {
  const m = object.manifest;
  if (!isObject(m)) return [];
  if (BUILT_IN_GROUPS[m.kind] !== undefined && groupOf(m) === BUILT_IN_GROUPS[m.kind]) return builtIn(object);
  if (isKind(m, 'argoproj.io', 'Rollout')) return fromTemplate(object, ['spec', 'template'], { longRunning: true, probes: true, replicas: replicasOf(m.spec), selector: m.spec?.selector });
  if (isKind(m, 'serving.knative.dev', 'Service')) return fromTemplate(object, ['spec', 'template'], { longRunning: true, probes: false });
  if (isKind(m, 'argoproj.io', ...WORKFLOW_KINDS)) return workflowTemplates(object);
  return [];
}

function builtIn(object: LintObject): PodTemplate[] {
  const m = object.manifest;
  const found = podSpecOf(m);
  const metadata = podMetadataOf(m);
  if (!found || !metadata) return [];
  const specPath = found.path.replace(/^\./, '');
  const bare = m.kind === 'Pod' && found.spec.restartPolicy !== 'Never' && found.spec.restartPolicy !== 'OnFailure';
  return [{
    object,
    spec: found.spec,
    metadata: metadata.metadata,
    metadataPath: metadata.path.replace(/^\./, ''),
    at: relative => `${specPath}${relative.startsWith('[') ? '' : '.'}${relative}`,
    longRunning: LONG_RUNNING.includes(m.kind) || bare,
    probesApply: LONG_RUNNING.includes(m.kind) || bare,
    replicas: REPLICATED.includes(m.kind) ? replicasOf(m.spec) : undefined,
    selector: m.kind === 'Pod' || m.kind === 'PodTemplate' ? undefined : m.spec?.selector,
  }];
}

interface TemplateTraits {
  readonly longRunning: boolean;
  readonly probes: boolean;
  readonly replicas?: number;
  readonly selector?: any;
}

/** A custom resource that embeds a pod template at `keys` (`spec.template` of an Argo Rollout or a Knative Service). */
function fromTemplate(object: LintObject, keys: string[], traits: TemplateTraits): PodTemplate[] {
  const template = keys.reduce((node, key) => (isObject(node) ? node[key] : undefined), object.manifest);
  if (!isObject(template) || !isObject(template.spec)) return [];
  const base = keys.join('.');
  return [{
    object,
    spec: template.spec,
    metadata: isObject(template.metadata) ? template.metadata : {},
    metadataPath: `${base}.metadata`,
    at: relative => `${base}.spec${relative.startsWith('[') ? '' : '.'}${relative}`,
    longRunning: traits.longRunning,
    probesApply: traits.probes,
    replicas: traits.replicas,
    selector: traits.selector,
  }];
}

const POD_FIELDS_OF_WORKFLOW = ['securityContext', 'automountServiceAccountToken', 'serviceAccountName', 'hostNetwork', 'nodeSelector', 'tolerations', 'affinity'];

/**
 * The steps of an Argo workflow that run a container (`container` or
 * `script`), each as the pod Argo runs for it: the step's container first,
 * then its sidecars, its init containers, the workflow's volumes and its
 * pod-level settings (a template's own win).
 */
function workflowTemplates(object: LintObject): PodTemplate[] {
  const m = object.manifest;
  const specKeys = m.kind === 'CronWorkflow' ? 'spec.workflowSpec' : 'spec';
  const wf = m.kind === 'CronWorkflow' ? m.spec?.workflowSpec : m.spec;
  if (!isObject(wf)) return [];
  return list(wf.templates).flatMap((t, i) => {
    if (!isObject(t)) return [];
    const mainKey = isObject(t.container) ? 'container' : isObject(t.script) ? 'script' : undefined;
    if (!mainKey) return [];
    const tPath = `${specKeys}.templates[${i}]`;
    const main = { name: 'main', ...t[mainKey] };
    const sidecars = list(t.sidecars);
    const ownVolumes = list(t.volumes);
    const spec: any = {
      containers: [main, ...sidecars],
      initContainers: list(t.initContainers),
      volumes: [...list(wf.volumes), ...ownVolumes],
    };
    for (const key of POD_FIELDS_OF_WORKFLOW) {
      const value = t[key] ?? wf[key];
      if (value !== undefined) spec[key] = value;
    }
    const at = (relative: string): string => {
      const match = /^(containers|initContainers|volumes)\[(\d+)\](.*)$/.exec(relative);
      if (match) {
        const n = Number(match[2]);
        const rest = match[3];
        if (match[1] === 'containers') return `${n === 0 ? `${tPath}.${mainKey}` : `${tPath}.sidecars[${n - 1}]`}${rest}`;
        if (match[1] === 'initContainers') return `${tPath}.initContainers[${n}]${rest}`;
        const shared = list(wf.volumes).length;
        return n < shared ? `${specKeys}.volumes[${n}]${rest}` : `${tPath}.volumes[${n - shared}]${rest}`;
      }
      const head = relative.split(/[.[]/)[0];
      return t[head] !== undefined || wf[head] === undefined ? `${tPath}.${relative}` : `${specKeys}.${relative}`;
    };
    return [{
      object,
      spec,
      at,
      metadata: isObject(t.metadata) ? t.metadata : {},
      metadataPath: `${tPath}.metadata`,
      longRunning: false,
      probesApply: false,
    }];
  });
}

/** The main containers and init containers of a pod, with their paths. */
export function containersOf(pod: PodTemplate): ContainerOf[] {
  const of = (key: 'containers' | 'initContainers', noun: string, init: boolean) => list(pod.spec[key]).map((container, i) => ({
    container: isObject(container) ? container : {},
    relative: `${key}[${i}]`,
    init,
    label: isObject(container) && typeof container.name === 'string' ? `${noun} '${container.name}'` : `${noun} ${key}[${i}]`,
    position: init ? -1 : i,
  }));
  return [...of('containers', 'container', false), ...of('initContainers', 'init container', true)];
}

/** The labels of a pod template. */
export function podLabels(pod: PodTemplate): { [key: string]: string } {
  return isObject(pod.metadata?.labels) ? pod.metadata.labels : {};
}

/**
 * Whether a label selector (`matchLabels` and `matchExpressions`) selects
 * labels; an empty or missing selector selects nothing here (a workload
 * must have one, and an empty Service selector is a Service without one).
 */
export function selects(selector: any, labels: { [key: string]: string }): boolean {
  if (!isObject(selector)) return false;
  const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : {};
  const expressions = list(selector.matchExpressions);
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return false;
  if (!Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) return false;
  return expressions.every(e => {
    const has = Object.prototype.hasOwnProperty.call(labels, e?.key);
    const values = list(e?.values);
    switch (e?.operator) {
      case 'In': return has && values.includes(labels[e.key]);
      case 'NotIn': return !has || !values.includes(labels[e.key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
}

/** A Service's selector (a plain map) as a label selector. */
export function serviceSelector(service: any): any {
  return { matchLabels: isObject(service?.spec?.selector) ? service.spec.selector : {} };
}

/** Whether a reference (`scaleTargetRef`, `targetRef`: kind and name) names the object. */
export function refers(ref: any, manifest: any): boolean {
  return isObject(ref) && ref.kind === manifest?.kind && ref.name === manifest?.metadata?.name;
}
