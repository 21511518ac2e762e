/**
 * Kubernetes' own rules that its OpenAPI document does not carry, as the API
 * server's validation (k8s.io/kubernetes `pkg/apis/*\/validation`,
 * k8s.io/apimachinery `util/validation`) applies them: names, labels,
 * annotations, env var names, value ranges, quantities.
 */
import { crdProblems } from './_crd-rules';
import { child, Problem, Report, shown } from './_problems';
import { show } from '../_errors';
import { parseQuantity } from '../_quantity';

type Rule = (value: Record<string, any>, at: string, report: Report) => void;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const PERCENT = /^[0-9]+%$/;

/** The API server's limit on all annotations of one object together (TotalAnnotationSizeLimitB). */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;
/** The API server's limit on a ConfigMap's or Secret's data (MaxSecretSize). */
const DATA_MAX_BYTES = 1024 * 1024;

export const LABEL_RULE = "a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)";
export const SUBDOMAIN_RULE = "a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters)";
export const DNS1035_RULE = "a DNS-1035 label (lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters)";
const KEY_RULE = "a qualified name ([prefix/]name: an optional DNS-1123 subdomain prefix, and a name of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";
const VALUE_RULE = "a label value (empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";
const ENV_RULE = "a valid environment variable name (letters, digits, '-', '_' and '.', not starting with a digit)";
const DATA_KEY_RULE = "a valid data key (letters, digits, '-', '_' and '.', at most 253 characters)";

export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

export function isDns1035Label(value: string): boolean {
  return value.length <= 63 && DNS1035_LABEL.test(value);
}

/** Label and annotation keys: `[DNS subdomain/]name`. */
function isQualifiedName(key: string): boolean {
  const slash = key.indexOf('/');
  const name = key.slice(slash + 1);
  return (slash < 0 || (slash > 0 && isDnsSubdomain(key.slice(0, slash)))) && name.length <= 63 && QUALIFIED_NAME.test(name);
}

function push(report: Report, path: string, reason: string): void {
  report.problems.push({ path, reason });
}

function checkLabels(map: unknown, at: string, report: Report): void {
  if (typeof map !== 'object' || map === null) return;
  for (const [key, value] of Object.entries(map)) {
    if (!isQualifiedName(key)) push(report, child(at, key), `must have a key that is ${KEY_RULE}, got ${show(key)}`);
    if (typeof value === 'string' && (value.length > 63 || !LABEL_VALUE.test(value))) push(report, child(at, key), `must be ${VALUE_RULE}, got ${shown(value, report)}`);
  }
}

function checkAnnotations(map: unknown, at: string, report: Report): void {
  if (typeof map !== 'object' || map === null) return;
  let bytes = 0;
  for (const [key, value] of Object.entries(map)) {
    if (!isQualifiedName(key.toLowerCase())) push(report, child(at, key), `must have a key that is ${KEY_RULE}, got ${show(key)}`);
    bytes += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) push(report, at, `must hold at most 256 KiB (262144 bytes) of keys and values together, got ${bytes} bytes; keep large data in a ConfigMap`);
}

/** A quantity's exact value, or undefined when it is not one (the schema reports that). */
function quantity(q: unknown): bigint | undefined {
  if (typeof q !== 'string' && typeof q !== 'number') return undefined;
  try {
    return parseQuantity(q);
  } catch {
    return undefined;
  }
}

function checkNonNegativeQuantities(map: unknown, at: string, report: Report): void {
  if (typeof map !== 'object' || map === null) return;
  for (const [resource, q] of Object.entries(map)) {
    const v = quantity(q);
    if (v !== undefined && v < 0n) push(report, child(at, resource), `must not be negative, got ${shown(q, report)}`);
  }
}

function checkEnvVarName(name: unknown, at: string, report: Report, what = 'name'): void {
  if (typeof name === 'string' && name !== '' && !ENV_VAR_NAME.test(name)) push(report, at, `must be ${ENV_RULE} as the ${what} of an environment variable, got ${shown(name, report)}`);
}

function checkDataKeys(value: Record<string, any>, at: string, report: Report): void {
  let bytes = 0;
  for (const field of ['data', 'binaryData', 'stringData']) {
    const map = value[field];
    if (typeof map !== 'object' || map === null) continue;
    for (const [key, item] of Object.entries(map)) {
      if (key.length > 253 || !CONFIG_MAP_KEY.test(key) || key === '.' || key === '..') {
        push(report, child(child(at, field), key), `must have a key that is ${DATA_KEY_RULE}, got ${show(key)}`);
      }
      bytes += Buffer.byteLength(key) + (typeof item === 'string' ? Buffer.byteLength(item) : 0);
    }
  }
  if (bytes > DATA_MAX_BYTES) push(report, child(at, 'data'), `must hold at most 1 MiB (1048576 bytes) of keys and values together, got ${bytes} bytes; mount large files from a volume instead`);
}

function checkIntOrPercent(value: Record<string, any>, at: string, report: Report, fields: readonly string[]): void {
  for (const field of fields) {
    const v = value[field];
    if (typeof v === 'number' && v < 0) push(report, child(at, field), `must not be negative, got ${v}`);
    if (typeof v === 'string' && (!PERCENT.test(v) || Number(v.slice(0, -1)) > 100)) {
      push(report, child(at, field), `must be a whole number or a percentage from '0%' to '100%', got ${shown(v, report)}`);
    }
  }
}

/** A whole-number field's range (`max` unset: no upper bound but int32's), or an integer-or-percentage field. */
export interface FieldRange {
  readonly min: number;
  readonly max?: number;
  /** A whole number at least `min`, or a percentage from '0%' to '100%'. */
  readonly percent?: boolean;
}

const range = (min: number, max?: number): FieldRange => ({ min, max });
const INT_OR_PERCENT: FieldRange = { min: 0, percent: true };
const all = (fields: readonly string[], r: FieldRange) => Object.fromEntries(fields.map(f => [f, r]));

/**
 * The ranges the API server gives whole-number and integer-or-percentage
 * fields, by OpenAPI definition and field: the one table that synth's checks
 * run and that a Helm chart's values schema gives a value bound to one of
 * these fields.
 */
export const FIELD_RANGES: { readonly [definition: string]: { readonly [field: string]: FieldRange } } = {
  'io.k8s.api.apps.v1.DeploymentSpec': { ...all(['replicas', 'revisionHistoryLimit', 'minReadySeconds'], range(0)), progressDeadlineSeconds: range(1) },
  'io.k8s.api.apps.v1.ReplicaSetSpec': all(['replicas', 'minReadySeconds'], range(0)),
  'io.k8s.api.apps.v1.StatefulSetSpec': all(['replicas', 'revisionHistoryLimit', 'minReadySeconds'], range(0)),
  'io.k8s.api.apps.v1.DaemonSetSpec': all(['revisionHistoryLimit', 'minReadySeconds'], range(0)),
  'io.k8s.api.apps.v1.RollingUpdateDeployment': all(['maxSurge', 'maxUnavailable'], INT_OR_PERCENT),
  'io.k8s.api.apps.v1.RollingUpdateDaemonSet': all(['maxSurge', 'maxUnavailable'], INT_OR_PERCENT),
  'io.k8s.api.batch.v1.JobSpec': { ...all(['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished'], range(0)), activeDeadlineSeconds: range(1) },
  'io.k8s.api.batch.v1.CronJobSpec': all(['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'], range(0)),
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec': all(['minReplicas', 'maxReplicas'], range(1)),
  'io.k8s.api.policy.v1.PodDisruptionBudgetSpec': all(['minAvailable', 'maxUnavailable'], INT_OR_PERCENT),
  'io.k8s.api.core.v1.PodSpec': { terminationGracePeriodSeconds: range(0), activeDeadlineSeconds: range(1) },
  'io.k8s.api.core.v1.Probe': all(['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds'], range(0)),
  'io.k8s.api.core.v1.ContainerPort': { containerPort: range(1, 65535), hostPort: range(0, 65535) },
  // targetPort: a number only; a name is checked apart
  'io.k8s.api.core.v1.ServicePort': { port: range(1, 65535), nodePort: range(0, 65535), targetPort: range(1, 65535) },
};

/** The fields of an object of one definition outside their {@link FIELD_RANGES}. */
function checkRanges(ranges: { readonly [field: string]: FieldRange }, value: Record<string, any>, at: string, report: Report): void {
  for (const [field, r] of Object.entries(ranges)) {
    const v = value[field];
    if (r.percent) {checkIntOrPercent(value, at, report, [field]);} else if (typeof v === 'number' && Number.isFinite(v) && (v < r.min || (r.max !== undefined && v > r.max))) {
      push(report, child(at, field), `must be ${r.max === undefined ? `at least ${r.min}` : `within ${r.min}-${r.max}`}, got ${v}`);
    }
  }
}

function checkContainer(value: Record<string, any>, at: string, report: Report): void {
  if (typeof value.name === 'string' && !isDnsLabel(value.name)) push(report, child(at, 'name'), `must be ${LABEL_RULE}, got ${shown(value.name, report)}`);
  const names = new Set<string>();
  (Array.isArray(value.ports) ? value.ports : []).forEach((port: any, i: number) => {
    const p = `${child(at, 'ports')}[${i}]`;
    if (typeof port?.name === 'string') {
      if (names.has(port.name)) push(report, child(p, 'name'), `must be unique among the container's ports, got ${show(port.name)} twice`);
      names.add(port.name);
    }
  });
}

function checkPodSpec(value: Record<string, any>, at: string, report: Report): void {
  const seen = new Set<string>();
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    (Array.isArray(value[list]) ? value[list] : []).forEach((c: any, i: number) => {
      if (typeof c?.name !== 'string') return;
      if (seen.has(c.name)) push(report, `${child(at, list)}[${i}].name`, `must be unique among the pod's containers, got ${show(c.name)} twice`);
      seen.add(c.name);
    });
  }
  for (const [i, volume] of (Array.isArray(value.volumes) ? value.volumes : []).entries()) {
    if (typeof volume?.name === 'string' && !isDnsLabel(volume.name)) push(report, `${child(at, 'volumes')}[${i}].name`, `must be ${LABEL_RULE}, got ${shown(volume.name, report)}`);
  }
}

function checkServiceSpec(value: Record<string, any>, at: string, report: Report): void {
  const ports: any[] = Array.isArray(value.ports) ? value.ports : [];
  const nodePorts = value.type === 'NodePort' || value.type === 'LoadBalancer';
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = `${child(at, 'ports')}[${i}]`;
    if (typeof port?.targetPort === 'string' && !(port.targetPort.length <= 15 && IANA_SVC_NAME.test(port.targetPort) && /[a-z]/.test(port.targetPort))) {
      push(report, child(p, 'targetPort'), `must be a port number or an IANA service name (at most 15 lowercase letters, digits and '-', with a letter), got ${shown(port.targetPort, report)}`);
    }
    if (port?.nodePort !== undefined && port.nodePort !== null && port.nodePort !== 0 && !nodePorts) {
      push(report, child(p, 'nodePort'), `may only be set on a Service of type NodePort or LoadBalancer, got ${port.nodePort} on type '${value.type ?? 'ClusterIP'}'`);
    }
    if (ports.length > 1 && (typeof port?.name !== 'string' || port.name === '')) push(report, child(p, 'name'), 'is required when a Service has more than one port');
    if (typeof port?.name === 'string' && port.name !== '') {
      if (names.has(port.name)) push(report, child(p, 'name'), `must be unique among the Service's ports, got ${show(port.name)} twice`);
      names.add(port.name);
    }
  });
  if (value.clusterIP === 'None' && nodePorts) push(report, child(at, 'clusterIP'), `may not be 'None' (headless) on a Service of type '${value.type}'`);
}

function checkResources(value: Record<string, any>, at: string, report: Report): void {
  checkNonNegativeQuantities(value.limits, child(at, 'limits'), report);
  checkNonNegativeQuantities(value.requests, child(at, 'requests'), report);
  if (typeof value.requests !== 'object' || value.requests === null || typeof value.limits !== 'object' || value.limits === null) return;
  for (const [resource, request] of Object.entries(value.requests)) {
    const r = quantity(request);
    const l = quantity(value.limits[resource]);
    if (r !== undefined && l !== undefined && r > l) {
      push(report, child(child(at, 'requests'), resource), `must be at most the limit ${shown(value.limits[resource], report)}, got ${shown(request, report)}`);
    }
  }
}

function checkStatefulSetSpec(value: Record<string, any>, at: string, report: Report): void {
  if (typeof value.serviceName === 'string' && value.serviceName !== '' && !isDns1035Label(value.serviceName)) {
    push(report, child(at, 'serviceName'), `must be the name of the governing Service, ${DNS1035_RULE}, got ${shown(value.serviceName, report)}`);
  }
}

/** Rules beyond the {@link FIELD_RANGES}, by the OpenAPI definition they apply to. */
const OWN_RULES: { readonly [definition: string]: Rule } = {
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition': (value, at, report) => {
    for (const p of crdProblems(value)) push(report, at === '' ? p.path : `${at}.${p.path}`, p.reason);
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': (value, at, report) => {
    checkLabels(value.labels, child(at, 'labels'), report);
    checkAnnotations(value.annotations, child(at, 'annotations'), report);
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': (value, at, report) => {
    checkLabels(value.matchLabels, child(at, 'matchLabels'), report);
  },
  'io.k8s.api.core.v1.Container': checkContainer,
  'io.k8s.api.core.v1.EphemeralContainer': checkContainer,
  'io.k8s.api.core.v1.EnvVar': (value, at, report) => checkEnvVarName(value.name, child(at, 'name'), report),
  'io.k8s.api.core.v1.EnvFromSource': (value, at, report) => checkEnvVarName(value.prefix, child(at, 'prefix'), report, 'prefix'),
  'io.k8s.api.core.v1.ResourceRequirements': checkResources,
  'io.k8s.api.core.v1.PodSpec': checkPodSpec,
  'io.k8s.api.core.v1.ServiceSpec': checkServiceSpec,
  'io.k8s.api.core.v1.ConfigMap': checkDataKeys,
  'io.k8s.api.core.v1.Secret': checkDataKeys,
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec': (value, at, report) => {
    const storage = value.resources?.requests?.storage;
    const v = quantity(storage);
    if (v !== undefined && v <= 0n) push(report, `${child(at, 'resources')}.requests.storage`, `must be greater than zero, got ${shown(storage, report)}`);
  },
  'io.k8s.api.apps.v1.DeploymentSpec': (value, at, report) => {
    if (typeof value.progressDeadlineSeconds === 'number' && typeof value.minReadySeconds === 'number' && value.progressDeadlineSeconds <= value.minReadySeconds) {
      push(report, child(at, 'progressDeadlineSeconds'), `must be greater than 'minReadySeconds' (${value.minReadySeconds}), got ${value.progressDeadlineSeconds}`);
    }
  },
  'io.k8s.api.apps.v1.StatefulSetSpec': checkStatefulSetSpec,
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec': (value, at, report) => {
    if (typeof value.minReplicas === 'number' && typeof value.maxReplicas === 'number' && value.minReplicas > value.maxReplicas) {
      push(report, child(at, 'minReplicas'), `must be at most 'maxReplicas' (${value.maxReplicas}), got ${value.minReplicas}`);
    }
  },
};

/** Rules by the OpenAPI definition they apply to, run on each object of that definition: its field ranges, then its own rules. */
export const DEFINITION_RULES: { readonly [definition: string]: Rule } = Object.fromEntries(
  [...new Set([...Object.keys(FIELD_RANGES), ...Object.keys(OWN_RULES)])].map(definition => {
    const ranges = FIELD_RANGES[definition];
    const own = OWN_RULES[definition];
    const rule: Rule = (value, at, report) => {
      if (ranges) checkRanges(ranges, value, at, report);
      own?.(value, at, report);
    };
    return [definition, rule];
  }),
);

/** The name rule of a kind, as the API server's per-kind validation applies it. */
function nameProblem(group: string, kind: string, name: string): string | undefined {
  if (group === 'rbac.authorization.k8s.io') {
    return name === '.' || name === '..' || /[/%]/.test(name) ? "must be a path segment name (not '.' or '..', without '/' or '%')" : undefined;
  }
  if (kind === 'Service') return isDns1035Label(name) ? undefined : `must be ${DNS1035_RULE}`;
  if (kind === 'Namespace') return isDnsLabel(name) ? undefined : `must be ${LABEL_RULE}`;
  if (!isDnsSubdomain(name)) return `must be ${SUBDOMAIN_RULE}`;
  if (kind === 'CronJob' && name.length > 52) return 'must be at most 52 characters (the CronJob controller appends 11 to name its Jobs)';
  // the controller names pods `<name>-<ordinal>` and labels them `controller-revision-hash: <name>-<10-character hash>`
  if (kind === 'StatefulSet' && name.length > 52) return 'must be at most 52 characters (its pods carry a label value of the name and an 11-character revision hash)';
  return undefined;
}

/** Top-level metadata checks the schema cannot express. */
export function checkRootMetadata(group: string, kind: string, metadata: unknown, report: Report): void {
  if (metadata === undefined || metadata === null) return void push(report, 'metadata', 'is required');
  if (typeof metadata !== 'object') return;
  const { name, generateName, namespace } = metadata as Record<string, unknown>;
  if (name === undefined || name === null || name === '') {
    if (typeof generateName !== 'string' || generateName === '') push(report, 'metadata.name', 'is required');
  } else if (typeof name === 'string') {
    const problem = nameProblem(group, kind, name);
    if (problem) push(report, 'metadata.name', `${problem}, got ${shown(name, report)}`);
  }
  if (typeof namespace === 'string' && namespace !== '' && !isDnsLabel(namespace)) {
    push(report, 'metadata.namespace', `must be ${LABEL_RULE}, got ${shown(namespace, report)}`);
  }
}

export type { Problem };
