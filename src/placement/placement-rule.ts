import { kplus } from '../_plus';
import { checkType } from '../_validate';
import { copyList, GPU_PRESENT_LABEL, GPU_TAINT, HOSTNAME_LABEL, RuleSpec, ZONE_LABEL } from './_rule-spec';
import { NodeRequirement } from './node-requirement';
import { pathScope } from '../_boundary';

/**
 * What the scheduler does with a pod that a topology spread constraint
 * cannot be met for.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/#spread-constraint-definition
 */
export enum WhenUnsatisfiable {
  /**
   * A hard rule: the pod stays Pending rather than break `maxSkew`. Beware
   * that, in Kubernetes 1.26, tainted nodes the pod does not tolerate still
   * count as domains (`nodeTaintsPolicy` defaults to Ignore), and that nodes
   * without the topology label cannot take the pod at all.
   */
  DO_NOT_SCHEDULE = 'DoNotSchedule',
  /** A soft rule: the scheduler favours the domains that reduce the skew, and schedules the pod anyway. */
  SCHEDULE_ANYWAY = 'ScheduleAnyway',
}

/**
 * How a toleration matches a taint's value.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export enum TolerationOperator {
  /** The taint's value must equal the toleration's `value`. */
  EQUAL = 'Equal',
  /** Any value of the taint's key matches; the toleration has no `value`. */
  EXISTS = 'Exists',
}

/**
 * Options of {@link PlacementRule.gpuNode}.
 */
export interface GpuNodeOptions {
  /**
   * The node label that marks GPU nodes.
   * @default 'nvidia.com/gpu.present' (set by the NVIDIA GPU operator's feature discovery)
   */
  readonly labelKey?: string;

  /**
   * The value of `labelKey` on GPU nodes.
   * @default 'true'
   */
  readonly labelValue?: string;

  /**
   * The key of the NoSchedule taint that keeps other pods off GPU nodes; the pod tolerates it with any value.
   * @default 'nvidia.com/gpu'
   */
  readonly taintKey?: string;
}

/**
 * Options of {@link PlacementRule.spreadAcrossNodes} and {@link PlacementRule.spreadAcrossZones}.
 */
export interface SpreadOptions {
  /**
   * The largest difference allowed between the number of the workload's pods
   * in any two domains (nodes or zones); an integer of at least 1.
   * @default 1
   */
  readonly maxSkew?: number;

  /**
   * What to do with a pod that would break `maxSkew`.
   *
   * The default is soft for both nodes and zones: a hard zone spread leaves
   * pods Pending on clusters whose nodes carry no zone label (single-zone,
   * kind, bare metal), and a hard node spread in Kubernetes 1.26 counts tainted
   * nodes (a GPU pool, control planes) as empty domains, which can leave pods
   * Pending too. Ask for `DO_NOT_SCHEDULE` where the cluster is known to allow it.
   * @default WhenUnsatisfiable.SCHEDULE_ANYWAY
   */
  readonly whenUnsatisfiable?: WhenUnsatisfiable;
}

/**
 * Options of {@link PlacementRule.colocateWith} and {@link PlacementRule.keepAwayFrom}.
 */
export interface PodAffinityOptions {
  /**
   * The domain the pods share or avoid: `Topology.HOSTNAME` (one node) or `Topology.ZONE`.
   * @default Topology.HOSTNAME
   */
  readonly topology?: kplus.Topology;

  /**
   * Makes the rule a preference of this weight (an integer within 1-100)
   * instead of a requirement.
   * @default - required: the pod is not scheduled where the rule fails
   */
  readonly weight?: number;
}

/**
 * Options of {@link PlacementRule.tolerate}.
 */
export interface TolerateOptions {
  /**
   * How the taint's value is matched.
   * @default - TolerationOperator.EQUAL when `value` is given, TolerationOperator.EXISTS otherwise
   */
  readonly operator?: TolerationOperator;

  /**
   * The taint value to match, with `TolerationOperator.EQUAL`; a label value.
   * @default - none: with EXISTS any value matches, with EQUAL only the empty value
   */
  readonly value?: string;

  /**
   * The taint effect to tolerate.
   * @default - every effect
   */
  readonly effect?: kplus.TaintEffect;

  /**
   * How many seconds the pod stays on a node after a matching NoExecute taint
   * appears; only with `effect: TaintEffect.NO_EXECUTE`.
   * @default - the pod stays bound for ever
   */
  readonly tolerationSeconds?: number;
}

/**
 * One placement preference of a workload's pods: which nodes they need or
 * prefer (by label, GPU, operating system), which taints they tolerate, how
 * they spread across nodes and zones, and which pods they join or avoid.
 *
 * A rule only records what it asks for (a factory checks only that its
 * options are an object); a {@link Placement} checks it against the
 * workload and renders it when the rule is applied.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/
 */
export class PlacementRule {
  /**
   * Requires nodes that carry the label `key=value`. Rendered as a
   * `nodeSelector` entry, which Kubernetes ANDs with every other requirement
   * (required node affinity terms would be ORed with each other).
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodeselector
   */
  public static requireNodeLabel(key: string, value: string): PlacementRule {
    return new PlacementRule({ kind: 'requireNodeLabel', key, value });
  }

  /**
   * Prefers nodes that carry the label `key=value`: a preferred node affinity
   * term of the given weight (an integer within 1-100, default 50). Pods still
   * run elsewhere when no such node has room.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
   */
  public static preferNodeLabel(key: string, value: string, weight?: number): PlacementRule {
    return new PlacementRule({ kind: 'preferNodeLabel', key, value, weight: orDefault(weight, 50) });
  }

  /**
   * Requires nodes that meet every one of `requirements` (node labels with
   * any operator: `In`, `NotIn`, `Exists`, `DoesNotExist`, `Gt`, `Lt`, and
   * the node's name): required node affinity. All the `requireNodes` rules of
   * a workload render as one node selector term, so that each narrows the
   * nodes, as `requireNodeLabel` does (Kubernetes would OR separate terms);
   * a requirement that no node could meet together with another required one
   * (`disktype=ssd` and `disktype NotIn [ssd]`) is refused.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
   */
  public static requireNodes(requirements: NodeRequirement[]): PlacementRule {
    return new PlacementRule({ kind: 'requireNodes', requirements: copyList(requirements) });
  }

  /**
   * Prefers nodes that meet every one of `requirements`: a preferred node
   * affinity term of the given weight (an integer within 1-100, default 50),
   * added to the score of each node that meets them all. Pods still run
   * elsewhere when no such node has room.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity-weight
   */
  public static preferNodes(requirements: NodeRequirement[], weight?: number): PlacementRule {
    return new PlacementRule({ kind: 'preferNodes', requirements: copyList(requirements), weight: orDefault(weight, 50) });
  }

  /**
   * Requires a GPU node (label `nvidia.com/gpu.present=true` by default) and
   * tolerates the NoSchedule taint GPU pools carry (`nvidia.com/gpu`). The
   * containers still have to request the GPU (`nvidia.com/gpu` in their limits).
   *
   * @see https://kubernetes.io/docs/tasks/manage-gpus/scheduling-gpus/
   */
  public static gpuNode(options: GpuNodeOptions = {}): PlacementRule {
    checkOptions('PlacementRule.gpuNode', options);
    return new PlacementRule({
      kind: 'gpuNode',
      labelKey: orDefault(options.labelKey, GPU_PRESENT_LABEL),
      labelValue: orDefault(options.labelValue, 'true'),
      taintKey: orDefault(options.taintKey, GPU_TAINT),
    });
  }

  /**
   * Requires a Windows node (`kubernetes.io/os=windows`, in `nodeSelector`),
   * e.g. for a .NET Framework app. It does not set `spec.os.name`, which would
   * make the API server reject the Linux security settings of a hardened pod;
   * tolerate the clusters' Windows taint, if any, with {@link PlacementRule.tolerate}.
   *
   * @see https://kubernetes.io/docs/concepts/windows/user-guide/#ensuring-os-specific-workloads-land-on-the-appropriate-container-host
   */
  public static windowsNode(): PlacementRule {
    return new PlacementRule({ kind: 'windowsNode' });
  }

  /**
   * Balances the workload's pods across nodes (`kubernetes.io/hostname`): a
   * topology spread constraint that counts exactly the workload's own pods.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
   */
  public static spreadAcrossNodes(options: SpreadOptions = {}): PlacementRule {
    return PlacementRule.spread('spreadAcrossNodes', HOSTNAME_LABEL, options);
  }

  /**
   * Balances the workload's pods across zones (`topology.kubernetes.io/zone`):
   * a topology spread constraint that counts exactly the workload's own pods.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
   */
  public static spreadAcrossZones(options: SpreadOptions = {}): PlacementRule {
    return PlacementRule.spread('spreadAcrossZones', ZONE_LABEL, options);
  }

  /**
   * Places the pods in the same node (or zone) as pods of `other` (a
   * workload, a pod, or a `Pods.select()` selection), e.g. a cache next to its
   * app. Required unless a `weight` is given. Not the workload itself.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
   */
  public static colocateWith(other: kplus.IPodSelector, options: PodAffinityOptions = {}): PlacementRule {
    checkOptions('PlacementRule.colocateWith', options);
    return new PlacementRule({ kind: 'colocateWith', other, topology: orDefault(options.topology, kplus.Topology.HOSTNAME), weight: options.weight });
  }

  /**
   * Keeps the pods off the nodes (or zones) that run pods of `other`. Given the
   * workload itself, it runs at most one of its pods per node (or zone).
   * Required unless a `weight` is given.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
   */
  public static keepAwayFrom(other: kplus.IPodSelector, options: PodAffinityOptions = {}): PlacementRule {
    checkOptions('PlacementRule.keepAwayFrom', options);
    return new PlacementRule({ kind: 'keepAwayFrom', other, topology: orDefault(options.topology, kplus.Topology.HOSTNAME), weight: options.weight });
  }

  /**
   * Lets the pods run on nodes tainted with `key` (and the given value and
   * effect); it does not draw them there: pair it with a node rule.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
   */
  public static tolerate(key: string, options: TolerateOptions = {}): PlacementRule {
    checkOptions('PlacementRule.tolerate', options);
    const operator = orDefault(options.operator, options.value === undefined ? TolerationOperator.EXISTS : TolerationOperator.EQUAL);
    return new PlacementRule({
      kind: 'tolerate',
      key,
      operator,
      value: options.value,
      effect: options.effect,
      tolerationSeconds: options.tolerationSeconds,
    });
  }

  private static spread(kind: 'spreadAcrossNodes' | 'spreadAcrossZones', topologyKey: string, options: SpreadOptions): PlacementRule {
    checkOptions(`PlacementRule.${kind}`, options);
    return new PlacementRule({
      kind,
      topologyKey,
      maxSkew: orDefault(options.maxSkew, 1),
      whenUnsatisfiable: orDefault(options.whenUnsatisfiable, WhenUnsatisfiable.SCHEDULE_ANYWAY),
    });
  }

  /** @internal */
  public readonly _spec: RuleSpec;

  private constructor(spec: RuleSpec) {
    this._spec = spec;
  }
}

/** The options of a factory: an object, which the factory reads its defaults from. */
function checkOptions(factory: string, options: unknown): void {
  checkType(pathScope(factory), 'options', options, 'object');
}

/** The value given, or the default when none is: a JavaScript caller's null is kept, for the Placement to refuse. */
function orDefault<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}
