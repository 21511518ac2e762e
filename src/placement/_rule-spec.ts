import { kplus } from '../_plus';

/**
 * What a {@link PlacementRule} asks for, as its factory received it. Nothing
 * is checked here: the rule is checked when a `Placement` applies it, so that
 * errors name the construct path.
 */
export type RuleSpec =
  | { readonly kind: 'requireNodeLabel'; readonly key: string; readonly value: string }
  | { readonly kind: 'preferNodeLabel'; readonly key: string; readonly value: string; readonly weight: number }
  | { readonly kind: 'gpuNode'; readonly labelKey: string; readonly labelValue: string; readonly taintKey: string }
  | { readonly kind: 'windowsNode' }
  | { readonly kind: 'requireNodes'; readonly requirements: unknown }
  | { readonly kind: 'preferNodes'; readonly requirements: unknown; readonly weight: number }
  | {
    readonly kind: 'spreadAcrossNodes' | 'spreadAcrossZones';
    readonly topologyKey: string;
    readonly maxSkew: number;
    readonly whenUnsatisfiable: string;
  }
  | {
    readonly kind: 'colocateWith' | 'keepAwayFrom';
    readonly other: kplus.IPodSelector;
    readonly topology: kplus.Topology;
    readonly weight?: number;
  }
  | {
    readonly kind: 'tolerate';
    readonly key: string;
    readonly operator: string;
    readonly value?: string;
    readonly effect?: string;
    readonly tolerationSeconds?: number;
  };

/**
 * What a {@link NodeRequirement} asks of a node, as its factory received it:
 * a label (`matchExpressions`) or the node's name (`matchFields` on
 * `metadata.name`), an operator, and its values (a list for In and NotIn, a
 * number for Gt and Lt, a node name for a field, none for Exists and
 * DoesNotExist).
 */
export interface RequirementSpec {
  /** The factory that made it, which errors name. */
  readonly factory: string;
  readonly on: 'label' | 'name';
  readonly key: unknown;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  readonly values?: unknown;
}

/** The label every node carries with its operating system. */
export const OS_LABEL = 'kubernetes.io/os';
/** The label every node carries with its hostname: one topology domain per node. */
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';
/** The label cloud nodes carry with their availability zone. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
/** The label the NVIDIA GPU operator (GPU feature discovery) puts on GPU nodes. */
export const GPU_PRESENT_LABEL = 'nvidia.com/gpu.present';
/** The taint GPU node pools commonly carry (EKS, AKS, GKE, the GPU operator docs). */
export const GPU_TAINT = 'nvidia.com/gpu';

/**
 * A copy of a list a factory received, so that later changes to the caller's
 * array do not reach the rule; anything else as given, for the Placement to refuse.
 */
export function copyList(list: unknown): unknown {
  return Array.isArray(list) ? [...list] : list;
}
