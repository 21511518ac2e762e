import { ApiObjectMetadata, Size } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkPlainObject } from '../_boundary';
import { PodPolicy } from './_pod-policy';
import { checkOptionalCount, checkOptionalDuration, checkPodProps, futureScope } from './_props';
import { addCheck, fail, show } from '../_errors';
import { withoutMarkers } from '../_markers';
import { k8s, kplus } from '../_plus';
import { checkAbsolutePath, checkDnsLabel, checkDnsSubdomain, checkInstance, checkOneOf, checkOptionalType } from '../_validate';
import { PodOptions } from './pod-options';
import { checkSize } from '../qos/_amounts';
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
 * Its name is at most 52 characters (the controller labels each pod with the
 * name and an 11-character revision hash), and a DNS-1035 label when it names
 * the governing Service too.
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
    checkStatefulSetProps(futureScope(scope, id), props);
    const service = props.service ?? governingService(scope, id, props.metadata);
    super(scope, id, { ...PodPolicy.withoutContainers(props), service });
    this.ownsService = props.service === undefined;
    this.policy = PodPolicy.attach(this, props);
    this.qos = this.policy.qos;
    this.revisionHistoryLimit = props.revisionHistoryLimit ?? 10;
    this.policy.addInitialContainers(this, props);
    props.volumeClaimTemplates?.forEach(c => this.addVolumeClaimTemplate(c));
    addCheck(this, () => this.ownsService && this.service.ports.length === 0
      ? ["'containers' must expose at least one port for the governing headless Service to list, got none; give a container 'ports' or 'portNumber'"]
      : []);
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
    checkPlainObject(this, 'volumeClaimTemplates[]', options);
    checkDnsLabel(this, 'volumeClaimTemplates[].name', options.name);
    const field = `volumeClaimTemplates[${options.name}]`;
    checkAbsolutePath(this, `${field}.mountPath`, options.mountPath);
    checkSize(this, `${field}.storage`, options.storage);
    checkOptionalType(this, `${field}.accessModes`, options.accessModes, 'array');
    options.accessModes?.forEach((m, i) => checkOneOf(this, `${field}.accessModes[${i}]`, m, kplus.PersistentVolumeAccessMode));
    if (options.storageClassName !== undefined) checkDnsSubdomain(this, `${field}.storageClassName`, options.storageClassName);
    checkOptionalType(this, `${field}.container`, options.container, 'string');
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
    this.policy.checkAttached(this, cont);
    const ports = this.ownsService ? cont.ports.map(port => ({ port, name: port.name ?? `${(port.protocol ?? kplus.Protocol.TCP).toLowerCase()}-${port.number}` })) : [];
    ports.forEach(({ name }, i) => {
      if (this.service.ports.some(p => p.name === name)) {
        fail(this, `containers[${cont.name}].ports[${i}].name`, `must be unique among the pod's ports, which the governing headless Service lists together, got '${name}' twice; name each port of the pod differently`);
      }
    });
    super.attachContainer(cont);
    for (const { port, name } of ports) this.service.bind(port.number, { name, targetPort: port.number, protocol: port.protocol });
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
      const names = this.containers.map(c => c.name).join(', ');
      const fix = names === '' ? "; the StatefulSet has no 'containers' yet: add them first" : '';
      fail(this, `${field}.container`, `must name a container of the StatefulSet (${names || 'none'}), got ${name === undefined ? 'none' : `'${name}'`}${fix}`);
    }
    return found;
  }
}

/** Checks the props cdk8s-plus reads in its constructor, and this library's. */
function checkStatefulSetProps(scope: IConstruct, props: StatefulSetProps): void {
  checkPodProps(scope, props);
  const name = props.metadata?.name === undefined ? undefined : withoutMarkers(props.metadata.name);
  if (name !== undefined && name.length > 52) {
    fail(scope, 'metadata.name', `must be at most 52 characters (the controller labels each pod with '<name>-<revision hash>', a label value of at most 63), got ${show(name)} (${name.length})`);
  }
  if (name !== undefined && props.service === undefined && !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    fail(scope, 'metadata.name', `must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter and ending with a letter or digit): it names the governing headless Service too, got ${show(name)}`);
  }
  checkOptionalCount(scope, 'replicas', props.replicas, 0);
  checkOptionalCount(scope, 'revisionHistoryLimit', props.revisionHistoryLimit, 1);
  checkOptionalDuration(scope, 'minReady', props.minReady, 0);
  if (props.service !== undefined) checkInstance(scope, 'service', props.service, kplus.Service, 'a cdk8s-plus Service');
  if (props.podManagementPolicy !== undefined) checkOneOf(scope, 'podManagementPolicy', props.podManagementPolicy, kplus.PodManagementPolicy);
  if (props.strategy !== undefined) {
    checkInstance(scope, 'strategy', props.strategy, kplus.StatefulSetUpdateStrategy, 'a StatefulSetUpdateStrategy such as StatefulSetUpdateStrategy.rollingUpdate()');
  }
  checkOptionalType(scope, 'volumeClaimTemplates', props.volumeClaimTemplates, 'array');
}

/** The headless Service that gives each replica its stable DNS name, named after the StatefulSet. */
function governingService(scope: Construct, id: string, metadata: ApiObjectMetadata | undefined): kplus.Service {
  const { name, namespace, labels } = metadata ?? {};
  return new kplus.Service(scope, `${id}-service`, {
    metadata: { ...(name && { name }), ...(namespace && { namespace }), ...(labels && { labels }) },
    clusterIP: 'None',
  });
}
