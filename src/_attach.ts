import { createHash } from 'crypto';
import { ApiObjectMetadataDefinition, Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail, show } from './_errors';
import { kplus } from './_plus';
import { checkAbsolutePath, checkDnsLabel } from './_validate';
import { checkUniqueContainerName, PodPolicy } from './workloads/_pod-policy';

/** Fails unless a pattern was given a workload to join. */
export function requireWorkload(scope: IConstruct, pattern: string, workload: kplus.AbstractPod | undefined): kplus.AbstractPod {
  if (!(workload instanceof kplus.AbstractPod)) {
    fail(scope, 'workload', `must be a cdk8s-plus workload (Deployment, StatefulSet, Pod, ...) for the ${pattern} to join, got ${show(workload)}`);
  }
  return workload;
}

/** The container a pattern serves: the named one, or the pod's first. */
export function mainContainer(scope: IConstruct, workload: kplus.AbstractPod, name: string | undefined): kplus.Container {
  const containers = workload.containers;
  if (name === undefined) {
    if (containers.length === 0) {
      fail(scope, 'workload', 'must already have its main container, got a workload with no containers: add it before the pattern');
    }
    return containers[0];
  }
  const found = containers.find(c => c.name === name);
  if (!found) {
    fail(scope, 'mainContainer', `must name a container of the workload (${containers.map(c => c.name).join(', ') || 'none'}), got ${show(name)}`);
  }
  return found;
}

/**
 * Adds a helper container to a pod under the pattern's name, completed with
 * the library's security and QoS defaults even where the pod is a plain
 * cdk8s-plus one.
 */
export function addHelperContainer(scope: IConstruct, workload: kplus.AbstractPod, props: kplus.ContainerProps): kplus.Container {
  const name = props.name!;
  checkDnsLabel(scope, 'name', name);
  checkUniqueContainerName(scope, workload, name);
  const complete = PodPolicy.of(workload) ? props : PodPolicy.forForeignPod(scope).completeContainerProps(props, 'containers');
  return workload.addContainer(complete);
}

/** Adds an init container, with the same defaults as {@link addHelperContainer}. */
export function addHelperInitContainer(scope: IConstruct, workload: kplus.AbstractPod, props: kplus.ContainerProps): kplus.Container {
  if (props.name !== undefined) {
    checkDnsLabel(scope, 'name', props.name);
    checkUniqueContainerName(scope, workload, props.name);
  }
  const complete = PodPolicy.of(workload) ? props : PodPolicy.forForeignPod(scope).completeInitContainerProps(workload, props);
  return workload.addInitContainer(complete);
}

/**
 * A pod-scoped emptyDir volume with a size limit, named after the helper
 * container that owns it: `<container>-shared`, shortened with a hash to fit
 * the 63 characters of a DNS-1123 label.
 */
export function sharedEmptyDir(scope: IConstruct, containerName: string, sizeLimit: Size): kplus.Volume {
  const suffix = '-shared';
  const name = containerName.length + suffix.length <= 63
    ? `${containerName}${suffix}`
    : `${containerName.slice(0, 47)}-${createHash('sha256').update(containerName).digest('hex').slice(0, 8)}${suffix}`;
  return kplus.Volume.fromEmptyDir(scope, 'SharedVolume', name, { sizeLimit });
}

/** Mounts a volume, refusing a path the container already mounts something at. */
export function mountOnce(scope: IConstruct, container: kplus.Container, path: string, volume: kplus.Volume, readOnly: boolean): void {
  checkAbsolutePath(scope, 'mountPath', path);
  if (container.mounts.some(m => m.path === path)) {
    fail(scope, 'mountPath', `must not be mounted twice in container '${container.name}', got ${show(path)} which is already a mount point there`);
  }
  container.mount(path, volume, { readOnly });
}

/** The metadata of the pods a workload runs. */
export function podMetadata(workload: kplus.AbstractPod): ApiObjectMetadataDefinition {
  return workload instanceof kplus.Workload ? workload.podMetadata : workload.metadata;
}

/** Adds a pod annotation, refusing to overwrite a different value. */
export function annotatePod(scope: IConstruct, workload: kplus.AbstractPod, key: string, value: string): void {
  const metadata = podMetadata(workload);
  const current: string | undefined = metadata.toJson().annotations?.[key];
  if (current !== undefined && current !== value) {
    fail(scope, 'annotations', `cannot set '${key}' to '${value}': the pod already has '${current}' there (one pod, one value)`);
  }
  metadata.addAnnotation(key, value);
}

/** Turns a container name into an environment variable prefix: `db-proxy` → `DB_PROXY`, `9proxy` → `_9PROXY`. */
export function envPrefix(name: string): string {
  const prefix = name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return /^[0-9]/.test(prefix) ? `_${prefix}` : prefix;
}

/** An environment variable name every Kubernetes version accepts (a C identifier). */
export function checkEnvName(scope: IConstruct, field: string, name: string): void {
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    fail(scope, field, `must be an environment variable name (letters, digits and '_', not starting with a digit), got ${show(name)}`);
  }
}
