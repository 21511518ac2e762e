import { IConstruct } from 'constructs';
import { VolumeMountOptions } from './volume-mount-options';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkAbsolutePath, checkDnsLabel, checkOptionalType, checkType } from '../_validate';
import { StatefulSet } from '../workloads/stateful-set';

/** A checked mount: the container, the path and whether it is read-only. */
export interface PlannedMount {
  readonly container: kplus.Container;
  readonly path: string;
  readonly readOnly: boolean;
}

/** The names the pod's volumes already use, claim templates of a StatefulSet included. */
function volumeNames(workload: kplus.AbstractPod): string[] {
  const names = new Set(workload.volumes.map(v => v.name));
  for (const c of [...workload.containers, ...workload.initContainers]) {
    c.mounts.forEach(m => names.add(m.volume.name));
  }
  if (workload instanceof StatefulSet) {
    workload.volumeClaimTemplates.forEach(t => names.add(t.name));
  }
  return [...names];
}

/** Fails unless the name is a DNS-1123 label no other volume of the pod uses. */
export function checkVolumeName(scope: IConstruct, workload: kplus.AbstractPod, name: string): void {
  checkDnsLabel(scope, 'name', name);
  const taken = volumeNames(workload);
  if (taken.includes(name)) {
    fail(scope, 'name', `must be unique among the pod's volumes, got '${name}' which is already used (volumes: ${taken.join(', ')}); give each volume its own name`);
  }
}

function findContainer(scope: IConstruct, workload: kplus.AbstractPod, name: string | undefined): kplus.Container {
  const all = [...workload.containers, ...workload.initContainers];
  if (name === undefined) {
    if (workload.containers.length === 0) {
      fail(scope, 'workload', 'must already have its containers, got a workload with no containers: add them before the volume');
    }
    return workload.containers[0];
  }
  const found = all.find(c => c.name === name);
  if (!found) {
    fail(scope, 'container', `must name a container of the workload (${all.map(c => c.name).join(', ') || 'none'}), got ${show(name)}`);
  }
  return found;
}

/** The paths a container already mounts something at, claim templates of a StatefulSet included. */
function mountPaths(workload: kplus.AbstractPod, container: kplus.Container): string[] {
  const paths = container.mounts.map(m => m.path);
  if (workload instanceof StatefulSet) {
    const first = workload.containers[0]?.name;
    workload.volumeClaimTemplates
      .filter(t => (t.container ?? first) === container.name)
      .forEach(t => paths.push(t.mountPath));
  }
  return paths;
}

/**
 * Checks a mount: an absolute path the container does not already mount
 * something at. The caller mounts it once its own checks pass.
 */
export function planMount(scope: IConstruct, workload: kplus.AbstractPod, mount: VolumeMountOptions, defaultReadOnly: boolean): PlannedMount {
  checkType(scope, 'mounts[]', mount, 'object');
  const path = mount.mountPath;
  checkAbsolutePath(scope, 'mountPath', path);
  checkOptionalType(scope, 'readOnly', mount.readOnly, 'boolean');
  const container = findContainer(scope, workload, mount.container);
  if (mountPaths(workload, container).includes(path)) {
    fail(scope, 'mountPath', `must not be mounted twice in container '${container.name}', got '${path}' which is already a mount point there`);
  }
  return { container, path, readOnly: mount.readOnly ?? defaultReadOnly };
}

/** The synth-time message of a volume that no container mounts. */
export function unmounted(count: number): string[] {
  return count > 0 ? [] : ["'mounts' must list at least one mount, got none: pass 'mounts' or call addMount()"];
}
