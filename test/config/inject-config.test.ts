import { Chart, Cron } from 'cdk8s';
import { kplus } from '../../src/_plus';
import { ConfigSource } from '../../src/config/config-source';
import { ImmutableConfigMap } from '../../src/config/immutable-config-map';
import { ImmutableSecret } from '../../src/config/immutable-secret';
import { InjectConfig } from '../../src/config/inject-config';
import { Injection } from '../../src/config/injection';
import { SecretContent } from '../../src/config/secret-content';
import { SecretRef } from '../../src/config/secret-ref';
import { CronJob } from '../../src/workloads/cron-job';
import { Deployment } from '../../src/workloads/deployment';
import { container, find, newChart, podSpec, synth } from '../harness';

const API_IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const SHIPPER_IMAGE = 'fluent/fluent-bit:2.2.2';
const CONFIG = { 'LOG_LEVEL': 'info', 'log.format': 'json', 'app.yaml': 'features:\n  waitlist: true\n' };
const CONFIG_NAME = 'app-config-dd86k9m95d';

interface App {
  readonly chart: Chart;
  readonly api: Deployment;
  readonly config: ConfigSource;
}

/** Our Deployment `tickets-api` with one container `api` started with `serve`, and an ImmutableConfigMap `app-config`. */
function ticketsApi(): App {
  const chart = newChart();
  const api = new Deployment(chart, 'api', {
    metadata: { name: 'tickets-api' },
    containers: [{ name: 'api', image: API_IMAGE, args: ['serve'] }],
  });
  const config = ConfigSource.fromConfigMap(new ImmutableConfigMap(chart, 'app-config', { data: CONFIG }));
  return { chart, api, config };
}

/** The container `name` of the synthesized Deployment. */
function rendered(chart: Chart, name = 'api'): any {
  return container(podSpec(synth(chart), 'Deployment'), name);
}

describe('InjectConfig', () => {
  describe('as environment variables', () => {
    test('sets a variable whose name every object inherits (constructor)', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();

      // WHEN
      new InjectConfig(chart, 'config', { workload: api, source: config, injections: [Injection.asEnv('LOG_LEVEL', 'constructor')] });

      // THEN
      expect(rendered(chart).env).toEqual([
        { name: 'constructor', valueFrom: { configMapKeyRef: { name: CONFIG_NAME, key: 'LOG_LEVEL' } } },
      ]);
    });

    test('sets a variable from a ConfigMap key through configMapKeyRef', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();

      // WHEN
      new InjectConfig(chart, 'config', { workload: api, source: config, injections: [Injection.asEnv('LOG_LEVEL', 'LOG_LEVEL')] });

      // THEN
      expect(rendered(chart).env).toEqual([
        { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: CONFIG_NAME, key: 'LOG_LEVEL' } } },
      ]);
    });

    test('sets a variable from a Secret key through secretKeyRef', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const ref = new SecretRef(chart, 'db-password', { name: 'db-password', keys: ['password'] });

      // WHEN
      new InjectConfig(chart, 'db', { workload: api, source: ConfigSource.fromSecret(ref), injections: [Injection.asEnv('password', 'DB_PASSWORD')] });

      // THEN
      expect(rendered(chart).env).toEqual([
        { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-password', key: 'password' } } },
      ]);
    });

    test('names the variable after the key when no name is given', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();

      // WHEN
      new InjectConfig(chart, 'config', { workload: api, source: config, injections: [Injection.asEnv('log.format')] });

      // THEN
      expect(rendered(chart).env.map((e: any) => e.name)).toEqual(['LOG_FORMAT']);
    });

    test('a new ImmutableConfigMap content gives the pod template a new ConfigMap name, which rolls the pods', () => {
      // GIVEN
      const templates = ['info', 'debug'].map(level => {
        const chart = newChart();
        const api = new Deployment(chart, 'api', { containers: [{ name: 'api', image: API_IMAGE }] });
        const map = new ImmutableConfigMap(chart, 'app-config', { data: { ...CONFIG, LOG_LEVEL: level } });

        // WHEN
        new InjectConfig(chart, 'config', { workload: api, source: ConfigSource.fromConfigMap(map), injections: [Injection.asEnv('LOG_LEVEL')] });
        return find(synth(chart), 'Deployment').spec.template;
      });

      // THEN
      expect(templates[1]).not.toEqual(templates[0]);
      expect(templates[1].spec.containers[0].env[0].valueFrom.configMapKeyRef.name).not.toBe(CONFIG_NAME);
    });
  });

  describe('as arguments', () => {
    test('appends --flag=$(VARIABLE) to the container arguments and sets VARIABLE from the key, never the value', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();

      // WHEN
      new InjectConfig(chart, 'config', { workload: api, source: config, injections: [Injection.asArg('log.format', '--log-format')] });

      // THEN
      const api0 = rendered(chart);
      expect(api0.args).toEqual(['serve', '--log-format=$(LOG_FORMAT)']);
      expect(api0.env).toEqual([{ name: 'LOG_FORMAT', valueFrom: { configMapKeyRef: { name: CONFIG_NAME, key: 'log.format' } } }]);
      expect(JSON.stringify(api0.args)).not.toContain('json');
    });

    test('passes a secret as an argument without writing it in the manifest', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const secret = new ImmutableSecret(chart, 'db', { data: { password: SecretContent.fromLiteral('s3cr3t') }, allowLiteralValues: true });

      // WHEN
      new InjectConfig(chart, 'db-args', {
        workload: api,
        source: ConfigSource.fromSecret(secret),
        injections: [Injection.asArg('password', '--db-password', { variable: 'DB_PASSWORD' })],
      });

      // THEN
      const api0 = rendered(chart);
      expect(api0.args).toEqual(['serve', '--db-password=$(DB_PASSWORD)']);
      expect(api0.env).toEqual([{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: secret.name, key: 'password' } } }]);
      expect(JSON.stringify(synth(chart))).not.toContain('s3cr3t');
    });

    test('keeps the order of injections, across constructs, and patches the right container', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();
      api.addContainer({ name: 'shipper', image: SHIPPER_IMAGE });

      // WHEN
      new InjectConfig(chart, 'config', {
        workload: api,
        source: config,
        injections: [Injection.asArg('LOG_LEVEL', '--log-level'), Injection.asArg('log.format', '--log-format')],
      });
      new InjectConfig(chart, 'shipper-config', {
        workload: api,
        container: 'shipper',
        source: config,
        injections: [Injection.asArg('LOG_LEVEL', '-v')],
      });

      // THEN
      expect(rendered(chart).args).toEqual(['serve', '--log-level=$(LOG_LEVEL)', '--log-format=$(LOG_FORMAT)']);
      expect(rendered(chart, 'shipper').args).toEqual(['-v=$(LOG_LEVEL)']);
    });

    test('patches the pod template of any workload kind, e.g. a CronJob', () => {
      // GIVEN
      const chart = newChart();
      const job = new CronJob(chart, 'release-seats', { schedule: Cron.hourly(), containers: [{ name: 'release', image: API_IMAGE }] });
      const map = new ImmutableConfigMap(chart, 'app-config', { data: CONFIG });

      // WHEN
      new InjectConfig(chart, 'config', { workload: job, source: ConfigSource.fromConfigMap(map), injections: [Injection.asArg('LOG_LEVEL', '--log-level')] });

      // THEN
      const release = container(podSpec(synth(chart), 'CronJob'), 'release');
      expect(release.args).toEqual(['--log-level=$(LOG_LEVEL)']);
      expect(release.env).toEqual([{ name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: CONFIG_NAME, key: 'LOG_LEVEL' } } }]);
    });

    test('shares the variable of an environment injection of the same key', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();

      // WHEN
      new InjectConfig(chart, 'config', {
        workload: api,
        source: config,
        injections: [Injection.asEnv('LOG_LEVEL'), Injection.asArg('LOG_LEVEL', '--log-level')],
      });

      // THEN
      const api0 = rendered(chart);
      expect(api0.env).toHaveLength(1);
      expect(api0.args).toEqual(['serve', '--log-level=$(LOG_LEVEL)']);
    });
  });

  describe('as files', () => {
    test('mounts every key as a file in a read-only directory', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();

      // WHEN
      const injection = new InjectConfig(chart, 'config', { workload: api, source: config, injections: [Injection.asFiles('/etc/tickets')] });

      // THEN
      const spec = podSpec(synth(chart), 'Deployment');
      expect(container(spec, 'api').volumeMounts).toEqual([{ name: `configmap-${CONFIG_NAME}`, mountPath: '/etc/tickets', readOnly: true }]);
      expect(spec.volumes).toEqual([{ name: `configmap-${CONFIG_NAME}`, configMap: { name: CONFIG_NAME } }]);
      expect(injection.volumes.map(v => v.name)).toEqual([`configmap-${CONFIG_NAME}`]);
    });

    test('mounts only the keys given, at the paths given, in a volume of its own', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();

      // WHEN
      new InjectConfig(chart, 'config', {
        workload: api,
        source: config,
        injections: [Injection.asFiles('/etc/tickets', { items: { 'app.yaml': 'config/app.yaml' } })],
      });

      // THEN
      const spec = podSpec(synth(chart), 'Deployment');
      expect(spec.volumes).toEqual([{
        name: `configmap-${CONFIG_NAME}-486e9ec4`,
        configMap: { name: CONFIG_NAME, items: [{ key: 'app.yaml', path: 'config/app.yaml' }] },
      }]);
      expect(container(spec, 'api').volumeMounts[0].readOnly).toBe(true);
    });

    test('mounts a Secret read-only', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const ref = new SecretRef(chart, 'tls', { name: 'tickets-tls', keys: ['tls.crt', 'tls.key'] });

      // WHEN
      new InjectConfig(chart, 'tls-files', { workload: api, source: ConfigSource.fromSecret(ref), injections: [Injection.asFiles('/run/secrets/tls')] });

      // THEN
      const spec = podSpec(synth(chart), 'Deployment');
      expect(container(spec, 'api').volumeMounts).toEqual([{ name: 'secret-tickets-tls', mountPath: '/run/secrets/tls', readOnly: true }]);
      expect(spec.volumes).toEqual([{ name: 'secret-tickets-tls', secret: { secretName: 'tickets-tls' } }]);
    });

    test('containers of one pod mounting the same files share one volume', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();
      api.addContainer({ name: 'shipper', image: SHIPPER_IMAGE });

      // WHEN
      new InjectConfig(chart, 'config', { workload: api, source: config, injections: [Injection.asFiles('/etc/tickets')] });
      new InjectConfig(chart, 'shipper-config', { workload: api, container: 'shipper', source: config, injections: [Injection.asFiles('/etc/tickets')] });

      // THEN
      const spec = podSpec(synth(chart), 'Deployment');
      expect(spec.volumes).toHaveLength(1);
      expect(container(spec, 'shipper').volumeMounts).toEqual([{ name: `configmap-${CONFIG_NAME}`, mountPath: '/etc/tickets', readOnly: true }]);
    });

    test('mounts a dynamic ConfigMap as a directory, which the kubelet updates', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const flags = new kplus.ConfigMap(chart, 'flags', { metadata: { name: 'feature-flags' }, data: { 'flags.yaml': 'waitlist: true\n' } });

      // WHEN
      new InjectConfig(chart, 'flags-files', {
        workload: api,
        source: ConfigSource.fromConfigMap(flags, { dynamic: true }),
        injections: [Injection.asFiles('/etc/flags')],
      });

      // THEN
      const manifests = synth(chart);
      expect(container(podSpec(manifests, 'Deployment'), 'api').volumeMounts).toEqual([
        { name: 'configmap-feature-flags', mountPath: '/etc/flags', readOnly: true },
      ]);
      expect(find(manifests, 'ConfigMap', 'feature-flags').immutable).toBe(false);
    });
  });

  describe('as files with a mode', () => {
    test('mounts the files with the mode given', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();

      // WHEN
      new InjectConfig(chart, 'config', { workload: api, source: config, injections: [Injection.asFiles('/etc/tickets', { mode: 0o444 })] });

      // THEN
      const spec = podSpec(synth(chart), 'Deployment');
      expect(spec.volumes).toEqual([{ name: `configmap-${CONFIG_NAME}-7bfa0186`, configMap: { name: CONFIG_NAME, defaultMode: 0o444 } }]);
      expect(container(spec, 'api').volumeMounts).toEqual([{ name: `configmap-${CONFIG_NAME}-7bfa0186`, mountPath: '/etc/tickets', readOnly: true }]);
    });

    test('mounts some keys of a Secret with a mode, in a volume apart from the same keys of another mode', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      api.addContainer({ name: 'shipper', image: SHIPPER_IMAGE });
      const ref = new SecretRef(chart, 'tls', { name: 'tickets-tls', keys: ['tls.crt', 'tls.key'] });
      const items = { 'tls.key': 'key.pem' };

      // WHEN
      new InjectConfig(chart, 'api-tls', { workload: api, source: ConfigSource.fromSecret(ref), injections: [Injection.asFiles('/run/tls', { items, mode: 0o404 })] });
      new InjectConfig(chart, 'shipper-tls', { workload: api, container: 'shipper', source: ConfigSource.fromSecret(ref), injections: [Injection.asFiles('/run/tls', { items })] });

      // THEN
      const volumes = podSpec(synth(chart), 'Deployment').volumes;
      expect(volumes.map((v: any) => v.secret)).toEqual([
        { secretName: 'tickets-tls', items: [{ key: 'tls.key', path: 'key.pem' }], defaultMode: 0o404 },
        { secretName: 'tickets-tls', items: [{ key: 'tls.key', path: 'key.pem' }] },
      ]);
      expect(new Set(volumes.map((v: any) => v.name)).size).toBe(2);
    });

    test('accepts a mode only the group reads when the pod sets an fsGroup', () => {
      // GIVEN
      const chart = newChart();
      const api = new Deployment(chart, 'api', { securityContext: { fsGroup: 2000 }, containers: [{ name: 'api', image: API_IMAGE }] });
      const ref = new SecretRef(chart, 'db-password', { name: 'db-password' });

      // WHEN
      new InjectConfig(chart, 'db', { workload: api, source: ConfigSource.fromSecret(ref), injections: [Injection.asFiles('/run/secrets/db', { mode: 0o440 })] });

      // THEN
      expect(podSpec(synth(chart), 'Deployment').volumes[0].secret).toEqual({ secretName: 'db-password', defaultMode: 0o440 });
    });

    test('fails when a non-root container could not read the files of a pod without fsGroup', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const ref = new SecretRef(chart, 'db-password', { name: 'db-password' });

      // THEN
      expect(() => new InjectConfig(chart, 'db', { workload: api, source: ConfigSource.fromSecret(ref), injections: [Injection.asFiles('/run/secrets/db', { mode: 0o400 })] })).toThrow(new Error(
        "test/db: 'injections[0].mode' must let container 'api', which runs as non-root, read the files, which belong to root, got 0o400 (256) on a pod without securityContext.fsGroup; "
        + "add the read bit for others (e.g. 0o444), or set the pod's fsGroup, whose group the kubelet lets read the files"));
    });

    test.each([
      [0o1000, '512 (0o1000 in octal)'],
      [-1, '-1'],
      [4.5, '4.5'],
    ])('fails when the mode is %p', (mode, shown) => {
      // GIVEN
      const { chart, api, config } = ticketsApi();

      // THEN
      expect(() => new InjectConfig(chart, 'config', { workload: api, source: config, injections: [Injection.asFiles('/etc/tickets', { mode })] })).toThrow(new Error(
        `test/config: 'injections[0].mode' must be file permissions within 0-0777 in octal (0-511), such as 0o440, got ${shown}`));
    });

    test('fails when the mode is not a number (a JavaScript caller)', () => {
      expect(() => Injection.asFiles('/etc/tickets', { mode: '0644' as any })).toThrow(new Error("Injection.asFiles: 'options.mode' must be a finite number, got '0644'"));
    });
  });

  test('injects one ConfigMap the three ways (snapshot)', () => {
    // GIVEN
    const { chart, api, config } = ticketsApi();

    // WHEN
    new InjectConfig(chart, 'config', {
      workload: api,
      source: config,
      injections: [
        Injection.asEnv('LOG_LEVEL'),
        Injection.asArg('log.format', '--log-format'),
        Injection.asFiles('/etc/tickets', { items: { 'app.yaml': 'app.yaml' } }),
      ],
    });

    // THEN
    expect(synth(chart)).toMatchSnapshot();
  });

  describe('validation', () => {
    test.each(['1LEVEL', 'LOG-LEVEL', 'LOG LEVEL'])('fails when the variable name is %j', (variable) => {
      // GIVEN
      const { chart, api, config } = ticketsApi();

      // THEN
      expect(() => new InjectConfig(chart, 'config', { workload: api, source: config, injections: [Injection.asEnv('LOG_LEVEL', variable)] })).toThrow(new Error(
        `test/config: 'injections[0].variable' must be an environment variable name (letters, digits and '_', not starting with a digit), got '${variable}'`));
    });

    test('fails when the variable is already set by the container', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();
      api.containers[0].env.addVariable('LOG_LEVEL', kplus.EnvValue.fromValue('debug'));

      // THEN
      expect(() => new InjectConfig(chart, 'config', { workload: api, source: config, injections: [Injection.asEnv('LOG_LEVEL')] })).toThrow(new Error(
        "test/config: 'injections[0].variable' must not overwrite an environment variable of container 'api', got 'LOG_LEVEL' which it already sets"));
    });

    test('fails when two keys are injected into one variable', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();

      // THEN
      expect(() => new InjectConfig(chart, 'config', {
        workload: api,
        source: config,
        injections: [Injection.asEnv('LOG_LEVEL', 'LOG'), Injection.asEnv('log.format', 'LOG')],
      })).toThrow(new Error(
        "test/config: 'injections[1].variable' must not overwrite an environment variable of container 'api', got 'LOG' which it already sets"));
    });

    test('fails when a mount path is used twice in one container', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();
      new InjectConfig(chart, 'config', { workload: api, source: config, injections: [Injection.asFiles('/etc/tickets')] });
      const ref = new SecretRef(chart, 'tls', { name: 'tickets-tls' });

      // THEN
      expect(() => new InjectConfig(chart, 'tls-files', { workload: api, source: ConfigSource.fromSecret(ref), injections: [Injection.asFiles('/etc/tickets')] })).toThrow(new Error(
        "test/tls-files: 'mountPath' must not be mounted twice in container 'api', got '/etc/tickets' which is already a mount point there"));
    });

    test('fails when the mount path is relative', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();

      // THEN
      expect(() => new InjectConfig(chart, 'config', { workload: api, source: config, injections: [Injection.asFiles('etc/tickets')] })).toThrow(new Error(
        "test/config: 'mountPath' must be an absolute path without '..', got 'etc/tickets'"));
    });

    test('fails when a key is not in the ConfigMap', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();

      // THEN
      expect(() => new InjectConfig(chart, 'config', { workload: api, source: config, injections: [Injection.asEnv('LOG_LEVL')] })).toThrow(new Error(
        `test/config: 'injections[0].key' must be a key of ConfigMap '${CONFIG_NAME}' (keys: LOG_LEVEL, app.yaml, log.format), got 'LOG_LEVL'`));
    });

    test('fails when a file is a key not in the ConfigMap', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();

      // THEN
      expect(() => new InjectConfig(chart, 'config', { workload: api, source: config, injections: [Injection.asFiles('/etc/tickets', { items: { 'app.yml': 'app.yml' } })] })).toThrow(new Error(
        `test/config: 'injections[0].items' must be a key of ConfigMap '${CONFIG_NAME}' (keys: LOG_LEVEL, app.yaml, log.format), got 'app.yml'`));
    });

    test('fails when a key is not among the keys of a SecretRef', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const ref = new SecretRef(chart, 'db-password', { name: 'db-password', keys: ['password'] });

      // THEN
      expect(() => new InjectConfig(chart, 'db', { workload: api, source: ConfigSource.fromSecret(ref), injections: [Injection.asArg('passwd', '--db-password')] })).toThrow(new Error(
        "test/db: 'injections[0].key' must be a key of Secret 'db-password' (keys: password), got 'passwd'"));
    });

    test('accepts any key of a ConfigMap the app does not build, whose keys it cannot know', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const shared = kplus.ConfigMap.fromConfigMapName(chart, 'shared', 'shared-config');

      // WHEN
      new InjectConfig(chart, 'shared-env', { workload: api, source: ConfigSource.fromConfigMap(shared), injections: [Injection.asEnv('REGION')] });

      // THEN
      expect(rendered(chart).env).toEqual([{ name: 'REGION', valueFrom: { configMapKeyRef: { name: 'shared-config', key: 'REGION' } } }]);
    });

    test('fails when a key is not a ConfigMap key', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const ref = new SecretRef(chart, 'db-password', { name: 'db-password' });

      // THEN
      expect(() => new InjectConfig(chart, 'db', { workload: api, source: ConfigSource.fromSecret(ref), injections: [Injection.asEnv('db password', 'DB_PASSWORD')] })).toThrow(new Error(
        "test/db: 'injections[0].key' must be a ConfigMap or Secret key (at most 253 letters, digits, '-', '_' and '.', neither '.' nor starting with '..'), got 'db password'"));
    });

    test.each(['--log-format=json', 'log-format', '--log format', '--'])('fails when the flag is %j', (flag) => {
      // GIVEN
      const { chart, api, config } = ticketsApi();

      // THEN
      expect(() => new InjectConfig(chart, 'config', { workload: api, source: config, injections: [Injection.asArg('log.format', flag)] })).toThrow(new Error(
        `test/config: 'injections[0].flag' must be a command-line flag such as '--log-level' ('-' or '--', a letter or digit, then no spaces, '=' or '$'), got '${flag}'`));
    });

    test('fails when the container already has the flag', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();
      new InjectConfig(chart, 'config', { workload: api, source: config, injections: [Injection.asArg('log.format', '--log-format')] });

      // THEN
      expect(() => new InjectConfig(chart, 'again', { workload: api, source: config, injections: [Injection.asArg('LOG_LEVEL', '--log-format')] })).toThrow(new Error(
        "test/again: 'injections[0].flag' must not be given twice to container 'api', got '--log-format' which its arguments already have"));
    });

    test.each(['../app.yaml', '/etc/app.yaml', ''])('fails when a file path is %j', (path) => {
      // GIVEN
      const { chart, api, config } = ticketsApi();

      // THEN
      expect(() => new InjectConfig(chart, 'config', { workload: api, source: config, injections: [Injection.asFiles('/etc/tickets', { items: { 'app.yaml': path } })] })).toThrow(new Error(
        `test/config: 'injections[0].items[app.yaml]' must be a relative file path without '..', got '${path}'`));
    });

    test('fails when items is empty', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();

      // THEN
      expect(() => new InjectConfig(chart, 'config', { workload: api, source: config, injections: [Injection.asFiles('/etc/tickets', { items: {} })] })).toThrow(new Error(
        "test/config: 'injections[0].items' must map at least one key to a file, got {}: leave it out to mount every key"));
    });

    test('fails when two keys map to one file', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();
      const items = { 'app.yaml': 'config', 'log.format': 'config' };

      // THEN
      expect(() => new InjectConfig(chart, 'config', { workload: api, source: config, injections: [Injection.asFiles('/etc/tickets', { items })] })).toThrow(new Error(
        "test/config: 'injections[0].items[log.format]' must be a file path no other key uses, got 'config'"));
    });

    test('fails when a dynamic source is injected as an environment variable', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const flags = new kplus.ConfigMap(chart, 'flags', { metadata: { name: 'feature-flags' }, data: { WAITLIST: 'true' } });

      // THEN
      expect(() => new InjectConfig(chart, 'flags-env', {
        workload: api,
        source: ConfigSource.fromConfigMap(flags, { dynamic: true }),
        injections: [Injection.asEnv('WAITLIST')],
      })).toThrow(new Error(
        "test/flags-env: 'injections[0]' must be Injection.asFiles() for a dynamic source: environment variables and arguments are fixed "
        + "for the container's life, mounted files follow changes, got an environment variable from key 'WAITLIST'"));
    });

    test('fails when a dynamic source is immutable', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const map = new ImmutableConfigMap(chart, 'flags', { data: { WAITLIST: 'true' } });

      // THEN
      expect(() => new InjectConfig(chart, 'flags-files', {
        workload: api,
        source: ConfigSource.fromConfigMap(map, { dynamic: true }),
        injections: [Injection.asFiles('/etc/flags')],
      })).toThrow(new Error(
        `test/flags-files: 'source' must be a mutable ConfigMap when it is dynamic: the data of an immutable one never changes, got immutable ConfigMap '${map.name}'`));
    });

    test('fails when the source is a cdk8s-plus Secret with values written in the code', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const secret = new kplus.Secret(chart, 'db', { metadata: { name: 'db' }, stringData: { password: 'hunter2' } });

      // THEN
      expect(() => new InjectConfig(chart, 'db-env', { workload: api, source: ConfigSource.fromSecret(secret), injections: [Injection.asEnv('password')] })).toThrow(new Error(
        "test/db-env: 'source' must not be a cdk8s-plus Secret holding values written in the code, which would be committed with it, "
        + "got Secret 'db' with literal keys password; "
        + 'refer to a Secret created outside the app with SecretRef, or use ImmutableSecret with SecretContent.fromEnv() or fromFile()'));
    });

    test('fails when the source is in another namespace than the workload', () => {
      // GIVEN
      const chart = newChart();
      const api = new Deployment(chart, 'api', { metadata: { namespace: 'ticketing' }, containers: [{ image: API_IMAGE }] });
      const map = new ImmutableConfigMap(chart, 'app-config', { metadata: { namespace: 'default' }, data: CONFIG });

      // THEN
      expect(() => new InjectConfig(chart, 'config', { workload: api, source: ConfigSource.fromConfigMap(map), injections: [Injection.asEnv('LOG_LEVEL')] })).toThrow(new Error(
        "test/config: 'source' must be in the namespace of the workload ('ticketing'): pods only read ConfigMaps and Secrets of their own namespace, "
        + `got ConfigMap '${map.name}' in 'default'`));
    });

    test('fails when the source is not a ConfigSource', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const map = new ImmutableConfigMap(chart, 'flags', { data: { WAITLIST: 'true' } });

      // THEN
      expect(() => new InjectConfig(chart, 'config', { workload: api, source: map as any, injections: [Injection.asEnv('WAITLIST')] })).toThrow(new Error(
        "test/config: 'source' must be ConfigSource.fromConfigMap() or ConfigSource.fromSecret(), got an ImmutableConfigMap"));
    });

    test('fails when ConfigSource.fromConfigMap is given another object', () => {
      // GIVEN
      const { api } = ticketsApi();

      // THEN
      expect(() => ConfigSource.fromConfigMap(api as any)).toThrow(new Error("ConfigSource.fromConfigMap: 'configMap' must be a ConfigMap, got a Deployment"));
      expect(() => ConfigSource.fromSecret(undefined as any)).toThrow(new Error("ConfigSource.fromSecret: 'secret' must be a Secret, got undefined"));
    });

    test('fails when there is no injection', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();

      // THEN
      expect(() => new InjectConfig(chart, 'config', { workload: api, source: config, injections: [] })).toThrow(new Error(
        "test/config: 'injections' must list at least one of Injection.asEnv(), asArg(), asEnvFrom() or asFiles(), got none"));
    });

    test('fails when the container is not in the workload', () => {
      // GIVEN
      const { chart, api, config } = ticketsApi();

      // THEN
      expect(() => new InjectConfig(chart, 'config', { workload: api, container: 'web', source: config, injections: [Injection.asEnv('LOG_LEVEL')] })).toThrow(new Error(
        "test/config: 'container' must name a container of the workload (api), got 'web'"));
    });

    test('fails when the pod already has a volume of that name', () => {
      // GIVEN
      const { chart, api } = ticketsApi();
      const ref = new SecretRef(chart, 'tls', { name: 'tickets-tls' });
      api.addVolume(kplus.Volume.fromEmptyDir(chart, 'scratch', 'secret-tickets-tls'));

      // THEN
      expect(() => new InjectConfig(chart, 'tls-files', { workload: api, source: ConfigSource.fromSecret(ref), injections: [Injection.asFiles('/run/secrets/tls')] })).toThrow(new Error(
        "test/tls-files: 'source' must not need the pod volume name 'secret-tickets-tls', which another volume of the pod already has, got Secret 'tickets-tls'; mount that Secret through injections only"));
    });
  });
});
