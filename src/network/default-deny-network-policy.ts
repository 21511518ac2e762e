import { ApiObject, ApiObjectMetadata, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { checkMetadata } from '../_boundary';
import { fail, show } from '../_errors';
import { k8s, kplus } from '../_plus';
import { checkDnsLabel, checkOptionalType, checkType } from '../_validate';
import { NAMESPACE_NAME_LABEL } from './_checks';
import { defaultDenyOf, registerDefaultDeny } from './_registry';

/**
 * Props of a {@link DefaultDenyNetworkPolicy}.
 */
export interface DefaultDenyNetworkPolicyProps {
  /**
   * Metadata of the NetworkPolicy; its namespace is the one whose pods the
   * policy isolates.
   * @default - the name 'default-deny', in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Whether outgoing traffic is denied too, not only incoming traffic.
   * `AllowTraffic` rules from a workload of the namespace then also allow
   * its side of the connection, whether they are created before or after
   * the policy; `AllowEgress` rules allow other destinations.
   * @default false
   */
  readonly denyEgress?: boolean;
  /**
   * Whether the pods may still query DNS (port 53, UDP and TCP, in the
   * `kube-system` namespace) when egress is denied; without it no name
   * resolves, not even the Services of the namespace. Only with `denyEgress`.
   * @default - true when `denyEgress` is true
   */
  readonly allowDns?: boolean;
}

/**
 * A default-deny NetworkPolicy (networking.k8s.io/v1) for a namespace: it
 * selects every pod of the namespace and allows no incoming traffic (and, with
 * `denyEgress`, no outgoing traffic but DNS), so that only what
 * {@link AllowTraffic} rules allow gets through. The network is not secure
 * until it is denied by default: without a policy, every pod can reach every
 * other pod of the cluster.
 *
 * NetworkPolicies need a network plugin that enforces them (Calico, Cilium,
 * ...); on one that does not, they are accepted and ignored. One default-deny
 * policy per namespace and app.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 */
export class DefaultDenyNetworkPolicy extends Construct {
  /** The namespace whose pods the policy isolates. */
  public readonly namespace: string;
  /** Whether outgoing traffic is denied too. */
  public readonly denyEgress: boolean;
  /** Whether DNS queries to `kube-system` stay allowed when egress is denied. */
  public readonly allowDns: boolean;
  /** The NetworkPolicy object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: DefaultDenyNetworkPolicyProps = {}) {
    super(scope, id);
    checkType(this, 'props', props, 'object');
    checkMetadata(this, 'metadata', props.metadata);
    checkOptionalType(this, 'denyEgress', props.denyEgress, 'boolean');
    checkOptionalType(this, 'allowDns', props.allowDns, 'boolean');
    const namespace = props.metadata?.namespace ?? Chart.of(this).namespace;
    if (namespace === undefined) {
      fail(this, 'metadata.namespace', 'must be given (or set on the chart), as a default-deny policy isolates the pods of one namespace, got none');
    }
    checkDnsLabel(this, 'metadata.namespace', namespace);
    const previous = defaultDenyOf(this, namespace);
    if (previous) {
      fail(this, 'metadata.namespace', `must have one default-deny policy only, got ${show(namespace)} which ${previous.node.path} already covers`);
    }
    this.namespace = namespace;
    this.denyEgress = props.denyEgress ?? false;
    if (props.allowDns === true && !this.denyEgress) {
      fail(this, 'allowDns', "only applies when 'denyEgress' is true, got true while egress is allowed");
    }
    this.allowDns = props.allowDns ?? this.denyEgress;
    this.apiObject = new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { ...props.metadata, name: props.metadata?.name ?? 'default-deny', namespace },
      spec: {
        podSelector: {},
        policyTypes: this.denyEgress ? ['Ingress', 'Egress'] : ['Ingress'],
        egress: this.allowDns ? [dnsEgress()] : undefined,
      },
    });
    registerDefaultDeny(this, namespace, this);
  }
}

/** DNS queries to the cluster's DNS server, which runs in kube-system. */
function dnsEgress(): k8s.NetworkPolicyEgressRule {
  return {
    to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } } }],
    ports: [kplus.Protocol.UDP, kplus.Protocol.TCP].map(protocol => ({ port: k8s.IntOrString.fromNumber(53), protocol })),
  };
}
