import { ApiObject, ApiObjectMetadata, Size } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkPlainObject } from '../_boundary';
import { checkOptionalCount, checkOptionalDuration } from './_props';
import { attachPolicy, checkAttached, checkSpeciesProps, containerProps, initContainerProps, speciesProps } from './_species';
import { addCheck, fail, show } from '../_errors';
import { withoutMarkers } from '../_markers';
import { DNS1035_LABEL, DNS1123_LABEL, isDns1035Label } from '../_names';
import { k8s, kplus, PlusServiceInternals, PlusWorkloadInternals } from '../_plus';
import { checkAbsolutePath, checkDnsLabel, checkDnsSubdomain, checkInstance, checkOneOf, checkOptionalType } from '../_validate';
import { PodOptions } from './pod-options';
import { renderedJson } from '../_render-pass';
import { declareValuesOwner } from '../helm/_value-declarations';
import { QosPreset } from '../qos/qos-preset';
import { checkStorageSize } from '../storage/_checks';


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

  /**
   * Name of the governing headless Service created with the StatefulSet, a
   * DNS-1035 label: each pod's DNS name is
   * `<pod>.<serviceName>.<namespace>.svc`. Not with `service`, which names
   * itself.
   *
   * @default - the StatefulSet's `metadata.name`, or a name the chart generates
   */
  readonly serviceName?: string;
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
 * The governing Service lists the ports of the containers, or none when they
 * declare none (a headless Service needs none); it is the only headless
 * Service of the pods: synth refuses a second one.
 *
 * Its name is a DNS-1123 label of at most 52 characters (each pod is named
 * and has the hostname `<name>-<ordinal>`, and is labelled with the name and
 * an 11-character revision hash), and a DNS-1035 label when it names the
 * governing Service too (no `serviceName` given).
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
 */
export class StatefulSet extends kplus.StatefulSet implements PlusWorkloadInternals {
  /** The QoS preset of this workload's pod. */
  public readonly qos: QosPreset;
  private readonly ownsService: boolean;
  private readonly claims: VolumeClaimTemplateOptions[] = [];
  private readonly revisionHistoryLimit: number;

  constructor(scope: Construct, id: string, props: StatefulSetProps = {}) {
    const checked = speciesProps(scope, id, props, checkStatefulSetProps);
    const service = props.service ?? new GoverningService(scope, `${id}-service`, governingMetadata(props));
    super(scope, id, { ...checked, service });
    this.ownsService = props.service === undefined;
    declareValuesOwner(service, this);
    this.revisionHistoryLimit = props.revisionHistoryLimit ?? 10;
    this.qos = attachPolicy(this, props).qos;
    props.volumeClaimTemplates?.forEach(c => this.addVolumeClaimTemplate(c));
    addCheck(this, () => this.otherHeadlessServices());
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
    checkStorageSize(this, `${field}.storage`, options.storage);
    checkOptionalType(this, `${field}.accessModes`, options.accessModes, 'array');
    options.accessModes?.forEach((m, i) => checkOneOf(this, `${field}.accessModes[${i}]`, m, kplus.PersistentVolumeAccessMode));
    if (options.storageClassName !== undefined) checkDnsSubdomain(this, `${field}.storageClassName`, options.storageClassName);
    checkOptionalType(this, `${field}.container`, options.container, 'string');
    if (this.claims.some(c => c.name === options.name)) {
      fail(this, `${field}.name`, `must be unique among the claim templates, got ${show(options.name)} twice`);
    }
    if (this.volumes.some(v => v.name === options.name)) {
      fail(this, `${field}.name`, `must differ from the pod's volumes, got ${show(options.name)} which is already a volume`);
    }
    const container = this.claimContainer(field, options.container);
    if (container.mounts.some(m => m.path === options.mountPath)
      || this.claims.some(c => c.mountPath === options.mountPath && this.claimContainer(field, c.container) === container)) {
      fail(this, `${field}.mountPath`, `must not be mounted twice in container '${container.name}', got ${show(options.mountPath)} which is already a mount point there`);
    }
    this.claims.push(options);
  }

  /** Adds a container, completed with this workload's QoS and security defaults. */
  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addContainer(containerProps(this, cont));
  }

  /**
   * Attaches a container, refusing a name already used in the pod; its ports
   * join the governing headless Service (an unnamed one as `<protocol>-<number>`,
   * since a Service with several ports must name each).
   */
  public attachContainer(cont: kplus.Container): void {
    checkAttached(this, cont);
    const ports = this.ownsService ? cont.ports.map(port => ({ port, name: port.name ?? `${(port.protocol ?? kplus.Protocol.TCP).toLowerCase()}-${port.number}` })) : [];
    ports.forEach(({ name }, i) => {
      if (this.service.ports.some(p => p.name === name)) {
        fail(this, `containers[${cont.name}].ports[${i}].name`, `must be unique among the pod's ports, which the governing headless Service lists together, got ${show(name)} twice; name each port of the pod differently`);
      }
    });
    super.attachContainer(cont);
    for (const { port, name } of ports) this.service.bind(port.number, { name, targetPort: port.number, protocol: port.protocol });
  }

  /** Adds an init container; init containers run in the order they are added. */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addInitContainer(initContainerProps(this, cont));
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

  /** Headless Services other than the governing one that select the pods of this StatefulSet. */
  private otherHeadlessServices(): string[] {
    const manifest = renderedJson(ApiObject.of(this));
    const podLabels: { [key: string]: string } = manifest.spec?.template?.metadata?.labels ?? {};
    const governing = ApiObject.of(this.service);
    const others = this.node.root.node.findAll().filter(ApiObject.isApiObject)
      .filter(o => o !== governing && o.kind === 'Service' && o.metadata.namespace === manifest.metadata?.namespace)
      .filter(o => {
        const spec = specOf(o);
        const selector: { [key: string]: string } = spec.selector ?? {};
        const keys = Object.keys(selector);
        return spec.clusterIP === 'None' && keys.length > 0 && keys.every(k => podLabels[k] === selector[k]);
      });
    return others.map(o => `'service' must be the only headless Service of the StatefulSet's pods, its governing Service '${this.service.name}', got also Service '${o.name}' (${o.node.path.replace(/\/Resource$/, '')}): a StatefulSet has one governing Service, which gives each pod its DNS name; give the other Service a cluster IP, or pass it as 'service'`);
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
  checkSpeciesProps(scope, props);
  const name = props.metadata?.name === undefined ? undefined : withoutMarkers(props.metadata.name);
  if (name !== undefined && name.length > 52) {
    fail(scope, 'metadata.name', `must be at most 52 characters (the controller labels each pod with '<name>-<revision hash>', a label value of at most 63), got ${show(name)} (${name.length})`);
  }
  const namesService = props.service === undefined && props.serviceName === undefined;
  if (name !== undefined && namesService && !DNS1035_LABEL.test(name)) {
    fail(scope, 'metadata.name', `must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter and ending with a letter or digit): it names the governing headless Service too, got ${show(name)}; or name the Service with 'serviceName'`);
  }
  if (name !== undefined && !namesService && !DNS1123_LABEL.test(name)) {
    fail(scope, 'metadata.name', `must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit): the controller names each pod '<name>-<ordinal>' and makes that its hostname, got ${show(name)}`);
  }
  if (props.serviceName !== undefined) {
    if (props.service !== undefined) {
      fail(scope, 'serviceName', `must not be given with 'service', which names itself, got ${show(props.serviceName)}`);
    }
    const serviceName = withoutMarkers(props.serviceName);
    if (!isDns1035Label(serviceName)) {
      fail(scope, 'serviceName', `must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters), got ${show(serviceName)}`);
    }
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

/** The spec an object renders, or none when it cannot render: synth reports that where it renders the object. */
function specOf(object: ApiObject): any {
  try {
    return renderedJson(object).spec ?? {};
  } catch {
    return {};
  }
}

/** The metadata of the governing Service: named `serviceName`, or after the StatefulSet, in its namespace, with its labels. */
function governingMetadata(props: StatefulSetProps): ApiObjectMetadata {
  const { name, namespace, labels } = props.metadata ?? {};
  const serviceName = props.serviceName ?? name;
  return { ...(serviceName && { name: serviceName }), ...(namespace && { namespace }), ...(labels && { labels }) };
}

/**
 * The headless Service that gives each replica its stable DNS name. It may
 * have no port, which a headless Service needs none of but cdk8s-plus'
 * Service refuses to render.
 */
class GoverningService extends kplus.Service implements PlusServiceInternals {
  private readonly workloads: kplus.Workload[] = [];

  constructor(scope: Construct, id: string, metadata: ApiObjectMetadata) {
    super(scope, id, { metadata, clusterIP: 'None' });
  }

  /** Selects the pods of a workload, which the Service renders without ports too. */
  public select(selector: kplus.IPodSelector): void {
    super.select(selector);
    if (selector instanceof kplus.Workload) this.workloads.push(selector);
  }

  /** @internal */
  public _toKube(): k8s.ServiceSpec {
    if (this.ports.length > 0) return super._toKube();
    const selector = Object.assign({}, ...this.workloads.map(w => w.matchLabels));
    return { clusterIp: 'None', type: kplus.ServiceType.CLUSTER_IP, selector };
  }
}
