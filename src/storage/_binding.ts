import { Construct, IConstruct } from 'constructs';
import { PersistentVolume } from './persistent-volume';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import { isQuantity, parseQuantity } from '../_quantity';

/** What a claim that names a volume of the app must fit. */
export interface VolumeFacts {
  readonly name: string;
  readonly capacity?: string;
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];
  /** '' for a volume of no class. */
  readonly storageClassName: string;
  readonly volumeMode: kplus.PersistentVolumeMode;
}

/** What a claim asks for, defaults applied. */
export interface ClaimRequest {
  readonly storage: string;
  readonly accessModes: kplus.PersistentVolumeAccessMode[];
  readonly storageClassName: string;
  readonly volumeMode: kplus.PersistentVolumeMode;
}

/** Whether a value is a PersistentVolume: of this library, of cdk8s-plus, or imported by name. */
export function isPersistentVolume(volume: unknown): volume is kplus.IPersistentVolume {
  return volume instanceof Construct && (volume as kplus.IPersistentVolume).kind === 'PersistentVolume';
}

/** What the app knows of a volume: everything for one it defines, nothing for one imported by name. */
export function volumeFacts(volume: kplus.IPersistentVolume): VolumeFacts | undefined {
  if (volume instanceof PersistentVolume) {
    return {
      name: volume.name,
      capacity: volume.capacity.asString(),
      accessModes: volume.accessModes,
      storageClassName: volume.storageClassName ?? '',
      volumeMode: volume.volumeMode,
    };
  }
  if (volume instanceof kplus.PersistentVolume) {
    return {
      name: volume.name,
      capacity: volume.storage?.asString(),
      accessModes: volume.accessModes,
      storageClassName: volume.storageClassName ?? '',
      volumeMode: volume.mode,
    };
  }
  return undefined;
}

/**
 * Fails unless the volume can bind the claim: enough capacity, every access
 * mode the claim asks for, the same storage class and the same volume mode.
 */
export function checkBinding(scope: IConstruct, request: ClaimRequest, volume: VolumeFacts): void {
  const what = `PersistentVolume '${volume.name}'`;
  if (volume.capacity !== undefined && isQuantity(volume.capacity) && parseQuantity(request.storage) > parseQuantity(volume.capacity)) {
    fail(scope, 'storage', `must be at most the capacity of ${what} (${volume.capacity}), which it names, got ${show(request.storage)}`);
  }
  const missing = volume.accessModes && request.accessModes.filter(m => !volume.accessModes!.includes(m));
  if (missing && missing.length > 0) {
    fail(scope, 'accessModes', `must be offered by ${what} (${volume.accessModes!.join(', ')}), which it names, got ${missing.join(', ')}`);
  }
  if (request.storageClassName !== volume.storageClassName) {
    const theirs = volume.storageClassName === '' ? "'' (no class)" : `'${volume.storageClassName}'`;
    fail(scope, 'storageClassName', `must be the class of ${what} (${theirs}), which it names, got ${show(request.storageClassName)}; leave it out to take the volume's`);
  }
  if (request.volumeMode !== volume.volumeMode) {
    fail(scope, 'volumeMode', `must be the volume mode of ${what} (${volume.volumeMode}), which it names, got ${show(request.volumeMode)}; leave it out to take the volume's`);
  }
}
