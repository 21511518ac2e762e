import { show } from '../../_errors';
import { ContainerOf, containersOf, describe, isKind, list, namespaceOf, podLabels, PodTemplate, refers, selects, serviceSelector } from '../_model';
import { DistillationFactor, LintSeverity } from '../lint-finding';
import { found, RawFinding, RuleContext, RuleDefinition } from './_rule';

const mounts = (c: ContainerOf) => new Set(list(c.container.volumeMounts).map(m => m?.name));
const ports = (c: ContainerOf): number[] => list(c.container.ports).map(p => p?.containerPort).filter(p => typeof p === 'number');

/** Whether a container's command, args or env values call localhost on one of the ports. */
function callsLocalhost(c: ContainerOf, targets: number[]): boolean {
  const texts = [...list(c.container.command), ...list(c.container.args), ...list(c.container.env).map(e => e?.value)].filter(t => typeof t === 'string');
  return targets.some(port => texts.some(t => new RegExp(`(localhost|127\\.0\\.0\\.1|\\[::1\\]):${port}(?!\\d)`).test(t)));
}

function unrelatedHelpers(ctx: RuleContext): RawFinding[] {
  return ctx.pods.flatMap(pod => {
    const main = containersOf(pod).filter(c => !c.init);
    if (main.length < 2) return [];
    const first = main[0];
    return main.slice(1).filter(h => {
      const shared = [...mounts(h)].some(v => mounts(first).has(v));
      return !shared && ports(h).length === 0 && !callsLocalhost(h, ports(first)) && !callsLocalhost(first, ports(h));
    }).map(h => found(pod.object, pod.at(h.relative), `must share a volume or a localhost port with the main container '${first.container.name}', got ${h.label}, which shares neither`,
      'run the helper as a workload of its own (it scales, fails and rolls out on its own), or share what it works on through a volume',
      'run it as a workload of its own, or attach it with Sidecar, Ambassador or Adapter, which share a volume or a port with the main container'));
  });
}

/** The pod templates that run pods a Service may select: not PodTemplates, not workflow steps. */
const running = (ctx: RuleContext) => ctx.pods.filter(p => !isKind(p.object.manifest, '', 'PodTemplate') && !isKind(p.object.manifest, 'argoproj.io', 'Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow'));
const sameNamespace = (a: PodTemplate, b: PodTemplate) => namespaceOf(a.object.manifest) === namespaceOf(b.object.manifest);

function selected(ctx: RuleContext, selector: any, namespace: string): PodTemplate[] {
  return running(ctx).filter(p => namespaceOf(p.object.manifest) === namespace && selects(selector, podLabels(p)));
}

export const COHESION_RULES: RuleDefinition[] = [
  {
    id: 'DP-COHESION-001',
    factor: DistillationFactor.HIGH_COHESION,
    severity: LintSeverity.WARNING,
    description: 'a pod with more containers than `maxContainersPerPod`',
    rationale: 'High cohesion: a pod holds what the job at hand needs, which the course counts in few containers. Each container more is scheduled, scaled and restarted with the others, whether it needs to be or not.',
    link: 'https://kubernetes.io/docs/concepts/workloads/pods/#how-pods-manage-multiple-containers',
    check: ctx => ctx.pods.flatMap(pod => {
      const n = list(pod.spec.containers).length;
      return n > ctx.config.maxContainersPerPod ? [found(pod.object, pod.at('containers'), `must hold at most ${ctx.config.maxContainersPerPod} containers, got ${n}`,
        'move the containers that do not share the main container\'s lifecycle into workloads of their own')] : [];
    }),
  },
  {
    id: 'DP-COHESION-002',
    factor: DistillationFactor.HIGH_COHESION,
    severity: LintSeverity.WARNING,
    description: 'a helper container sharing neither a volume nor a localhost port with the main container',
    rationale: 'Containers belong in one pod when they work on the same thing: a shared volume (sidecar), or a port on localhost (ambassador, adapter). A helper that shares neither only shares a fate, and would be better as a workload of its own.',
    link: 'https://kubernetes.io/docs/concepts/workloads/pods/#workload-resources-for-managing-pods',
    check: unrelatedHelpers,
  },
  {
    id: 'DP-COUPLING-001',
    factor: DistillationFactor.LOW_COUPLING,
    severity: LintSeverity.ERROR,
    description: 'a workload whose selector matches the pods of another workload',
    rationale: 'Two controllers whose selectors overlap fight over the same pods: a ReplicaSet adopts or deletes pods of the other workload, and rollouts of one restart the other.',
    link: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector',
    check: ctx => ctx.pods.filter(p => p.selector !== undefined).flatMap(pod => running(ctx)
      .filter(other => other.object !== pod.object && sameNamespace(pod, other) && selects(pod.selector, podLabels(other)))
      .map(other => found(pod.object, 'spec.selector', `must select only its own pods, got a selector that matches the pods of ${describe(other.object.manifest)}`,
        'give each workload a label of its own (e.g. app.kubernetes.io/name) and select on it'))),
  },
  {
    id: 'DP-COUPLING-002',
    factor: DistillationFactor.LOW_COUPLING,
    severity: LintSeverity.WARNING,
    description: 'a Service selecting the pods of more than one workload',
    rationale: 'A Service that spreads traffic over pods of different workloads couples them: a client gets whichever answers, and a rollout of one changes what the Service serves.',
    link: 'https://kubernetes.io/docs/concepts/services-networking/service/#services-in-kubernetes',
    check: ctx => ctx.ofKind('', 'Service').flatMap(s => {
      const pods = selected(ctx, serviceSelector(s.manifest), namespaceOf(s.manifest));
      const owners = [...new Set(pods.map(p => p.object))];
      return owners.length > 1 ? [found(s, 'spec.selector', `must select the pods of one workload, got ${show(s.manifest.spec.selector)}, which matches ${owners.map(o => describe(o.manifest)).join(', ')}`,
        'add a label of the workload to the selector', "build the Service with the library's Service from its workload")] : [];
    }),
  },
  {
    id: 'DP-COUPLING-003',
    factor: DistillationFactor.LOW_COUPLING,
    severity: LintSeverity.WARNING,
    description: 'a Service whose selector matches no pods among the objects',
    rationale: 'A Service that selects nothing sends its clients nowhere; usually a label changed on one side only.',
    link: 'https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service',
    check: ctx => ctx.ofKind('', 'Service')
      .filter(s => s.manifest.spec?.type !== 'ExternalName' && Object.keys(serviceSelector(s.manifest).matchLabels).length > 0)
      .filter(s => selected(ctx, serviceSelector(s.manifest), namespaceOf(s.manifest)).length === 0)
      .map(s => found(s, 'spec.selector', `must match the pods of a workload in namespace '${namespaceOf(s.manifest)}', got ${show(s.manifest.spec.selector)}, which matches none`,
        'correct the selector (or the pods\' labels), or lint the Service with the workload it fronts')),
  },
  {
    id: 'DP-COUPLING-004',
    factor: DistillationFactor.LOW_COUPLING,
    severity: LintSeverity.WARNING,
    description: 'an autoscaler or disruption budget whose target is not among the objects',
    rationale: 'A HorizontalPodAutoscaler or VerticalPodAutoscaler that names no workload, or a PodDisruptionBudget that selects no pods, protects nothing; usually a rename on one side only.',
    link: 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/',
    check: ctx => [
      ...[...ctx.ofKind('autoscaling', 'HorizontalPodAutoscaler').map(o => ({ o, field: 'spec.scaleTargetRef', ref: o.manifest.spec?.scaleTargetRef })),
        ...ctx.ofKind('autoscaling.k8s.io', 'VerticalPodAutoscaler').map(o => ({ o, field: 'spec.targetRef', ref: o.manifest.spec?.targetRef }))]
        .filter(({ o, ref }) => !ctx.objects.some(t => namespaceOf(t.manifest) === namespaceOf(o.manifest) && refers(ref, t.manifest)))
        .map(({ o, field, ref }) => found(o, field, `must name a workload among the objects, got ${show(ref)}`, 'correct the kind and name of the target')),
      ...ctx.ofKind('policy', 'PodDisruptionBudget')
        .filter(b => selected(ctx, b.manifest.spec?.selector, namespaceOf(b.manifest)).length === 0)
        .map(b => found(b, 'spec.selector', `must select the pods of a workload among the objects, got ${show(b.manifest.spec?.selector)}, which matches none`,
          'correct the selector', 'build the PodDisruptionBudget from its workload')),
    ],
  },
];
