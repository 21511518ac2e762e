import { Construct } from 'constructs';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkType } from '../_validate';
import { checkConfigKey } from './_content';
import { appendArg, checkNewFlag, configVolume, setEnv } from './_inject';
import { kindOf } from './_kind-of';
import { ConfigSource } from './config-source';
import { Injection } from './injection';
import { envPrefix, mainContainer, mountOnce, requireWorkload } from '../_attach';

const FLAG = /^--?[A-Za-z0-9][^\s=$]*$/;

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
   * How the container gets the data: `Injection.asEnv()`, `asArg()` and
   * `asFiles()`, at least one.
   */
  readonly injections: Injection[];
}

/**
 * Gives a container of a workload data of a ConfigMap or Secret, the three
 * ways a container reads configuration:
 *
 * - as environment variables (`valueFrom.configMapKeyRef` / `secretKeyRef`);
 * - as command-line arguments `--flag=$(VARIABLE)`, expanded by Kubernetes
 *   from an environment variable set from the key, so that the value is
 *   written nowhere in the manifest;
 * - as files in a directory mounted read-only (cdk8s-plus-27 mounts
 *   ConfigMaps and Secrets writable unless told otherwise).
 *
 * Environment variables and arguments are fixed for the container's life;
 * mounted files follow changes of a mutable object (see {@link ConfigSource}).
 *
 * Checked when built: variable names, no variable overwritten, no flag given
 * twice, no mount path used twice in the container, only keys the object
 * holds when the app knows them (ImmutableConfigMap, ImmutableSecret,
 * cdk8s-plus ConfigMap, SecretRef with `keys`), the object in the workload's
 * namespace, and only files for a dynamic source.
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
      fail(this, 'source', `must be ConfigSource.fromConfigMap() or ConfigSource.fromSecret(), got ${kindOf(props.source)}`);
    }
    this.source = props.source;
    this.source._check(this, this.workload.metadata.namespace);
    const injections = props.injections;
    if (!Array.isArray(injections) || injections.length === 0) {
      fail(this, 'injections', `must list at least one of Injection.asEnv(), asArg() or asFiles(), got ${Array.isArray(injections) ? 'none' : kindOf(injections)}`);
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
      fail(this, field, `must be Injection.asEnv(), asArg() or asFiles(), got ${kindOf(injection)}`);
    }
    if (injection._way === 'files') return this.injectFiles(field, injection._mountPath!, injection._items);
    const key = injection._key!;
    this.checkKey(`${field}.key`, key);
    if (this.source.dynamic) {
      fail(this, field, 'must be Injection.asFiles() for a dynamic source: environment variables and arguments are fixed for the container\'s life, '
        + `mounted files follow changes, got an ${injection._way === 'env' ? 'environment variable' : 'argument'} from key '${key}'`);
    }
    const variable = injection._variable === undefined ? envPrefix(key) : injection._variable;
    if (injection._way === 'arg') {
      const flag = injection._flag!;
      if (typeof flag !== 'string' || !FLAG.test(flag)) {
        fail(this, `${field}.flag`, `must be a command-line flag such as '--log-level' ('-' or '--', a letter or digit, then no spaces, '=' or '$'), got ${show(flag)}`);
      }
      checkNewFlag(this, this.container, `${field}.flag`, flag);
      setEnv(this, this.container, `${field}.variable`, variable, this.source._envValue(key));
      appendArg(this, this.workload, this.container, `${flag}=$(${variable})`);
    } else {
      setEnv(this, this.container, `${field}.variable`, variable, this.source._envValue(key));
    }
  }

  private injectFiles(field: string, mountPath: string, items: { [key: string]: string } | undefined): void {
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
    const volume = configVolume(this, this.workload, this.source, items);
    mountOnce(this, this.container, mountPath, volume, true);
    this.mounted.push(volume);
  }

  private checkKey(field: string, key: string): void {
    checkConfigKey(this, field, key);
    const keys = this.source._keys;
    if (keys && !keys.includes(key)) {
      fail(this, field, `must be a key of ${this.source.kind} '${this.source.name}' (keys: ${keys.join(', ') || 'none'}), got '${key}'`);
    }
  }
}
