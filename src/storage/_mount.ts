import { ApiObject, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { VolumeDeviceOptions } from './volume-device-options';
import { VolumeMountOptions } from './volume-mount-options';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import { podTemplateJsonPointer } from '../_pod-template';
import { findState, stateKey, stateOf } from '../_state';
import { checkAbsolutePath, checkDnsLabel, checkOptionalType, checkType } from '../_validate';
import { StatefulSet } from '../workloads/stateful-set';

/** A raw block device of a container, as the pod spec's `volumeDevices` lists it. */
interface VolumeDevice {
  readonly name: string;
  readonly devicePath: string;
}

/**
 * The devices of each container: cdk8s-plus-27 does not render
 * `volumeDevices`, so one JSON patch of the workload sets each container's
 * list, which grows as devices are added. Kept on the workload.
 */
const DEVICES = stateKey<Map<kplus.Container, VolumeDevice[]>>('storage.devices');

/** The devices a container of a workload uses. */
function devicesOf(workload: kplus.AbstractPod, container: kplus.Container): VolumeDevice[] {
  return findState(workload, DEVICES)?.get(container) ?? [];
}

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
    fail(scope, 'name', `must be unique among the pod's volumes, got ${show(name)} which is already used (volumes: ${taken.join(', ')}); give each volume its own name`);
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

/** The paths a container already mounts something or a device at, claim templates of a StatefulSet included. */
function mountPaths(workload: kplus.AbstractPod, container: kplus.Container): string[] {
  const paths = [...container.mounts.map(m => m.path), ...devicesOf(workload, container).map(d => d.devicePath)];
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
    fail(scope, 'mountPath', `must not be mounted twice in container '${container.name}', got ${show(path)} which is already a mount point there`);
  }
  return { container, path, readOnly: mount.readOnly ?? defaultReadOnly };
}

/**
 * Checks a device: an absolute path the container does not already mount
 * something or a device at. The caller adds it once its own checks pass.
 */
export function planDevice(scope: IConstruct, workload: kplus.AbstractPod, device: VolumeDeviceOptions): kplus.Container {
  checkType(scope, 'devices[]', device, 'object');
  const path = device.devicePath;
  checkAbsolutePath(scope, 'devicePath', path);
  const container = findContainer(scope, workload, device.container);
  if (mountPaths(workload, container).includes(path)) {
    fail(scope, 'devicePath', `must not be used twice in container '${container.name}', got ${show(path)} which is already a mount point or device there`);
  }
  return container;
}

/** Whether a container already uses a volume as a device. */
export function usesDevice(workload: kplus.AbstractPod, container: kplus.Container, name: string): boolean {
  return devicesOf(workload, container).some(d => d.name === name);
}

/** Adds a volume of the pod to a container's `volumeDevices`. */
export function addDevice(scope: IConstruct, workload: kplus.AbstractPod, container: kplus.Container, device: VolumeDevice): void {
  const byContainer = stateOf(workload, DEVICES, () => new Map<kplus.Container, VolumeDevice[]>());
  let devices = byContainer.get(container);
  if (!devices) {
    const resource = ApiObject.of(workload);
    const pointer = podTemplateJsonPointer(resource.kind);
    if (!pointer) fail(scope, 'workload', `must be a workload with a pod template for devices to be added, got a ${resource.kind}`);
    const init = workload.initContainers.includes(container);
    const index = (init ? workload.initContainers : workload.containers).indexOf(container);
    devices = [];
    // JsonPatch copies the value when it is applied, at synth: devices pushed later are rendered too.
    resource.addJsonPatch(JsonPatch.add(`${pointer}/${init ? 'initContainers' : 'containers'}/${index}/volumeDevices`, devices));
    byContainer.set(container, devices);
  }
  devices.push(device);
}

/** The synth-time message of a volume that no container mounts. */
export function unmounted(count: number): string[] {
  return count > 0 ? [] : ["'mounts' must list at least one mount, got none: pass 'mounts' or call addMount()"];
}
