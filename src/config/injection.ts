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
 * Options of {@link Injection.asEnvFrom}.
 */
export interface EnvFromInjectionOptions {
  /**
   * Put in front of every key to name its variable, e.g. `DB_` turns key
   * `HOST` into `DB_HOST`. Every resulting name must be an environment
   * variable name (letters, digits and '_', not starting with a digit):
   * checked against the keys the app knows (`ImmutableConfigMap`,
   * `ImmutableSecret`, a cdk8s-plus `ConfigMap`, `SecretRef.keys`).
   * @default - no prefix: each variable is named after its key
   */
  readonly prefix?: string;
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

  /**
   * The permissions of the files, an integer within 0-0777 written in
   * octal: `0o440` in TypeScript and Python, `0440` in Java (the manifest
   * shows it in decimal, `defaultMode: 288`). The files belong to root; a
   * non-root container reads them through the 'others' read bit (`0o004`),
   * or through the group bits when the pod sets `securityContext.fsGroup`
   * (the kubelet then gives that group read access).
   * @see https://kubernetes.io/docs/concepts/configuration/secret/#secret-files-permissions
   * @default - 0o644, Kubernetes' default: readable by every user
   */
  readonly mode?: number;
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
    return new Injection('env', { key, variable });
  }

  /**
   * An environment variable for every key (`envFrom`), optionally with a
   * prefix. Read once, when the container starts. The container's own
   * variables must not take any of those names (Kubernetes would let them
   * win silently): checked for the keys the app knows, at synth too. The
   * keys of a ConfigMap or Secret created outside the app are not known:
   * the kubelet skips, with an event, a key it does not take as a variable
   * name (one starting with a digit, for example).
   *
   * @param options the prefix of the variable names
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-pod-configmap/#configure-all-key-value-pairs-in-a-configmap-as-container-environment-variables
   */
  public static asEnvFrom(options: EnvFromInjectionOptions = {}): Injection {
    const at = pathScope('Injection.asEnvFrom');
    checkType(at, 'options', options, 'object');
    checkOptionalType(at, 'options.prefix', options.prefix, 'string');
    return new Injection('envFrom', { prefix: options.prefix });
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
    return new Injection('arg', { key, variable: options.variable, flag });
  }

  /**
   * Files in a directory mounted read-only at `mountPath`, one per key. The
   * kubelet updates them when a mutable ConfigMap or Secret changes; the
   * directory replaces whatever the image has at that path.
   *
   * @param mountPath the absolute path of the directory in the container, e.g. `/etc/app`
   * @param options which keys to mount, as which files, with which permissions
   */
  public static asFiles(mountPath: string, options: FilesInjectionOptions = {}): Injection {
    const at = pathScope('Injection.asFiles');
    checkType(at, 'options', options, 'object');
    checkOptionalType(at, 'options.items', options.items, 'object');
    checkOptionalType(at, 'options.mode', options.mode, 'number');
    return new Injection('files', { mountPath, items: options.items, mode: options.mode });
  }

  /** @internal */
  public readonly _way: 'env' | 'arg' | 'envFrom' | 'files';
  /** @internal */
  public readonly _key?: string;
  /** @internal */
  public readonly _variable?: string;
  /** @internal */
  public readonly _prefix?: string;
  /** @internal */
  public readonly _flag?: string;
  /** @internal */
  public readonly _mountPath?: string;
  /** @internal */
  public readonly _items?: { [key: string]: string };
  /** @internal */
  public readonly _mode?: number;

  private constructor(way: 'env' | 'arg' | 'envFrom' | 'files', fields: InjectionFields) {
    this._way = way;
    this._key = fields.key;
    this._variable = fields.variable;
    this._prefix = fields.prefix;
    this._flag = fields.flag;
    this._mountPath = fields.mountPath;
    this._items = fields.items && { ...fields.items };
    this._mode = fields.mode;
  }
}

/** What an injection reads and where it puts it; each way uses some of the fields. */
interface InjectionFields {
  readonly key?: string;
  readonly variable?: string;
  readonly prefix?: string;
  readonly flag?: string;
  readonly mountPath?: string;
  readonly items?: { [key: string]: string };
  readonly mode?: number;
}
