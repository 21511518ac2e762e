import { readFileSync } from 'fs';
import { IConstruct } from 'constructs';
import { fail, show } from '../_errors';

/**
 * Where the value of a key of an {@link ImmutableSecret} comes from. The
 * value is read once, when the Secret is built.
 *
 * Whatever the source, the value ends up base64-encoded (not encrypted) in
 * the synthesized manifest: do not commit that output unencrypted. Where the
 * manifests go to Git (Argo CD, Flux), keep secrets out of the app and refer
 * to them with {@link SecretRef} instead.
 */
export class SecretContent {
  /**
   * The value of an environment variable of the synth process, e.g. one a CI
   * pipeline sets from its secret store. Synth fails when it is not set.
   *
   * @param variable the environment variable, e.g. `DB_PASSWORD`
   */
  public static fromEnv(variable: string): SecretContent {
    return new SecretContent('env', variable);
  }

  /**
   * The content of a file, read as UTF-8 text, e.g. a git-ignored file or one
   * decrypted by SOPS before synth. Synth fails when it cannot be read.
   *
   * @param path the file, absolute or relative to the working directory
   */
  public static fromFile(path: string): SecretContent {
    return new SecretContent('file', path);
  }

  /**
   * A value written in the code, which would be committed with it. Refused
   * unless the Secret sets `allowLiteralValues: true`: for test fixtures only.
   *
   * @param value the secret value
   */
  public static fromLiteral(value: string): SecretContent {
    return new SecretContent('literal', value);
  }

  private constructor(private readonly source: 'env' | 'file' | 'literal', private readonly ref: string) {}

  /**
   * Whether the value is written in the code.
   *
   * @internal
   */
  public get _isLiteral(): boolean {
    return this.source === 'literal';
  }

  /**
   * Reads the value.
   *
   * @internal
   */
  public _read(scope: IConstruct, field: string): string {
    if (this.source === 'literal') return this.ref;
    if (this.source === 'env') {
      const value = process.env[this.ref];
      if (value === undefined) {
        fail(scope, field, `must come from a set environment variable, got ${show(this.ref)} which is not set in the synth environment`);
      }
      return value;
    }
    try {
      return readFileSync(this.ref, 'utf8');
    } catch (e) {
      fail(scope, field, `must come from a readable file, got ${show(this.ref)} which cannot be read (${(e as NodeJS.ErrnoException).code ?? e})`);
    }
  }
}
