import { kplus } from '../../src/_plus';
import { ConfigSource } from '../../src/config/config-source';
import { InjectConfig } from '../../src/config/inject-config';
import { Injection } from '../../src/config/injection';
import { SecretRef } from '../../src/config/secret-ref';
import { Deployment } from '../../src/workloads/deployment';
import { container, newChart, podSpec, synth } from '../harness';

const API_IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';

describe('SecretRef', () => {
  test('renders nothing: the Secret is created outside the app', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    const ref = new SecretRef(chart, 'db-password', { name: 'db-password', keys: ['password'] });

    // THEN
    expect(synth(chart)).toEqual([]);
    expect(ref.name).toBe('db-password');
    expect(ref.kind).toBe('Secret');
    expect(ref.keys).toEqual(['password']);
  });

  test('works with cdk8s-plus: environment variables and volumes refer to the Secret by name', () => {
    // GIVEN
    const chart = newChart();
    const ref = new SecretRef(chart, 'db-password', { name: 'db-password' });
    const api = new Deployment(chart, 'api', { containers: [{ name: 'api', image: API_IMAGE }] });

    // WHEN
    api.containers[0].env.addVariable('DB_PASSWORD', ref.envValue('password'));
    api.addVolume(kplus.Volume.fromSecret(chart, 'db-password-volume', ref));

    // THEN
    const spec = podSpec(synth(chart), 'Deployment');
    expect(container(spec, 'api').env).toEqual([
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-password', key: 'password' } } },
    ]);
    expect(spec.volumes).toEqual([{ name: 'secret-db-password', secret: { secretName: 'db-password' } }]);
  });

  test('feeds the API the password the course creates with kubectl (snapshot)', () => {
    // GIVEN: kubectl create secret generic db-password --from-literal=password=...
    const chart = newChart();
    const api = new Deployment(chart, 'api', {
      metadata: { name: 'tickets-api' },
      containers: [{ name: 'api', image: API_IMAGE }],
    });

    // WHEN
    const ref = new SecretRef(chart, 'db-password', { name: 'db-password', keys: ['password'] });
    new InjectConfig(chart, 'db-password-env', {
      workload: api,
      source: ConfigSource.fromSecret(ref),
      injections: [Injection.asEnv('password', 'DB_PASSWORD')],
    });

    // THEN
    expect(synth(chart)).toMatchSnapshot();
  });

  test('fails when the name is not a DNS-1123 subdomain', () => {
    expect(() => new SecretRef(newChart(), 'db', { name: 'DB_PASSWORD' })).toThrow(new Error(
      "test/db: 'name' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending "
      + "with a letter or digit, at most 253 characters), got 'DB_PASSWORD'"));
  });

  test('fails when a key is not a Secret key', () => {
    expect(() => new SecretRef(newChart(), 'db', { name: 'db-password', keys: ['pass word'] })).toThrow(new Error(
      "test/db: 'keys' must only hold ConfigMap or Secret keys (at most 253 letters, digits, '-', '_' and '.', "
      + "neither '.' nor starting with '..'), got 'pass word'"));
  });

  test('fails when keys is empty', () => {
    expect(() => new SecretRef(newChart(), 'db', { name: 'db-password', keys: [] })).toThrow(new Error(
      "test/db: 'keys' must list at least one key, got []"));
  });

  test('fails when a variable reads a key the Secret does not hold', () => {
    // GIVEN
    const ref = new SecretRef(newChart(), 'db', { name: 'db-password', keys: ['password'] });

    // THEN
    expect(() => ref.envValue('username')).toThrow(new Error(
      "test/db: 'key' must be a key of Secret 'db-password' (keys: password), got 'username'"));
  });

  test('fails when envValue is given no key (a JavaScript caller), which would render a secretKeyRef without one', () => {
    const ref = new SecretRef(newChart(), 'db-password', { name: 'db-password' });
    expect(() => ref.envValue(undefined as any)).toThrow(new Error(
      "test/db-password: 'key' must be a ConfigMap or Secret key (at most 253 letters, digits, '-', '_' and '.', neither '.' nor starting with '..'), got undefined"));
  });

  test('fails when the options of envValue are not an object', () => {
    const ref = new SecretRef(newChart(), 'db-password', { name: 'db-password' });
    expect(() => ref.envValue('password', { optional: 'no' as any })).toThrow(new Error("test/db-password: 'options.optional' must be a boolean, got 'no'"));
  });
});
