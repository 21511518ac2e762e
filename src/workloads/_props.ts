import { ApiObjectMetadata, Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkOptionalPlainObject, checkPlainObject, pathScope } from '../_boundary';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import {
  checkInstance,
  checkDnsLabel, checkDnsSubdomain, checkInteger, checkLabelKey, checkLabels, checkOneOf,
  checkOptionalType, checkType, isLabelKey,
} from '../_validate';
import { checkWritablePaths, writableSizeLimit } from './_writable-paths';
import { PodOptions } from './pod-options';
import { QosPreset } from '../qos/qos-preset';
import { checkPriorityProps } from '../scheduling/_pod-priority';
import { PodSecurityLevel } from '../security/pod-security';

/** The largest value of a Kubernetes int32 field (replicas, counts, most seconds). */
export const INT32_MAX = 2 ** 31 - 1;

/**
 * The construct `id` of `scope` will be, for its props to be checked before
 * `super()` builds it: cdk8s-plus reads (and trips over) some of them first.
 */
export function futureScope(scope: IConstruct, id: string): IConstruct {
  return pathScope([scope.node.path, id.replace(/\//g, '--')].filter(p => p !== '').join('/'));
}

/** A count of a Kubernetes int32 field: a whole number of at least `min`, below 2^31. */
export function checkCount(scope: IConstruct, field: string, value: unknown, min: number): void {
  checkInteger(scope, field, value as number, min);
  checkInt32(scope, field, value as number);
}

/** Fails when a number does not fit in a Kubernetes int32 field. */
export function checkInt32(scope: IConstruct, field: string, value: number): void {
  if (value > INT32_MAX) fail(scope, field, `must fit in a Kubernetes int32 (at most ${INT32_MAX}), got ${value}`);
}

/** {@link checkCount} for an optional prop: `undefined` passes. */
export function checkOptionalCount(scope: IConstruct, field: string, value: unknown, min: number): void {
  if (value !== undefined) checkCount(scope, field, value, min);
}

/**
 * A `Duration` that renders as a whole number of seconds of at least `min`,
 * below 2^31 (`Duration.millis(1500)` would make cdk8s throw at synth).
 * Returns the seconds.
 */
export function checkDuration(scope: IConstruct, field: string, value: unknown, min: number): number {
  checkInstance(scope, field, value, Duration, 'a Duration such as Duration.seconds(30)');
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < min) {
    fail(scope, field, `must be a whole number of seconds, at least ${min}, got ${seconds} seconds`);
  }
  checkInt32(scope, field, seconds);
  return seconds;
}

/** {@link checkDuration} for an optional prop: `undefined` passes. */
export function checkOptionalDuration(scope: IConstruct, field: string, value: unknown, min: number): number | undefined {
  return value === undefined ? undefined : checkDuration(scope, field, value, min);
}

/** Object metadata: a DNS-1123 subdomain name, a DNS-1123 label namespace, labels and string annotations. */
export function checkMetadata(scope: IConstruct, field: string, metadata: ApiObjectMetadata | undefined): void {
  if (metadata === undefined) return;
  checkPlainObject(scope, field, metadata);
  if (metadata.name !== undefined) checkDnsSubdomain(scope, `${field}.name`, metadata.name);
  if (metadata.namespace !== undefined) checkDnsLabel(scope, `${field}.namespace`, metadata.namespace);
  if (metadata.labels !== undefined) {
    checkPlainObject(scope, `${field}.labels`, metadata.labels);
    checkLabels(scope, `${field}.labels`, metadata.labels);
  }
  if (metadata.annotations !== undefined) {
    checkPlainObject(scope, `${field}.annotations`, metadata.annotations);
    for (const [key, value] of Object.entries(metadata.annotations)) {
      checkLabelKey(scope, `${field}.annotations[${key}]`, key);
      checkType(scope, `${field}.annotations[${key}]`, value, 'string');
    }
  }
}

/** The pod props every workload of this library takes, from cdk8s-plus and from {@link PodOptions}. */
export interface CheckedPodProps extends kplus.AbstractPodProps, PodOptions {
  readonly metadata?: ApiObjectMetadata;
  readonly podMetadata?: ApiObjectMetadata;
  readonly select?: boolean;
  readonly spread?: boolean;
}

/**
 * Checks the pod props of a workload, before `super()` hands them to
 * cdk8s-plus: their JavaScript types, enums and Kubernetes ranges. The
 * containers are checked one by one as they are added.
 */
export function checkPodProps(scope: IConstruct, props: CheckedPodProps): void {
  checkPlainObject(scope, 'props', props);
  checkMetadata(scope, 'metadata', props.metadata);
  checkMetadata(scope, 'podMetadata', props.podMetadata);
  if (props.qos !== undefined) checkInstance(scope, 'qos', props.qos, QosPreset, 'a QosPreset such as QosPreset.guaranteed(...)');
  if (props.podSecurityLevel !== undefined) checkOneOf(scope, 'podSecurityLevel', props.podSecurityLevel, PodSecurityLevel);
  if (props.restartPolicy !== undefined) checkOneOf(scope, 'restartPolicy', props.restartPolicy, kplus.RestartPolicy);
  for (const list of ['containers', 'initContainers', 'hostAliases'] as const) checkOptionalType(scope, list, props[list], 'array');
  checkOptionalType(scope, 'volumes', props.volumes, 'array');
  props.volumes?.forEach((v, i) => checkInstance(scope, `volumes[${i}]`, v, kplus.Volume, 'a cdk8s-plus Volume'));
  for (const flag of ['select', 'spread', 'automountServiceAccountToken', 'isolate', 'hostNetwork'] as const) {
    checkOptionalType(scope, flag, props[flag], 'boolean');
  }
  checkOptionalType(scope, 'serviceAccount', props.serviceAccount, 'object');
  checkOptionalPlainObject(scope, 'dns', props.dns);
  checkOptionalDuration(scope, 'terminationGracePeriod', props.terminationGracePeriod, 0);
  const context = props.securityContext;
  if (context !== undefined) {
    checkPlainObject(scope, 'securityContext', context);
    for (const id of ['user', 'group', 'fsGroup'] as const) checkOptionalCount(scope, `securityContext.${id}`, context[id], 0);
    checkOptionalType(scope, 'securityContext.ensureNonRoot', context.ensureNonRoot, 'boolean');
    if (context.fsGroupChangePolicy !== undefined) {
      checkOneOf(scope, 'securityContext.fsGroupChangePolicy', context.fsGroupChangePolicy, kplus.FsGroupChangePolicy);
    }
  }
  checkPriorityProps(scope, props.priorityClass, props.priorityClassName);
  checkReadinessGates(scope, props.readinessGates);
  if (props.writablePaths !== undefined) checkWritablePaths(scope, 'writablePaths', props.writablePaths);
  if (props.writablePathSizeLimit !== undefined) {
    writableSizeLimit(scope, 'writablePathSizeLimit', props.writablePathSizeLimit);
    if (props.writablePaths === undefined || props.writablePaths.length === 0) {
      fail(scope, 'writablePathSizeLimit', "must come with 'writablePaths', whose volumes it limits, got a size limit and no writable path");
    }
  }
}

/** Readiness gates: distinct pod condition types, each a qualified name. */
function checkReadinessGates(scope: IConstruct, gates: unknown): void {
  checkOptionalType(scope, 'readinessGates', gates, 'array');
  (gates as unknown[] | undefined)?.forEach((gate, i) => {
    if (!isLabelKey(gate)) {
      fail(scope, `readinessGates[${i}]`, `must be a pod condition type, a qualified name such as 'example.com/load-balancer-ready' (an optional DNS-1123 subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit), got ${show(gate)}`);
    }
    if ((gates as unknown[]).indexOf(gate) !== i) fail(scope, `readinessGates[${i}]`, `must be listed once, got ${show(gate)} twice`);
  });
}
