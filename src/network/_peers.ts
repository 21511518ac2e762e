import { IConstruct } from 'constructs';
import { checkPlainObject, pathScope } from '../_boundary';
import { fail, show } from '../_errors';
import { k8s, kplus } from '../_plus';
import { checkLabels, checkOneOf, checkPort, checkPortName, checkType } from '../_validate';
import { describeObject, NAMESPACE_NAME_LABEL, namespaceOf, podSelectorOf, showNamespace, showValue } from './_checks';
import { checkIpBlock } from './_cidr';
import { declaredPorts, describePorts } from './_ports';

/**
 * The other end of a NetworkPolicy rule, as a TrafficSource or a
 * TrafficDestination holds it; the workload is checked by the construct
 * that takes it, everything else by the factory.
 */
export interface Peer {
  readonly kind: 'workload' | 'namespace' | 'anywhere' | 'pods' | 'ipBlock' | 'cluster';
  readonly workload?: unknown;
  readonly namespace?: string;
  readonly labels?: { [key: string]: string };
  readonly cidr?: string;
  readonly except?: string[];
}

/**
 * The pods with some labels, in `namespace` (checked by the caller) or,
 * without one, in the policy's own; checked for the static factory `factory`.
 */
export function podsPeer(factory: string, labels: { [key: string]: string }, namespace?: string): Peer {
  const scope = pathScope(factory);
  checkPlainObject(scope, 'labels', labels);
  checkLabels(scope, 'labels', labels);
  if (Object.keys(labels).length === 0) {
    fail(scope, 'labels', `must hold at least one label, got {}: an empty selector selects every pod; use ${factory.split('.')[0]}.namespace for every pod of a namespace`);
  }
  return { kind: 'pods', labels: { ...labels }, namespace };
}

/** A range of IP addresses; checked for the factory at `path`. */
export function ipBlockPeer(path: string, cidr: string, except: string[]): Peer {
  checkIpBlock(pathScope(path), cidr, except);
  return { kind: 'ipBlock', cidr, except: except.length > 0 ? [...except] : undefined };
}

/** Fails unless a workload peer's namespace is known whenever the policy's other end is in a namespace. */
export function checkWorkloadNamespace(
  scope: IConstruct, field: string, workload: kplus.Workload, policyNamespace: string | undefined, other: string): void {
  const namespace = namespaceOf(workload);
  if (namespace !== policyNamespace && (namespace === undefined || policyNamespace === undefined)) {
    fail(scope, field, `must be in the namespace of '${other}' (${showNamespace(policyNamespace)}), or both must name their namespace, got ${describeObject(workload)} in ${showNamespace(namespace)}: an object without a namespace lands in whichever one it is applied to`);
  }
}

/** A peer as a NetworkPolicy of `policyNamespace` renders it; undefined for any source. */
export function renderPeer(peer: Peer, policyNamespace: string | undefined): k8s.NetworkPolicyPeer | undefined {
  switch (peer.kind) {
    case 'workload': return workloadPeer(peer.workload as kplus.Workload, policyNamespace);
    case 'namespace': return { namespaceSelector: namespaceSelector(peer.namespace!) };
    case 'pods': return {
      namespaceSelector: peer.namespace === undefined ? undefined : namespaceSelector(peer.namespace),
      podSelector: { matchLabels: peer.labels },
    };
    case 'ipBlock': return { ipBlock: { cidr: peer.cidr!, except: peer.except } };
    case 'cluster': return { namespaceSelector: {} };
    default: return undefined;
  }
}

/** The pods of a workload as a NetworkPolicy peer, seen from a policy in `policyNamespace`. */
export function workloadPeer(workload: kplus.Workload, policyNamespace: string | undefined): k8s.NetworkPolicyPeer {
  const namespace = namespaceOf(workload);
  return {
    podSelector: selectorOf(workload),
    namespaceSelector: namespace === policyNamespace ? undefined : namespaceSelector(namespace!),
  };
}

/** Every pod of a namespace, by the label Kubernetes gives each namespace. */
export function namespaceSelector(namespace: string): k8s.LabelSelector {
  return { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } };
}

/** Exactly a workload's pods. */
export function selectorOf(workload: kplus.Workload): k8s.LabelSelector {
  const { matchLabels, matchExpressions } = podSelectorOf(workload);
  return {
    matchLabels: Object.keys(matchLabels).length > 0 ? matchLabels : undefined,
    matchExpressions: matchExpressions.length > 0 ? matchExpressions : undefined,
  };
}

/** The ports a rule allows: numbers and names of the destination pods' container ports. */
export interface PortsRequest {
  readonly ports?: number[];
  readonly portNames?: string[];
  /** The protocols of ports on pods the app does not declare. */
  readonly protocols?: kplus.Protocol[];
}

/**
 * The ports of a rule. With `declaredBy`, a workload, each number and name
 * must be one of its containers' ports, whose protocol it takes; without,
 * each is allowed over each of `protocols`.
 */
export function rulePorts(scope: IConstruct, request: PortsRequest, declaredBy: kplus.Workload | undefined): k8s.NetworkPolicyPort[] {
  const { ports = [], portNames = [], protocols = [kplus.Protocol.TCP] } = request;
  checkType(scope, 'ports', ports, 'array');
  checkType(scope, 'portNames', portNames, 'array');
  const declared = declaredBy === undefined ? undefined : declaredPorts(declaredBy);
  const rendered: k8s.NetworkPolicyPort[] = [];
  for (const port of [...new Set(ports)]) {
    checkPort(scope, 'ports[]', port);
    const found = declared === undefined ? protocols : [...new Set(declared.filter(p => p.number === port).map(p => p.protocol))];
    if (found.length === 0) {
      fail(scope, 'ports', `must be ports a container of ${describeObject(declaredBy!)} declares (${describePorts(declared!)}), got ${port}`);
    }
    rendered.push(...found.map(protocol => ({ port: k8s.IntOrString.fromNumber(port), protocol })));
  }
  for (const name of [...new Set(portNames)]) {
    checkPortName(scope, 'portNames[]', name);
    const found = declared === undefined ? protocols : declared.filter(p => p.name === name).map(p => p.protocol);
    if (found.length === 0) {
      fail(scope, 'portNames', `must name ports a container of ${describeObject(declaredBy!)} declares (${describePorts(declared!)}), got ${show(name)}`);
    }
    rendered.push(...found.map(protocol => ({ port: k8s.IntOrString.fromString(name), protocol })));
  }
  return rendered;
}

/** Fails unless `protocols`, when given, lists Protocols. */
export function checkProtocols(scope: IConstruct, protocols: unknown): void {
  if (protocols === undefined) return;
  checkType(scope, 'protocols', protocols, 'array');
  if ((protocols as unknown[]).length === 0) fail(scope, 'protocols', `must list at least one protocol, got ${showValue(protocols)}`);
  for (const protocol of protocols as unknown[]) checkOneOf(scope, 'protocols[]', protocol, kplus.Protocol);
}
