import { PodSecurity, PodSecurityLevel, PodSecurityViolation } from '../../security/pod-security';
import { PodTemplate } from '../_model';
import { DistillationFactor, LintSeverity } from '../lint-finding';
import { found, RawFinding, RuleContext, RuleDefinition } from './_rule';

/**
 * The Pod Security Standards, one rule per control: the baseline controls
 * as errors, the controls "restricted" adds as warnings. The controls are
 * judged by {@link PodSecurity}, the library's own implementation (the one
 * synth enforces), on every pod template the checks find, well-known custom
 * resources included.
 */

interface Judged {
  readonly pod: PodTemplate;
  readonly level: PodSecurityLevel;
  readonly violation: PodSecurityViolation;
}

const cache = new WeakMap<RuleContext, Judged[]>();

/** The pod's violations at a level, as a Pod manifest (so that the AppArmor control sees the pod's annotations). */
function violationsOf(pod: PodTemplate, level: PodSecurityLevel): PodSecurityViolation[] {
  return PodSecurity.check({ apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata, spec: pod.spec }, level);
}

/** Every violation of every pod: the baseline ones, and the restricted ones that are not also baseline ones. */
function judged(ctx: RuleContext): Judged[] {
  let all = cache.get(ctx);
  if (all) return all;
  all = ctx.pods.flatMap(pod => {
    const baseline = violationsOf(pod, PodSecurityLevel.BASELINE);
    const seen = new Set(baseline.map(v => `${v.rule} ${v.field}`));
    const restricted = violationsOf(pod, PodSecurityLevel.RESTRICTED).filter(v => !seen.has(`${v.rule} ${v.field}`));
    return [
      ...baseline.map(violation => ({ pod, level: PodSecurityLevel.BASELINE, violation })),
      ...restricted.map(violation => ({ pod, level: PodSecurityLevel.RESTRICTED, violation })),
    ];
  });
  cache.set(ctx, all);
  return all;
}

/** A field of the Pod manifest the violation names, as a path in the object the pod template is in. */
function pathIn(pod: PodTemplate, field: string): string {
  if (field.startsWith('.spec.')) return pod.at(field.slice('.spec.'.length));
  if (field.startsWith('.metadata')) return `${pod.metadataPath}${field.slice('.metadata'.length)}`;
  return pod.at(field.replace(/^\./, ''));
}

interface Control {
  readonly id: string;
  readonly control: string;
  readonly level: PodSecurityLevel;
  readonly description: string;
  readonly fix: string;
  readonly libraryFix?: string;
}

const RELAXED = 'keep a workload that needs it in a namespace whose pod-security.kubernetes.io/enforce label allows it, and suppress this finding with the reason';
const HARDENED = 'the library\'s workloads meet "restricted" by default: remove the override from the container\'s or the workload\'s securityContext';

const CONTROLS: Control[] = [
  { id: 'DP-ATTACK-001', control: 'hostNamespaces', level: PodSecurityLevel.BASELINE, description: 'a pod sharing the node\'s network, PID or IPC namespace', fix: `leave hostNetwork, hostPID and hostIPC unset; ${RELAXED}` },
  { id: 'DP-ATTACK-002', control: 'privileged', level: PodSecurityLevel.BASELINE, description: 'a privileged container', fix: `leave securityContext.privileged unset or false, and add only the capabilities the process needs; ${RELAXED}`, libraryFix: HARDENED },
  { id: 'DP-ATTACK-003', control: 'capabilities', level: PodSecurityLevel.BASELINE, description: 'a container adding a capability beyond the baseline set', fix: `add only capabilities of the baseline set (e.g. NET_BIND_SERVICE, CHOWN); ${RELAXED}` },
  { id: 'DP-ATTACK-004', control: 'hostPathVolumes', level: PodSecurityLevel.BASELINE, description: 'a hostPath volume', fix: `use a PersistentVolumeClaim or an emptyDir; ${RELAXED}`, libraryFix: `use ClaimVolume or PodVolume instead of HostPathVolume; ${RELAXED}` },
  { id: 'DP-ATTACK-005', control: 'hostPorts', level: PodSecurityLevel.BASELINE, description: 'a container port bound on the node (hostPort)', fix: 'leave hostPort unset and expose the port through a Service' },
  { id: 'DP-ATTACK-006', control: 'appArmorProfile', level: PodSecurityLevel.BASELINE, description: 'an AppArmor profile other than runtime/default or a localhost one', fix: "set the AppArmor annotation to 'runtime/default' or 'localhost/<profile>', or remove it" },
  { id: 'DP-ATTACK-007', control: 'seLinuxOptions', level: PodSecurityLevel.BASELINE, description: 'custom SELinux user, role or type', fix: 'leave seLinuxOptions.user and role unset, and the type unset or one of container_t, container_init_t, container_kvm_t' },
  { id: 'DP-ATTACK-008', control: 'procMount', level: PodSecurityLevel.BASELINE, description: 'an unmasked /proc (procMount)', fix: "leave securityContext.procMount unset or 'Default'" },
  { id: 'DP-ATTACK-009', control: 'seccompProfile', level: PodSecurityLevel.BASELINE, description: 'seccomp turned off (Unconfined)', fix: "set securityContext.seccompProfile.type to 'RuntimeDefault'", libraryFix: HARDENED },
  { id: 'DP-ATTACK-010', control: 'sysctls', level: PodSecurityLevel.BASELINE, description: 'an unsafe sysctl', fix: 'set only the safe sysctls, or configure the node instead' },
  { id: 'DP-ATTACK-011', control: 'windowsHostProcess', level: PodSecurityLevel.BASELINE, description: 'a Windows HostProcess container', fix: `leave windowsOptions.hostProcess unset; ${RELAXED}` },
  { id: 'DP-ATTACK-012', control: 'volumeTypes', level: PodSecurityLevel.RESTRICTED, description: 'a volume of a type "restricted" does not allow', fix: 'use configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret volumes (a PersistentVolumeClaim for other storage)' },
  { id: 'DP-ATTACK-013', control: 'allowPrivilegeEscalation', level: PodSecurityLevel.RESTRICTED, description: 'a container that may gain privileges (allowPrivilegeEscalation not false)', fix: 'set securityContext.allowPrivilegeEscalation: false on every container', libraryFix: HARDENED },
  { id: 'DP-ATTACK-014', control: 'runAsNonRoot', level: PodSecurityLevel.RESTRICTED, description: 'a container that may run as root (runAsNonRoot not true)', fix: 'set securityContext.runAsNonRoot: true (on the pod or every container), with a non-root runAsUser if the image has no non-root user', libraryFix: 'give the workload a securityContext.user other than 0, and remove ensureNonRoot: false' },
  { id: 'DP-ATTACK-015', control: 'runAsUser', level: PodSecurityLevel.RESTRICTED, description: 'a container running as user 0 (root)', fix: 'set securityContext.runAsUser to a non-zero user id', libraryFix: 'give the workload (or the container) a securityContext.user other than 0' },
  { id: 'DP-ATTACK-016', control: 'seccompProfile', level: PodSecurityLevel.RESTRICTED, description: 'no seccomp profile (RuntimeDefault or Localhost)', fix: "set the pod's securityContext.seccompProfile.type to 'RuntimeDefault'", libraryFix: HARDENED },
  { id: 'DP-ATTACK-017', control: 'capabilities', level: PodSecurityLevel.RESTRICTED, description: 'a container that does not drop ALL capabilities, or adds one other than NET_BIND_SERVICE', fix: "set securityContext.capabilities.drop: ['ALL'] and add at most NET_BIND_SERVICE", libraryFix: HARDENED },
];

export const POD_SECURITY_RULES: RuleDefinition[] = CONTROLS.map(c => ({
  id: c.id,
  factor: DistillationFactor.ATTACK_PHOBIC,
  severity: c.level === PodSecurityLevel.BASELINE ? LintSeverity.ERROR : LintSeverity.WARNING,
  description: `Pod Security "${c.level}" (${c.control}): ${c.description}`,
  rationale: c.level === PodSecurityLevel.BASELINE
    ? 'A control of the Pod Security Standard "baseline", which prevents known privilege escalations: a namespace enforcing baseline or restricted refuses the pod. The checks use the library\'s own implementation of the standard (policy version v1.26), on the pods of workloads and of well-known custom resources.'
    : 'A control the Pod Security Standard "restricted" (current pod hardening practice, and what the library renders by default) adds to baseline: a namespace enforcing restricted refuses the pod.',
  link: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
  check: (ctx: RuleContext): RawFinding[] => judged(ctx)
    .filter(j => j.level === c.level && j.violation.rule === c.control)
    .map(j => found(j.pod.object, pathIn(j.pod, j.violation.field),
      `breaks the Pod Security Standard '${c.level}' (${c.control}): ${j.violation.message}`, c.fix, c.libraryFix)),
}));
