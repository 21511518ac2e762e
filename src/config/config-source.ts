import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { fail } from '../_errors';
import { kplus } from '../_plus';
import { checkDnsSubdomain, checkOptionalType, checkType } from '../_validate';
import { describeValueKind } from './_value-kind';
import { ImmutableConfigMap } from './immutable-config-map';
import { ImmutableSecret } from './immutable-secret';
import { SecretRef } from './secret-ref';
import { pathScope } from '../_boundary';
import { renderedJson } from '../_render-pass';

/**
 * Options of a {@link ConfigSource}.
 */
export interface ConfigSourceOptions {
  /**
   * Whether the data changes while pods run and the containers must see the
   * changes without a restart (feature flags, log levels, rotated
   * credentials). A dynamic source must be mutable and can only be injected
   * as files (`Injection.asFiles`): the kubelet updates mounted files when
   * the object changes (within about a minute), whereas environment
   * variables and arguments are fixed for the container's life.
   * @default false
   */
  readonly dynamic?: boolean;
}

/**
 * The ConfigMap or Secret an {@link InjectConfig} reads from.
 *
 * How each way of injecting sees a change of the data:
 * - environment variables and arguments are read when the container starts
 *   and never change: a new value needs new pods (an `ImmutableConfigMap` or
 *   `ImmutableSecret` gets a new name, which rolls them);
 * - mounted files are updated in place by the kubelet when a mutable object
 *   changes (never for an immutable one). This library mounts whole
 *   directories, never single files with `subPath`, which the kubelet does
 *   not update.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/configmap/#mounted-configmaps-are-updated-automatically
 */
export class ConfigSource {
  /**
   * A ConfigMap: an `ImmutableConfigMap`, a cdk8s-plus `ConfigMap`, or one
   * created elsewhere (`ConfigMap.fromConfigMapName`).
   *
   * @param configMap the ConfigMap
   * @param options whether its data changes at run time
   */
  public static fromConfigMap(configMap: kplus.IConfigMap, options: ConfigSourceOptions = {}): ConfigSource {
    return new ConfigSource(pathScope('ConfigSource.fromConfigMap'), 'ConfigMap', configMap, options);
  }

  /**
   * A Secret: a {@link SecretRef} to one created outside the app, an
   * `ImmutableSecret`, or a cdk8s-plus one without values written in the
   * code (`Secret.fromSecretName`).
   *
   * @param secret the Secret
   * @param options whether its data changes at run time (e.g. rotated by an external secret store)
   */
  public static fromSecret(secret: kplus.ISecret, options: ConfigSourceOptions = {}): ConfigSource {
    return new ConfigSource(pathScope('ConfigSource.fromSecret'), 'Secret', secret, options);
  }

  /** The kind of the object: `ConfigMap` or `Secret`. */
  public readonly kind: string;
  /** The name of the object. */
  public readonly name: string;
  /** Whether the data changes at run time. */
  public readonly dynamic: boolean;
  private readonly object: kplus.IResource;

  private constructor(at: IConstruct, kind: 'ConfigMap' | 'Secret', object: kplus.IResource, options: ConfigSourceOptions) {
    const field = kind === 'ConfigMap' ? 'configMap' : 'secret';
    if (!Construct.isConstruct(object) || object.kind !== kind) fail(at, field, `must be a ${kind}, got ${describeValueKind(object)}`);
    checkDnsSubdomain(at, `${field}.name`, object.name);
    checkType(at, 'options', options, 'object');
    checkOptionalType(at, 'options.dynamic', options.dynamic, 'boolean');
    this.kind = kind;
    this.object = object;
    this.name = object.name;
    this.dynamic = options.dynamic ?? false;
  }

  /**
   * The keys the object holds, when the app knows them.
   *
   * @internal
   */
  public get _keys(): string[] | undefined {
    const o = this.object;
    if (o instanceof ImmutableConfigMap || o instanceof ImmutableSecret) return o.keys;
    if (o instanceof SecretRef) return o.keys;
    if (o instanceof kplus.ConfigMap) return [...Object.keys(o.data), ...Object.keys(o.binaryData)].sort();
    return undefined;
  }

  /**
   * Fails when the object cannot serve pods of that namespace as asked: a
   * cdk8s-plus Secret with values written in the code, an object of another
   * namespace, or a dynamic source that is immutable.
   *
   * @internal
   */
  public _check(scope: IConstruct, namespace: string | undefined): void {
    const o = this.object;
    const what = `${this.kind} '${this.name}'`;
    if (o instanceof kplus.Secret) {
      const literal = Object.keys(renderedJson(ApiObject.of(o)).stringData ?? {});
      if (literal.length > 0) {
        fail(scope, 'source', 'must not be a cdk8s-plus Secret holding values written in the code, which would be committed with it, '
          + `got ${what} with literal keys ${literal.sort().join(', ')}; `
          + 'refer to a Secret created outside the app with SecretRef, or use ImmutableSecret with SecretContent.fromEnv() or fromFile()');
      }
    }
    const own = o instanceof kplus.Resource ? o.metadata.namespace : undefined;
    if (own !== undefined && namespace !== undefined && own !== namespace) {
      fail(scope, 'source', `must be in the namespace of the workload ('${namespace}'): pods only read ConfigMaps and Secrets of their own namespace, got ${what} in '${own}'`);
    }
    const immutable = o instanceof ImmutableConfigMap || o instanceof ImmutableSecret
      || ((o instanceof kplus.ConfigMap || o instanceof kplus.Secret) && o.immutable);
    if (this.dynamic && immutable) {
      fail(scope, 'source', `must be a mutable ${this.kind} when it is dynamic: the data of an immutable one never changes, got immutable ${what}`);
    }
  }

  /**
   * An environment variable value read from a key.
   *
   * @internal
   */
  public _envValue(key: string): kplus.EnvValue {
    return this.kind === 'ConfigMap'
      ? kplus.EnvValue.fromConfigMap(this.object as kplus.IConfigMap, key)
      : kplus.EnvValue.fromSecretValue({ secret: this.object as kplus.ISecret, key });
  }

  /**
   * Every key as an environment variable, with a prefix.
   *
   * @internal
   */
  public _envFrom(prefix: string | undefined): kplus.EnvFrom {
    return this.kind === 'ConfigMap'
      ? kplus.Env.fromConfigMap(this.object as kplus.IConfigMap, prefix)
      // Env.fromSecret takes no prefix; EnvFrom's constructor is public.
      : new kplus.EnvFrom(undefined, prefix, this.object as kplus.ISecret);
  }

  /**
   * A volume of the whole object, or of the keys given as files at the
   * paths given, with a file mode.
   *
   * @internal
   */
  public _volume(scope: Construct, id: string, name: string, items?: { [key: string]: string }, defaultMode?: number): kplus.Volume {
    const mapping = items && Object.fromEntries(Object.entries(items).map(([key, path]) => [key, { path }]));
    return this.kind === 'ConfigMap'
      ? kplus.Volume.fromConfigMap(scope, id, this.object as kplus.IConfigMap, { name, items: mapping, defaultMode })
      : kplus.Volume.fromSecret(scope, id, this.object as kplus.ISecret, { name, items: mapping, defaultMode });
  }
}
