import { ApiObjectMetadata, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { fail } from '../_errors';
import { k8s, kplus } from '../_plus';
import { checkAbsolutePath, checkDnsLabel, checkInteger } from '../_validate';
import { PodPolicy } from './_pod-policy';
import { PodOptions } from './pod-options';
import { QosPreset } from '../qos/qos-preset';

/**
 * A persistent volume claim template: each replica gets its own claim,
 * `<name>-<statefulset>-<ordinal>`, which it keeps across restarts and
 * rescheduling.
 */
export interface VolumeClaimTemplateOptions {
  /** Name of the claim template and of the volume in the pod, a DNS-1123 label. */
  readonly name: string;
  /** Where the container sees the volume. */
  readonly mountPath: string;
  /** Size each replica's claim requests. */
  readonly storage: Size;
  /**
   * Access modes of each claim.
   * @default [PersistentVolumeAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];
  /**
   * Storage class of each claim.
   * @default - the cluster's default storage class
   */
  readonly storageClassName?: string;
  /**
   * The container that mounts the volume.
   * @default - the first container
   */
  readonly container?: string;
}

/**
 * Props of a {@link StatefulSet}.
 */
export interface StatefulSetProps extends kplus.StatefulSetProps, PodOptions {
  /**
   * Claim templates: one persistent volume claim per replica and template.
   * @default - none; add them with `addVolumeClaimTemplate`
   */
  readonly volumeClaimTemplates?: VolumeClaimTemplateOptions[];

  /**
   * How many old revisions to keep for `kubectl rollout undo`; at least 1.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
}

/**
 * A StatefulSet: pods with a sticky identity. Each replica has a stable name
 * (`<name>-0`, `<name>-1`, ...), a stable DNS name through the governing
 * headless Service created with it, and its own persistent volume claims,
 * which it keeps when it is rescheduled. Pods start and stop in order
 * (`OrderedReady`) unless `podManagementPolicy` is `PARALLEL`; rolling updates
 * can be partitioned. A cdk8s-plus StatefulSet with this library's pod policy
 * and the `volumeClaimTemplates` cdk8s-plus-27 cannot express.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
 */
export class StatefulSet extends kplus.StatefulSet {
  /** The QoS preset of this workload's pod. */
  public readonly qos: QosPreset;
  private readonly policy: PodPolicy;
  private readonly ownsService: boolean;
  private readonly claims: VolumeClaimTemplateOptions[] = [];
  private readonly revisionHistoryLimit: number;

  constructor(scope: Construct, id: string, props: StatefulSetProps = {}) {
    const service = props.service ?? governingService(scope, id, props.metadata);
    super(scope, id, { ...PodPolicy.withoutContainers(props), service });
    this.ownsService = props.service === undefined;
    this.policy = PodPolicy.attach(this, props);
    this.qos = this.policy.qos;
    this.revisionHistoryLimit = props.revisionHistoryLimit ?? 10;
    checkInteger(this, 'revisionHistoryLimit', this.revisionHistoryLimit, 1);
    if (props.replicas !== undefined) checkInteger(this, 'replicas', props.replicas, 0);
    this.policy.addInitialContainers(this, props);
    props.volumeClaimTemplates?.forEach(c => this.addVolumeClaimTemplate(c));
    this.node.addValidation({
      validate: () => this.ownsService && this.service.ports.length === 0
        ? ["'containers' must expose at least one port: the governing headless Service lists the pods' ports, got none"]
        : [],
    });
  }

  /** The claim templates, in the order they were added. */
  public get volumeClaimTemplates(): VolumeClaimTemplateOptions[] {
    return [...this.claims];
  }

  /**
   * Adds a claim template: every replica gets its own claim of `storage`,
   * mounted at `mountPath` in the container.
   */
  public addVolumeClaimTemplate(options: VolumeClaimTemplateOptions): void {
    const field = `volumeClaimTemplates[${options.name}]`;
    checkDnsLabel(this, `${field}.name`, options.name);
    checkAbsolutePath(this, `${field}.mountPath`, options.mountPath);
    if (this.claims.some(c => c.name === options.name)) {
      fail(this, `${field}.name`, `must be unique among the claim templates, got '${options.name}' twice`);
    }
    if (this.volumes.some(v => v.name === options.name)) {
      fail(this, `${field}.name`, `must differ from the pod's volumes, got '${options.name}' which is already a volume`);
    }
    const container = this.claimContainer(field, options.container);
    if (container.mounts.some(m => m.path === options.mountPath)
      || this.claims.some(c => c.mountPath === options.mountPath && this.claimContainer(field, c.container) === container)) {
      fail(this, `${field}.mountPath`, `must not be mounted twice in container '${container.name}', got '${options.mountPath}' which is already a mount point there`);
    }
    if (!(options.storage instanceof Size) || options.storage.toKibibytes() <= 0) {
      fail(this, `${field}.storage`, `must be a positive size such as Size.gibibytes(10), got ${options.storage?.asString?.() ?? options.storage}`);
    }
    this.claims.push(options);
  }

  /** Adds a container, completed with this workload's QoS and security defaults. */
  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addContainer(this.policy.completeContainerProps(cont, 'containers'));
  }

  /**
   * Attaches a container, refusing a name already used in the pod; its ports
   * join the governing headless Service (an unnamed one as `<protocol>-<number>`,
   * since a Service with several ports must name each).
   */
  public attachContainer(cont: kplus.Container): void {
    this.policy.checkUniqueName(this, cont.name);
    super.attachContainer(cont);
    if (!this.ownsService) return;
    for (const port of cont.ports) {
      const protocol = port.protocol ?? kplus.Protocol.TCP;
      const name = port.name ?? `${protocol.toLowerCase()}-${port.number}`;
      this.service.bind(port.number, { name, targetPort: port.number, protocol: port.protocol });
    }
  }

  /** Adds an init container; init containers run in the order they are added. */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addInitContainer(this.policy.completeInitContainerProps(this, cont));
  }

  /** @internal */
  public _toKube(): k8s.StatefulSetSpec {
    const spec = super._toKube();
    return {
      ...spec,
      revisionHistoryLimit: this.revisionHistoryLimit,
      volumeClaimTemplates: this.claims.length === 0 ? undefined : this.claims.map(c => ({
        metadata: { name: c.name },
        spec: {
          accessModes: (c.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]).map(m => m.toString()),
          storageClassName: c.storageClassName,
          resources: { requests: { storage: k8s.Quantity.fromString(c.storage.asString()) } },
        },
      })),
    };
  }

  /** @internal */
  public _toPodSpec(): k8s.PodSpec {
    const spec = super._toPodSpec();
    const containers = spec.containers.map(c => {
      const mounts = this.claims
        .filter(claim => this.claimContainer('volumeClaimTemplates', claim.container).name === c.name)
        .map(claim => ({ name: claim.name, mountPath: claim.mountPath }));
      return mounts.length === 0 ? c : { ...c, volumeMounts: [...(c.volumeMounts ?? []), ...mounts] };
    });
    return { ...spec, containers };
  }

  private claimContainer(field: string, name: string | undefined): kplus.Container {
    const found = name === undefined ? this.containers[0] : this.containers.find(c => c.name === name);
    if (!found) {
      fail(this, `${field}.container`, `must name a container of the StatefulSet (${this.containers.map(c => c.name).join(', ') || 'none yet: add containers first'}), got ${name === undefined ? 'none' : `'${name}'`}`);
    }
    return found;
  }
}

/** The headless Service that gives each replica its stable DNS name, named after the StatefulSet. */
function governingService(scope: Construct, id: string, metadata: ApiObjectMetadata | undefined): kplus.Service {
  const { name, namespace, labels } = metadata ?? {};
  return new kplus.Service(scope, `${id}-service`, {
    metadata: { ...(name && { name }), ...(namespace && { namespace }), ...(labels && { labels }) },
    clusterIP: 'None',
  });
}
