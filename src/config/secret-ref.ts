import { Construct } from 'constructs';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkDnsSubdomain, checkType } from '../_validate';
import { checkConfigKey, checkConfigKeys, checkEnvValueOptions } from './_content';

/**
 * Props of a {@link SecretRef}.
 */
export interface SecretRefProps {
  /**
   * The name of the Secret, in the namespace of the pods that use it.
   */
  readonly name: string;

  /**
   * The keys the Secret is expected to hold. When given, reading any other
   * key (an injection, `envValue`) fails at synth instead of leaving the pod
   * stuck in `CreateContainerConfigError`.
   * @default - any key: not checked
   */
  readonly keys?: string[];
}

/**
 * A Secret that is created outside the app, referred to by name (and the keys
 * it holds): the secret values never enter the code, the synthesized
 * manifests or the Git repository. Renders nothing.
 *
 * The course creates it by hand:
 * `kubectl create secret generic db-password --from-literal=password=...`,
 * then `new SecretRef(chart, 'db-password', { name: 'db-password', keys: ['password'] })`.
 *
 * The same reference works unchanged with an external secret store that
 * syncs into a Secret of that name: the External Secrets Operator (an
 * `ExternalSecret` whose `spec.target.name` is `db-password`, with a `data`
 * entry whose `secretKey` is `password`, read from Vault, AWS Secrets
 * Manager, GCP Secret Manager...), the Vault Secrets Operator (a
 * `VaultStaticSecret` whose `destination.name` is `db-password`) or Sealed
 * Secrets (a `SealedSecret` named `db-password`). Those objects hold no
 * secret value and can be committed. When the store rotates a value, pods
 * that mount the Secret as files see the new value; environment variables
 * and arguments keep the old one until the pod restarts.
 *
 * Pods that use it wait (`CreateContainerConfigError`, or `ContainerCreating`
 * for a mounted Secret) until it exists.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/secret/
 * @see https://external-secrets.io/latest/api/externalsecret/
 */
export class SecretRef extends Construct implements kplus.ISecret {
  /** The API version of Secrets. */
  public readonly apiVersion = 'v1';
  /** The API group of Secrets: the core group. */
  public readonly apiGroup = '';
  /** The kind, `Secret`. */
  public readonly kind = 'Secret';
  /** The API resource type, for RBAC rules. */
  public readonly resourceType = 'secrets';
  /** The name of the Secret. */
  public readonly name: string;
  private readonly expectedKeys?: string[];

  constructor(scope: Construct, id: string, props: SecretRefProps) {
    super(scope, id);
    checkType(this, 'props', props, 'object');
    checkDnsSubdomain(this, 'name', props.name);
    if (props.keys !== undefined) checkConfigKeys(this, 'keys', props.keys);
    this.name = props.name;
    this.expectedKeys = props.keys ? [...props.keys].sort() : undefined;
  }

  /** The name of the Secret, for RBAC rules. */
  public get resourceName(): string | undefined {
    return this.name;
  }

  /** The keys the Secret is expected to hold, sorted, if they were given. */
  public get keys(): string[] | undefined {
    return this.expectedKeys ? [...this.expectedKeys] : undefined;
  }

  /**
   * An environment variable value read from a key of the Secret.
   *
   * @param key a key of the Secret; one of `keys` when they were given
   * @param options whether the key may be missing
   */
  public envValue(key: string, options?: kplus.EnvValueFromSecretOptions): kplus.EnvValue {
    checkConfigKey(this, 'key', key);
    if (this.expectedKeys && !this.expectedKeys.includes(key)) {
      fail(this, 'key', `must be a key of Secret '${this.name}' (keys: ${this.expectedKeys.join(', ')}), got ${show(key)}`);
    }
    checkEnvValueOptions(this, options);
    return kplus.EnvValue.fromSecretValue({ secret: this, key }, options);
  }
}
