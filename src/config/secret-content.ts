import { readFileSync } from 'fs';
import { IConstruct } from 'constructs';
import { fail, show } from '../_errors';
import { secretKind } from './_value-kind';
import { C_IDENTIFIER } from '../_names';

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
    const ref: unknown = this.ref;
    if (this.source === 'literal') {
      if (typeof ref !== 'string') fail(scope, field, `must be SecretContent.fromLiteral() of a string, got ${secretKind(ref)} (not shown)`);
      return ref;
    }
    if (this.source === 'env') {
      if (typeof ref !== 'string' || !C_IDENTIFIER.test(ref)) {
        fail(scope, field, `must be SecretContent.fromEnv() of an environment variable name (letters, digits and '_', not starting with a digit), got ${secretKind(ref)} (not shown)`);
      }
      // Only the variables themselves: process.env also inherits 'toString', 'valueOf', ...
      const value = Object.prototype.hasOwnProperty.call(process.env, ref) ? process.env[ref] : undefined;
      if (value === undefined) {
        fail(scope, field, `must come from a set environment variable, got ${showRef(ref, CONVENTIONAL_ENV_NAME)} which is not set in the synth environment`);
      }
      return value;
    }
    if (typeof ref !== 'string' || ref === '' || ref.includes('\0')) {
      fail(scope, field, `must be SecretContent.fromFile() of a file path, got ${secretKind(ref)} (not shown)`);
    }
    try {
      return readFileSync(ref, 'utf8');
    } catch (e) {
      fail(scope, field, `must come from a readable file, got ${showRef(ref, PATH_LIKE)} which cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
  }
}

/** Names shown in errors: what a secret value rarely looks like, where a caller may have passed the value instead of its name. */
const CONVENTIONAL_ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const PATH_LIKE = /^[^\s]*[/.][^\s]*$/;

/** A variable name or file path, shown only when it reads as one (it may be a secret value passed by mistake). */
function showRef(ref: string, shape: RegExp): string {
  return shape.test(ref) ? show(ref) : `${secretKind(ref)} (not shown)`;
}
