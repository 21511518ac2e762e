import { Construct } from 'constructs';
import { addDevice, checkVolumeName, PlannedMount, planDevice, planMount, usesDevice } from './_mount';
import { PersistentVolume } from './persistent-volume';
import { PersistentVolumeClaim } from './persistent-volume-claim';
import { VolumeDeviceOptions } from './volume-device-options';
import { VolumeMountOptions } from './volume-mount-options';
import { requireWorkload } from '../_attach';
import { addCheck, fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkOptionalType, checkType } from '../_validate';
import { PodSecurityLevel } from '../security/pod-security';
import { PodPolicy } from '../workloads/_pod-policy';
import { ReplicaSet } from '../workloads/replica-set';

const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const ROX = kplus.PersistentVolumeAccessMode.READ_ONLY_MANY;
const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;
const BLOCK = kplus.PersistentVolumeMode.BLOCK;

/**
 * Props of a {@link ClaimVolume}.
 */
export interface ClaimVolumeProps {
  /** The pod that mounts the claim; it must be in the claim's namespace. */
  readonly workload: kplus.AbstractPod;

  /**
   * The claim: one of this library, of cdk8s-plus, or an existing one
   * (`kplus.PersistentVolumeClaim.fromClaimName`).
   */
  readonly claim: kplus.IPersistentVolumeClaim;

  /**
   * Name of the volume in the pod, a DNS-1123 label unique among its volumes.
   * @default - the construct's id
   */
  readonly name?: string;

  /**
   * The containers that see the volume as files, each writable unless
   * `readOnly` (read-only unless `readOnly: false` for a claim bound to a
   * hostPath PersistentVolume of the app). Not for a `Block` claim.
   * @default - none; add them with `addMount`; a mount or a device before synth
   */
  readonly mounts?: VolumeMountOptions[];

  /**
   * The containers that see a `Block` claim as a raw block device
   * (`volumeDevices`). Only for a `Block` claim, or one whose mode the app
   * does not know (a claim imported by name).
   * @default - none; add them with `addDevice`; a mount or a device before synth
   */
  readonly devices?: VolumeDeviceOptions[];
}

/**
 * Mounts a PersistentVolumeClaim into a pod: a cluster-scoped volume whose
 * data outlives the pod. When the claim's access modes are known (a claim
 * of this library or of cdk8s-plus), a pod with several replicas, an
 * autoscaler or one pod per node (DaemonSet) may only mount a
 * `ReadWriteMany` claim, or a `ReadOnlyMany` one read-only:
 * a `ReadWriteOnce` volume attaches to one node at a time, so the replicas
 * that land on another node would never start. Give each replica of a
 * StatefulSet its own claim with `volumeClaimTemplates` instead. With one
 * replica, a Deployment's rolling update still starts the new pod before
 * the old one stops: prefer the `Recreate` strategy for a `ReadWriteOnce` claim.
 *
 * A `Block` claim is a raw device, which containers get at a device path
 * (`devices`), never mounted as files. A claim bound to a hostPath
 * PersistentVolume of the app (`volume`) reaches the node's files, which Pod
 * Security admission does not see through a claim: as for a
 * `HostPathVolume`, a workload of this library must declare
 * `PodSecurityLevel.PRIVILEGED`, and mounts are read-only by default.
 *
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#claims-as-volumes
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#raw-block-volume-support
 */
export class ClaimVolume extends Construct {
  /** The persistentVolumeClaim volume, as cdk8s-plus models it. */
  public readonly volume: kplus.Volume;
  /** The claim mounted. */
  public readonly claim: kplus.IPersistentVolumeClaim;
  private readonly workload: kplus.AbstractPod;
  private readonly hostPath: boolean;
  private mountCount = 0;
  private deviceCount = 0;

  constructor(scope: Construct, id: string, props: ClaimVolumeProps) {
    super(scope, id);
    checkType(this, 'props', props, 'object');
    this.workload = requireWorkload(this, 'claim volume', props.workload);
    if (!isClaim(props.claim)) {
      fail(this, 'claim', `must be a PersistentVolumeClaim (of this library, of cdk8s-plus, or kplus.PersistentVolumeClaim.fromClaimName), got ${show(props.claim)}`);
    }
    this.claim = props.claim;
    this.checkNamespace();
    const bound = this.claim instanceof PersistentVolumeClaim ? this.claim.volume : undefined;
    this.hostPath = bound instanceof PersistentVolume && bound._isHostPath;
    const level = PodPolicy.of(this.workload)?.level;
    if (this.hostPath && level !== undefined && level !== PodSecurityLevel.PRIVILEGED) {
      fail(this, 'workload', `must declare podSecurityLevel PodSecurityLevel.PRIVILEGED to mount claim '${this.claim.name}', bound to hostPath PersistentVolume '${bound!.name}', whose node files the Pod Security Standards baseline and restricted forbid (admission does not see them through a claim), got a workload at '${level}'`);
    }
    checkOptionalType(this, 'name', props.name, 'string');
    const name = props.name ?? id;
    checkVolumeName(this, this.workload, name);
    checkOptionalType(this, 'mounts', props.mounts, 'array');
    checkOptionalType(this, 'devices', props.devices, 'array');
    this.volume = kplus.Volume.fromPersistentVolumeClaim(this, 'Volume', this.claim, { name });
    this.workload.addVolume(this.volume);
    props.mounts?.forEach(m => this.addMount(m));
    props.devices?.forEach(d => this.addDevice(d));
    addCheck(this, () => (this.mountCount + this.deviceCount > 0 ? [] : [modeOf(this.claim) === BLOCK
      ? "'devices' must list at least one device, got none: pass 'devices' or call addDevice()"
      : "'mounts' must list at least one mount, got none: pass 'mounts' or call addMount()"]));
  }

  /**
   * Mounts the claim into a container as files, writable unless `readOnly`
   * (read-only unless `readOnly: false` for a claim bound to a hostPath
   * volume). Refused for a `Block` claim: use `addDevice`.
   */
  public addMount(mount: VolumeMountOptions): void {
    if (modeOf(this.claim) === BLOCK) {
      fail(this, 'mounts', `must not mount a Block claim as a file system, got a mount at ${show(mount?.mountPath)} of claim '${this.claim.name}', a raw block device; give containers the device with 'devices' or addDevice({ devicePath })`);
    }
    const planned = planMount(this, this.workload, mount, this.hostPath);
    if (usesDevice(this.workload, planned.container, this.volume.name)) {
      fail(this, 'mounts', `must not mount a claim that container '${planned.container.name}' already uses as a device, got a mount at '${planned.path}'`);
    }
    this.checkAccessModes(planned);
    planned.container.mount(planned.path, this.volume, { readOnly: planned.readOnly });
    this.mountCount++;
  }

  /**
   * Gives a container a `Block` claim as a raw block device at `devicePath`
   * (`volumeDevices`). Refused for a `Filesystem` claim: use `addMount`.
   */
  public addDevice(device: VolumeDeviceOptions): void {
    const mode = modeOf(this.claim);
    if (mode !== undefined && mode !== BLOCK) {
      fail(this, 'devices', `must only be given for a Block claim, got a device at ${show(device?.devicePath)} of claim '${this.claim.name}', whose volume mode is ${mode}; mount it with 'mounts' or addMount(), or make the claim volumeMode PersistentVolumeMode.BLOCK`);
    }
    const container = planDevice(this, this.workload, device);
    if (usesDevice(this.workload, container, this.volume.name) || container.mounts.some(m => m.volume === this.volume)) {
      fail(this, 'devices', `must give container '${container.name}' a claim once, as one device or as mounts, got another use of claim '${this.claim.name}' at '${device.devicePath}'`);
    }
    this.checkAccessModes({ container, path: device.devicePath, readOnly: false });
    addDevice(this, this.workload, container, { name: this.volume.name, devicePath: device.devicePath });
    this.deviceCount++;
  }

  private checkNamespace(): void {
    if (!(this.claim instanceof kplus.Resource)) return;
    const expected = this.workload.metadata.namespace;
    const actual = this.claim.metadata.namespace;
    if (actual !== expected) {
      const ns = (n: string | undefined) => (n === undefined ? 'no namespace' : `namespace '${n}'`);
      fail(this, 'claim', `must be in the workload's namespace (${ns(expected)}): a pod mounts only claims of its own namespace, got claim '${this.claim.name}' in ${ns(actual)}`);
    }
  }

  private checkAccessModes(planned: PlannedMount): void {
    const modes = accessModesOf(this.claim);
    if (modes === undefined) return;
    if (!planned.readOnly && !modes.includes(RWO) && !modes.includes(RWX)) {
      fail(this, 'readOnly', `must be true for a claim whose only access mode is ReadOnlyMany, got false for container '${planned.container.name}'`);
    }
    const many = manyPods(this.workload);
    if (many === undefined || modes.includes(RWX) || (planned.readOnly && modes.includes(ROX))) return;
    fail(this, 'claim', `must be ReadWriteMany, or ReadOnlyMany mounted read-only, when mounted by ${many}, got access modes ${modes.join(', ')}: a ReadWriteOnce volume attaches to one node at a time, so pods on other nodes never start; give each replica its own claim (StatefulSet volumeClaimTemplates) or run 1 replica`);
  }
}

function isClaim(claim: unknown): claim is kplus.IPersistentVolumeClaim {
  return claim instanceof Construct && (claim as kplus.IPersistentVolumeClaim).kind === 'PersistentVolumeClaim';
}

/** The claim's access modes when known; an imported claim does not tell. */
function accessModesOf(claim: kplus.IPersistentVolumeClaim): kplus.PersistentVolumeAccessMode[] | undefined {
  if (claim instanceof PersistentVolumeClaim) return claim.accessModes;
  if (claim instanceof kplus.PersistentVolumeClaim) return claim.accessModes;
  return undefined;
}

/** The claim's volume mode when known; an imported claim does not tell. */
function modeOf(claim: kplus.IPersistentVolumeClaim): kplus.PersistentVolumeMode | undefined {
  if (claim instanceof PersistentVolumeClaim || claim instanceof kplus.PersistentVolumeClaim) return claim.volumeMode;
  return undefined;
}

/** How the workload runs more than one pod at a time, or undefined when it runs one. */
function manyPods(workload: kplus.AbstractPod): string | undefined {
  const kind = workload.kind;
  if (workload instanceof kplus.DaemonSet) return `a DaemonSet (one pod per node, ${workload.node.path})`;
  if (workload instanceof kplus.Deployment || workload instanceof kplus.StatefulSet) {
    if (workload.hasAutoscaler) return `an autoscaled ${kind} (${workload.node.path})`;
    const replicas = workload.replicas ?? (workload instanceof kplus.Deployment ? 2 : 1);
    return replicas > 1 ? `${replicas} replicas (${kind} ${workload.node.path})` : undefined;
  }
  if (workload instanceof ReplicaSet && workload.replicas > 1) return `${workload.replicas} replicas (ReplicaSet ${workload.node.path})`;
  return undefined;
}
