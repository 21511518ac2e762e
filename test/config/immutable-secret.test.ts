import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ImmutableSecret } from '../../src/config/immutable-secret';
import { SecretContent } from '../../src/config/secret-content';
import { find, newChart, synth } from '../harness';

const VARIABLE = 'CDK8S_PATTERNS_TEST_DB_PASSWORD';

/** The name of the Secret built in a fresh app from that literal data. */
function nameOf(data: { [key: string]: string }): string {
  const chart = newChart();
  const contents = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, SecretContent.fromLiteral(v)]));
  new ImmutableSecret(chart, 'db', { data: contents, allowLiteralValues: true });
  return find(synth(chart), 'Secret').metadata.name;
}

describe('ImmutableSecret', () => {
  afterEach(() => {
    delete process.env[VARIABLE];
  });

  test('is an immutable Opaque Secret named after a hash of its data, its values base64-encoded', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    const secret = new ImmutableSecret(chart, 'db', { data: { password: SecretContent.fromLiteral('s3cr3t<&>') }, allowLiteralValues: true });

    // THEN
    const manifest = find(synth(chart), 'Secret');
    expect(manifest).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db-9chkt47t78' },
      type: 'Opaque',
      data: { password: 'czNjcjN0PCY+' },
      immutable: true,
    });
    expect(secret.name).toBe('db-9chkt47t78');
    expect(secret.keys).toEqual(['password']);
  });

  test('gives the name kubectl kustomize (kustomize v5.5.0) gives the same data', () => {
    // Name from `kubectl kustomize` on a secretGenerator with literal password=s3cr3t<&>.
    expect(nameOf({ password: 's3cr3t<&>' })).toBe('db-9chkt47t78');
  });

  test('gives the same name to the same values and another name when a value changes', () => {
    // WHEN
    const first = nameOf({ password: 's3cr3t', user: 'tickets' });
    const again = nameOf({ user: 'tickets', password: 's3cr3t' });
    const changed = nameOf({ password: 's3cr3t!', user: 'tickets' });

    // THEN
    expect(again).toBe(first);
    expect(changed).not.toBe(first);
  });

  test('reads a value from an environment variable of the synth process', () => {
    // GIVEN
    process.env[VARIABLE] = 's3cr3t<&>';
    const chart = newChart();

    // WHEN
    new ImmutableSecret(chart, 'db', { data: { password: SecretContent.fromEnv(VARIABLE) } });

    // THEN
    const manifest = find(synth(chart), 'Secret');
    expect(manifest.metadata.name).toBe('db-9chkt47t78');
    expect(manifest.data).toEqual({ password: 'czNjcjN0PCY+' });
  });

  test('reads a value from a file', () => {
    // GIVEN
    const dir = mkdtempSync(join(tmpdir(), 'immutable-secret-'));
    const file = join(dir, 'password');
    writeFileSync(file, 's3cr3t<&>');
    const chart = newChart();

    // WHEN
    try {
      new ImmutableSecret(chart, 'db', { data: { password: SecretContent.fromFile(file) } });
    } finally {
      rmSync(dir, { recursive: true });
    }

    // THEN
    expect(find(synth(chart), 'Secret').data).toEqual({ password: 'czNjcjN0PCY+' });
  });

  test('gives environment variable values from its keys, and only from them', () => {
    // GIVEN
    const secret = new ImmutableSecret(newChart(), 'db', { data: { password: SecretContent.fromLiteral('x') }, allowLiteralValues: true });

    // WHEN
    const value = secret.envValue('password');

    // THEN
    expect(value.valueFrom).toEqual({ secretKeyRef: { name: secret.name, key: 'password' } });
    expect(() => secret.envValue('pasword')).toThrow(new Error(
      `test/db: 'key' must be a key of Secret '${secret.name}' (keys: password), got 'pasword'`));
  });

  test('renders a Secret read from the synth environment (snapshot)', () => {
    // GIVEN
    process.env[VARIABLE] = 'not-a-real-password';
    const chart = newChart();

    // WHEN
    new ImmutableSecret(chart, 'tickets-db', {
      metadata: { namespace: 'ticketing' },
      data: { password: SecretContent.fromEnv(VARIABLE) },
    });

    // THEN
    expect(synth(chart)).toMatchSnapshot();
  });

  test('fails when a value is a literal and allowLiteralValues is not set', () => {
    expect(() => new ImmutableSecret(newChart(), 'db', { data: { password: SecretContent.fromLiteral('hunter2') } })).toThrow(new Error(
      "test/db: 'data[password]' must not be a literal secret value, which would be committed with the code, got SecretContent.fromLiteral() (value not shown); "
      + 'read it with SecretContent.fromEnv() or fromFile(), refer to a Secret created outside the app with SecretRef, '
      + "or set 'allowLiteralValues: true' (test fixtures only)"));
  });

  test('fails when a value is a plain string, without showing it', () => {
    expect(() => new ImmutableSecret(newChart(), 'db', { data: { password: 'hunter2' as any }, allowLiteralValues: true })).toThrow(new Error(
      "test/db: 'data[password]' must be SecretContent.fromEnv(), fromFile() or fromLiteral(), got a 7-character string (not shown)"));
  });

  test('fails when the environment variable is not set', () => {
    expect(() => new ImmutableSecret(newChart(), 'db', { data: { password: SecretContent.fromEnv(VARIABLE) } })).toThrow(new Error(
      `test/db: 'data[password]' must come from a set environment variable, got '${VARIABLE}' which is not set in the synth environment`));
  });

  test('fails when the file cannot be read', () => {
    expect(() => new ImmutableSecret(newChart(), 'db', { data: { password: SecretContent.fromFile('/nonexistent/password') } })).toThrow(new Error(
      "test/db: 'data[password]' must come from a readable file, got '/nonexistent/password' which cannot be read (ENOENT)"));
  });

  test('fails when the data is empty', () => {
    expect(() => new ImmutableSecret(newChart(), 'db', { data: {} })).toThrow(new Error(
      "test/db: 'data' must hold at least one key, got {}"));
  });

  test('fails when a key is not a Secret key', () => {
    expect(() => new ImmutableSecret(newChart(), 'db', { data: { 'db password': SecretContent.fromEnv(VARIABLE) } })).toThrow(new Error(
      "test/db: 'data' must only have ConfigMap or Secret keys (at most 253 letters, digits, '-', '_' and '.', "
      + "neither '.' nor starting with '..'), got 'db password'"));
  });

  test('fails when the base name is not a DNS-1123 subdomain', () => {
    expect(() => new ImmutableSecret(newChart(), 'DbPassword', { data: { password: SecretContent.fromLiteral('x') }, allowLiteralValues: true })).toThrow(new Error(
      "test/DbPassword: 'metadata.name' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending "
      + "with a letter or digit, at most 253 characters), got 'DbPassword'"));
  });

  test('fails when the namespace of its metadata is not a string (a JavaScript caller)', () => {
    expect(() => new ImmutableSecret(newChart(), 'db', { metadata: { namespace: true as any }, data: { password: SecretContent.fromLiteral('x') }, allowLiteralValues: true })).toThrow(new Error(
      "test/db: 'metadata.namespace' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got true"));
  });

  test('fails when the name of its metadata is null, instead of taking the construct id', () => {
    expect(() => new ImmutableSecret(newChart(), 'db', { metadata: { name: null as any }, data: { password: SecretContent.fromLiteral('hunter2') }, allowLiteralValues: true })).toThrow(new Error(
      "test/db: 'metadata.name' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters), got null"));
  });

  test('fails when a literal is not a string, without showing it', () => {
    expect(() => new ImmutableSecret(newChart(), 'db', { data: { password: SecretContent.fromLiteral(1234 as any) }, allowLiteralValues: true })).toThrow(new Error(
      "test/db: 'data[password]' must be SecretContent.fromLiteral() of a string, got a number (not shown)"));
  });

  test('fails when the data is a secret string, without showing it', () => {
    expect(() => new ImmutableSecret(newChart(), 'db', { data: 'hunter2' as any })).toThrow(new Error(
      "test/db: 'data' must be an object of keys and their values, got a string"));
  });

  test('fails when the environment variable is the secret value passed by mistake, without showing it', () => {
    process.env.DB_PASSWORD_FOR_TEST = 'hunter2';
    expect(() => new ImmutableSecret(newChart(), 'db', { data: { password: SecretContent.fromEnv(process.env.DB_PASSWORD_FOR_TEST as string) } })).toThrow(new Error(
      "test/db: 'data[password]' must come from a set environment variable, got a 7-character string (not shown) which is not set in the synth environment"));
    expect(() => new ImmutableSecret(newChart(), 'db', { data: { password: SecretContent.fromEnv('s3cr3t value') } })).toThrow(new Error(
      "test/db: 'data[password]' must be SecretContent.fromEnv() of an environment variable name (letters, digits and '_', not starting with a digit), got a 12-character string (not shown)"));
    delete process.env.DB_PASSWORD_FOR_TEST;
  });

  test('fails when the file is the secret content passed by mistake, without showing it', () => {
    expect(() => new ImmutableSecret(newChart(), 'db', { data: { password: SecretContent.fromFile('hunter2') } })).toThrow(new Error(
      "test/db: 'data[password]' must come from a readable file, got a 7-character string (not shown) which cannot be read (ENOENT)"));
  });

  test('fails when the environment variable is a name every object inherits (valueOf), which is no variable', () => {
    expect(() => new ImmutableSecret(newChart(), 'db', { data: { password: SecretContent.fromEnv('valueOf') } })).toThrow(new Error(
      "test/db: 'data[password]' must come from a set environment variable, got a 7-character string (not shown) which is not set in the synth environment"));
  });
});
