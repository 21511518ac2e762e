import { Construct } from 'constructs';
import { checkVolumeName, PlannedMount, planMount, unmounted } from './_mount';
import { PersistentVolumeClaim } from './persistent-volume-claim';
import { VolumeMountOptions } from './volume-mount-options';
import { requireWorkload } from '../_attach';
import { addCheck, fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkOptionalType, checkType } from '../_validate';
import { ReplicaSet } from '../workloads/replica-set';

const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const ROX = kplus.PersistentVolumeAccessMode.READ_ONLY_MANY;
const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;

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
   * The containers that see the volume, each writable unless `readOnly`.
   * @default - none; add them with `addMount`, at least one before synth
   */
  readonly mounts?: VolumeMountOptions[];
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
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#claims-as-volumes
 */
export class ClaimVolume extends Construct {
  /** The persistentVolumeClaim volume, as cdk8s-plus models it. */
  public readonly volume: kplus.Volume;
  /** The claim mounted. */
  public readonly claim: kplus.IPersistentVolumeClaim;
  private readonly workload: kplus.AbstractPod;
  private mountCount = 0;

  constructor(scope: Construct, id: string, props: ClaimVolumeProps) {
    super(scope, id);
    checkType(this, 'props', props, 'object');
    this.workload = requireWorkload(this, 'claim volume', props.workload);
    if (!isClaim(props.claim)) {
      fail(this, 'claim', `must be a PersistentVolumeClaim (of this library, of cdk8s-plus, or kplus.PersistentVolumeClaim.fromClaimName), got ${show(props.claim)}`);
    }
    this.claim = props.claim;
    this.checkNamespace();
    checkOptionalType(this, 'name', props.name, 'string');
    const name = props.name ?? id;
    checkVolumeName(this, this.workload, name);
    checkOptionalType(this, 'mounts', props.mounts, 'array');
    this.volume = kplus.Volume.fromPersistentVolumeClaim(this, 'Volume', this.claim, { name });
    this.workload.addVolume(this.volume);
    props.mounts?.forEach(m => this.addMount(m));
    addCheck(this, () => unmounted(this.mountCount));
  }

  /** Mounts the claim into a container, writable unless `readOnly`. */
  public addMount(mount: VolumeMountOptions): void {
    const planned = planMount(this, this.workload, mount, false);
    this.checkAccessModes(planned);
    planned.container.mount(planned.path, this.volume, { readOnly: planned.readOnly });
    this.mountCount++;
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
