import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { fail, show } from '../_errors';
import { DNS1123_SUBDOMAIN, isDns1035Label } from '../_names';
import { describeConstruct, kindOf } from '../_objects';
import { kplus } from '../_plus';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The label every namespace carries with its own name (set by Kubernetes since 1.22). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** A DNS-1035 label: the name of a Service, which becomes a DNS name; `origin` says where a defaulted value came from. */
export function checkDns1035Label(scope: IConstruct, field: string, value: string, origin = ''): void {
  if (!isDns1035Label(value)) {
    fail(scope, field, `must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters), got ${show(value)}${origin}`);
  }
}

/** An Ingress host: a DNS-1123 subdomain, optionally with a leading `*.` wildcard label; no IP address, no port. */
export function checkHost(scope: IConstruct, field: string, value: string): void {
  const name = typeof value === 'string' && value.startsWith('*.') ? value.slice(2) : value;
  const ok = typeof name === 'string' && value.length <= 253 && DNS1123_SUBDOMAIN.test(name) && !IPV4.test(name);
  if (!ok) {
    fail(scope, field, `must be a DNS name (a lowercase DNS-1123 subdomain, optionally starting with the wildcard label '*.', not an IP address, without a port), got ${show(value)}`);
  }
}

/** Whether a TLS host covers a rule host: the same name, or a `*.` wildcard matching exactly one label. */
export function hostCovers(tlsHost: string, ruleHost: string): boolean {
  if (tlsHost === ruleHost) return true;
  if (!tlsHost.startsWith('*.') || ruleHost.startsWith('*.')) return false;
  const dot = ruleHost.indexOf('.');
  return dot > 0 && ruleHost.slice(dot) === tlsHost.slice(1);
}

/** An Ingress path of type Prefix or Exact, as the API server validates it. */
export function checkIngressPath(scope: IConstruct, field: string, value: string): void {
  const ok = typeof value === 'string' && value.startsWith('/')
    && !['//', '/./', '/../', '%2f', '%2F'].some(s => value.includes(s))
    && !value.endsWith('/..') && !value.endsWith('/.');
  if (!ok) {
    fail(scope, field, `must be an absolute path starting with '/', without '//', '/./', '/../' or '%2f' and not ending in '/.' or '/..', got ${show(value)}`);
  }
}

/** Renders a received value for an error message: a construct by kind and path, anything else as `show` does. */
export function showValue(value: unknown): string {
  return Construct.isConstruct(value) ? describeObject(value) : show(value);
}

/** Fails unless a value is a cdk8s-plus workload: a set of pods that {@link podSelectorOf} selects exactly. */
export function requireWorkload(scope: IConstruct, field: string, workload: unknown): kplus.Workload {
  if (!(workload instanceof kplus.Workload)) {
    fail(scope, field, `must be a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob), got ${showValue(workload)}`);
  }
  return workload;
}

/** Names a construct for an error message by kind and path, e.g. `Deployment ticketing/tickets-api`. */
export function describeObject(c: IConstruct): string {
  return describeConstruct(c, kindOf(c));
}

/** The namespace an object is rendered in, undefined when it names none. */
export function namespaceOf(c: IConstruct): string | undefined {
  return ApiObject.of(c).metadata.namespace;
}

/** Renders a namespace for an error message. */
export function showNamespace(namespace: string | undefined): string {
  return namespace === undefined ? 'no namespace' : `'${namespace}'`;
}

/** Labels and expressions that select pods, as a NetworkPolicy or Service takes them. */
export interface PodSelector {
  readonly matchLabels: { [key: string]: string };
  readonly matchExpressions: kplus.LabelSelectorRequirement[];
}

/**
 * What selects exactly a workload's pods: its own selector, or, for a
 * workload without one (a Job, a CronJob, `select: false`), the
 * `cdk8s.io/metadata.addr` label cdk8s-plus gives the pods of every workload.
 */
export function podSelectorOf(workload: kplus.Workload): PodSelector {
  const matchLabels = workload.matchLabels;
  const matchExpressions = workload.matchExpressions;
  if (Object.keys(matchLabels).length > 0 || matchExpressions.length > 0) return { matchLabels, matchExpressions };
  const address = workload.podMetadata.getLabel(kplus.Pod.ADDRESS_LABEL);
  return { matchLabels: address === undefined ? {} : { [kplus.Pod.ADDRESS_LABEL]: address }, matchExpressions: [] };
}
