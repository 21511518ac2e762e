import { Construct } from 'constructs';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkType } from '../_validate';
import { checkConfigKey } from './_content';
import { addEnvFrom, appendArg, checkNewFlag, configVolume, setEnv } from './_inject';
import { describeValueKind } from './_value-kind';
import { ConfigSource } from './config-source';
import { Injection } from './injection';
import { envPrefix, mainContainer, mountOnce, requireWorkload } from '../_attach';
import { C_IDENTIFIER } from '../_names';

const FLAG = /^--?[A-Za-z0-9][^\s=$]*$/;

/** A file mode as it is written in code: `0o440`. */
function octal(mode: number): string {
  return `0o${mode.toString(8).padStart(3, '0')}`;
}

/**
 * Props of an {@link InjectConfig}.
 */
export interface InjectConfigProps {
  /**
   * The pod whose container gets the data.
   */
  readonly workload: kplus.AbstractPod;

  /**
   * The name of the container that gets the data.
   * @default - the workload's first container
   */
  readonly container?: string;

  /**
   * The ConfigMap or Secret the data comes from.
   */
  readonly source: ConfigSource;

  /**
   * How the container gets the data: `Injection.asEnv()`, `asArg()`,
   * `asEnvFrom()` and `asFiles()`, at least one.
   */
  readonly injections: Injection[];
}

/**
 * Gives a container of a workload data of a ConfigMap or Secret, the three
 * ways a container reads configuration:
 *
 * - as environment variables, one key at a time (`valueFrom.configMapKeyRef`
 *   / `secretKeyRef`) or every key at once (`envFrom`, with a prefix);
 * - as command-line arguments `--flag=$(VARIABLE)`, expanded by Kubernetes
 *   from an environment variable set from the key, so that the value is
 *   written nowhere in the manifest;
 * - as files in a directory mounted read-only (cdk8s-plus-27 mounts
 *   ConfigMaps and Secrets writable unless told otherwise), every key or
 *   the keys chosen, with a file mode.
 *
 * Environment variables and arguments are fixed for the container's life;
 * mounted files follow changes of a mutable object (see {@link ConfigSource}).
 *
 * Checked when built: variable names, no variable overwritten (by `envFrom`
 * too, again at synth), no flag given twice, no mount path used twice in the
 * container, only keys the object holds when the app knows them
 * (ImmutableConfigMap, ImmutableSecret, cdk8s-plus ConfigMap, SecretRef with
 * `keys`), file modes a non-root container can read, the object in the
 * workload's namespace, and only files for a dynamic source.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/configmap/#configmaps-and-pods
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#using-a-secret
 */
export class InjectConfig extends Construct {
  /** The container that gets the data. */
  public readonly container: kplus.Container;
  private readonly workload: kplus.AbstractPod;
  private readonly source: ConfigSource;
  private readonly mounted: kplus.Volume[] = [];

  constructor(scope: Construct, id: string, props: InjectConfigProps) {
    super(scope, id);
    checkType(this, 'props', props, 'object');
    this.workload = requireWorkload(this, 'config injection', props.workload);
    this.container = this.findContainer(props.container);
    if (!(props.source instanceof ConfigSource)) {
      fail(this, 'source', `must be ConfigSource.fromConfigMap() or ConfigSource.fromSecret(), got ${describeValueKind(props.source)}`);
    }
    this.source = props.source;
    this.source._check(this, this.workload.metadata.namespace);
    const injections = props.injections;
    if (!Array.isArray(injections) || injections.length === 0) {
      fail(this, 'injections', `must list at least one of Injection.asEnv(), asArg(), asEnvFrom() or asFiles(), got ${Array.isArray(injections) ? 'none' : describeValueKind(injections)}`);
    }
    injections.forEach((injection, i) => this.inject(`injections[${i}]`, injection));
  }

  /** The volumes mounted into the container. */
  public get volumes(): kplus.Volume[] {
    return [...this.mounted];
  }

  private findContainer(name: string | undefined): kplus.Container {
    if (name === undefined) return mainContainer(this, this.workload, undefined);
    const found = this.workload.containers.find(c => c.name === name);
    if (!found) {
      fail(this, 'container', `must name a container of the workload (${this.workload.containers.map(c => c.name).join(', ') || 'none'}), got ${show(name)}`);
    }
    return found;
  }

  private inject(field: string, injection: Injection): void {
    if (!(injection instanceof Injection)) {
      fail(this, field, `must be Injection.asEnv(), asArg(), asEnvFrom() or asFiles(), got ${describeValueKind(injection)}`);
    }
    if (injection._way === 'files') return this.injectFiles(field, injection._mountPath!, injection._items, injection._mode);
    if (injection._way === 'envFrom') {
      this.checkStatic(field, 'environment variables from every key');
      return this.injectEnvFrom(field, injection._prefix);
    }
    const key = injection._key!;
    this.checkKey(`${field}.key`, key);
    this.checkStatic(field, `an ${injection._way === 'env' ? 'environment variable' : 'argument'} from key '${key}'`);
    const variable = injection._variable === undefined ? envPrefix(key) : injection._variable;
    if (injection._way === 'arg') {
      const flag = injection._flag!;
      if (typeof flag !== 'string' || !FLAG.test(flag)) {
        fail(this, `${field}.flag`, `must be a command-line flag such as '--log-level' ('-' or '--', a letter or digit, then no spaces, '=' or '$'), got ${show(flag)}`);
      }
      checkNewFlag(this, this.workload, this.container, `${field}.flag`, flag);
      setEnv(this, this.container, `${field}.variable`, variable, this.source._envValue(key));
      appendArg(this, this.workload, this.container, `${flag}=$(${variable})`);
    } else {
      setEnv(this, this.container, `${field}.variable`, variable, this.source._envValue(key));
    }
  }

  private checkStatic(field: string, what: string): void {
    if (this.source.dynamic) {
      fail(this, field, 'must be Injection.asFiles() for a dynamic source: environment variables and arguments are fixed for the container\'s life, '
        + `mounted files follow changes, got ${what}`);
    }
  }

  private injectEnvFrom(field: string, prefix: string | undefined): void {
    if (prefix !== undefined && !C_IDENTIFIER.test(prefix)) {
      fail(this, `${field}.prefix`, `must start an environment variable name (letters, digits and '_', not starting with a digit), got ${show(prefix)}; leave it out for no prefix`);
    }
    addEnvFrom(this, this.workload, this.container, field, this.source, prefix ?? '');
  }

  private injectFiles(field: string, mountPath: string, items: { [key: string]: string } | undefined, mode: number | undefined): void {
    if (items !== undefined) {
      const keys = Object.keys(items);
      if (keys.length === 0) fail(this, `${field}.items`, 'must map at least one key to a file, got {}: leave it out to mount every key');
      const paths = new Set<string>();
      for (const key of keys) {
        this.checkKey(`${field}.items`, key);
        const path = items[key];
        if (typeof path !== 'string' || path === '' || path.startsWith('/') || path.split('/').includes('..')) {
          fail(this, `${field}.items[${key}]`, `must be a relative file path without '..', got ${show(path)}`);
        }
        if (paths.has(path)) fail(this, `${field}.items[${key}]`, `must be a file path no other key uses, got ${show(path)}`);
        paths.add(path);
      }
    }
    if (mode !== undefined) this.checkMode(`${field}.mode`, mode);
    const volume = configVolume(this, this.workload, this.source, items, mode);
    mountOnce(this, this.container, mountPath, volume, true);
    this.mounted.push(volume);
  }

  /**
   * File permissions within 0-0777 that the container can read: the files
   * belong to root, so a container that must run as non-root reads them
   * through the 'others' bit, or through its group when the pod sets an
   * fsGroup (the kubelet gives that group read access).
   */
  private checkMode(field: string, mode: number): void {
    if (!Number.isInteger(mode) || mode < 0 || mode > 0o777) {
      fail(this, field, `must be file permissions within 0-0777 in octal (0-511), such as 0o440, got ${show(mode)}${Number.isInteger(mode) && mode > 0 ? ` (${octal(mode)} in octal)` : ''}`);
    }
    const pod = this.workload.securityContext;
    const own = this.container.securityContext;
    const user = own.user ?? pod.user;
    const nonRoot = pod.ensureNonRoot || own.ensureNonRoot || (user !== undefined && user !== 0);
    const othersRead = mode % 0o10 >= 0o4;
    if (!othersRead && nonRoot && pod.fsGroup === undefined) {
      fail(this, field, `must let container '${this.container.name}', which runs as non-root, read the files, which belong to root, got ${octal(mode)} (${mode}) on a pod without securityContext.fsGroup; `
        + "add the read bit for others (e.g. 0o444), or set the pod's fsGroup, whose group the kubelet lets read the files");
    }
  }

  private checkKey(field: string, key: string): void {
    checkConfigKey(this, field, key);
    const keys = this.source._keys;
    if (keys && !keys.includes(key)) {
      fail(this, field, `must be a key of ${this.source.kind} '${this.source.name}' (keys: ${keys.join(', ') || 'none'}), got ${show(key)}`);
    }
  }
}
