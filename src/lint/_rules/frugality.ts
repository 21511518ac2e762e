import { show } from '../../_errors';
import { parseQuantity } from '../../_quantity';
import { Qos, QosClass } from '../../qos/qos-class';
import { child, ContainerOf, containersOf, isKind, isObject, list, namespaceOf, PodTemplate } from '../_model';
import { COMPUTE, Compute, containerDefaults, effectivePodSpec, effectiveResources, formatAmount, podAmount } from '../_resources';
import { DistillationFactor, LintSeverity } from '../lint-finding';
import { found, RawFinding, RuleContext, RuleDefinition } from './_rule';

const factor = DistillationFactor.RESOURCE_FRUGALITY;
const QOS_FIX = "give the workload a 'qos' (QosPreset.guaranteed, QosPreset.burstable), or a LimitRange with defaults to the namespace";

type Visit = (pod: PodTemplate, c: ContainerOf, r: ReturnType<typeof effectiveResources>) => RawFinding[];

/** Every container of every pod, with its resources as the cluster sets them. */
function eachContainer(ctx: RuleContext, visit: Visit): RawFinding[] {
  return ctx.pods.flatMap(pod => {
    const defaults = containerDefaults(ctx.objects, namespaceOf(pod.object.manifest));
    return containersOf(pod).flatMap(c => visit(pod, c, effectiveResources(c.container, defaults)));
  });
}

const namespaces = (ctx: RuleContext) => ctx.ofKind('', 'Namespace').filter(n => typeof n.manifest.metadata?.name === 'string');
const inNamespace = (ctx: RuleContext, kind: string, namespace: string) => ctx.ofKind('', kind).filter(o => namespaceOf(o.manifest) === namespace);

/** Quota keys the pods' requests and limits count against. */
const QUOTA_KEYS: { key: string; resource: Compute; which: 'requests' | 'limits' }[] = [
  { key: 'requests.cpu', resource: 'cpu', which: 'requests' }, { key: 'cpu', resource: 'cpu', which: 'requests' },
  { key: 'requests.memory', resource: 'memory', which: 'requests' }, { key: 'memory', resource: 'memory', which: 'requests' },
  { key: 'limits.cpu', resource: 'cpu', which: 'limits' }, { key: 'limits.memory', resource: 'memory', which: 'limits' },
];

/** How many pods of a template run at once, as quotas count them: replicas, parallelism, or one (a DaemonSet counted once). */
function podCount(ctx: RuleContext, pod: PodTemplate): number {
  const m = pod.object.manifest;
  if (isKind(m, 'batch', 'Job')) return typeof m.spec?.parallelism === 'number' ? m.spec.parallelism : 1;
  if (isKind(m, 'batch', 'CronJob')) return typeof m.spec?.jobTemplate?.spec?.parallelism === 'number' ? m.spec.jobTemplate.spec.parallelism : 1;
  return ctx.minReplicas(pod) ?? 1;
}

function quotaSums(ctx: RuleContext): RawFinding[] {
  return ctx.ofKind('', 'ResourceQuota').flatMap(quota => {
    const hard = quota.manifest.spec?.hard;
    if (!isObject(hard) || quota.manifest.spec?.scopes || quota.manifest.spec?.scopeSelector) return [];
    const namespace = namespaceOf(quota.manifest);
    const defaults = containerDefaults(ctx.objects, namespace);
    const pods = ctx.podsIn(namespace).filter(p => !isKind(p.object.manifest, '', 'PodTemplate'));
    const counted = pods.map(p => ({ pod: p, count: podCount(ctx, p) }));
    const total = counted.reduce((a, p) => a + p.count, 0);
    const findings: RawFinding[] = [];
    const over = (key: string, hardText: unknown, what: string, sum: string) => findings.push(found(quota, child('spec.hard', key),
      `must hold ${what}the pods of namespace '${namespace}' at their declared replicas, got ${show(hardText)} while they ${key === 'pods' ? `are ${sum}` : `come to ${sum} (${total} pods)`}`,
      'raise the quota, or lower the requests, limits or replicas of the workloads; Kubernetes refuses the pods that do not fit'));
    if (hard.pods !== undefined && Number(hard.pods) < total) over('pods', hard.pods, '', `${total}`);
    for (const { key, resource, which } of QUOTA_KEYS) {
      if (hard[key] === undefined) continue;
      let limit: bigint;
      try {
        limit = parseQuantity(hard[key]);
      } catch {
        continue;
      }
      const sum = counted.reduce((a, p) => a + (podAmount(p.pod.spec, defaults, resource, which) ?? 0n) * BigInt(p.count), 0n);
      if (sum > limit) over(key, hard[key], `the ${resource} ${which} of `, formatAmount(sum, resource));
    }
    return findings;
  });
}

export const FRUGALITY_RULES: RuleDefinition[] = [
  {
    id: 'DP-FRUGAL-001',
    factor,
    severity: LintSeverity.WARNING,
    description: 'a container without CPU or memory requests',
    rationale: 'The scheduler places pods by their requests: a container without them is placed as if it needed nothing, packs nodes past what they can run, and is the first evicted under pressure. Sizing pods correctly is the course\'s top reason clusters fail.',
    link: 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#requests-and-limits',
    check: ctx => eachContainer(ctx, (pod, c, r) => {
      const missing = COMPUTE.filter(res => r.requests[res] === undefined);
      return missing.length > 0 ? [found(pod.object, pod.at(`${c.relative}.resources.requests`), `must request ${missing.join(' and ')}, got ${show(c.container.resources?.requests)} for ${c.label} (and no LimitRange default)`,
        'set resources.requests.cpu and .memory to what the container uses under normal load', QOS_FIX)] : [];
    }),
  },
  {
    id: 'DP-FRUGAL-002',
    factor,
    severity: LintSeverity.WARNING,
    description: 'a container without a memory limit',
    rationale: 'Memory cannot be throttled: a container that leaks without a limit takes its node\'s memory, and the kubelet evicts other pods to survive.',
    link: 'https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/',
    check: ctx => eachContainer(ctx, (pod, c, r) => (r.limits.memory === undefined ? [found(pod.object, pod.at(`${c.relative}.resources.limits.memory`),
      `must be set, got ${show(c.container.resources?.limits?.memory)} for ${c.label} (and no LimitRange default)`, 'set resources.limits.memory', QOS_FIX)] : [])),
  },
  {
    id: 'DP-FRUGAL-003',
    factor,
    severity: LintSeverity.WARNING,
    description: 'a limit far above its request (more than `maxLimitToRequestRatio` times)',
    rationale: 'Nodes are filled by requests; what containers may use above them is overcommitted. A limit many times the request promises capacity the node does not have: under load, pods are throttled, OOM-killed or evicted together.',
    link: 'https://kubernetes.io/docs/concepts/policy/limit-range/#limitrange-and-admission-checks-for-pods',
    check: ctx => eachContainer(ctx, (pod, c, r) => COMPUTE.flatMap(res => {
      const request = r.requests[res];
      const limit = r.limits[res];
      const ratio = ctx.config.maxLimitToRequestRatio;
      if (!request || !limit || request.nano <= 0n || Number(limit.nano) <= ratio * Number(request.nano)) return [];
      return [found(pod.object, pod.at(`${c.relative}.resources.limits.${res}`),
        `must be at most ${ratio} times the request (${request.text}), got ${show(limit.text)} for ${c.label}`,
        'raise the request to what the container uses, or lower the limit', "raise the request or lower the limit in the workload's 'qos'")];
    })),
  },
  {
    id: 'DP-FRUGAL-004',
    factor,
    severity: LintSeverity.WARNING,
    description: 'a BestEffort pod in a namespace with a ResourceQuota',
    rationale: 'A pod without requests or limits is BestEffort: evicted first, and in a namespace whose quota counts CPU or memory, refused outright.',
    link: 'https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/#besteffort',
    check: ctx => ctx.pods.flatMap(pod => {
      const namespace = namespaceOf(pod.object.manifest);
      if (inNamespace(ctx, 'ResourceQuota', namespace).length === 0) return [];
      const qos = Qos.classOf(effectivePodSpec(pod.spec, containerDefaults(ctx.objects, namespace)));
      return qos === QosClass.BEST_EFFORT ? [found(pod.object, pod.at('containers'), `must request resources in namespace '${namespace}', which has a ResourceQuota, got a BestEffort pod`,
        'give every container requests and limits', QOS_FIX)] : [];
    }),
  },
  {
    id: 'DP-FRUGAL-005',
    factor,
    severity: LintSeverity.WARNING,
    description: 'a Namespace without a ResourceQuota',
    rationale: 'Without a quota, one namespace\'s runaway replicas or requests take the whole cluster\'s capacity; a quota makes each namespace size its pods.',
    link: 'https://kubernetes.io/docs/concepts/policy/resource-quotas/',
    check: ctx => namespaces(ctx).filter(n => inNamespace(ctx, 'ResourceQuota', n.manifest.metadata.name).length === 0)
      .map(n => found(n, 'metadata.name', `must have a ResourceQuota, got namespace ${show(n.manifest.metadata.name)} without one`,
        'add a ResourceQuota on requests.cpu, requests.memory and pods to the namespace', 'add a ResourceQuota to the namespace')),
  },
  {
    id: 'DP-FRUGAL-006',
    factor,
    severity: LintSeverity.INFO,
    description: 'a Namespace without a LimitRange',
    rationale: 'A LimitRange gives containers that set no resources a request and a limit, so that a forgotten `resources` does not make a BestEffort pod.',
    link: 'https://kubernetes.io/docs/concepts/policy/limit-range/',
    check: ctx => namespaces(ctx).filter(n => inNamespace(ctx, 'LimitRange', n.manifest.metadata.name).length === 0)
      .map(n => found(n, 'metadata.name', `must have a LimitRange, got namespace ${show(n.manifest.metadata.name)} without one`,
        'add a LimitRange with default requests and limits for containers', 'add a LimitRange with defaultRequest and defaultLimit to the namespace')),
  },
  {
    id: 'DP-FRUGAL-007',
    factor,
    severity: LintSeverity.ERROR,
    description: 'the pods of a namespace requesting more than its ResourceQuota allows',
    rationale: 'A quota refuses the pods that would take the namespace over it: replicas the workloads declare never start, and a rolling update stalls. Pods are counted at their declared replicas (an autoscaler\'s minimum where it has one, a DaemonSet\'s once), init containers as Kubernetes counts them.',
    link: 'https://kubernetes.io/docs/concepts/policy/resource-quotas/#requests-vs-limits',
    check: quotaSums,
  },
  {
    id: 'DP-FRUGAL-008',
    factor,
    severity: LintSeverity.INFO,
    description: 'an emptyDir without a sizeLimit',
    rationale: 'An emptyDir lives on the node\'s disk (or memory, with medium Memory): without a sizeLimit one pod can fill it and get every pod of the node evicted.',
    link: 'https://kubernetes.io/docs/concepts/storage/volumes/#emptydir-configuration-example',
    check: ctx => ctx.pods.flatMap(pod => list(pod.spec.volumes).flatMap((v, i) => (isObject(v) && 'emptyDir' in v && !(isObject(v.emptyDir) && v.emptyDir.sizeLimit !== undefined)
      ? [found(pod.object, pod.at(`volumes[${i}].emptyDir`), `must set a sizeLimit, got volume ${show(v.name)} without one`,
        'set emptyDir.sizeLimit to what the pod may write there', 'use PodVolume with a sizeLimit')] : []))),
  },
];
