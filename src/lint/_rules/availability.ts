import { show } from '../../_errors';
import { describe, isKind, isObject, list, LintObject, namespaceOf, podLabels, PodTemplate, refers, selects } from '../_model';
import { DistillationFactor, LintSeverity } from '../lint-finding';
import { found, RawFinding, RuleContext, RuleDefinition } from './_rule';
import { servicesOf } from './startup';

const factor = DistillationFactor.AVAILABILITY;
const HOSTNAME = 'kubernetes.io/hostname';
const ZONES = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];

/** Whether a pod spreads its replicas over a topology key: a topology spread constraint, or pod anti-affinity. */
function spreadsOver(pod: PodTemplate, keys: string[]): boolean {
  const constraints = list(pod.spec.topologySpreadConstraints).some(c => keys.includes(c?.topologyKey));
  const anti = pod.spec.affinity?.podAntiAffinity;
  const terms = [
    ...list(anti?.requiredDuringSchedulingIgnoredDuringExecution),
    ...list(anti?.preferredDuringSchedulingIgnoredDuringExecution).map(t => t?.podAffinityTerm),
  ];
  return constraints || terms.some(t => keys.includes(t?.topologyKey));
}

/** The replicated pods (Deployments, StatefulSets, ReplicaSets, Rollouts) that run at least two replicas. */
const replicated = (ctx: RuleContext) => ctx.pods.filter(p => p.replicas !== undefined && (ctx.minReplicas(p) ?? 0) >= 2);

/** The pod template of the workload an autoscaler's reference names. */
function targetOf(ctx: RuleContext, owner: LintObject, ref: any): PodTemplate | undefined {
  return ctx.pods.find(p => namespaceOf(p.object.manifest) === namespaceOf(owner.manifest) && refers(ref, p.object.manifest));
}

const budgetsOf = (ctx: RuleContext, pod: PodTemplate) => ctx.ofKind('policy', 'PodDisruptionBudget')
  .filter(b => namespaceOf(b.manifest) === namespaceOf(pod.object.manifest) && selects(b.manifest.spec?.selector, podLabels(pod)));

function blockingBudgets(ctx: RuleContext): RawFinding[] {
  return ctx.ofKind('policy', 'PodDisruptionBudget').flatMap(b => {
    const spec = b.manifest.spec ?? {};
    if (spec.maxUnavailable === 0 || spec.maxUnavailable === '0%') {
      return [found(b, 'spec.maxUnavailable', `must allow at least one pod to be evicted, got ${show(spec.maxUnavailable)}: no node running its pods can be drained`,
        'set maxUnavailable to 1 (or a percentage above 0)', 'use DisruptionBudget.maxUnavailable(1)')];
    }
    if (spec.minAvailable === undefined) return [];
    const pods = ctx.pods.filter(p => namespaceOf(p.object.manifest) === namespaceOf(b.manifest) && selects(spec.selector, podLabels(p)));
    const replicas = pods.map(p => ctx.minReplicas(p));
    const all = spec.minAvailable === '100%'
      || (typeof spec.minAvailable === 'number' && replicas.length > 0 && replicas.every(r => r !== undefined)
        && spec.minAvailable >= replicas.reduce<number>((a, r) => a + (r ?? 0), 0));
    return all ? [found(b, 'spec.minAvailable', `must be below the replicas of the pods it selects (${replicas.length > 0 ? replicas.join(' + ') : 'all'}), got ${show(spec.minAvailable)}: no node running its pods can be drained`,
      'lower minAvailable below the replicas, or use maxUnavailable: 1', 'use DisruptionBudget.maxUnavailable(1)')] : [];
  });
}

/** The resources an autoscaler scales on: its Resource and ContainerResource metrics, CPU when it names none. */
function hpaResources(hpa: any): string[] {
  const metrics = list(hpa.spec?.metrics);
  // autoscaling/v1, and v2 without metrics, scale on CPU
  if (metrics.length === 0) return ['cpu'];
  return metrics.map(m => m?.resource?.name ?? m?.containerResource?.name).filter(n => typeof n === 'string');
}

function vpaResources(vpa: any): string[] {
  if (vpa.spec?.updatePolicy?.updateMode === 'Off') return [];
  const policies = list(vpa.spec?.resourcePolicy?.containerPolicies).filter(p => p?.mode !== 'Off');
  if (policies.length === 0) return ['cpu', 'memory'];
  return [...new Set(policies.flatMap(p => (Array.isArray(p?.controlledResources) ? p.controlledResources : ['cpu', 'memory'])))];
}

export const AVAILABILITY_RULES: RuleDefinition[] = [
  {
    id: 'DP-AVAIL-001',
    factor,
    severity: LintSeverity.WARNING,
    description: 'a Deployment behind a Service with fewer than 2 replicas',
    rationale: 'With one replica, every rollout, node drain and crash is an outage of the Service; a second replica keeps it answering.',
    link: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#replicas',
    check: ctx => ctx.pods
      .filter(p => isKind(p.object.manifest, 'apps', 'Deployment', 'ReplicaSet') || isKind(p.object.manifest, 'argoproj.io', 'Rollout'))
      .filter(p => (ctx.minReplicas(p) ?? 1) < 2 && servicesOf(ctx, p).length > 0)
      .map(p => found(p.object, 'spec.replicas', `must be at least 2 behind ${servicesOf(ctx, p).map(s => describe(s.manifest)).join(', ')}, got ${show(p.object.manifest.spec?.replicas)}`,
        'run at least 2 replicas (or an autoscaler with minReplicas: 2)', 'set replicas: 2, or give it a HorizontalPodAutoscaler with minReplicas: 2')),
  },
  {
    id: 'DP-AVAIL-002',
    factor,
    severity: LintSeverity.WARNING,
    description: 'a HorizontalPodAutoscaler whose pods have no PodDisruptionBudget',
    rationale: 'A workload that is scaled for load is one that must keep serving: without a disruption budget a node drain may evict all its pods at once.',
    link: 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/',
    check: ctx => ctx.ofKind('autoscaling', 'HorizontalPodAutoscaler').flatMap(h => {
      const target = targetOf(ctx, h, h.manifest.spec?.scaleTargetRef);
      return target && budgetsOf(ctx, target).length === 0 ? [found(h, 'spec.scaleTargetRef', `must have a PodDisruptionBudget for its pods, got ${describe(target.object.manifest)} without one`,
        'add a PodDisruptionBudget with maxUnavailable: 1 that selects the pods', 'add a PodDisruptionBudget for the workload with DisruptionBudget.maxUnavailable(1)')] : [];
    }),
  },
  {
    id: 'DP-AVAIL-003',
    factor,
    severity: LintSeverity.WARNING,
    description: 'a PodDisruptionBudget that blocks every drain',
    rationale: 'A budget that allows no eviction (maxUnavailable 0, or minAvailable all the replicas) makes every node that runs the pods impossible to drain: upgrades and scale-downs stall until someone deletes the budget.',
    link: 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/#think-about-how-your-application-reacts-to-disruptions',
    check: blockingBudgets,
  },
  {
    id: 'DP-AVAIL-004',
    factor,
    severity: LintSeverity.WARNING,
    description: 'replicas not spread across nodes',
    rationale: 'Replicas the scheduler puts on one node all go when that node does; a topology spread constraint (or pod anti-affinity) on the hostname keeps them apart.',
    link: 'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/',
    check: ctx => replicated(ctx).filter(p => !spreadsOver(p, [HOSTNAME])).map(p => found(p.object, p.at('topologySpreadConstraints'),
      `must spread the ${ctx.minReplicas(p)} replicas across nodes, got no topologySpreadConstraints or podAntiAffinity on '${HOSTNAME}'`,
      `add a topologySpreadConstraint with topologyKey '${HOSTNAME}'`, 'give the workload a Placement with PlacementRule.spreadAcrossNodes()')),
  },
  {
    id: 'DP-AVAIL-005',
    factor,
    severity: LintSeverity.INFO,
    description: 'replicas not spread across zones',
    rationale: 'In a cluster spanning zones, replicas in one zone go down with it.',
    link: 'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/#spread-constraints-for-pods',
    check: ctx => replicated(ctx).filter(p => !spreadsOver(p, ZONES)).map(p => found(p.object, p.at('topologySpreadConstraints'),
      `must spread the ${ctx.minReplicas(p)} replicas across zones, got no topologySpreadConstraints or podAntiAffinity on '${ZONES[0]}'`,
      `add a topologySpreadConstraint with topologyKey '${ZONES[0]}'`, 'give the workload a Placement with PlacementRule.spreadAcrossZones()')),
  },
  {
    id: 'DP-AVAIL-006',
    factor,
    severity: LintSeverity.WARNING,
    description: 'a HorizontalPodAutoscaler and a VerticalPodAutoscaler acting on the same resource of a workload',
    rationale: 'When the VPA raises requests the HPA sees lower utilization and scales in, and the other way round: the two fight, and the workload oscillates.',
    link: 'https://kubernetes.io/docs/concepts/workloads/autoscaling/#scaling-workloads-vertically',
    check: ctx => ctx.ofKind('autoscaling.k8s.io', 'VerticalPodAutoscaler').flatMap(v => {
      const both = ctx.ofKind('autoscaling', 'HorizontalPodAutoscaler').filter(h => namespaceOf(h.manifest) === namespaceOf(v.manifest)
        && isObject(v.manifest.spec?.targetRef) && h.manifest.spec?.scaleTargetRef?.kind === v.manifest.spec.targetRef.kind
        && h.manifest.spec?.scaleTargetRef?.name === v.manifest.spec.targetRef.name);
      return both.flatMap(h => {
        const shared = hpaResources(h.manifest).filter(r => vpaResources(v.manifest).includes(r));
        return shared.length > 0 ? [found(v, 'spec.targetRef', `must not act on what ${describe(h.manifest)} scales on, got both on ${shared.join(', ')} of ${show(`${v.manifest.spec.targetRef.kind}/${v.manifest.spec.targetRef.name}`)}`,
          "set the VPA's updatePolicy.updateMode to 'Off' (recommendations only), or scale the HPA on another metric")] : [];
      });
    }),
  },
];
