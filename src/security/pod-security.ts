import { show } from '../_errors';
import { FoundPodMetadata, podMetadataOf, podSpecOf } from '../_pod-template';

/**
 * A Pod Security Standards profile.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export enum PodSecurityLevel {
  /** Unrestricted: for system and infrastructure workloads. */
  PRIVILEGED = 'privileged',
  /** Prevents known privilege escalations while keeping common pods working. */
  BASELINE = 'baseline',
  /** Current pod hardening best practice, at some cost in compatibility. */
  RESTRICTED = 'restricted',
}

/**
 * One way a pod breaks a Pod Security Standards profile.
 */
export interface PodSecurityViolation {
  /**
   * The JSON path of the offending field within the checked manifest, e.g.
   * `.spec.template.spec.containers[0].securityContext.runAsNonRoot`.
   */
  readonly field: string;
  /**
   * The Pod Security Standards control broken, e.g. `runAsNonRoot`,
   * `capabilities`, `hostPathVolumes` or `seccompProfile`.
   */
  readonly rule: string;
  /** What is wrong with the value received and what is allowed. */
  readonly message: string;
}

const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const LEVELS = Object.values(PodSecurityLevel);
const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
];
const SELINUX_TYPES = ['container_t', 'container_init_t', 'container_kvm_t'];
const RESTRICTED_VOLUME_TYPES = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
];
const RESTRICTED_SECCOMP_TYPES = ['RuntimeDefault', 'Localhost'];
const CONTAINER_LISTS = [
  ['containers', 'container'], ['initContainers', 'init container'], ['ephemeralContainers', 'ephemeral container'],
] as const;

/** The pod or one of its containers: what a securityContext belongs to. */
interface Subject {
  readonly label: string;
  readonly path: string;
  readonly sc: any;
}

interface Container extends Subject {
  readonly container: any;
}

interface CheckedPod extends Subject {
  readonly spec: any;
  readonly containers: Container[];
  readonly metadata?: FoundPodMetadata;
}

type Check = (pod: CheckedPod) => PodSecurityViolation[];

const isSet = (value: unknown) => value !== undefined && value !== null;
const list = (value: unknown): any[] => (Array.isArray(value) ? value : []);
const violation = (field: string, rule: string, message: string): PodSecurityViolation => ({ field, rule, message });
const scField = (s: Subject, field: string) => `${s.path}.securityContext.${field}`;

function containersOf(spec: any, basePath: string): Container[] {
  return CONTAINER_LISTS.flatMap(([key, noun]) => list(spec[key]).map((container, i) => ({
    label: container?.name ? `${noun} '${container.name}'` : `${noun} ${key}[${i}]`,
    path: `${basePath}.${key}[${i}]`,
    sc: container?.securityContext ?? {},
    container: container ?? {},
  })));
}

const subjectsOf = (pod: CheckedPod): Subject[] => [pod, ...pod.containers];
const volumeLabel = (volume: any, i: number) => (volume?.name ? `volume '${volume.name}'` : `volume volumes[${i}]`);

function hostNamespaces(pod: CheckedPod): PodSecurityViolation[] {
  return ['hostNetwork', 'hostPID', 'hostIPC'].filter(key => pod.spec[key] === true).map(key =>
    violation(`${pod.path}.${key}`, 'hostNamespaces', `pod must leave ${key} unset or false, got true`));
}

function privileged(pod: CheckedPod): PodSecurityViolation[] {
  return pod.containers.filter(c => c.sc.privileged === true).map(c => violation(scField(c, 'privileged'), 'privileged',
    `${c.label} must leave securityContext.privileged unset or false, got true`));
}

function windowsHostProcess(pod: CheckedPod): PodSecurityViolation[] {
  return subjectsOf(pod).filter(s => s.sc.windowsOptions?.hostProcess === true).map(s =>
    violation(scField(s, 'windowsOptions.hostProcess'), 'windowsHostProcess',
      `${s.label} must leave securityContext.windowsOptions.hostProcess unset or false, got true`));
}

function addedCapabilities(allowed: string[], description: string): Check {
  return pod => pod.containers.flatMap(c => {
    const added = list(c.sc.capabilities?.add).filter(cap => !allowed.includes(cap));
    return added.length === 0 ? [] : [violation(scField(c, 'capabilities.add'), 'capabilities',
      `${c.label} may only add ${description} to securityContext.capabilities.add, got ${added.join(', ')}`)];
  });
}

const baselineCapabilities = addedCapabilities(BASELINE_CAPABILITIES, `the baseline capabilities (${BASELINE_CAPABILITIES.join(', ')})`);

function restrictedCapabilities(pod: CheckedPod): PodSecurityViolation[] {
  const drops = pod.containers.filter(c => !list(c.sc.capabilities?.drop).includes('ALL')).map(c =>
    violation(scField(c, 'capabilities.drop'), 'capabilities',
      `${c.label} must drop ALL in securityContext.capabilities.drop, got ${show(c.sc.capabilities?.drop)}`));
  return [...drops, ...addedCapabilities(['NET_BIND_SERVICE'], 'NET_BIND_SERVICE')(pod)];
}

function hostPathVolumes(pod: CheckedPod): PodSecurityViolation[] {
  return list(pod.spec.volumes).flatMap((volume, i) => (isSet(volume?.hostPath) ? [violation(
    `${pod.path}.volumes[${i}].hostPath`, 'hostPathVolumes',
    `${volumeLabel(volume, i)} must not be a hostPath volume, got hostPath ${show(volume.hostPath.path)}`)] : []));
}

function hostPorts(pod: CheckedPod): PodSecurityViolation[] {
  return pod.containers.flatMap(c => list(c.container.ports).flatMap((port, j) => (
    isSet(port?.hostPort) && port.hostPort !== 0 ? [violation(`${c.path}.ports[${j}].hostPort`, 'hostPorts',
      `${c.label} must leave ports[${j}].hostPort unset or 0, got ${show(port.hostPort)}`)] : [])));
}

function appArmorProfile(pod: CheckedPod): PodSecurityViolation[] {
  const annotations = pod.metadata?.metadata.annotations ?? {};
  return Object.entries(annotations)
    .filter(([key]) => key.startsWith(APPARMOR_PREFIX))
    .filter(([, value]) => !(value === '' || value === 'runtime/default' || String(value).startsWith('localhost/')))
    .map(([key, value]) => violation(`${pod.metadata!.path}.annotations['${key}']`, 'appArmorProfile',
      `annotation '${key}' must be 'runtime/default' or 'localhost/<profile>', got ${show(value)}`));
}

function seLinuxOptions(pod: CheckedPod): PodSecurityViolation[] {
  return subjectsOf(pod).flatMap(s => {
    const options = s.sc.seLinuxOptions ?? {};
    const found: PodSecurityViolation[] = [];
    if (isSet(options.type) && options.type !== '' && !SELINUX_TYPES.includes(options.type)) {
      found.push(violation(scField(s, 'seLinuxOptions.type'), 'seLinuxOptions',
        `${s.label} must set securityContext.seLinuxOptions.type to ${SELINUX_TYPES.join(', ')} or leave it unset, got ${show(options.type)}`));
    }
    for (const key of ['user', 'role'].filter(k => isSet(options[k]) && options[k] !== '')) {
      found.push(violation(scField(s, `seLinuxOptions.${key}`), 'seLinuxOptions',
        `${s.label} must leave securityContext.seLinuxOptions.${key} unset, got ${show(options[key])}`));
    }
    return found;
  });
}

function procMount(pod: CheckedPod): PodSecurityViolation[] {
  return pod.containers.filter(c => isSet(c.sc.procMount) && c.sc.procMount !== 'Default').map(c =>
    violation(scField(c, 'procMount'), 'procMount',
      `${c.label} must leave securityContext.procMount unset or 'Default', got ${show(c.sc.procMount)}`));
}

function baselineSeccomp(pod: CheckedPod): PodSecurityViolation[] {
  return subjectsOf(pod).filter(s => s.sc.seccompProfile?.type === 'Unconfined').map(s =>
    violation(scField(s, 'seccompProfile.type'), 'seccompProfile',
      `${s.label} must not set securityContext.seccompProfile.type to 'Unconfined', got 'Unconfined'`));
}

function sysctls(pod: CheckedPod): PodSecurityViolation[] {
  return list(pod.sc.sysctls).flatMap((sysctl, i) => (SAFE_SYSCTLS.includes(sysctl?.name) ? [] : [violation(
    scField(pod, `sysctls[${i}].name`), 'sysctls',
    `pod may only set the safe sysctls (${SAFE_SYSCTLS.join(', ')}), got ${show(sysctl?.name)}`)]));
}

function volumeTypes(pod: CheckedPod): PodSecurityViolation[] {
  return list(pod.spec.volumes).flatMap((volume, i) => Object.keys(volume ?? {})
    .filter(key => key !== 'name' && !RESTRICTED_VOLUME_TYPES.includes(key))
    .map(key => violation(`${pod.path}.volumes[${i}].${key}`, 'volumeTypes',
      `${volumeLabel(volume, i)} must be of type ${RESTRICTED_VOLUME_TYPES.join(', ')}, got ${key}`)));
}

function allowPrivilegeEscalation(pod: CheckedPod): PodSecurityViolation[] {
  return pod.containers.filter(c => c.sc.allowPrivilegeEscalation !== false).map(c =>
    violation(scField(c, 'allowPrivilegeEscalation'), 'allowPrivilegeEscalation',
      `${c.label} must set securityContext.allowPrivilegeEscalation to false, got ${show(c.sc.allowPrivilegeEscalation)}`));
}

/**
 * A restricted control the pod may meet for all its containers at once: the
 * pod's own setting must be valid if present, and each container must have
 * a valid setting of its own unless it inherits a valid one from the pod.
 */
function inheritable(rule: string, field: string, valid: (value: any) => boolean, allowed: string): Check {
  const valueOf = (s: Subject) => field.split('.').reduce((node, key) => node?.[key], s.sc);
  return pod => {
    const podValue = valueOf(pod);
    const podValid = isSet(podValue) && valid(podValue);
    const bad = pod.containers.filter(c => (isSet(valueOf(c)) ? !valid(valueOf(c)) : !podValid));
    return [...(isSet(podValue) && !podValid ? [pod] : []), ...bad].map(s => {
      const value = valueOf(s);
      const either = s === pod ? ' or leave it unset' : isSet(value) ? '' : ' (or the pod must)';
      return violation(scField(s, field), rule, `${s.label} must set securityContext.${field} to ${allowed}${either}, got ${show(value)}`);
    });
  };
}

const runAsNonRoot = inheritable('runAsNonRoot', 'runAsNonRoot', value => value === true, 'true');
const restrictedSeccomp = inheritable('seccompProfile', 'seccompProfile.type',
  value => RESTRICTED_SECCOMP_TYPES.includes(value), "'RuntimeDefault' or 'Localhost'");

function runAsUser(pod: CheckedPod): PodSecurityViolation[] {
  return subjectsOf(pod).filter(s => s.sc.runAsUser === 0).map(s => violation(scField(s, 'runAsUser'), 'runAsUser',
    `${s.label} must set securityContext.runAsUser to a non-zero user id or leave it unset, got 0`));
}

const COMMON_BASELINE: Check[] = [
  hostNamespaces, privileged, windowsHostProcess, hostPathVolumes, hostPorts,
  appArmorProfile, seLinuxOptions, procMount, sysctls,
];

function checksFor(level: PodSecurityLevel, windows: boolean): Check[] {
  switch (level) {
    case PodSecurityLevel.PRIVILEGED:
      return [];
    case PodSecurityLevel.BASELINE:
      return [...COMMON_BASELINE, baselineCapabilities, baselineSeccomp];
    case PodSecurityLevel.RESTRICTED:
      return [
        ...COMMON_BASELINE,
        ...(windows ? [baselineCapabilities, baselineSeccomp] : [restrictedCapabilities, restrictedSeccomp, allowPrivilegeEscalation]),
        volumeTypes, runAsNonRoot, runAsUser,
      ];
    default:
      throw new Error(`'level' must be one of ${LEVELS.join(', ')}, got ${show(level)}`);
  }
}

function checkPod(spec: any, level: PodSecurityLevel, path: string, metadata?: FoundPodMetadata): PodSecurityViolation[] {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new Error(`'podSpec' must be a pod spec object, got ${show(spec)}`);
  }
  const pod: CheckedPod = {
    label: 'pod', path, spec, metadata, sc: spec.securityContext ?? {}, containers: containersOf(spec, path),
  };
  return checksFor(level, spec.os?.name === 'windows').flatMap(check => check(pod));
}

/**
 * Checks pods against the Pod Security Standards (policy version v1.26), as
 * the Pod Security admission controller does.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export class PodSecurity {
  /**
   * How a workload manifest (Pod, Deployment, ReplicaSet, StatefulSet,
   * DaemonSet, Job, CronJob, ReplicationController or PodTemplate) breaks a
   * profile. Empty when it meets the profile or carries no pod spec.
   *
   * @param manifest the manifest as JSON, e.g. `ApiObject.toJson()`
   * @param level the profile to meet
   */
  public static check(manifest: any, level: PodSecurityLevel): PodSecurityViolation[] {
    const found = podSpecOf(manifest);
    return found ? checkPod(found.spec, level, found.path, podMetadataOf(manifest)) : [];
  }

  /**
   * How a pod spec breaks a profile. The AppArmor control reads pod
   * annotations, so it needs the whole manifest: use `check` for it.
   *
   * @param podSpec the pod spec
   * @param level the profile to meet
   * @param basePath the JSON path of the pod spec, prefixed to each violation's field;
   * by default fields start at the pod spec, e.g. `.containers[0].securityContext.privileged`
   */
  public static checkPodSpec(podSpec: any, level: PodSecurityLevel, basePath: string = ''): PodSecurityViolation[] {
    return checkPod(podSpec, level, basePath);
  }

  /**
   * The profile a Namespace manifest enforces, from its
   * `pod-security.kubernetes.io/enforce` label; undefined when unlabelled.
   *
   * @param namespaceManifest the Namespace manifest as JSON
   */
  public static levelOfNamespace(namespaceManifest: any): PodSecurityLevel | undefined {
    const kind = namespaceManifest?.kind;
    if (isSet(kind) && kind !== 'Namespace') {
      throw new Error(`'kind' must be 'Namespace', got ${show(kind)}`);
    }
    const value = namespaceManifest?.metadata?.labels?.[ENFORCE_LABEL];
    if (!isSet(value)) return undefined;
    const level = LEVELS.find(l => l === value);
    if (!level) {
      const name = namespaceManifest.metadata.name;
      const where = name ? `namespace '${name}': ` : '';
      throw new Error(`${where}'metadata.labels.${ENFORCE_LABEL}' must be one of ${LEVELS.join(', ')}, got ${show(value)}`);
    }
    return level;
  }

  private constructor() {}
}
