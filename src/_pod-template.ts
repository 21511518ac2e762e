/** Where each workload kind keeps its pod spec, as property names from the manifest root. */
const POD_SPEC_KEYS = new Map<unknown, readonly string[]>([
  ['Pod', ['spec']],
  ['PodTemplate', ['template', 'spec']],
  ['Deployment', ['spec', 'template', 'spec']],
  ['ReplicaSet', ['spec', 'template', 'spec']],
  ['ReplicationController', ['spec', 'template', 'spec']],
  ['StatefulSet', ['spec', 'template', 'spec']],
  ['DaemonSet', ['spec', 'template', 'spec']],
  ['Job', ['spec', 'template', 'spec']],
  ['CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
]);

/** A pod spec found in a manifest, with its JSON path such as `.spec.template.spec`. */
export interface FoundPodSpec {
  readonly path: string;
  readonly spec: any;
}

/** Pod-template metadata found in a manifest, with its JSON path such as `.spec.template.metadata`. */
export interface FoundPodMetadata {
  readonly path: string;
  readonly metadata: any;
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(manifest: any, keys: readonly string[]): any {
  return keys.reduce((node, key) => (isObject(node) ? node[key] : undefined), manifest);
}

function keysOf(manifest: any): readonly string[] | undefined {
  return isObject(manifest) ? POD_SPEC_KEYS.get(manifest.kind) : undefined;
}

/**
 * The pod spec of a workload manifest (Pod, PodTemplate, Deployment,
 * ReplicaSet, ReplicationController, StatefulSet, DaemonSet, Job or CronJob),
 * or undefined for other kinds and for workloads without one.
 */
export function podSpecOf(manifest: any): FoundPodSpec | undefined {
  const keys = keysOf(manifest);
  if (!keys) return undefined;
  const spec = walk(manifest, keys);
  return isObject(spec) ? { path: `.${keys.join('.')}`, spec } : undefined;
}

/**
 * The metadata that goes with the pod spec of a workload manifest: the
 * manifest's own for a Pod, the pod template's otherwise. Undefined when the
 * manifest has no pod spec; `metadata` is `{}` when the template has none.
 */
export function podMetadataOf(manifest: any): FoundPodMetadata | undefined {
  const keys = keysOf(manifest);
  if (!keys || !podSpecOf(manifest)) return undefined;
  const metadataKeys = [...keys.slice(0, -1), 'metadata'];
  const metadata = walk(manifest, metadataKeys);
  return { path: `.${metadataKeys.join('.')}`, metadata: isObject(metadata) ? metadata : {} };
}

/** The JSON pointer of the pod spec of a workload kind, e.g. `/spec/template/spec`, for JSON patches. */
export function podTemplateJsonPointer(kind: string): string | undefined {
  const keys = POD_SPEC_KEYS.get(kind);
  return keys ? `/${keys.join('/')}` : undefined;
}
