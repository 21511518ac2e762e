import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { fail } from '../_errors';
import { k8s, kplus } from '../_plus';
import { checkDnsLabel, checkType } from '../_validate';
import { namespaceOf, requireWorkload, showValue } from './_checks';
import { checkProtocols, checkWorkloadNamespace, ipBlockPeer, Peer, podsPeer, renderPeer, rulePorts, selectorOf } from './_peers';
import { checkMetadata, definedName, pathScope } from '../_boundary';
import { checkSameNamespace } from '../_objects';

/**
 * Where the traffic an {@link AllowEgress} rule allows goes to: one peer of
 * the policy's `to` list. As for a TrafficSource, the namespace and pod
 * selectors of `podsInNamespace` must both match (AND); two destinations,
 * from two rules, each allow on their own (OR).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors
 */
export class TrafficDestination {
  /**
   * The pods of a workload of the app, in its namespace; the rule's ports
   * must be ports its containers declare. This opens the sending side only:
   * the workload's pods accept the traffic when no policy isolates them,
   * or when an {@link AllowTraffic} rule (which can open both sides) lets it in.
   *
   * @param workload a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob
   */
  public static workload(workload: kplus.Workload): TrafficDestination {
    return new TrafficDestination({ kind: 'workload', workload });
  }

  /**
   * Every pod of a namespace, selected by the `kubernetes.io/metadata.name`
   * label Kubernetes gives each namespace.
   *
   * @param name the namespace
   */
  public static namespace(name: string): TrafficDestination {
    return new TrafficDestination({ kind: 'namespace', namespace: name });
  }

  /**
   * The pods with all of these labels, in the namespace of the policy (the
   * sender's).
   *
   * @param labels the labels the pods carry, at least one
   */
  public static podsWithLabels(labels: { [key: string]: string }): TrafficDestination {
    return new TrafficDestination(podsPeer('TrafficDestination.podsWithLabels', labels));
  }

  /**
   * The pods with all of these labels in one namespace: a namespace
   * selector AND a pod selector in one peer.
   *
   * @param namespace the namespace of the pods
   * @param labels the labels the pods carry, at least one
   */
  public static podsInNamespace(namespace: string, labels: { [key: string]: string }): TrafficDestination {
    checkDnsLabel(pathScope('TrafficDestination.podsInNamespace'), 'namespace', namespace);
    return new TrafficDestination(podsPeer('TrafficDestination.podsInNamespace', labels, namespace));
  }

  /**
   * Every pod of every namespace of the cluster (`namespaceSelector: {}`),
   * and nothing outside it: the cluster's DNS pods are in, the internet is
   * out. Addresses that belong to no pod are out too: the API server, the
   * nodes and host-network pods need an `ipBlock`.
   */
  public static cluster(): TrafficDestination {
    return new TrafficDestination({ kind: 'cluster' });
  }

  /**
   * A range of IP addresses, IPv4 or IPv6, minus the ranges of `except`:
   * for servers outside the cluster, e.g. a payment provider's. The range
   * must start on its first address (`10.0.0.0/8`, not `10.1.2.3/8`), and
   * each exception must lie strictly inside it.
   *
   * @param cidr the range, e.g. `203.0.113.0/24` or `2001:db8::/32`
   * @param except ranges inside `cidr` that are not allowed
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
   */
  public static ipBlock(cidr: string, except: string[] = []): TrafficDestination {
    return new TrafficDestination(ipBlockPeer('TrafficDestination.ipBlock', cidr, except));
  }

  /** @internal */
  public readonly _peer: Peer;

  private constructor(peer: Peer) {
    this._peer = peer;
  }
}

/**
 * Props of an {@link AllowEgress} rule.
 */
export interface AllowEgressProps {
  /** The workload whose pods send the traffic. */
  readonly from: kplus.Workload;
  /** Where the traffic goes. */
  readonly to: TrafficDestination;
  /**
   * The destination ports, by number. For a workload destination each must
   * be a port its containers declare, over the protocols they declare it with.
   * @default - every port, unless `portNames` is given
   */
  readonly ports?: number[];
  /**
   * The destination ports, by the name the destination pods' containers
   * declare them under; for a workload destination each must be one of its
   * containers' port names. Not for an `ipBlock` destination: addresses
   * outside the cluster have no named ports.
   * @default - every port, unless `ports` is given
   */
  readonly portNames?: string[];
  /**
   * The protocols of `ports` and `portNames`, each port being allowed over
   * each protocol; only with one of them, and not for a workload
   * destination, whose containers declare the protocol of their ports.
   * @default [kplus.Protocol.TCP]
   */
  readonly protocols?: kplus.Protocol[];
  /**
   * Metadata of the NetworkPolicy object; its namespace must be the one of `from`.
   * @default - a name generated by cdk8s, in the namespace of `from`
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * Allows a workload's pods to send traffic to a destination: a NetworkPolicy
 * (networking.k8s.io/v1) selecting exactly the `from` pods, with one egress
 * rule, e.g. `tickets-api` may reach the payment provider's
 * `203.0.113.0/24` on 443, or may reach anything inside the cluster and
 * nothing outside it.
 *
 * Once a policy selects pods for egress, they may send only what some
 * policy allows. Name lookups go to the cluster's DNS pods in
 * `kube-system`: a DefaultDenyNetworkPolicy with `denyEgress` allows them by
 * default, `TrafficDestination.cluster()` includes them, and otherwise they
 * need a rule of their own (port 53, UDP and TCP).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export class AllowEgress extends Construct {
  /** The workload whose pods send the traffic. */
  public readonly from: kplus.Workload;
  /** Where the traffic goes. */
  public readonly to: TrafficDestination;
  /** The NetworkPolicy on the `from` pods. */
  public readonly apiObject: ApiObject;
  private readonly destination?: kplus.Workload;
  private readonly ports: k8s.NetworkPolicyPort[];

  constructor(scope: Construct, id: string, props: AllowEgressProps) {
    super(scope, id);
    checkType(this, 'props', props, 'object');
    this.from = requireWorkload(this, 'from', props.from);
    if (!(props.to instanceof TrafficDestination)) {
      fail(this, 'to', `must be a TrafficDestination (TrafficDestination.workload, .namespace, .podsWithLabels, .podsInNamespace, .cluster or .ipBlock), got ${showValue(props.to)}`);
    }
    this.to = props.to;
    const peer = this.to._peer;
    if (peer.kind === 'workload') this.destination = requireWorkload(this, 'to', peer.workload);
    if (peer.kind === 'namespace') checkDnsLabel(this, 'to', peer.namespace!);
    checkProtocols(this, props.protocols);
    if (this.destination && props.protocols !== undefined) {
      fail(this, 'protocols', `is only for a destination other than a workload, whose containers declare the protocol of each port, got ${showValue(props.protocols)}`);
    }
    if (peer.kind === 'ipBlock' && Array.isArray(props.portNames) && props.portNames.length > 0) {
      fail(this, 'portNames', `is not for an ipBlock destination: a port name is declared by a pod, and addresses outside the cluster have none, got ${showValue(props.portNames)}; give 'ports'`);
    }
    this.ports = rulePorts(this, props, this.destination);
    if (this.ports.length === 0 && (props.ports !== undefined || props.portNames !== undefined)) {
      fail(this, 'ports', `must list at least one port (or 'portNames' one port name) when given, got ${showValue(props.ports)}; leave out both to allow every port`);
    }
    if (this.ports.length === 0 && props.protocols !== undefined) {
      fail(this, 'protocols', `must come with 'ports' or 'portNames', whose protocols they are, got ${showValue(props.protocols)} and no port; leave it out to allow every port over every protocol`);
    }
    checkMetadata(this, 'metadata', props.metadata);

    const fromNamespace = namespaceOf(this.from);
    this.apiObject = new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { ...definedName(props.metadata), namespace: props.metadata?.namespace ?? fromNamespace },
      spec: Lazy.any({ produce: () => this.toKube() }),
    });
    checkSameNamespace(this, this.apiObject, this.from, 'a NetworkPolicy applies to pods of its own namespace only');
    if (this.destination) checkWorkloadNamespace(this, 'to', this.destination, fromNamespace, 'from');
  }

  private toKube(): k8s.NetworkPolicySpec {
    const to = renderPeer(this.to._peer, namespaceOf(this.from))!;
    return {
      podSelector: selectorOf(this.from),
      policyTypes: ['Egress'],
      egress: [{ to: [to], ports: this.ports.length > 0 ? this.ports : undefined }],
    };
  }
}
