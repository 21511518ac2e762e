import { ApiObject, ApiObjectMetadata, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkDnsSubdomain } from '../_validate';
import { checkSize } from '../qos/_amounts';

const SUPPORTED_ACCESS_MODES: string[] = [
  kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE,
  kplus.PersistentVolumeAccessMode.READ_ONLY_MANY,
  kplus.PersistentVolumeAccessMode.READ_WRITE_MANY,
];

/**
 * A storage size: a `Size` above 0 ({@link checkSize}) of a whole number of
 * kibibytes. Returns it as rendered, e.g. `10Gi`.
 */
export function checkStorageSize(scope: IConstruct, field: string, size: unknown): string {
  const checked = checkSize(scope, field, size);
  let kibibytes = NaN;
  try {
    kibibytes = checked.toKibibytes();
  } catch {}
  if (!Number.isInteger(kibibytes)) {
    fail(scope, field, `must be a whole number of kibibytes such as Size.gibibytes(10) or Size.mebibytes(500), got ${show(checked.asString())}`);
  }
  return checked.asString();
}

/**
 * Access modes a Kubernetes 1.26 API server accepts. ReadWriteOncePod is
 * alpha there, behind a feature gate that is off by default.
 */
export function checkAccessModes(scope: IConstruct, modes: kplus.PersistentVolumeAccessMode[]): void {
  if (!Array.isArray(modes) || modes.length === 0) {
    fail(scope, 'accessModes', `must list at least one of ${SUPPORTED_ACCESS_MODES.join(', ')}, got ${show(modes)}`);
  }
  for (const mode of modes) {
    if (mode === kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD) {
      fail(scope, 'accessModes', `must not include ReadWriteOncePod, which is alpha and off by default in Kubernetes 1.26 (the version this library targets), got ${modes.join(', ')}; use ReadWriteOnce`);
    }
    if (!SUPPORTED_ACCESS_MODES.includes(mode)) {
      fail(scope, 'accessModes', `must list only ${SUPPORTED_ACCESS_MODES.join(', ')}, got ${show(mode)}`);
    }
  }
}

/** A storage class name: '' asks for no class, anything else names a StorageClass. */
export function checkStorageClassName(scope: IConstruct, name: string | undefined): void {
  if (name !== undefined && name !== '') checkDnsSubdomain(scope, 'storageClassName', name);
}

/**
 * Refuses a namespace on a cluster-scoped object, and drops the one a
 * chart's default namespace gives it: the API server would ignore it.
 */
export function clusterScoped(scope: IConstruct, kind: string, metadata: ApiObjectMetadata | undefined, apiObject: ApiObject): void {
  if (metadata?.namespace !== undefined) {
    fail(scope, 'metadata.namespace', `must be unset: a ${kind} is cluster-scoped and belongs to no namespace, got ${show(metadata.namespace)}`);
  }
  if (apiObject.metadata.namespace !== undefined) {
    apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}
