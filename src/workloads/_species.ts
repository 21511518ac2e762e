import { IConstruct } from 'constructs';
import { checkNoGenerateName } from './_metadata';
import { PodPolicy, PodPolicyOptions } from './_pod-policy';
import { CheckedPodProps, checkPodProps, futureScope } from './_props';
import { kplus } from '../_plus';

/*
 * What the workload species (Deployment, StatefulSet, DaemonSet, Job,
 * CronJob, ReplicaSet, Pod) share around their cdk8s-plus base. A species
 * is built in three steps: `super(scope, id, speciesProps(...))`, its own
 * fields, then `attachPolicy(this, props)`; its `addContainer`,
 * `attachContainer` and `addInitContainer` go through `containerProps`,
 * `checkAttached` and `initContainerProps`.
 */

/**
 * The checks of the pod props every species shares: their JavaScript types,
 * enums and Kubernetes ranges, and no `generateName`.
 */
export function checkSpeciesProps(scope: IConstruct, props: CheckedPodProps): void {
  checkPodProps(scope, props);
  checkNoGenerateName(scope, props);
}

/**
 * The props a species hands to its cdk8s-plus constructor. They are checked
 * first by `check` (which includes {@link checkSpeciesProps}), at the path
 * the workload will have, since cdk8s-plus reads (and trips over) some of
 * them before the workload exists; the containers are left out, for
 * {@link attachPolicy} to add once the pod policy can complete them.
 */
export function speciesProps<T extends PodPolicyOptions>(scope: IConstruct, id: string, props: T, check: (scope: IConstruct, props: T) => void): T {
  check(futureScope(scope, id), props);
  return PodPolicy.withoutContainers(props);
}

/**
 * Attaches this library's pod policy to a species cdk8s-plus has built,
 * then adds the containers it was constructed with, init containers first.
 */
export function attachPolicy(pod: kplus.AbstractPod, props: PodPolicyOptions): PodPolicy {
  const policy = PodPolicy.attach(pod, props);
  policy.addInitialContainers(pod, props);
  return policy;
}

/** A container's props, checked and completed with the species' QoS and security defaults. */
export function containerProps(pod: kplus.AbstractPod, props: kplus.ContainerProps): kplus.ContainerProps {
  return PodPolicy.of(pod)!.completeContainerProps(props, 'containers');
}

/** An init container's props, checked (no probes) and completed like a container's. */
export function initContainerProps(pod: kplus.AbstractPod, props: kplus.ContainerProps): kplus.ContainerProps {
  return PodPolicy.of(pod)!.completeInitContainerProps(pod, props);
}

/**
 * Fails unless `cont` is a container whose name is not yet in the species'
 * pod; mounts the pod's writable paths in it.
 */
export function checkAttached(pod: kplus.AbstractPod, cont: kplus.Container): void {
  PodPolicy.of(pod)!.checkAttached(pod, cont);
}
