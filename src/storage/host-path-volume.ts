import { Construct } from 'constructs';
import { checkVolumeName, planMount, unmounted } from './_mount';
import { VolumeMountOptions } from './volume-mount-options';
import { requireWorkload } from '../_attach';
import { checkOptionalOneOf } from '../_boundary';
import { addCheck, fail } from '../_errors';
import { kplus } from '../_plus';
import { checkAbsolutePath, checkOptionalType, checkType } from '../_validate';
import { PodSecurityLevel } from '../security/pod-security';
import { PodPolicy } from '../workloads/_pod-policy';

/**
 * Props of a {@link HostPathVolume}.
 */
export interface HostPathVolumeProps {
  /**
   * The pod the volume belongs to. A workload of this library must declare
   * `podSecurityLevel: PodSecurityLevel.PRIVILEGED`.
   */
  readonly workload: kplus.AbstractPod;

  /** Absolute path of the file or directory on the node. */
  readonly path: string;

  /**
   * What must be at `path` for the pod to start.
   * @default HostPathVolumeType.DIRECTORY - an existing directory
   */
  readonly type?: kplus.HostPathVolumeType;

  /**
   * Name of the volume in the pod, a DNS-1123 label unique among its volumes.
   * @default - the construct's id
   */
  readonly name?: string;

  /**
   * The containers that see the volume, each read-only unless `readOnly: false`.
   * @default - none; add them with `addMount`, at least one before synth
   */
  readonly mounts?: VolumeMountOptions[];
}

/**
 * A node-scoped volume: a file or directory of the node the pod runs on
 * (hostPath), e.g. the node's logs for a collector running on every node.
 * What the pod sees depends on the node it lands on, and a writable hostPath
 * can reach the node itself, so the Pod Security Standards baseline and
 * restricted forbid it: a workload of this library must declare the
 * privileged level, and at synth its namespace must enforce privileged.
 * Mounts are read-only unless asked otherwise.
 *
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export class HostPathVolume extends Construct {
  /** The hostPath volume, as cdk8s-plus models it. */
  public readonly volume: kplus.Volume;
  /** Path on the node. */
  public readonly path: string;
  private readonly workload: kplus.AbstractPod;
  private mountCount = 0;

  constructor(scope: Construct, id: string, props: HostPathVolumeProps) {
    super(scope, id);
    checkType(this, 'props', props, 'object');
    this.workload = requireWorkload(this, 'hostPath volume', props.workload);
    const level = PodPolicy.of(this.workload)?.level;
    if (level !== undefined && level !== PodSecurityLevel.PRIVILEGED) {
      fail(this, 'workload', `must declare podSecurityLevel PodSecurityLevel.PRIVILEGED to mount a hostPath volume, which the Pod Security Standards baseline and restricted forbid, got a workload at '${level}'; declare it privileged and put it in a namespace labelled 'pod-security.kubernetes.io/enforce: privileged'`);
    }
    checkOptionalType(this, 'name', props.name, 'string');
    const name = props.name ?? id;
    checkVolumeName(this, this.workload, name);
    checkAbsolutePath(this, 'path', props.path);
    checkOptionalOneOf(this, 'type', props.type, kplus.HostPathVolumeType);
    checkOptionalType(this, 'mounts', props.mounts, 'array');
    this.path = props.path;
    this.volume = kplus.Volume.fromHostPath(this, 'Volume', name, {
      path: props.path,
      type: props.type ?? kplus.HostPathVolumeType.DIRECTORY,
    });
    this.workload.addVolume(this.volume);
    props.mounts?.forEach(m => this.addMount(m));
    addCheck(this, () => unmounted(this.mountCount));
  }

  /** Mounts the volume into a container, read-only unless `readOnly: false`. */
  public addMount(mount: VolumeMountOptions): void {
    const planned = planMount(this, this.workload, mount, true);
    planned.container.mount(planned.path, this.volume, { readOnly: planned.readOnly });
    this.mountCount++;
  }
}
