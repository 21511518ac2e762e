import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkPlainObject } from '../_boundary';
import { HealthProbe } from './health-probe';
import { requireWorkload } from '../_attach';
import { fail, show } from '../_errors';
import { kplus, startupProbeOf } from '../_plus';
import { podTemplateJsonPointer } from '../_pod-template';
import { stateKey, stateOf } from '../_state';
import { checkOptionalType } from '../_validate';
import { checkOptionalCount } from '../workloads/_props';

/**
 * Props of {@link HealthChecks}.
 */
export interface HealthChecksProps {
  /**
   * The workload whose container gets the probes: any cdk8s-plus workload
   * (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod), this library's or not.
   */
  readonly workload: kplus.AbstractPod;

  /**
   * The name of the container to probe, one of the workload's `containers`
   * (init containers take no probes).
   * @default - the workload's first container
   */
  readonly container?: string;

  /**
   * Restarts the container when it fails: for deadlocks the process cannot
   * get out of by itself. Defaults: every 10 s, restart after 3 failures.
   * @default - no liveness probe is set (cdk8s-plus' one, if any, is kept)
   * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#when-should-you-use-a-liveness-probe
   */
  readonly liveness?: HealthProbe;

  /**
   * Takes the pod out of its Services' endpoints while it fails, without
   * restarting it. Defaults: every 10 s, unready after 3 failures.
   * @default - no readiness probe is set (cdk8s-plus' one, if any, is kept)
   * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#when-should-you-use-a-readiness-probe
   */
  readonly readiness?: HealthProbe;

  /**
   * Holds the liveness and readiness probes back until it passes once;
   * restarts the container when it has not passed within its budget.
   * Defaults: every 5 s, restart after 30 failures (150 s).
   * @default - no startup probe is set (the TCP one cdk8s-plus adds for `portNumber`, if any, is kept)
   * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#when-should-you-use-a-startup-probe
   */
  readonly startup?: HealthProbe;

  /**
   * How long the container may take to start, in the worst case: the
   * startup probe must allow at least that long, or, without a startup
   * probe, the liveness probe.
   * @default - 30 seconds for a liveness probe without a startup probe; not checked otherwise
   */
  readonly startupSeconds?: number;
}

type Role = 'liveness' | 'readiness' | 'startup';

const ROLES: readonly Role[] = ['startup', 'readiness', 'liveness'];
const ASSUMED_STARTUP_SECONDS = 30;

/** Which construct set which probe of which container, so that no probe is set twice. */
const SET_BY = stateKey<Map<string, string>>('probes.set-by');

/**
 * Liveness, readiness and startup probes for one container of a workload.
 * The probes are written into the rendered container through JSON patches on
 * the workload's resource, replacing what cdk8s-plus rendered for the same
 * probe (e.g. the TCP startup probe it adds by itself for `portNumber`).
 *
 * A probe allows `initialDelaySeconds + failureThreshold × periodSeconds`
 * before its failed verdict. It refuses, when it is constructed:
 * - a liveness probe that would restart the container before it has started:
 *   without a startup probe, the liveness window must cover `startupSeconds`
 *   (assumed to be 30 s when not given);
 * - a startup probe (given, or the one cdk8s-plus rendered) whose budget is
 *   shorter than `startupSeconds`, when given;
 * - a `successThreshold` other than 1 on a liveness or startup probe (Kubernetes rejects it).
 *
 * With a startup probe, Kubernetes holds the liveness probe back until the
 * startup probe has passed, so the liveness window need not cover the
 * start-up; nothing ties the two together either: once the container has
 * started, liveness only has to catch deadlocks, and a window shorter than
 * the startup budget is what the Kubernetes docs recommend.
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
 */
export class HealthChecks extends Construct {
  /** The container that is probed. */
  public readonly container: kplus.Container;

  constructor(scope: Construct, id: string, props: HealthChecksProps) {
    super(scope, id);
    checkPlainObject(this, 'props', props);
    checkOptionalType(this, 'container', props.container, 'string');
    const workload = requireWorkload(this, 'health checks', props.workload);
    const probes = new Map<Role, HealthProbe>();
    for (const role of ROLES) {
      const probe = props[role];
      if (probe === undefined) continue;
      if (!(probe instanceof HealthProbe)) {
        fail(this, role, `must be a HealthProbe (HealthProbe.http, .tcp, .exec or .grpc), got ${describe(probe)}`);
      }
      probes.set(role, probe);
    }
    if (probes.size === 0) {
      fail(this, 'liveness', "(or 'readiness' or 'startup') must be given, got none of them; a HealthChecks sets at least one probe");
    }
    checkOptionalCount(this, 'startupSeconds', props.startupSeconds, 0);

    this.container = probedContainer(this, workload, props.container);
    const index = workload.containers.indexOf(this.container);
    for (const role of ['liveness', 'startup'] as const) {
      const successThreshold = probes.get(role)?._timings(role).successThreshold;
      if (successThreshold !== undefined && successThreshold !== 1) {
        fail(this, `${role}.successThreshold`, `must be 1 (Kubernetes rejects any other value for a ${role} probe), got ${successThreshold}`);
      }
    }
    checkStartBudget(this, probes, props.startupSeconds);

    const resource = ApiObject.of(workload);
    const pointer = podTemplateJsonPointer(resource.kind);
    if (pointer === undefined) {
      fail(this, 'workload', `must render a pod template (Pod, Deployment, StatefulSet, DaemonSet, Job or CronJob), got a ${resource.kind}`);
    }
    const setBy = stateOf(workload, SET_BY, () => new Map<string, string>());
    for (const role of probes.keys()) {
      const previous = setBy.get(`${this.container.name}/${role}`);
      if (previous !== undefined) {
        fail(this, role, `must be set once per container, got a second ${role} probe for container '${this.container.name}', which ${previous} already sets; set each probe of a container once`);
      }
    }
    for (const [role, probe] of probes) {
      setBy.set(`${this.container.name}/${role}`, this.node.path);
      resource.addJsonPatch(JsonPatch.add(`${pointer}/containers/${index}/${role}Probe`, probe._toKube(role)));
    }
  }
}

/** The container to probe: the named one of the workload's containers, or its first. */
function probedContainer(scope: IConstruct, workload: kplus.AbstractPod, name: string | undefined): kplus.Container {
  const containers = workload.containers;
  if (containers.length === 0) {
    fail(scope, 'workload', 'must already have its containers, got a workload with none: add them before the health checks');
  }
  if (name === undefined) return containers[0];
  const found = containers.find(c => c.name === name);
  if (found) return found;
  const names = containers.map(c => c.name).join(', ');
  if (workload.initContainers.some(c => c.name === name)) {
    fail(scope, 'container', `must name a container of the workload (${names}), got ${show(name)}, an init container: init containers run to completion and take no probes`);
  }
  fail(scope, 'container', `must name a container of the workload (${names}), got ${show(name)}`);
}

/** A probe's window before its failed verdict, and the sum that makes it. */
interface Window {
  readonly seconds: number;
  readonly detail: string;
}

/** `initialDelaySeconds + failureThreshold × periodSeconds`; fields left out take Kubernetes' defaults. */
function windowOf(t: { initialDelaySeconds?: number; failureThreshold?: number; periodSeconds?: number }): Window {
  const initial = t.initialDelaySeconds ?? 0;
  const failures = t.failureThreshold ?? 3;
  const period = t.periodSeconds ?? 10;
  return {
    seconds: initial + failures * period,
    detail: `initialDelaySeconds ${initial} + failureThreshold ${failures} × periodSeconds ${period}`,
  };
}

/** Refuses probes that would restart the container before it has had `startupSeconds` to start. */
function checkStartBudget(scope: HealthChecks, probes: Map<Role, HealthProbe>, startupSeconds: number | undefined): void {
  const startup = probes.get('startup');
  if (startup !== undefined) {
    const budget = windowOf(startup._timings('startup'));
    if (startupSeconds !== undefined && budget.seconds < startupSeconds) {
      fail(scope, 'startup', `must allow the container startupSeconds (${startupSeconds} s) to start, got ${budget.seconds} s (${budget.detail}); raise its failureThreshold or periodSeconds`);
    }
    return;
  }
  const plus = startupProbeOf(scope.container);
  if (plus !== undefined) {
    const budget = windowOf(plus);
    if (startupSeconds !== undefined && budget.seconds < startupSeconds) {
      fail(scope, 'startup', `must be given: the startup probe cdk8s-plus renders for container '${scope.container.name}' allows less than startupSeconds (${startupSeconds} s), got ${budget.seconds} s (${budget.detail}) before it restarts the container`);
    }
    return;
  }
  const liveness = probes.get('liveness');
  if (liveness === undefined) return;
  const needed = startupSeconds ?? ASSUMED_STARTUP_SECONDS;
  const window = windowOf(liveness._timings('liveness'));
  if (window.seconds < needed) {
    const assumed = startupSeconds === undefined ? ', assumed when not given' : '';
    fail(scope, 'liveness', `must allow the container startupSeconds (${needed} s${assumed}) before restarting it, got ${window.seconds} s (${window.detail}); add a 'startup' probe with a budget of at least ${needed} s (Kubernetes holds liveness back until it passes), or lengthen the liveness window`);
  }
}

/** Names what was passed instead of a HealthProbe. */
function describe(value: unknown): string {
  const name = typeof value === 'object' && value !== null ? value.constructor?.name : undefined;
  return name && name !== 'Object' ? `a ${name}` : show(value);
}
