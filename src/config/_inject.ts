import { createHash } from 'crypto';
import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { fail } from '../_errors';
import { kplus } from '../_plus';
import { podTemplateJsonPointer } from '../_pod-template';
import { ConfigSource } from './config-source';
import { checkEnvName } from '../_attach';

/** The arguments rendered for a container, once an injection has added some: the list a JSON patch of the workload sets. */
const ARGS = new WeakMap<kplus.Container, string[]>();

/** The volumes injections added to a pod, by name, so that injections of the same files share one. */
const VOLUMES = new WeakMap<kplus.AbstractPod, Map<string, kplus.Volume>>();

/**
 * Sets an environment variable, refusing to overwrite one the container
 * already sets, unless to the very same key of the same object.
 */
export function setEnv(scope: IConstruct, container: kplus.Container, field: string, variable: string, value: kplus.EnvValue): void {
  checkEnvName(scope, field, variable);
  const variables = container.env.variables;
  const current = Object.prototype.hasOwnProperty.call(variables, variable) ? variables[variable] : undefined;
  if (current !== undefined) {
    if (current.value === undefined && JSON.stringify(current.valueFrom) === JSON.stringify(value.valueFrom)) return;
    fail(scope, field, `must not overwrite an environment variable of container '${container.name}', got '${variable}' which it already sets`);
  }
  container.env.addVariable(variable, value);
}

/** Fails when the container already has that flag among its arguments. */
export function checkNewFlag(scope: IConstruct, container: kplus.Container, field: string, flag: string): void {
  const args = ARGS.get(container) ?? container.args ?? [];
  if (args.some(arg => arg === flag || arg.startsWith(`${flag}=`))) {
    fail(scope, field, `must not be given twice to container '${container.name}', got '${flag}' which its arguments already have`);
  }
}

/**
 * Appends an argument to a container of a workload. cdk8s-plus sets a
 * container's arguments once, when it is built: the arguments are rendered
 * through one JSON patch of the workload that sets them all, the container's
 * own first.
 */
export function appendArg(scope: IConstruct, workload: kplus.AbstractPod, container: kplus.Container, arg: string): void {
  let args = ARGS.get(container);
  if (!args) {
    const resource = ApiObject.of(workload);
    const pointer = podTemplateJsonPointer(resource.kind);
    if (!pointer) fail(scope, 'workload', `must be a workload with a pod template for arguments to be added, got a ${resource.kind}`);
    args = [...(container.args ?? [])];
    // JsonPatch copies the value when it is applied, at synth: arguments pushed later are rendered too.
    resource.addJsonPatch(JsonPatch.add(`${pointer}/containers/${workload.containers.indexOf(container)}/args`, args));
    ARGS.set(container, args);
  }
  args.push(arg);
}

/**
 * The volume of a ConfigMap or Secret (or of some of its keys) in a pod:
 * `configmap-<name>` or `secret-<name>`, with a hash of the items when only
 * some keys are mounted, shortened with a hash to the 63 characters of a
 * DNS-1123 label. Created once per pod and shared.
 */
export function configVolume(scope: Construct, workload: kplus.AbstractPod, source: ConfigSource, items?: { [key: string]: string }): kplus.Volume {
  const name = volumeName(source, items);
  const known = VOLUMES.get(workload) ?? new Map<string, kplus.Volume>();
  VOLUMES.set(workload, known);
  const existing = known.get(name);
  if (existing) return existing;
  const containers = [...workload.containers, ...workload.initContainers];
  const taken = [...workload.volumes, ...containers.flatMap(c => c.mounts.map(m => m.volume))].some(v => v.name === name);
  if (taken) {
    fail(scope, 'source', `must not need the pod volume name '${name}', which another volume of the pod already has, got ${source.kind} '${source.name}'; mount that ${source.kind} through injections only`);
  }
  const volume = source._volume(scope, name, name, items);
  known.set(name, volume);
  return volume;
}

function volumeName(source: ConfigSource, items?: { [key: string]: string }): string {
  const prefix = source.kind === 'ConfigMap' ? 'configmap' : 'secret';
  const base = `${prefix}-${source.name.replace(/\./g, '-')}`;
  const selection = items && JSON.stringify(Object.keys(items).sort().map(key => [key, items[key]]));
  const name = selection ? `${base}-${hash8(selection)}` : base;
  return name.length <= 63 ? name : `${name.slice(0, 54).replace(/-+$/, '')}-${hash8(name)}`;
}

function hash8(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}
