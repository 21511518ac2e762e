import { ApiObject, ApiObjectMetadata, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkPlainObject } from '../_boundary';
import { checkContainerProps, checkResources } from './_container-checks';
import { findPortClash } from './_ports';
import { addCheck, fail } from '../_errors';
import { kplus } from '../_plus';
import { podSpecOf, podTemplateJsonPointer } from '../_pod-template';
import { checkDnsLabel, checkInstance } from '../_validate';
import { Qos } from '../qos/qos-class';
import { QosPreset } from '../qos/qos-preset';
import { hardenedSecurityContext, RUNTIME_DEFAULT_SECCOMP } from '../security/_hardening';
import { PodSecurity, PodSecurityLevel } from '../security/pod-security';

/** The pod options every workload of this library takes. */
export interface PodPolicyOptions {
  readonly qos?: QosPreset;
  readonly podSecurityLevel?: PodSecurityLevel;
  readonly metadata?: ApiObjectMetadata;
  readonly containers?: kplus.ContainerProps[];
  readonly initContainers?: kplus.ContainerProps[];
}

type Pod = kplus.AbstractPod & IConstruct;

const POLICIES = new WeakMap<IConstruct, PodPolicy>();

/**
 * What this library adds to a cdk8s-plus pod: names checked, resources from
 * the QoS preset, a hardened security context on every container, a seccomp
 * profile on the pod, and a synth-time check of the whole rendered pod.
 */
export class PodPolicy {
  /** The policy of a workload built by this library, if it is one. */
  public static of(pod: IConstruct): PodPolicy | undefined {
    return POLICIES.get(pod);
  }

  /**
   * The defaults a pattern applies to the helper containers it adds to a pod
   * this library did not build (a plain cdk8s-plus one).
   */
  public static forForeignPod(scope: IConstruct): PodPolicy {
    return new PodPolicy(scope, {});
  }

  /**
   * Registers the policy of a workload: seccomp patch and synth-time checks.
   * Call once, from the workload's constructor.
   */
  public static attach(pod: Pod, options: PodPolicyOptions): PodPolicy {
    const policy = new PodPolicy(pod, options);
    POLICIES.set(pod, policy);
    const resource = ApiObject.of(pod);
    const pointer = podTemplateJsonPointer(resource.kind);
    if (pointer) {
      resource.addJsonPatch(JsonPatch.add(`${pointer}/securityContext/seccompProfile`, RUNTIME_DEFAULT_SECCOMP));
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

  private constructor(private readonly scope: IConstruct, options: PodPolicyOptions) {
    this.qos = options.qos ?? QosPreset.defaults();
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
    return {
      ...props,
      name,
      resources,
      securityContext: hardenedSecurityContext(props.securityContext),
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

  /** Fails unless `cont` is a container whose name is not yet in the pod. */
  public checkAttached(pod: kplus.AbstractPod, cont: kplus.Container): void {
    checkInstance(this.scope, 'container', cont, kplus.Container, 'a cdk8s-plus Container');
    checkUniqueContainerName(this.scope, pod, cont.name);
  }

  private validate(pod: Pod): string[] {
    if (pod.containers.length === 0) {
      return ["'containers' must list at least one container, got none; pass 'containers' or call addContainer()"];
    }
    const manifest = ApiObject.of(pod).toJson();
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
    const clash = findPortClash(found.spec.containers.map((c: any) => ({ name: c.name, ports: c.ports ?? [] })));
    if (clash) errors.push(`'ports' ${clash}`);
    for (const v of PodSecurity.check(manifest, this.level)) {
      errors.push(`'${v.field.replace(/^\./, '')}' must meet the Pod Security Standard '${this.level}' (${v.rule}): ${v.message}; relax it with 'podSecurityLevel' only where the namespace allows it`);
    }
    return errors;
  }
}

/** Fails when a container of that name is already among the pod's containers or init containers. */
export function checkUniqueContainerName(scope: IConstruct, pod: kplus.AbstractPod, name: string): void {
  const taken = [...pod.containers, ...pod.initContainers].map(c => c.name);
  if (taken.includes(name)) {
    fail(scope, 'name', `must be unique within the pod, got '${name}' which is already used (containers: ${taken.join(', ')}); give each container its own name`);
  }
}
