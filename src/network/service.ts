import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { addCheck, fail, show } from '../_errors';
import { k8s, kplus } from '../_plus';
import { checkInteger, checkOneOf, checkOptionalType, checkPort, checkPortName, checkType } from '../_validate';
import { checkDns1035Label, describeObject, namespaceOf, podSelectorOf, requireWorkload } from './_checks';
import { checkCidr } from './_cidr';
import { DeclaredPort, declaredPorts, describePorts } from './_ports';
import { nodePortsInApp } from './_registry';
import { checkMetadata, checkOptionalOneOf } from '../_boundary';
import { checkSameNamespace } from '../_objects';
import { declareValuesOwner } from '../helm/_value-declarations';

/**
 * How a {@link Service} is reached.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
 */
export enum ServiceType {
  /** A virtual IP inside the cluster that balances connections over the pods. */
  CLUSTER_IP = 'ClusterIP',
  /**
   * No virtual IP (`clusterIP: None`): the Service's DNS name resolves to
   * the addresses of the ready pods, and a StatefulSet's pods get a DNS name
   * each. Clients pick a pod themselves.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#headless-services
   */
  HEADLESS = 'Headless',
  /**
   * A ClusterIP Service that is also reachable from outside the cluster on a
   * port (30000-32767) of every node.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
   */
  NODE_PORT = 'NodePort',
  /**
   * A NodePort Service that the cloud provider also fronts with an external
   * load balancer; the address it gets is in the Service's status.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer
   */
  LOAD_BALANCER = 'LoadBalancer',
}

/**
 * Where a NodePort or LoadBalancer Service sends the connections that come
 * from outside the cluster.
 *
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/#external-traffic-policy
 */
export enum ExternalTrafficPolicy {
  /**
   * To any ready pod of the Service, on any node: the load spreads evenly,
   * but a connection may take a second hop and the pod sees a node's
   * address instead of the client's.
   */
  CLUSTER = 'Cluster',
  /**
   * Only to ready pods on the node the connection arrived at: no second hop
   * and the pod sees the client's address (which a NetworkPolicy `ipBlock`
   * needs), but a node without such a pod drops it, and the load follows
   * where the pods run.
   */
  LOCAL = 'Local',
}

/**
 * A port of a {@link Service}: the port clients connect to and the container
 * port of the workload's pods it forwards to.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
 */
export interface ServicePortOptions {
  /** The port the Service listens on, 1-65535. */
  readonly port: number;
  /**
   * Name of the port, an IANA service name (at most 15 lowercase letters,
   * digits and '-'); required when the Service has more than one port.
   * An Ingress can refer to the port by this name.
   * @default - none, allowed for a Service's only port
   */
  readonly name?: string;
  /**
   * The container port to forward to, by number: a port a container of the
   * workload declares with this port's protocol.
   * @default - `port`, unless `targetPortName` is given
   */
  readonly targetPort?: number;
  /**
   * The container port to forward to, by the name a container of the
   * workload declares it under; the pods may then change the number without
   * the Service changing. Not with `targetPort`.
   * @default - the target is a number, see `targetPort`
   */
  readonly targetPortName?: string;
  /**
   * The protocol of the port and of the container port it targets.
   * @default kplus.Protocol.TCP
   */
  readonly protocol?: kplus.Protocol;
  /**
   * A fixed port on every node, 30000-32767, for a NodePort or LoadBalancer
   * Service only; no two Services of the app may ask for the same one.
   * @default - Kubernetes allocates a free node port (NodePort Services, and LoadBalancer Services unless `allocateLoadBalancerNodePorts` is false)
   */
  readonly nodePort?: number;
}

/**
 * Props of a {@link Service}.
 */
export interface ServiceProps {
  /**
   * The workload whose pods the Service routes to: it selects exactly the
   * workload's pods, in its namespace, with the workload's own matchLabels
   * (for a Job or CronJob, which have none, with the label cdk8s-plus gives
   * their pods).
   */
  readonly workload: kplus.Workload;
  /**
   * How the Service is reached.
   * @default ServiceType.CLUSTER_IP
   */
  readonly type?: ServiceType;
  /**
   * The ports of the Service; at least one, except for a headless Service.
   * @default - none; add them with `addPort()`
   */
  readonly ports?: ServicePortOptions[];
  /**
   * Metadata of the Service object. Its name, a DNS-1035 label, is the DNS
   * name clients use; its namespace must be the workload's.
   * @default - named after the workload, in the workload's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The client address ranges (CIDRs, IPv4 or IPv6, each starting on its
   * first address) the load balancer accepts, for a LoadBalancer Service
   * only; at least one when given. Cloud providers enforce it on the load
   * balancer or on the nodes' firewall.
   * @default - the load balancer accepts clients from any address
   * @see https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/#restrict-access-for-loadbalancer-service
   */
  readonly loadBalancerSourceRanges?: string[];
  /**
   * Where connections from outside the cluster go, for a NodePort or
   * LoadBalancer Service only.
   * @default - not rendered: Kubernetes takes ExternalTrafficPolicy.CLUSTER
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
  /**
   * Whether a LoadBalancer Service also gets a node port for each port, for
   * a LoadBalancer Service only; false for load balancers that reach the
   * pods directly (e.g. on their pod IPs).
   * @default - not rendered: Kubernetes takes true
   */
  readonly allocateLoadBalancerNodePorts?: boolean;
}

/** The props of a Service reachable from outside the cluster. */
type OutsideProps = Pick<ServiceProps, 'loadBalancerSourceRanges' | 'externalTrafficPolicy' | 'allocateLoadBalancerNodePorts'>;

/**
 * A Service (v1) in front of exactly one workload's pods: a stable virtual IP
 * and DNS name (`<name>.<namespace>.svc`) that balance over the ready pods,
 * headless (DNS returns the pods), NodePort (also on a port of every
 * node, e.g. the course's 31111), or LoadBalancer (a NodePort Service behind
 * the cloud provider's load balancer).
 *
 * Refused: a target port no container of the workload declares, unnamed
 * ports on a Service with several, a node port outside 30000-32767 or on a
 * Service that is neither NodePort nor LoadBalancer, a prop of another type
 * (`loadBalancerSourceRanges`, `allocateLoadBalancerNodePorts`,
 * `externalTrafficPolicy`), a source range that is not a CIDR, and at synth
 * a workload that selects its pods by expressions (a Service selects by
 * labels only) and a node port another Service of the app also asks for,
 * which the API server's dry run does not catch.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/
 */
export class Service extends Construct {
  /** The workload whose pods the Service routes to. */
  public readonly workload: kplus.Workload;
  /** How the Service is reached. */
  public readonly type: ServiceType;
  /** The name of the Service object, which is its DNS name. */
  public readonly name: string;
  /** The namespace of the Service, undefined when it names none. */
  public readonly namespace?: string;
  /** The Service object. */
  public readonly apiObject: ApiObject;
  private readonly _ports: ServicePortOptions[] = [];
  private readonly outside: OutsideProps;

  constructor(scope: Construct, id: string, props: ServiceProps) {
    super(scope, id);
    checkType(this, 'props', props, 'object');
    this.workload = requireWorkload(this, 'workload', props.workload);
    checkOptionalOneOf(this, 'type', props.type, ServiceType);
    this.type = props.type ?? ServiceType.CLUSTER_IP;
    checkMetadata(this, 'metadata', props.metadata, checkDns1035Label);
    const workload = ApiObject.of(this.workload);
    this.name = props.metadata?.name ?? workload.name;
    const origin = props.metadata?.name === undefined ? ' (the workload\'s name): give the Service a \'metadata.name\' of its own' : '';
    checkDns1035Label(this, 'metadata.name', this.name, origin);
    this.apiObject = new k8s.KubeService(this, 'Resource', {
      metadata: { ...props.metadata, name: this.name, namespace: props.metadata?.namespace ?? workload.metadata.namespace },
      spec: Lazy.any({ produce: () => this.toKube() }),
    });
    checkSameNamespace(this, this.apiObject, this.workload, 'a Service selects pods of its own namespace only');
    declareValuesOwner(this.apiObject, this.workload);
    this.namespace = this.apiObject.metadata.namespace;
    this.checkGoverningService();
    this.outside = this.checkOutside(props);
    checkOptionalType(this, 'ports', props.ports, 'array');
    props.ports?.forEach(p => this.addPort(p));
    addCheck(this, () => this.validateService());
  }

  /** The ports of the Service, with their protocol; a copy. */
  public get ports(): ServicePortOptions[] {
    return this._ports.map(p => ({ ...p }));
  }

  /**
   * Adds a port. Its target must be a port a container of the workload
   * already declares: add the workload's containers first.
   */
  public addPort(options: ServicePortOptions): void {
    checkType(this, 'ports[]', options, 'object');
    checkPort(this, 'ports[].port', options.port);
    const key = `ports[${options.port}]`;
    checkOptionalOneOf(this, `${key}.protocol`, options.protocol, kplus.Protocol);
    const protocol = options.protocol ?? kplus.Protocol.TCP;
    if (this._ports.some(p => p.port === options.port && p.protocol === protocol)) {
      fail(this, 'ports[].port', `must be unique per protocol within the Service, got ${options.port}/${protocol} twice`);
    }
    if (options.name !== undefined) {
      checkPortName(this, `${key}.name`, options.name);
      const taken = this._ports.find(p => p.name === options.name);
      if (taken) fail(this, `${key}.name`, `must be unique within the Service, got ${show(options.name)} which port ${taken.port} already uses`);
    }
    const unnamed = [...this._ports, options].find(p => p.name === undefined);
    if (this._ports.length > 0 && unnamed) {
      fail(this, `ports[${unnamed.port}].name`, 'must be given when the Service has more than one port (clients and Ingresses tell them apart by name), got none');
    }
    this.checkTarget(key, options, protocol);
    if (options.nodePort !== undefined) this.checkNodePort(key, options.nodePort, protocol);
    this._ports.push({ ...options, protocol });
  }

  private checkTarget(key: string, options: ServicePortOptions, protocol: kplus.Protocol): void {
    const declared = declaredPorts(this.workload);
    const candidates = declared.filter(p => p.protocol === protocol);
    const what = (field: string) => `must ${field === 'targetPortName' ? 'name' : 'be'} a ${protocol} port a container of ${describeObject(this.workload)} declares (${describePorts(declared)})`;
    if (options.targetPortName !== undefined) {
      if (options.targetPort !== undefined) {
        fail(this, `${key}.targetPortName`, `must not be given with 'targetPort': a port has one target, got ${show(options.targetPortName)} and ${show(options.targetPort)}`);
      }
      checkPortName(this, `${key}.targetPortName`, options.targetPortName);
      if (!candidates.some(p => p.name === options.targetPortName)) {
        const other = declared.find(p => p.name === options.targetPortName);
        fail(this, `${key}.targetPortName`, `${what('targetPortName')}, got ${show(options.targetPortName)}${otherProtocol(other, protocol)}`);
      }
      return;
    }
    const target = options.targetPort === undefined ? options.port : options.targetPort;
    checkPort(this, `${key}.targetPort`, target);
    if (!candidates.some(p => p.number === target)) {
      const given = options.targetPort === undefined ? `${target} (from 'port', as no 'targetPort' or 'targetPortName' was given)` : `${target}`;
      const other = declared.find(p => p.number === target);
      fail(this, `${key}.targetPort`, `${what('targetPort')}, got ${given}${otherProtocol(other, protocol)}`);
    }
  }

  private checkNodePort(key: string, nodePort: number, protocol: kplus.Protocol): void {
    const field = `${key}.nodePort`;
    if (!this.external) fail(this, field, `is only allowed on a NodePort or LoadBalancer Service, got ${show(nodePort)} on a ${this.typeName} Service`);
    checkInteger(this, field, nodePort, 30000, 32767);
    const taken = this._ports.find(p => p.nodePort === nodePort && p.protocol === protocol);
    if (taken) fail(this, field, `must be unique within the Service, got ${nodePort} which port ${taken.port} already uses`);
  }

  /** Whether the Service is reachable from outside the cluster on the nodes' ports. */
  private get external(): boolean {
    return this.type === ServiceType.NODE_PORT || this.type === ServiceType.LOAD_BALANCER;
  }

  private get typeName(): string {
    return this.type === ServiceType.HEADLESS ? 'headless' : this.type;
  }

  /** The props of a Service reachable from outside the cluster, checked against the type. */
  private checkOutside(props: ServiceProps): OutsideProps {
    const { loadBalancerSourceRanges: ranges, externalTrafficPolicy, allocateLoadBalancerNodePorts } = props;
    const loadBalancer = this.type === ServiceType.LOAD_BALANCER;
    if (ranges !== undefined) {
      if (!loadBalancer) fail(this, 'loadBalancerSourceRanges', `is only allowed on a LoadBalancer Service, got ${show(ranges)} on a ${this.typeName} Service`);
      checkType(this, 'loadBalancerSourceRanges', ranges, 'array');
      if (ranges.length === 0) fail(this, 'loadBalancerSourceRanges', 'must list at least one CIDR when given, got []; leave it out to accept clients from any address');
      ranges.forEach((range, i) => checkCidr(this, `loadBalancerSourceRanges[${i}]`, range));
    }
    if (externalTrafficPolicy !== undefined) {
      if (!this.external) fail(this, 'externalTrafficPolicy', `is only allowed on a NodePort or LoadBalancer Service, got ${show(externalTrafficPolicy)} on a ${this.typeName} Service`);
      checkOneOf(this, 'externalTrafficPolicy', externalTrafficPolicy, ExternalTrafficPolicy);
    }
    if (allocateLoadBalancerNodePorts !== undefined) {
      if (!loadBalancer) fail(this, 'allocateLoadBalancerNodePorts', `is only allowed on a LoadBalancer Service, got ${show(allocateLoadBalancerNodePorts)} on a ${this.typeName} Service`);
      checkType(this, 'allocateLoadBalancerNodePorts', allocateLoadBalancerNodePorts, 'boolean');
    }
    return { loadBalancerSourceRanges: ranges && [...ranges], externalTrafficPolicy, allocateLoadBalancerNodePorts };
  }

  /** A second Service of the name of a StatefulSet's governing Service would replace it when applied. */
  private checkGoverningService(): void {
    if (!(this.workload instanceof kplus.StatefulSet)) return;
    const governing = this.workload.service;
    if (governing.name === this.name && namespaceOf(governing) === this.namespace) {
      fail(this, 'metadata.name', `must differ from the name of the governing Service of ${describeObject(this.workload)}, got ${show(this.name)}: two Services of one name in one namespace replace each other when applied`);
    }
  }

  private validateService(): string[] {
    const errors: string[] = [];
    if (this._ports.length === 0 && this.type !== ServiceType.HEADLESS) {
      errors.push(`'ports' must list at least one port for a ${this.type} Service, got none: pass 'ports' or call addPort()`);
    }
    if (podSelectorOf(this.workload).matchExpressions.length > 0) {
      errors.push(`'workload' must select its pods by matchLabels only, got ${describeObject(this.workload)} with matchExpressions: a Service selects by labels only, so it would reach pods the workload does not own`);
    }
    const uses = this._ports.some(p => p.nodePort !== undefined) ? nodePortsInApp(this) : [];
    for (const port of this._ports) {
      const others = uses.filter(u => u.nodePort === port.nodePort && u.owner !== this).map(u => `Service ${u.owner.node.path}`);
      if (others.length > 0) {
        errors.push(`'ports[${port.port}].nodePort' must be unique in the app, as a node port opens on every node for one Service only, got ${port.nodePort} which ${others.join(' and ')} also ${others.length === 1 ? 'uses' : 'use'}`);
      }
    }
    return errors;
  }

  private toKube(): k8s.ServiceSpec {
    return {
      type: this.type === ServiceType.HEADLESS ? ServiceType.CLUSTER_IP : this.type,
      clusterIp: this.type === ServiceType.HEADLESS ? 'None' : undefined,
      selector: podSelectorOf(this.workload).matchLabels,
      ...this.outside,
      ports: this._ports.length === 0 ? undefined : this._ports.map(p => ({
        name: p.name,
        port: p.port,
        protocol: p.protocol,
        targetPort: p.targetPortName !== undefined
          ? k8s.IntOrString.fromString(p.targetPortName)
          : k8s.IntOrString.fromNumber(p.targetPort ?? p.port),
        nodePort: p.nodePort,
      })),
    };
  }
}

/** The hint when the target is declared with another protocol than the Service port's. */
function otherProtocol(declared: DeclaredPort | undefined, protocol: kplus.Protocol): string {
  if (declared === undefined) return '';
  return `, which the container declares as ${declared.protocol}: set 'protocol' to ${declared.protocol}${protocol === kplus.Protocol.TCP ? ' (the default is TCP)' : ''}`;
}
