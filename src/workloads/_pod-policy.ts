import { ApiObject, ApiObjectMetadata, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkPlainObject } from '../_boundary';
import { checkContainerProps, checkResources } from './_container-checks';
import { findPortClash } from './_ports';
import { mountWritable, readOnlyWritablePaths, volumeNamesOf, WritableVolume, writableMountProps, writableSizeLimit, writableVolumes } from './_writable-paths';
import { PodOptions } from './pod-options';
import { addCheck, fail, show } from '../_errors';
import { kplus } from '../_plus';
import { podSpecOf, podTemplateJsonPointer } from '../_pod-template';
import { renderedJson } from '../_render-pass';
import { findState, setState, stateKey } from '../_state';
import { checkDnsLabel, checkInstance } from '../_validate';
import { Qos } from '../qos/qos-class';
import { QosPreset } from '../qos/qos-preset';
import { podPriorityClassName } from '../scheduling/_pod-priority';
import { hardenedSecurityContext, RUNTIME_DEFAULT_SECCOMP } from '../security/_hardening';
import { PodSecurity, PodSecurityLevel } from '../security/pod-security';

/** The pod options every workload of this library takes. */
export interface PodPolicyOptions extends PodOptions {
  readonly metadata?: ApiObjectMetadata;
  readonly containers?: kplus.ContainerProps[];
  readonly initContainers?: kplus.ContainerProps[];
}

type Pod = kplus.AbstractPod & IConstruct;

/** The policy of a workload built by this library, kept on the workload. */
const POLICY = stateKey<PodPolicy>('workloads.pod-policy');

/**
 * What this library adds to a cdk8s-plus pod: names checked, resources from
 * the QoS preset, a hardened security context on every container, the
 * writable paths mounted in every container, a seccomp profile, priority
 * class and readiness gates on the pod, and a synth-time check of the whole
 * rendered pod.
 */
export class PodPolicy {
  /** The policy of a workload built by this library, if it is one. */
  public static of(pod: IConstruct): PodPolicy | undefined {
    return findState(pod, POLICY);
  }

  /**
   * The defaults a pattern applies to the helper containers it adds to a pod
   * this library did not build (a plain cdk8s-plus one).
   */
  public static forForeignPod(scope: IConstruct): PodPolicy {
    return new PodPolicy(scope, {});
  }

  /**
   * Registers the policy of a workload: the pod-spec fields cdk8s-plus-27
   * cannot render (seccomp profile, priority class, readiness gates), the
   * writable paths' volumes and the synth-time checks. Call once, from the
   * workload's constructor, after `super()` and before adding containers.
   */
  public static attach(pod: Pod, options: PodPolicyOptions): PodPolicy {
    const resource = ApiObject.of(pod);
    const priority = podPriorityClassName(pod, options.priorityClass, options.priorityClassName, resource.metadata.namespace);
    const policy = new PodPolicy(pod, options);
    const taken = volumeNamesOf(pod);
    for (const { path, volume } of policy.writable) {
      if (taken.has(volume.name)) {
        fail(pod, 'writablePaths', `must give each path a volume name no other volume of the pod uses, got ${show(path)}, whose volume '${volume.name}' is taken; rename the other volume`);
      }
    }
    policy.writable.forEach(({ volume }) => pod.addVolume(volume));
    setState(pod, POLICY, policy);
    const pointer = podTemplateJsonPointer(resource.kind);
    if (pointer) {
      resource.addJsonPatch(JsonPatch.add(`${pointer}/securityContext/seccompProfile`, RUNTIME_DEFAULT_SECCOMP));
      if (priority !== undefined) resource.addJsonPatch(JsonPatch.add(`${pointer}/priorityClassName`, priority));
      const gates = options.readinessGates ?? [];
      if (gates.length > 0) resource.addJsonPatch(JsonPatch.add(`${pointer}/readinessGates`, gates.map(conditionType => ({ conditionType }))));
    }
    addCheck(pod, () => policy.validate(pod));
    return policy;
  }

  /**
   * The props to hand to the cdk8s-plus constructor: without containers,
   * which it would add before the subclass has its policy; add them with
   * {@link addInitialContainers} once it has.
   */
  public static withoutContainers<T extends PodPolicyOptions>(props: T): T {
    return { ...props, containers: undefined, initContainers: undefined };
  }

  public readonly qos: QosPreset;
  public readonly level: PodSecurityLevel;
  /** The containers that set resources of their own instead of the preset's. */
  private readonly ownResources = new Set<string>();
  /** The pod's writable paths, mounted in every container. */
  private readonly writable: readonly WritableVolume[];

  private constructor(private readonly scope: IConstruct, options: PodPolicyOptions) {
    this.qos = options.qos ?? QosPreset.defaults();
    const sizeLimit = writableSizeLimit(scope, 'writablePathSizeLimit', options.writablePathSizeLimit);
    this.writable = writableVolumes(scope, 'writable', options.writablePaths ?? [], sizeLimit);
    this.level = options.podSecurityLevel ?? PodSecurityLevel.RESTRICTED;
  }

  /** Adds the containers a workload was constructed with, init containers first. */
  public addInitialContainers(pod: kplus.AbstractPod, options: PodPolicyOptions): void {
    options.initContainers?.forEach(c => pod.addInitContainer(c));
    options.containers?.forEach(c => pod.addContainer(c));
  }

  /** Checks and completes the props of a container before cdk8s-plus builds it. */
  public completeContainerProps(props: kplus.ContainerProps, list: 'containers' | 'initContainers'): kplus.ContainerProps {
    checkPlainObject(this.scope, `${list}[]`, props);
    const name = props.name ?? 'main';
    checkDnsLabel(this.scope, `${list}[].name`, name);
    const field = (f: string) => `${list}[${name}].${f}`;
    checkContainerProps(this.scope, field, props);
    const resources = props.resources ?? this.qos.resources;
    checkResources(this.scope, field('resources'), resources);
    if (props.resources !== undefined) this.ownResources.add(name);
    // A copy: cdk8s-plus keeps the array it is given and mounts into it.
    const volumeMounts = list === 'initContainers'
      ? writableMountProps(this.scope, 'writablePaths', name, props, this.writable)
      : props.volumeMounts && [...props.volumeMounts];
    return {
      ...props,
      name,
      resources,
      imagePullPolicy: props.imagePullPolicy ?? defaultPullPolicy(props.image),
      securityContext: hardenedSecurityContext(props.securityContext),
      volumeMounts,
    };
  }

  /** Checks an init container's props: they run to completion, so they take no probes. */
  public completeInitContainerProps(pod: kplus.AbstractPod, props: kplus.ContainerProps): kplus.ContainerProps {
    checkPlainObject(this.scope, 'initContainers[]', props);
    const name = props.name ?? `init-${pod.initContainers.length}`;
    checkUniqueContainerName(this.scope, pod, name);
    for (const probe of ['liveness', 'readiness', 'startup'] as const) {
      if (props[probe]) {
        fail(this.scope, `initContainers[${name}].${probe}`, `is not allowed: init containers run to completion and take no liveness, readiness or startup probe, got a ${probe} probe`);
      }
    }
    if (props.portNumber !== undefined) {
      fail(this.scope, `initContainers[${name}].portNumber`, `is not allowed: cdk8s-plus gives it a startup probe, which init containers cannot have; use 'ports', got ${props.portNumber}`);
    }
    return this.completeContainerProps({ ...props, name }, 'initContainers');
  }

  /**
   * Fails unless `cont` is a container whose name is not yet in the pod;
   * mounts the pod's writable paths in it.
   */
  public checkAttached(pod: kplus.AbstractPod, cont: kplus.Container): void {
    checkInstance(this.scope, 'container', cont, kplus.Container, 'a cdk8s-plus Container');
    checkUniqueContainerName(this.scope, pod, cont.name);
    mountWritable(this.scope, 'writablePaths', cont, this.writable);
  }

  private validate(pod: Pod): string[] {
    if (pod.containers.length === 0) {
      return ["'containers' must list at least one container, got none; pass 'containers' or call addContainer()"];
    }
    const clashes = this.writableNameClashes(pod);
    if (clashes.length > 0) return clashes;
    const manifest = renderedJson(ApiObject.of(pod));
    const found = podSpecOf(manifest);
    if (!found) return [];
    const errors: string[] = [];
    const selector = manifest.spec?.selector;
    if (manifest.apiVersion === 'apps/v1' && !selector?.matchLabels && !selector?.matchExpressions) {
      errors.push("'select' must leave the workload a selector, got none; apps/v1 refuses an empty selector: keep the default 'select: true' or call select()");
    }
    const actual = Qos.classOf(found.spec);
    if (actual !== this.qos.qosClass) {
      const why = Qos.explainNotGuaranteed(found.spec);
      const detail = this.qos.qosClass === 'Guaranteed' && why.length > 0 ? `: ${why.join('; ')}` : '';
      const names: string[] = [...found.spec.containers, ...found.spec.initContainers ?? []].map((c: any) => c.name);
      const own = names.filter(n => this.ownResources.has(n));
      const overrides = detail !== '' || own.length === 0 ? '' : `; ${own.map(n => `'${n}'`).join(', ')} ${own.length === 1 ? 'sets its' : 'set their'} own 'resources' instead of the preset's`;
      errors.push(`'qos' must give the pod the QoS class it names (${this.qos.qosClass}), got a ${actual} pod${detail}${overrides}; give every container equal requests and limits or choose another preset`);
    }
    errors.push(...readOnlyWritablePaths(found.spec));
    const clash = findPortClash(found.spec.containers.map((c: any) => ({ name: c.name, ports: c.ports ?? [] })));
    if (clash) errors.push(`'ports' ${clash}`);
    for (const v of PodSecurity.check(manifest, this.level)) {
      errors.push(`'${v.field.replace(/^\./, '')}' must meet the Pod Security Standard '${this.level}' (${v.rule}): ${v.message}; relax it with 'podSecurityLevel' only where the namespace allows it`);
    }
    return errors;
  }

  /** Volumes added after the writable paths' under one of their names, which cdk8s-plus would refuse with no hint. */
  private writableNameClashes(pod: Pod): string[] {
    const others = [...pod.volumes, ...[...pod.containers, ...pod.initContainers].flatMap(c => c.mounts.map(m => m.volume))];
    return this.writable
      .filter(({ volume }) => others.some(v => v.name === volume.name && v !== volume))
      .map(({ path, volume }) => `'writablePaths' must give each path a volume name no other volume of the pod uses, got ${show(path)}, whose volume '${volume.name}' another volume of the pod takes; rename the other volume`);
  }
}

/** Fails when a container of that name is already among the pod's containers or init containers. */
export function checkUniqueContainerName(scope: IConstruct, pod: kplus.AbstractPod, name: string): void {
  const taken = [...pod.containers, ...pod.initContainers].map(c => c.name);
  if (taken.includes(name)) {
    fail(scope, 'name', `must be unique within the pod, got ${show(name)} which is already used (containers: ${taken.join(', ')}); give each container its own name`);
  }
}

/**
 * The pull policy Kubernetes itself gives a container that names none
 * (`SetDefaults_Container`): `Always` for an image tagged `latest` (a tag
 * that moves), also when it carries a digest, or with neither tag nor
 * digest (which means `latest`); else `IfNotPresent` (a pinned tag or a
 * digest), instead of cdk8s-plus' `Always` for every image.
 *
 * @see https://kubernetes.io/docs/concepts/containers/images/#imagepullpolicy-defaulting
 */
export function defaultPullPolicy(image: string): kplus.ImagePullPolicy {
  const at = image.indexOf('@');
  const named = at < 0 ? image : image.slice(0, at);
  const name = named.slice(named.lastIndexOf('/') + 1);
  const colon = name.lastIndexOf(':');
  const tag = colon < 0 ? (at < 0 ? 'latest' : undefined) : name.slice(colon + 1);
  return tag === 'latest' ? kplus.ImagePullPolicy.ALWAYS : kplus.ImagePullPolicy.IF_NOT_PRESENT;
}
