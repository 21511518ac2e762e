import { show } from '../../_errors';
import { parseImage } from '../_images';
import { ContainerOf, containersOf, isObject, list, LintObject, namespaceOf, podLabels, PodTemplate, selects, serviceSelector } from '../_model';
import { DistillationFactor, LintSeverity } from '../lint-finding';
import { found, RuleContext, RuleDefinition } from './_rule';

const factor = DistillationFactor.RAPID_STARTUP;
const HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'];
const PROBES_FIX = "give the workload a HealthChecks with 'readiness', 'liveness' and, for a slow start, 'startup' probes";

/** The Services among the objects that select a pod. */
export function servicesOf(ctx: RuleContext, pod: PodTemplate): LintObject[] {
  const labels = podLabels(pod);
  return ctx.ofKind('', 'Service').filter(s => namespaceOf(s.manifest) === namespaceOf(pod.object.manifest) && selects(serviceSelector(s.manifest), labels));
}

/** The main containers that serve traffic: those whose ports a Service targets, or the first one when no Service targets any. */
function serving(ctx: RuleContext, pod: PodTemplate): ContainerOf[] {
  const main = containersOf(pod).filter(c => !c.init);
  const targets = servicesOf(ctx, pod).flatMap(s => list(s.manifest.spec?.ports).map(p => p?.targetPort ?? p?.port));
  const isTarget = (p: any) => targets.includes(p?.containerPort) || (p?.name !== undefined && targets.includes(p.name));
  const targeted = main.filter(c => list(c.container.ports).some(isTarget));
  if (targeted.length > 0) return targeted;
  return main.length > 0 && list(main[0].container.ports).length > 0 ? [main[0]] : [];
}

/** Every pod whose probes are the manifest's to give: long-running, and not one that defaults its own. */
const probed = (ctx: RuleContext) => ctx.pods.filter(p => p.longRunning && p.probesApply);

const PROBES = ['startupProbe', 'readinessProbe', 'livenessProbe'];

/** The named port of a probe's handler, if it names one. */
function probePortName(probe: any): { key: string; name: string } | undefined {
  for (const key of ['httpGet', 'tcpSocket']) {
    const port = probe?.[key]?.port;
    if (typeof port === 'string' && !/^\d+$/.test(port)) return { key, name: port };
  }
  return undefined;
}

const handlerOf = (probe: any) => (isObject(probe) ? JSON.stringify(HANDLERS.map(h => probe[h])) : undefined);

export const STARTUP_RULES: RuleDefinition[] = [
  {
    id: 'DP-STARTUP-001',
    factor,
    severity: LintSeverity.WARNING,
    description: 'a serving container of a long-running workload without a readiness probe',
    rationale: 'Without a readiness probe a pod receives traffic as soon as its process starts, before it can answer, and keeps receiving it while it cannot: every rollout and every hiccup is a burst of errors.',
    link: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-readiness-probes',
    check: ctx => probed(ctx).flatMap(pod => serving(ctx, pod).filter(c => !isObject(c.container.readinessProbe)).map(c => found(pod.object,
      pod.at(`${c.relative}.readinessProbe`), `must be set for ${c.label}, which serves port ${list(c.container.ports).map(p => p?.containerPort).join(', ')}, got none`,
      'add a readinessProbe that answers only when the container can serve', PROBES_FIX))),
  },
  {
    id: 'DP-STARTUP-002',
    factor,
    severity: LintSeverity.WARNING,
    description: 'the main container of a long-running workload without a liveness probe',
    rationale: 'Self-healing: without a liveness probe a container that hangs (a deadlock, an exhausted pool) stays up and counted as running until someone notices.',
    link: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-a-liveness-command',
    check: ctx => probed(ctx).flatMap(pod => containersOf(pod).filter(c => c.position === 0 && !isObject(c.container.livenessProbe)).map(c => found(
      pod.object,
      pod.at(`${c.relative}.livenessProbe`), `must be set for ${c.label}, the main container, got none`,
      'add a livenessProbe that fails only when a restart would help', PROBES_FIX))),
  },
  {
    id: 'DP-STARTUP-003',
    factor,
    severity: LintSeverity.WARNING,
    description: 'a liveness probe that waits out a slow start (initialDelaySeconds of `slowStartSeconds` or more) without a startup probe',
    rationale: 'A long initialDelaySeconds delays every restart by that much, and is still too short on a slow day, when the kubelet kills a pod that was only starting. A startup probe holds the liveness probe off exactly until the app is up.',
    link: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-startup-probes',
    check: ctx => probed(ctx).flatMap(pod => containersOf(pod).filter(c => {
      const delay = c.container.livenessProbe?.initialDelaySeconds;
      return typeof delay === 'number' && delay >= ctx.config.slowStartSeconds && !isObject(c.container.startupProbe);
    }).map(c => found(pod.object, pod.at(`${c.relative}.livenessProbe.initialDelaySeconds`),
      `must be below ${ctx.config.slowStartSeconds} without a startupProbe, got ${show(c.container.livenessProbe.initialDelaySeconds)} for ${c.label}`,
      'add a startupProbe (failureThreshold x periodSeconds covering the slowest start) and drop the initialDelaySeconds',
      "give the HealthChecks a 'startup' probe and drop the liveness probe's initial delay"))),
  },
  {
    id: 'DP-STARTUP-004',
    factor,
    severity: LintSeverity.WARNING,
    description: 'a liveness probe identical to the readiness probe',
    rationale: 'Readiness answers "can I serve now?" (a dependency may be down), liveness "should I be restarted?". The same check for both restarts every pod when a shared dependency fails, turning an outage into a restart storm.',
    link: 'https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/',
    check: ctx => ctx.pods.flatMap(pod => containersOf(pod)
      .filter(c => handlerOf(c.container.livenessProbe) !== undefined
        && handlerOf(c.container.livenessProbe) === handlerOf(c.container.readinessProbe))
      .map(c => found(pod.object, pod.at(`${c.relative}.livenessProbe`), `must check something other than the readiness probe, got the same check for ${c.label}`,
        'let liveness check only that the process responds (e.g. /healthz), and readiness that it can serve (e.g. /ready)', PROBES_FIX))),
  },
  {
    id: 'DP-STARTUP-005',
    factor,
    severity: LintSeverity.INFO,
    description: '`imagePullPolicy: Always` on an image pinned to a version tag',
    rationale: 'A pinned tag is not expected to move, yet Always asks the registry on every start: slower starts, and no starts at all while the registry is down.',
    link: 'https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy',
    check: ctx => ctx.pods.flatMap(pod => containersOf(pod).flatMap(c => {
      const image = c.container.image;
      if (typeof image !== 'string' || c.container.imagePullPolicy !== 'Always') return [];
      const ref = parseImage(image);
      return ref.digest === undefined && ref.tag !== undefined && ref.tag !== 'latest' ? [found(pod.object, pod.at(`${c.relative}.imagePullPolicy`),
        `must be IfNotPresent for the pinned image ${show(image)}, got 'Always' for ${c.label}`, 'set imagePullPolicy: IfNotPresent, or leave it unset',
        'leave imagePullPolicy unset: the library then renders IfNotPresent for a pinned tag')] : [];
    })),
  },
  {
    id: 'DP-STARTUP-006',
    factor,
    severity: LintSeverity.ERROR,
    description: 'a probe on a named port the container does not declare',
    rationale: 'The kubelet resolves a probe\'s named port among the container\'s own ports; a name it does not find fails the probe every time: the pod never becomes ready, or is restarted forever.',
    link: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#use-a-named-port',
    check: ctx => ctx.pods.flatMap(pod => containersOf(pod).flatMap(c => PROBES.flatMap(probe => {
      const named = probePortName(c.container[probe]);
      const declared = list(c.container.ports).map(p => p?.name).filter(n => typeof n === 'string');
      return named && !declared.includes(named.name) ? [found(pod.object, pod.at(`${c.relative}.${probe}.${named.key}.port`),
        `must name a port of ${c.label} (${declared.length > 0 ? declared.join(', ') : 'which names none'}), got ${show(named.name)}`,
        'name the port in the container\'s ports, or probe the port by number')] : [];
    }))),
  },
];
