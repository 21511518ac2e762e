import { pathScope } from '../_boundary';
import { checkOptionalType, checkType } from '../_validate';

/**
 * Options of {@link Injection.asArg}.
 */
export interface ArgInjectionOptions {
  /**
   * The environment variable that carries the value to the argument.
   * @default - the key in upper case, with characters other than letters and digits as '_' (`log.level` → `LOG_LEVEL`)
   */
  readonly variable?: string;
}

/**
 * Options of {@link Injection.asFiles}.
 */
export interface FilesInjectionOptions {
  /**
   * The keys to mount, each with its file path relative to the mount path,
   * e.g. `{ 'app.yaml': 'config/app.yaml' }`; the other keys are left out.
   * @default - every key, as a file named after the key
   */
  readonly items?: { [key: string]: string };
}

/**
 * One way to give a container data of a ConfigMap or Secret, applied by
 * {@link InjectConfig}, which checks the key, variable, flag and mount path
 * against the workload and the source.
 */
export class Injection {
  /**
   * An environment variable set from a key (`valueFrom.configMapKeyRef` or
   * `secretKeyRef`). Read once, when the container starts.
   *
   * @param key the key to read
   * @param variable the environment variable; default: the key in upper case, with characters other than letters and digits as '_'
   */
  public static asEnv(key: string, variable?: string): Injection {
    return new Injection('env', key, variable);
  }

  /**
   * A command-line argument `<flag>=$(VARIABLE)`, where `VARIABLE` is an
   * environment variable set from the key: Kubernetes expands `$(VARIABLE)`
   * when it starts the container, so the value is written nowhere in the
   * manifest. The argument is appended to the container's arguments. Read
   * once, when the container starts. Other processes of the pod see
   * arguments in the process list: prefer files for secrets.
   *
   * @param key the key to read
   * @param flag the flag before '=', e.g. `--log-level`
   * @param options the environment variable that carries the value
   * @see https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#use-environment-variables-to-define-arguments
   */
  public static asArg(key: string, flag: string, options: ArgInjectionOptions = {}): Injection {
    checkType(pathScope('Injection.asArg'), 'options', options, 'object');
    return new Injection('arg', key, options.variable, flag);
  }

  /**
   * Files in a directory mounted read-only at `mountPath`, one per key. The
   * kubelet updates them when a mutable ConfigMap or Secret changes; the
   * directory replaces whatever the image has at that path.
   *
   * @param mountPath the absolute path of the directory in the container, e.g. `/etc/app`
   * @param options which keys to mount, and as which files
   */
  public static asFiles(mountPath: string, options: FilesInjectionOptions = {}): Injection {
    const at = pathScope('Injection.asFiles');
    checkType(at, 'options', options, 'object');
    checkOptionalType(at, 'options.items', options.items, 'object');
    return new Injection('files', undefined, undefined, undefined, mountPath, options.items);
  }

  /** @internal */
  public readonly _way: 'env' | 'arg' | 'files';
  /** @internal */
  public readonly _key?: string;
  /** @internal */
  public readonly _variable?: string;
  /** @internal */
  public readonly _flag?: string;
  /** @internal */
  public readonly _mountPath?: string;
  /** @internal */
  public readonly _items?: { [key: string]: string };

  private constructor(way: 'env' | 'arg' | 'files', key?: string, variable?: string, flag?: string, mountPath?: string, items?: { [key: string]: string }) {
    this._way = way;
    this._key = key;
    this._variable = variable;
    this._flag = flag;
    this._mountPath = mountPath;
    this._items = items && { ...items };
  }
}
