import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { fail, show } from '../_errors';
import { k8s, kplus } from '../_plus';
import { checkOptionalType, checkType } from '../_validate';
import { checkBaseName, checkDataKeys, checkDataSize, checkEnvValueOptions, contentHash } from './_content';
import { secretKind } from './_value-kind';
import { SecretContent } from './secret-content';
import { checkMetadata } from '../_boundary';

/**
 * Props of an {@link ImmutableSecret}.
 */
export interface ImmutableSecretProps {
  /**
   * Metadata of the Secret. `metadata.name` is the base name: the Secret is
   * named `<metadata.name>-<hash>` (at most 242 characters before the suffix).
   * @default - the base name is the construct id
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * Where the value of each key comes from, e.g.
   * `{ password: SecretContent.fromEnv('DB_PASSWORD') }`; keys of letters,
   * digits, '-', '_' and '.', at least one, at most 1 MiB of values in all.
   */
  readonly data: { [key: string]: SecretContent };

  /**
   * Whether values written in the code (`SecretContent.fromLiteral`) are
   * accepted. For test fixtures only: a literal is committed with the code.
   * @default false
   */
  readonly allowLiteralValues?: boolean;
}

/**
 * An Opaque Secret named after a hash of its content and marked
 * `immutable: true`, as kustomize's secretGenerator makes them. Changing a
 * value changes the name and rolls the pods that use it; the same values give
 * the same name, synth after synth.
 *
 * The values are read when it is built (from the synth environment or from
 * files) and rendered base64-encoded in `data`: they end up in the
 * synthesized manifest. Where manifests are committed to Git, refer to a
 * Secret created outside the app with {@link SecretRef} instead.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#secret-immutable
 */
export class ImmutableSecret extends kplus.Resource implements kplus.ISecret {
  /** The API resource type, for RBAC rules. */
  public readonly resourceType = 'secrets';
  /** The name given, without the hash suffix. */
  public readonly baseName: string;
  /** The content hash that ends the name: 10 characters of a SHA-256 of the type and data. */
  public readonly hash: string;
  protected readonly apiObject: ApiObject;
  private readonly dataKeys: string[];

  constructor(scope: Construct, id: string, props: ImmutableSecretProps) {
    super(scope, id);
    checkType(this, 'props', props, 'object');
    checkOptionalType(this, 'allowLiteralValues', props.allowLiteralValues, 'boolean');
    checkMetadata(this, 'metadata', props.metadata, checkBaseName);
    if (props.metadata?.name === undefined) checkBaseName(this, 'metadata.name', id);
    const values: { [key: string]: string } = {};
    let bytes = 0;
    for (const key of checkDataKeys(this, props.data)) {
      const content = props.data[key];
      if (!(content instanceof SecretContent)) {
        fail(this, `data[${key}]`, `must be SecretContent.fromEnv(), fromFile() or fromLiteral(), got ${secretKind(content)} (not shown)`);
      }
      if (content._isLiteral && props.allowLiteralValues !== true) {
        fail(this, `data[${key}]`, 'must not be a literal secret value, which would be committed with the code, got SecretContent.fromLiteral() (value not shown); '
          + "read it with SecretContent.fromEnv() or fromFile(), refer to a Secret created outside the app with SecretRef, or set 'allowLiteralValues: true' (test fixtures only)");
      }
      values[key] = content._read(this, `data[${key}]`);
      bytes += Buffer.byteLength(values[key], 'utf8');
    }
    checkDataSize(this, 'Secret', bytes);
    this.baseName = props.metadata?.name ?? id;
    this.dataKeys = Object.keys(values).sort();
    const encoded = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, Buffer.from(value, 'utf8').toString('base64')]));
    this.hash = contentHash('Secret', encoded, 'Opaque');
    this.apiObject = new k8s.KubeSecret(this, 'Resource', {
      metadata: { ...props.metadata, name: `${this.baseName}-${this.hash}` },
      type: 'Opaque',
      data: encoded,
      immutable: true,
    });
  }

  /** The keys of the Secret, sorted (its values are not exposed). */
  public get keys(): string[] {
    return [...this.dataKeys];
  }

  /**
   * An environment variable value read from a key of this Secret.
   *
   * @param key a key of this Secret
   * @param options whether the key may be missing
   */
  public envValue(key: string, options?: kplus.EnvValueFromSecretOptions): kplus.EnvValue {
    if (!this.dataKeys.includes(key)) {
      fail(this, 'key', `must be a key of Secret '${this.name}' (keys: ${this.dataKeys.join(', ')}), got ${show(key)}`);
    }
    checkEnvValueOptions(this, options);
    return kplus.EnvValue.fromSecretValue({ secret: this, key }, options);
  }
}
