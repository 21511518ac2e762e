import { Size } from 'cdk8s';
import { Construct } from 'constructs';
import { checkVolumeName, planMount, unmounted } from './_mount';
import { VolumeMountOptions } from './volume-mount-options';
import { requireWorkload } from '../_attach';
import { checkOptionalOneOf } from '../_boundary';
import { addCheck, fail, show } from '../_errors';
import { kplus } from '../_plus';
import { isQuantity, parseQuantity } from '../_quantity';
import { checkOptionalType, checkType } from '../_validate';

/**
 * Props of a {@link PodVolume}.
 */
export interface PodVolumeProps {
  /** The pod the volume belongs to. */
  readonly workload: kplus.AbstractPod;

  /**
   * Name of the volume in the pod, a DNS-1123 label unique among its volumes.
   * @default - the construct's id
   */
  readonly name?: string;

  /**
   * Where the volume lives: the node's disk, or memory (a tmpfs). What a
   * container writes to a memory-backed volume counts against its memory
   * limit, so the size limit must not exceed the memory limit of a container
   * that mounts it writable.
   * @default EmptyDirMedium.DEFAULT - the node's disk
   */
  readonly medium?: kplus.EmptyDirMedium;

  /**
   * Most the volume may hold, a whole number of mebibytes; the pod is
   * evicted past it.
   * @default Size.mebibytes(256)
   */
  readonly sizeLimit?: Size;

  /**
   * The containers that see the volume, each writable unless `readOnly`.
   * @default - none; add them with `addMount`, at least one before synth
   */
  readonly mounts?: VolumeMountOptions[];
}

/**
 * A pod-scoped volume: an emptyDir that lives as long as the pod, shared by
 * the containers that mount it (a way for them to exchange files instead of
 * talking over IPC). It starts empty on every new pod and is deleted with it;
 * a container restart keeps it. Optionally memory-backed, for speed or for
 * data that must not touch the disk.
 *
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
 */
export class PodVolume extends Construct {
  /** The emptyDir volume, as cdk8s-plus models it. */
  public readonly volume: kplus.Volume;
  /** Where the volume lives. */
  public readonly medium: kplus.EmptyDirMedium;
  /** Most the volume may hold. */
  public readonly sizeLimit: Size;
  private readonly workload: kplus.AbstractPod;
  private readonly sizeLimitMebibytes: number;
  private mountCount = 0;

  constructor(scope: Construct, id: string, props: PodVolumeProps) {
    super(scope, id);
    checkType(this, 'props', props, 'object');
    this.workload = requireWorkload(this, 'pod volume', props.workload);
    checkOptionalType(this, 'name', props.name, 'string');
    const name = props.name ?? id;
    checkVolumeName(this, this.workload, name);
    checkOptionalOneOf(this, 'medium', props.medium, kplus.EmptyDirMedium);
    this.medium = props.medium ?? kplus.EmptyDirMedium.DEFAULT;
    // Size has a private constructor, which checkInstance does not take.
    if (props.sizeLimit !== undefined && !(props.sizeLimit instanceof Size)) {
      fail(this, 'sizeLimit', `must be a Size such as Size.mebibytes(64), got ${show(props.sizeLimit)}`);
    }
    this.sizeLimit = props.sizeLimit ?? Size.mebibytes(256);
    this.sizeLimitMebibytes = wholeMebibytes(this.sizeLimit);
    if (!(this.sizeLimitMebibytes > 0)) {
      fail(this, 'sizeLimit', `must be a positive whole number of mebibytes, such as Size.mebibytes(64), got ${show(this.sizeLimit.asString())}`);
    }
    this.volume = kplus.Volume.fromEmptyDir(this, 'Volume', name, {
      medium: this.medium === kplus.EmptyDirMedium.MEMORY ? this.medium : undefined,
      sizeLimit: this.sizeLimit,
    });
    this.workload.addVolume(this.volume);
    checkOptionalType(this, 'mounts', props.mounts, 'array');
    props.mounts?.forEach(m => this.addMount(m));
    addCheck(this, () => unmounted(this.mountCount));
  }

  /**
   * Mounts the volume into a container. A memory-backed volume must fit
   * within the memory limit of a container that mounts it writable.
   */
  public addMount(mount: VolumeMountOptions): void {
    const planned = planMount(this, this.workload, mount, false);
    if (this.medium === kplus.EmptyDirMedium.MEMORY && !planned.readOnly) {
      this.checkMemoryLimit(planned.container);
    }
    planned.container.mount(planned.path, this.volume, { readOnly: planned.readOnly });
    this.mountCount++;
  }

  private checkMemoryLimit(container: kplus.Container): void {
    const limit = container.resources?.memory?.limit?.asString();
    if (limit === undefined || !isQuantity(limit)) return;
    const size = `${this.sizeLimitMebibytes}Mi`;
    if (parseQuantity(size) > parseQuantity(limit)) {
      fail(this, 'sizeLimit', `must not exceed the memory limit of container '${container.name}' (${limit}), which counts what it writes to a memory-backed volume, got ${show(size)}; lower the size limit or raise the container's memory limit`);
    }
  }
}

/** The size in mebibytes, or NaN when it is not a whole number of them. */
function wholeMebibytes(size: Size): number {
  try {
    const mebibytes = size.toMebibytes();
    return Number.isSafeInteger(mebibytes) ? mebibytes : NaN;
  } catch {
    return NaN;
  }
}
