import { Chart } from 'cdk8s';
import { kplus } from '../../src/_plus';
import { ConfigSource } from '../../src/config/config-source';
import { ImmutableConfigMap } from '../../src/config/immutable-config-map';
import { ImmutableSecret } from '../../src/config/immutable-secret';
import { InjectConfig } from '../../src/config/inject-config';
import { Injection } from '../../src/config/injection';
import { SecretContent } from '../../src/config/secret-content';
import { SecretRef } from '../../src/config/secret-ref';
import { Deployment } from '../../src/workloads/deployment';
import { container, newChart, podSpec, synth } from '../harness';

const API_IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const DB = { HOST: 'tickets-db', PORT: '5432' };
const DB_NAME = 'db-settings-gdf56d2m76';
const ENV_NAME_RULE = "(letters, digits and '_', not starting with a digit)";

interface App {
  readonly chart: Chart;
  readonly api: Deployment;
  readonly db: ConfigSource;
}

/** Our Deployment `tickets-api` with one container `api`, and an ImmutableConfigMap `db-settings` with keys HOST and PORT. */
function ticketsApi(): App {
  const chart = newChart();
  const api = new Deployment(chart, 'api', { metadata: { name: 'tickets-api' }, containers: [{ name: 'api', image: API_IMAGE }] });
  const db = ConfigSource.fromConfigMap(new ImmutableConfigMap(chart, 'db-settings', { data: DB }));
  return { chart, api, db };
}

/** The container `api` of the synthesized Deployment. */
function rendered(chart: Chart): any {
  return container(podSpec(synth(chart), 'Deployment'), 'api');
}

describe('InjectConfig', () => {
  describe('as environment variables from every key (envFrom)', () => {
    test('gives every key of a ConfigMap as a variable, without a prefix by default', () => {
      // GIVEN
      const { chart, api, db } = ticketsApi();

      // WHEN
      new InjectConfig(chart, 'db', { workload: api, source: db, injections: [Injection.asEnvFrom()] });

      // THEN
      const c = rendered(chart);
      expect(c.envFrom).toEqual([{ configMapRef: { name: DB_NAME } }]);
      expect(c.env).toBeUndefined();
    });

    test('puts the prefix in front of every key of a ConfigMap', () => {
      // GIVEN
      const { chart, api, db } = ticketsApi();

      // WHEN
      new InjectConfig(chart, 'db', { workload: api, source: db, injections: [Injection.asEnvFrom({ prefix: 'DB_' })] });

      // THEN
      expect(rendered(chart).envFrom).toEqual([{ configMapRef: { name: DB_NAME }, prefix: 'DB_' }]);
    });

    test('gives every key of a SecretRef, with a prefix', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const ref = new SecretRef(chart, 'db-credentials', { name: 'db-credentials', keys: ['USER', 'PASSWORD'] });

      // WHEN
      new InjectConfig(chart, 'credentials', { workload: api, source: ConfigSource.fromSecret(ref), injections: [Injection.asEnvFrom({ prefix: 'DB_' })] });

      // THEN
      expect(rendered(chart).envFrom).toEqual([{ secretRef: { name: 'db-credentials' }, prefix: 'DB_' }]);
    });

    test('gives every key of an ImmutableSecret', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const secret = new ImmutableSecret(chart, 'api-keys', { data: { PAYMENTS_KEY: SecretContent.fromLiteral('k1') }, allowLiteralValues: true });

      // WHEN
      new InjectConfig(chart, 'keys', { workload: api, source: ConfigSource.fromSecret(secret), injections: [Injection.asEnvFrom()] });

      // THEN
      expect(rendered(chart).envFrom).toEqual([{ secretRef: { name: secret.name } }]);
    });

    test('gives every key of a ConfigMap created outside the app, whose keys it cannot check', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const shared = kplus.ConfigMap.fromConfigMapName(chart, 'shared', 'shared-config');

      // WHEN
      new InjectConfig(chart, 'shared-env', { workload: api, source: ConfigSource.fromConfigMap(shared), injections: [Injection.asEnvFrom({ prefix: 'SHARED_' })] });

      // THEN
      expect(rendered(chart).envFrom).toEqual([{ configMapRef: { name: 'shared-config' }, prefix: 'SHARED_' }]);
    });

    test('gives one source twice with different prefixes, and keeps the variables of other keys', () => {
      // GIVEN
      const { chart, api, db } = ticketsApi();

      // WHEN
      new InjectConfig(chart, 'db', { workload: api, source: db, injections: [Injection.asEnvFrom({ prefix: 'PRIMARY_' }), Injection.asEnvFrom({ prefix: 'REPLICA_' })] });
      api.containers[0].env.addVariable('HOST', kplus.EnvValue.fromValue('0.0.0.0'));

      // THEN
      const c = rendered(chart);
      expect(c.envFrom.map((e: any) => e.prefix)).toEqual(['PRIMARY_', 'REPLICA_']);
      expect(c.env).toEqual([{ name: 'HOST', value: '0.0.0.0' }]);
    });

    test('lets an injection of one key set the same variable from the same key', () => {
      // GIVEN
      const { chart, api, db } = ticketsApi();

      // WHEN
      new InjectConfig(chart, 'db', { workload: api, source: db, injections: [Injection.asEnvFrom(), Injection.asEnv('PORT')] });

      // THEN
      expect(rendered(chart).env).toEqual([{ name: 'PORT', valueFrom: { configMapKeyRef: { name: DB_NAME, key: 'PORT' } } }]);
    });

    test('fails when a key does not make a variable name without a prefix', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const config = new ImmutableConfigMap(chart, 'app-config', { data: { 'LOG_LEVEL': 'info', 'app.yaml': 'a: 1\n' } });

      // THEN
      expect(() => new InjectConfig(chart, 'config', { workload: api, source: ConfigSource.fromConfigMap(config), injections: [Injection.asEnvFrom()] })).toThrow(new Error(
        `test/config: 'injections[0]' must turn every key of ConfigMap '${config.name}' into an environment variable name ${ENV_NAME_RULE}, got key 'app.yaml', which gives 'app.yaml'; `
        + 'read such keys one at a time with Injection.asEnv(key, variable)'));
    });

    test('fails when a key of a SecretRef does not make a variable name with the prefix', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const ref = new SecretRef(chart, 'tls', { name: 'tickets-tls', keys: ['tls.crt', 'tls.key'] });

      // THEN
      expect(() => new InjectConfig(chart, 'tls-env', { workload: api, source: ConfigSource.fromSecret(ref), injections: [Injection.asEnvFrom({ prefix: 'TLS_' })] })).toThrow(new Error(
        `test/tls-env: 'injections[0].prefix' must turn every key of Secret 'tickets-tls' into an environment variable name ${ENV_NAME_RULE}, got key 'tls.crt', which gives 'TLS_tls.crt'; `
        + 'change the prefix, or read such keys one at a time with Injection.asEnv(key, variable)'));
    });

    test('accepts a prefix that makes a key starting with a digit a variable name', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const config = new ImmutableConfigMap(chart, 'retries', { data: { '3XX': 'follow', '5XX': 'retry' } });

      // WHEN
      new InjectConfig(chart, 'retries-env', { workload: api, source: ConfigSource.fromConfigMap(config), injections: [Injection.asEnvFrom({ prefix: 'ON_' })] });

      // THEN
      expect(rendered(chart).envFrom[0].prefix).toBe('ON_');
    });

    test('fails at synth when a key added to a cdk8s-plus ConfigMap afterwards does not make a variable name', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const settings = new kplus.ConfigMap(chart, 'settings', { metadata: { name: 'settings' }, data: { REGION: 'eu-west-1' } });
      new InjectConfig(chart, 'settings-env', { workload: api, source: ConfigSource.fromConfigMap(settings), injections: [Injection.asEnvFrom()] });

      // WHEN
      settings.addData('region.yaml', 'name: eu-west-1\n');

      // THEN
      expect(() => synth(chart)).toThrow(new Error(
        `test/settings-env: 'injections[0]' must turn every key of ConfigMap 'settings' into an environment variable name ${ENV_NAME_RULE}, got key 'region.yaml', which gives 'region.yaml'; `
        + 'read such keys one at a time with Injection.asEnv(key, variable)'));
    });

    test.each(['1DB_', 'DB-', 'DB ', ''])('fails when the prefix is %j', (prefix) => {
      // GIVEN
      const { chart, api, db } = ticketsApi();

      // THEN
      expect(() => new InjectConfig(chart, 'db', { workload: api, source: db, injections: [Injection.asEnvFrom({ prefix })] })).toThrow(new Error(
        `test/db: 'injections[0].prefix' must start an environment variable name ${ENV_NAME_RULE}, got '${prefix}'; leave it out for no prefix`));
    });

    test('fails when the prefix is not a string (a JavaScript caller)', () => {
      expect(() => Injection.asEnvFrom({ prefix: 1 as any })).toThrow(new Error("Injection.asEnvFrom: 'options.prefix' must be a string, got 1"));
    });

    test('fails when the container already sets a variable of that name', () => {
      // GIVEN
      const { chart, api, db } = ticketsApi();
      api.containers[0].env.addVariable('DB_HOST', kplus.EnvValue.fromValue('localhost'));

      // THEN
      expect(() => new InjectConfig(chart, 'db', { workload: api, source: db, injections: [Injection.asEnvFrom({ prefix: 'DB_' })] })).toThrow(new Error(
        `test/db: 'injections[0]' must not give container 'api' a variable it also sets, whose own value would win silently, got 'DB_HOST' from key 'HOST' of ConfigMap '${DB_NAME}'; `
        + "give a prefix, or rename the container's variable"));
    });

    test('fails at synth when the container sets a variable of that name afterwards', () => {
      // GIVEN
      const { chart, api, db } = ticketsApi();
      new InjectConfig(chart, 'db', { workload: api, source: db, injections: [Injection.asEnvFrom()] });

      // WHEN
      api.containers[0].env.addVariable('PORT', kplus.EnvValue.fromValue('8080'));

      // THEN
      expect(() => synth(chart)).toThrow(new Error(
        `test/db: 'injections[0]' must not give container 'api' a variable it also sets, whose own value would win silently, got 'PORT' from key 'PORT' of ConfigMap '${DB_NAME}'; `
        + "give a prefix, or rename the container's variable"));
    });

    test('fails when two sources give a variable of the same name', () => {
      // GIVEN
      const { chart, api, db } = ticketsApi();
      const ref = new SecretRef(chart, 'db-credentials', { name: 'db-credentials', keys: ['HOST', 'PASSWORD'] });
      new InjectConfig(chart, 'db', { workload: api, source: db, injections: [Injection.asEnvFrom({ prefix: 'DB_' })] });

      // THEN
      expect(() => new InjectConfig(chart, 'credentials', { workload: api, source: ConfigSource.fromSecret(ref), injections: [Injection.asEnvFrom({ prefix: 'DB_' })] })).toThrow(new Error(
        "test/credentials: 'injections[0]' must not give container 'api' a variable that another envFrom gives ('injections[0]' of test/db, "
        + `from ConfigMap '${DB_NAME}'), got 'DB_HOST' from key 'HOST' of Secret 'db-credentials'; give one of them a prefix`));
    });

    test('fails when one source is given twice with the same prefix', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const shared = ConfigSource.fromConfigMap(kplus.ConfigMap.fromConfigMapName(chart, 'shared', 'shared-config'));
      new InjectConfig(chart, 'shared-env', { workload: api, source: shared, injections: [Injection.asEnvFrom()] });

      // THEN
      expect(() => new InjectConfig(chart, 'again', { workload: api, source: shared, injections: [Injection.asEnvFrom()] })).toThrow(new Error(
        "test/again: 'injections[0]' must not give container 'api' the keys of ConfigMap 'shared-config' twice, got no prefix again (already given by 'injections[0]' of test/shared-env)"));
    });

    test('fails when the source is dynamic', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const flags = new kplus.ConfigMap(chart, 'flags', { metadata: { name: 'feature-flags' }, data: { WAITLIST: 'true' } });

      // THEN
      expect(() => new InjectConfig(chart, 'flags-env', { workload: api, source: ConfigSource.fromConfigMap(flags, { dynamic: true }), injections: [Injection.asEnvFrom()] })).toThrow(new Error(
        "test/flags-env: 'injections[0]' must be Injection.asFiles() for a dynamic source: environment variables and arguments are fixed "
        + "for the container's life, mounted files follow changes, got environment variables from every key"));
    });
  });
});
