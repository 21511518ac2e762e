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
