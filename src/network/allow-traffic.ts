import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { fail } from '../_errors';
import { k8s, kplus } from '../_plus';
import { checkDnsLabel, checkOptionalType, checkType } from '../_validate';
import { namespaceOf, requireWorkload, showValue } from './_checks';
import { checkWorkloadNamespace, ipBlockPeer, Peer, podsPeer, renderPeer, rulePorts, selectorOf, workloadPeer } from './_peers';
import { whenEgressDenied } from './_registry';
import { checkMetadata, definedName, pathScope } from '../_boundary';
import { checkSameNamespace } from '../_objects';

/**
 * Where the traffic an {@link AllowTraffic} rule allows comes from.
 *
 * Each source is one peer of the policy's `from` list. Within one peer, a
 * namespace selector and a pod selector must both match (AND:
 * `podsInNamespace`); two peers, from two rules or two sources, each allow
 * on their own (OR). The classic mistake is one `-` too many in YAML, which
 * turns "the `prometheus` pods of `monitoring`" into "every pod of
 * `monitoring`, and the `prometheus` pods of this namespace".
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors
 */
export class TrafficSource {
  /**
   * The pods of a workload, in its namespace (which may differ from the
   * target's).
   *
   * @param workload a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob
   */
  public static workload(workload: kplus.Workload): TrafficSource {
    return new TrafficSource({ kind: 'workload', workload });
  }

  /**
   * Every pod of a namespace, selected by the `kubernetes.io/metadata.name`
   * label Kubernetes gives each namespace, e.g. the ingress controller's
   * (`ingress-nginx`) so that an Ingress can reach the target.
   *
   * @param name the namespace
   */
  public static namespace(name: string): TrafficSource {
    return new TrafficSource({ kind: 'namespace', namespace: name });
  }

  /**
   * The pods with all of these labels, in the namespace of the policy (the
   * target's): pods the app does not build, or several workloads sharing a
   * label. A pod selector alone never reaches into another namespace: see
   * `podsInNamespace`.
   *
   * @param labels the labels the pods carry, at least one
   */
  public static podsWithLabels(labels: { [key: string]: string }): TrafficSource {
    return new TrafficSource(podsPeer('TrafficSource.podsWithLabels', labels));
  }

  /**
   * The pods with all of these labels in one namespace: one peer holding a
   * namespace selector AND a pod selector, e.g. the `prometheus` pods of
   * `monitoring` and no other pod of it. (A `namespace` source and a
   * `podsWithLabels` source are two peers: either one matching is enough.)
   *
   * @param namespace the namespace of the pods
   * @param labels the labels the pods carry, at least one
   */
  public static podsInNamespace(namespace: string, labels: { [key: string]: string }): TrafficSource {
    checkDnsLabel(pathScope('TrafficSource.podsInNamespace'), 'namespace', namespace);
    return new TrafficSource(podsPeer('TrafficSource.podsInNamespace', labels, namespace));
  }

  /**
   * Clients whose address is in a range of IP addresses, IPv4 or IPv6,
   * minus the ranges of `except`: for clients outside the cluster (pod
   * addresses change as pods come and go; select pods by their labels).
   * The range must start on its first address (`10.0.0.0/8`, not
   * `10.1.2.3/8`), and each exception must lie strictly inside it.
   *
   * Behind a NodePort or LoadBalancer Service, connections keep the client's
   * address only with `externalTrafficPolicy: Local`; with `Cluster` (the
   * default) they may come from a node's address instead.
   *
   * @param cidr the range, e.g. `203.0.113.0/24` or `2001:db8::/32`
   * @param except ranges inside `cidr` that are not allowed
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
   */
  public static ipBlock(cidr: string, except: string[] = []): TrafficSource {
    return new TrafficSource(ipBlockPeer('TrafficSource.ipBlock', cidr, except));
  }

  /**
   * Any source, inside or outside the cluster: for the pods behind a
   * NodePort Service, whose clients come from outside (often with the
   * address of a node).
   */
  public static anywhere(): TrafficSource {
    return new TrafficSource({ kind: 'anywhere' });
  }

  /** @internal */
  public readonly _peer: Peer;

  private constructor(peer: Peer) {
    this._peer = peer;
  }
}

/**
 * Props of an {@link AllowTraffic} rule.
 */
export interface AllowTrafficProps {
  /** Where the traffic comes from. */
  readonly from: TrafficSource;
  /** The workload whose pods receive the traffic. */
  readonly to: kplus.Workload;
  /**
   * The container ports of `to` the traffic may reach, by number; each must
   * be a port a container of `to` declares. At least one port in `ports` or
   * `portNames`.
   * @default - none; the ports of `portNames`
   */
  readonly ports?: number[];
  /**
   * The container ports of `to` the traffic may reach, by the name a
   * container of `to` declares them under: the policy follows the port if
   * its number changes.
   * @default - none; the ports of `ports`
   */
  readonly portNames?: string[];
  /**
   * Whether to also allow the source's side: an egress NetworkPolicy on the
   * `from` pods, needed when their namespace denies egress. On a namespace
   * that does not, it would deny the `from` pods every other egress.
   * Only for a workload source.
   * @default - true when a DefaultDenyNetworkPolicy of the app denies egress in the source's namespace, created before or after the rule
   */
  readonly egress?: boolean;
  /**
   * Metadata of the NetworkPolicy object; its namespace must be the one of
   * `to`. The egress policy is named after it with `-egress`.
   * @default - a name generated by cdk8s, in the namespace of `to`
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * Allows traffic to a workload's pods on some of their ports, from another
 * workload's pods, pods by label, a namespace, a range of IP addresses or
 * anywhere: a NetworkPolicy (networking.k8s.io/v1) selecting exactly the `to`
 * pods with one ingress rule, e.g. only `tickets-api` may reach `tickets-db`
 * on 5432. Once a policy selects a pod, the pod accepts only what some policy
 * allows, so the rule also shuts out everyone else. Across namespaces the
 * source is selected by its namespace's `kubernetes.io/metadata.name` label
 * too.
 *
 * When a DefaultDenyNetworkPolicy of the app denies egress in a workload
 * source's namespace, the rule also opens the source's side, whichever of
 * the two is created first.
 *
 * Refused: a port or port name the target does not declare, and a workload
 * source whose namespace is unknown while the target's differs.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export class AllowTraffic extends Construct {
  /** The workload whose pods receive the traffic. */
  public readonly to: kplus.Workload;
  /** Where the traffic comes from. */
  public readonly from: TrafficSource;
  /** The NetworkPolicy on the `to` pods. */
  public readonly apiObject: ApiObject;
  private readonly source?: kplus.Workload;
  private readonly ports: k8s.NetworkPolicyPort[];
  private readonly policyName?: string;
  private egress?: ApiObject;

  constructor(scope: Construct, id: string, props: AllowTrafficProps) {
    super(scope, id);
    checkType(this, 'props', props, 'object');
    this.to = requireWorkload(this, 'to', props.to);
    if (!(props.from instanceof TrafficSource)) {
      fail(this, 'from', `must be a TrafficSource (TrafficSource.workload, .namespace, .podsWithLabels, .podsInNamespace, .ipBlock or .anywhere), got ${showValue(props.from)}`);
    }
    this.from = props.from;
    const peer = this.from._peer;
    if (peer.kind === 'workload') this.source = requireWorkload(this, 'from', peer.workload);
    if (peer.kind === 'namespace') checkDnsLabel(this, 'from', peer.namespace!);
    this.ports = this.checkPorts(props);
    checkMetadata(this, 'metadata', props.metadata);
    checkOptionalType(this, 'egress', props.egress, 'boolean');
    this.policyName = props.metadata?.name;

    const toNamespace = namespaceOf(this.to);
    this.apiObject = new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { ...definedName(props.metadata), namespace: props.metadata?.namespace ?? toNamespace },
      spec: Lazy.any({ produce: () => this.ingressPolicy() }),
    });
    checkSameNamespace(this, this.apiObject, this.to, 'a NetworkPolicy applies to pods of its own namespace only');
    if (this.source) checkWorkloadNamespace(this, 'from', this.source, toNamespace, 'to');

    if (props.egress === true && !this.source) {
      fail(this, 'egress', 'is only for a workload source, whose pods the app controls, got true for another kind of source');
    }
    const fromNamespace = this.source ? namespaceOf(this.source) : undefined;
    if (props.egress === true) this.openEgressSide();
    else if (props.egress === undefined && fromNamespace !== undefined) whenEgressDenied(this, fromNamespace, () => this.openEgressSide());
  }

  /** The NetworkPolicy on the `from` pods, when the rule opens the source's side. */
  public get egressPolicy(): ApiObject | undefined {
    return this.egress;
  }

  private checkPorts(props: AllowTrafficProps): k8s.NetworkPolicyPort[] {
    const ports = rulePorts(this, props, this.to);
    if (ports.length === 0) {
      fail(this, 'ports', `must list at least one port of 'to' (or 'portNames' one port name), got ${showValue(props.ports)}`);
    }
    return ports;
  }

  private openEgressSide(): void {
    this.egress = new k8s.KubeNetworkPolicy(this, 'Egress', {
      metadata: { ...(this.policyName && { name: `${this.policyName}-egress` }), namespace: namespaceOf(this.source!) },
      spec: Lazy.any({ produce: () => this.egressPolicySpec() }),
    });
  }

  private ingressPolicy(): k8s.NetworkPolicySpec {
    const from = renderPeer(this.from._peer, namespaceOf(this.to));
    return {
      podSelector: selectorOf(this.to),
      policyTypes: ['Ingress'],
      ingress: [{ from: from && [from], ports: this.ports }],
    };
  }

  private egressPolicySpec(): k8s.NetworkPolicySpec {
    return {
      podSelector: selectorOf(this.source!),
      policyTypes: ['Egress'],
      egress: [{ to: [workloadPeer(this.to, namespaceOf(this.source!))], ports: this.ports }],
    };
  }
}
