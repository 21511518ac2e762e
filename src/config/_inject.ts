import { createHash } from 'crypto';
import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { addCheck, fail, show } from '../_errors';
import { kplus } from '../_plus';
import { podTemplateJsonPointer } from '../_pod-template';
import { findState, stateKey, stateOf } from '../_state';
import { ConfigSource } from './config-source';
import { checkEnvName } from '../_attach';
import { C_IDENTIFIER } from '../_names';

/**
 * The arguments rendered for each container of a workload, once an injection
 * has added some: the list a JSON patch of the workload sets. Kept on the workload.
 */
const ARGS = stateKey<Map<kplus.Container, string[]>>('config.args');

/** The volumes injections added to a pod, by name, so that injections of the same files share one. Kept on the pod. */
const VOLUMES = stateKey<Map<string, kplus.Volume>>('config.volumes');

/** The `envFrom` entries injections gave each container of a workload, in the order they were added. Kept on the workload. */
const ENV_FROM = stateKey<Map<kplus.Container, EnvFrom[]>>('config.env-from');

/** What Kubernetes takes as an environment variable name in every version (a C identifier). */

/** One `envFrom` entry: every key of a source, with a prefix, and the injection that asked for it. */
interface EnvFrom {
  readonly source: ConfigSource;
  readonly prefix: string;
  readonly scope: IConstruct;
  readonly field: string;
}

/** A problem of a field, for {@link fail} now or for a synth-time check. */
interface Problem {
  readonly field: string;
  readonly problem: string;
}

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
    fail(scope, field, `must not overwrite an environment variable of container '${container.name}', got ${show(variable)} which it already sets`);
  }
  container.env.addVariable(variable, value);
}

/** Fails when the container already has that flag among its arguments. */
export function checkNewFlag(scope: IConstruct, workload: kplus.AbstractPod, container: kplus.Container, field: string, flag: string): void {
  const args = findState(workload, ARGS)?.get(container) ?? container.args ?? [];
  if (args.some(arg => arg === flag || arg.startsWith(`${flag}=`))) {
    fail(scope, field, `must not be given twice to container '${container.name}', got ${show(flag)} which its arguments already have`);
  }
}

/**
 * Appends an argument to a container of a workload. cdk8s-plus sets a
 * container's arguments once, when it is built: the arguments are rendered
 * through one JSON patch of the workload that sets them all, the container's
 * own first.
 */
export function appendArg(scope: IConstruct, workload: kplus.AbstractPod, container: kplus.Container, arg: string): void {
  const byContainer = stateOf(workload, ARGS, () => new Map<kplus.Container, string[]>());
  let args = byContainer.get(container);
  if (!args) {
    const resource = ApiObject.of(workload);
    const pointer = podTemplateJsonPointer(resource.kind);
    if (!pointer) fail(scope, 'workload', `must be a workload with a pod template for arguments to be added, got a ${resource.kind}`);
    args = [...(container.args ?? [])];
    // JsonPatch copies the value when it is applied, at synth: arguments pushed later are rendered too.
    resource.addJsonPatch(JsonPatch.add(`${pointer}/containers/${workload.containers.indexOf(container)}/args`, args));
    byContainer.set(container, args);
  }
  args.push(arg);
}

/**
 * Gives a container every key of a source as environment variables, with a
 * prefix. Refuses the same source and prefix twice, a key that would not
 * make a variable name, and a variable name the container also sets or
 * another `envFrom` also gives (for the keys the app knows): now, and again
 * at synth, for what was added since.
 */
export function addEnvFrom(
  scope: IConstruct, workload: kplus.AbstractPod, container: kplus.Container, field: string, source: ConfigSource, prefix: string): void {
  const byContainer = stateOf(workload, ENV_FROM, () => new Map<kplus.Container, EnvFrom[]>());
  const entries = byContainer.get(container) ?? [];
  byContainer.set(container, entries);
  const same = entries.find(e => e.source.kind === source.kind && e.source.name === source.name && e.prefix === prefix);
  if (same) {
    const got = prefix ? `prefix '${prefix}'` : 'no prefix';
    fail(scope, field, `must not give container '${container.name}' the keys of ${source.kind} '${source.name}' twice, got ${got} again (already given by '${same.field}' of ${same.scope.node.path})`);
  }
  const entry: EnvFrom = { source, prefix, scope, field };
  const first = envFromProblems(container, entry, entries)[0];
  if (first) fail(scope, first.field, first.problem);
  const earlier = [...entries];
  entries.push(entry);
  container.env.copyFrom(source._envFrom(prefix || undefined));
  addCheck(scope, () => envFromProblems(container, entry, earlier).map(p => `'${p.field}' ${p.problem}`));
}

/** The variables an `envFrom` entry gives, by name, with the key each comes from, when the keys are known. */
function variablesOf(entry: EnvFrom): Map<string, string> | undefined {
  return entry.source._keys && new Map(entry.source._keys.map(key => [`${entry.prefix}${key}`, key]));
}

function envFromProblems(container: kplus.Container, entry: EnvFrom, earlier: EnvFrom[]): Problem[] {
  const variables = variablesOf(entry);
  if (!variables) return [];
  const what = `${entry.source.kind} '${entry.source.name}'`;
  const own = container.env.variables;
  const problems: Problem[] = [];
  for (const [name, key] of variables) {
    if (!C_IDENTIFIER.test(name)) {
      problems.push({
        field: entry.prefix ? `${entry.field}.prefix` : entry.field,
        problem: `must turn every key of ${what} into an environment variable name (letters, digits and '_', not starting with a digit), got key ${show(key)}, which gives ${show(name)}; `
          + (entry.prefix ? 'change the prefix, or ' : '') + 'read such keys one at a time with Injection.asEnv(key, variable)',
      });
      continue;
    }
    const set = Object.prototype.hasOwnProperty.call(own, name) ? own[name] : undefined;
    if (set && !(set.value === undefined && JSON.stringify(set.valueFrom) === JSON.stringify(entry.source._envValue(key).valueFrom))) {
      problems.push({
        field: entry.field,
        problem: `must not give container '${container.name}' a variable it also sets, whose own value would win silently, got ${show(name)} from key ${show(key)} of ${what}; give a prefix, or rename the container's variable`,
      });
    }
    const other = earlier.find(e => variablesOf(e)?.has(name));
    if (other) {
      problems.push({
        field: entry.field,
        problem: `must not give container '${container.name}' a variable that another envFrom gives ('${other.field}' of ${other.scope.node.path}, from ${other.source.kind} '${other.source.name}'), got ${show(name)} from key ${show(key)} of ${what}; give one of them a prefix`,
      });
    }
  }
  return problems;
}

/**
 * The volume of a ConfigMap or Secret (or of some of its keys) in a pod:
 * `configmap-<name>` or `secret-<name>`, with a hash of the items when only
 * some keys are mounted, shortened with a hash to the 63 characters of a
 * DNS-1123 label. A volume with its own file mode gets a hash of it too.
 * Created once per pod and shared.
 */
export function configVolume(
  scope: Construct, workload: kplus.AbstractPod, source: ConfigSource, items?: { [key: string]: string }, mode?: number): kplus.Volume {
  const name = volumeName(source, items, mode);
  const known = stateOf(workload, VOLUMES, () => new Map<string, kplus.Volume>());
  const existing = known.get(name);
  if (existing) return existing;
  const containers = [...workload.containers, ...workload.initContainers];
  const taken = [...workload.volumes, ...containers.flatMap(c => c.mounts.map(m => m.volume))].some(v => v.name === name);
  if (taken) {
    fail(scope, 'source', `must not need the pod volume name '${name}', which another volume of the pod already has, got ${source.kind} '${source.name}'; mount that ${source.kind} through injections only`);
  }
  const volume = source._volume(scope, name, name, items, mode);
  known.set(name, volume);
  return volume;
}

function volumeName(source: ConfigSource, items?: { [key: string]: string }, mode?: number): string {
  const prefix = source.kind === 'ConfigMap' ? 'configmap' : 'secret';
  const base = `${prefix}-${source.name.replace(/\./g, '-')}`;
  const keys = items && Object.keys(items).sort().map(key => [key, items[key]]);
  const selection = mode === undefined ? keys && JSON.stringify(keys) : JSON.stringify([keys ?? null, mode]);
  const name = selection ? `${base}-${hash8(selection)}` : base;
  return name.length <= 63 ? name : `${name.slice(0, 54).replace(/-+$/, '')}-${hash8(name)}`;
}

function hash8(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}
