/**
 * The one place that names the cdk8s-plus line this library builds on, so
 * that moving to a newer one is a small, visible change.
 */
export * as kplus from 'cdk8s-plus-27';
export { k8s } from 'cdk8s-plus-27';

/** One JSON patch operation, as RFC 6902 writes it. */
export interface PatchOperation {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: unknown;
}

/**
 * The JSON patches added to an ApiObject with `addJsonPatch`: cdk8s keeps them
 * in a private field and exposes each operation through its internal
 * `_toJson()` (pinned by a contract test).
 */
export function patchesOf(object: object): PatchOperation[] {
  const patches: unknown = (object as { patches?: unknown }).patches;
  if (!Array.isArray(patches)) return [];
  return patches.map(p => (p as { _toJson(): PatchOperation })._toJson());
}

/** The node affinity terms of a pod's cdk8s-plus scheduling, as it renders them. */
export interface NodeAffinityTerms {
  /** Rendered as `requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`, which Kubernetes ORs. */
  readonly required: unknown[];
  /** Rendered as `preferredDuringSchedulingIgnoredDuringExecution`: `{ weight, preference }` each. */
  readonly preferred: unknown[];
}

/**
 * The lists in which cdk8s-plus' `PodScheduling` keeps the node affinity
 * terms `attract()` adds (private fields, pinned by a contract test). A term
 * pushed here may carry `matchFields`, which `attract()` cannot express, and
 * may be a `Lazy`, which cdk8s resolves when it renders the pod.
 */
export function nodeAffinityTerms(scheduling: object): NodeAffinityTerms {
  const internals = scheduling as { _nodeAffinityRequired?: unknown; _nodeAffinityPreferred?: unknown };
  const required = internals._nodeAffinityRequired;
  const preferred = internals._nodeAffinityPreferred;
  if (!Array.isArray(required) || !Array.isArray(preferred)) {
    throw new Error('cdk8s-plus no longer keeps node affinity terms in PodScheduling._nodeAffinityRequired and _nodeAffinityPreferred: update nodeAffinityTerms in src/_plus.ts');
  }
  return { required, preferred };
}
