import { Chart, Size } from 'cdk8s';
import { Ambassador, ConfigSource, Deployment, ImmutableConfigMap, QosPreset } from '../../src';
import { kplus } from '../../src/_plus';
import { container, newChart, podSpec, synth } from '../harness';

const API_IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const PROXY_IMAGE = 'bitnami/pgbouncer:1.22.1';

/** A chart with our Deployment `web` running one main container `api` on port 8080. */
function webApp(qos?: QosPreset): { chart: Chart; web: Deployment } {
  const chart = newChart();
  const web = new Deployment(chart, 'web', {
    metadata: { name: 'web' },
    qos,
    containers: [{ name: 'api', image: API_IMAGE, ports: [{ number: 8080, name: 'http' }] }],
  });
  return { chart, web };
}

describe('Ambassador', () => {
  test('joins the pod after the main container, named after its id', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    const proxy = new Ambassador(chart, 'db-proxy', { workload: web, image: PROXY_IMAGE, port: 6432, remoteEndpoints: ['tickets-db:5432'] });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(spec.containers.map((c: any) => c.name)).toEqual(['api', 'db-proxy']);
    expect(container(spec, 'db-proxy').image).toBe(PROXY_IMAGE);
    expect(proxy.container.name).toBe('db-proxy');
  });

  test('tells the main container its address in <NAME>_ADDRESS, derived from its name', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Ambassador(chart, 'db-proxy', { workload: web, image: PROXY_IMAGE, port: 6432, remoteEndpoints: ['tickets-db:5432'] });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'api').env).toEqual([{ name: 'DB_PROXY_ADDRESS', value: 'localhost:6432' }]);
  });

  test('derives the variable from `name` rather than the id when given', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Ambassador(chart, 'Proxy', { workload: web, name: 'cache-proxy', image: 'envoyproxy/envoy:v1.29.1', port: 6380, remoteEndpoints: ['redis:6379'] });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'api').env).toEqual([{ name: 'CACHE_PROXY_ADDRESS', value: 'localhost:6380' }]);
  });

  test('tells the main container its address in `addressVariable` when given', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Ambassador(chart, 'db-proxy', {
      workload: web,
      image: PROXY_IMAGE,
      port: 6432,
      remoteEndpoints: ['tickets-db:5432'],
      addressVariable: 'DATABASE_ADDRESS',
    });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'api').env).toEqual([{ name: 'DATABASE_ADDRESS', value: 'localhost:6432' }]);
  });

  test('exposes the address the main container reaches it at', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    const proxy = new Ambassador(chart, 'db-proxy', { workload: web, image: PROXY_IMAGE, port: 6432, remoteEndpoints: ['tickets-db:5432'] });

    // THEN
    expect(proxy.address).toBe('localhost:6432');
  });

  test('listens on a port named `proxy`', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Ambassador(chart, 'db-proxy', { workload: web, image: PROXY_IMAGE, port: 6432, remoteEndpoints: ['tickets-db:5432'] });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'db-proxy').ports).toEqual([{ containerPort: 6432, name: 'proxy' }]);
  });

  test('hands it the remote endpoints comma-joined in REMOTE_ENDPOINTS', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Ambassador(chart, 'db-proxy', {
      workload: web,
      image: PROXY_IMAGE,
      port: 6432,
      remoteEndpoints: ['tickets-db-0.tickets-db:5432', 'tickets-db-1.tickets-db:5432'],
    });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'db-proxy').env).toEqual([
      { name: 'REMOTE_ENDPOINTS', value: 'tickets-db-0.tickets-db:5432,tickets-db-1.tickets-db:5432' },
    ]);
  });

  test('hands it the remote endpoints in `remoteEndpointsVariable`, next to its own variables', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Ambassador(chart, 'db-proxy', {
      workload: web,
      image: PROXY_IMAGE,
      port: 6432,
      remoteEndpoints: ['tickets-db:5432'],
      remoteEndpointsVariable: 'PGBOUNCER_UPSTREAMS',
      envVariables: { PGBOUNCER_POOL_MODE: kplus.EnvValue.fromValue('transaction') },
    });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'db-proxy').env).toEqual([
      { name: 'PGBOUNCER_POOL_MODE', value: 'transaction' },
      { name: 'PGBOUNCER_UPSTREAMS', value: 'tickets-db:5432' },
    ]);
  });

  test('accepts DNS names, IPv4 addresses and bracketed IPv6 addresses as remote hosts', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Ambassador(chart, 'cache-proxy', {
      workload: web,
      image: 'envoyproxy/envoy:v1.29.1',
      port: 6380,
      remoteEndpoints: ['redis-0.redis.cache.svc.cluster.local:6379', '10.0.0.12:6379', '[fd00::12]:6379'],
    });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'cache-proxy').env).toEqual([
      { name: 'REMOTE_ENDPOINTS', value: 'redis-0.redis.cache.svc.cluster.local:6379,10.0.0.12:6379,[fd00::12]:6379' },
    ]);
  });

  test('serves the container named by `mainContainer`', () => {
    // GIVEN
    const chart = newChart();
    const web = new Deployment(chart, 'web', {
      metadata: { name: 'web' },
      containers: [
        { name: 'api', image: API_IMAGE },
        { name: 'worker', image: 'ghcr.io/cdk8s-patterns/tickets-worker:1.4.2' },
      ],
    });

    // WHEN
    new Ambassador(chart, 'db-proxy', { workload: web, mainContainer: 'worker', image: PROXY_IMAGE, port: 6432, remoteEndpoints: ['tickets-db:5432'] });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    expect(container(spec, 'api').env).toBeUndefined();
    expect(container(spec, 'worker').env).toEqual([{ name: 'DB_PROXY_ADDRESS', value: 'localhost:6432' }]);
  });

  test('is hardened and sized by the workload\'s QoS preset', () => {
    // GIVEN
    const { chart, web } = webApp(QosPreset.guaranteed({ cpu: kplus.Cpu.millis(250), memory: Size.mebibytes(256) }));

    // WHEN
    new Ambassador(chart, 'db-proxy', { workload: web, image: PROXY_IMAGE, port: 6432, remoteEndpoints: ['tickets-db:5432'] });

    // THEN
    const proxy = container(podSpec(synth(chart), 'Deployment', 'web'), 'db-proxy');
    expect(proxy.resources).toEqual({
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '250m', memory: '256Mi' },
    });
    expect(proxy.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    });
  });

  test('fails when given no remote endpoint', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new Ambassador(chart, 'db-proxy', { workload: web, image: PROXY_IMAGE, port: 6432, remoteEndpoints: [] }))
      .toThrow("test/db-proxy: 'remoteEndpoints' must list at least one 'host:port' the ambassador proxies to, got none");
  });

  test('fails when given neither remote endpoints nor a config', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new Ambassador(chart, 'db-proxy', { workload: web, image: PROXY_IMAGE, port: 6432 }))
      .toThrow(new Error("test/db-proxy: 'remoteEndpoints' must be given, or 'config' (the ambassador's own configuration, which names them), so that the ambassador knows where to proxy, got neither"));
  });

  test('reads its remote endpoints from its own config, mounted read-only, and is handed none', () => {
    // GIVEN
    const { chart, web } = webApp();
    const envoy = new ImmutableConfigMap(chart, 'envoy-config', { metadata: { name: 'envoy-config' }, data: { 'envoy.yaml': 'static_resources: {}\n' } });

    // WHEN
    const proxy = new Ambassador(chart, 'cache-proxy', {
      workload: web,
      image: 'envoyproxy/envoy:v1.29.1',
      port: 6380,
      config: { source: ConfigSource.fromConfigMap(envoy), mountPath: '/etc/envoy' },
      args: ['--config-path', '/etc/envoy/envoy.yaml'],
    });

    // THEN
    const spec = podSpec(synth(chart), 'Deployment', 'web');
    const ambassador = container(spec, 'cache-proxy');
    expect(ambassador.env).toBeUndefined();
    expect(ambassador.args).toEqual(['--config-path', '/etc/envoy/envoy.yaml']);
    expect(ambassador.volumeMounts).toEqual([{ name: expect.any(String), mountPath: '/etc/envoy', readOnly: true }]);
    const volume = spec.volumes.find((v: any) => v.name === ambassador.volumeMounts[0].name);
    expect(volume.configMap.name).toBe(envoy.name);
    expect(container(spec, 'api').volumeMounts).toBeUndefined();
    expect(proxy.address).toBe('localhost:6380');
  });

  test('takes both remote endpoints and a config', () => {
    // GIVEN
    const { chart, web } = webApp();
    const pgbouncer = new ImmutableConfigMap(chart, 'pgbouncer-config', { metadata: { name: 'pgbouncer-config' }, data: { 'pgbouncer.ini': '[pgbouncer]\npool_mode = transaction\n' } });

    // WHEN
    new Ambassador(chart, 'db-proxy', {
      workload: web,
      image: PROXY_IMAGE,
      port: 6432,
      remoteEndpoints: ['tickets-db:5432'],
      config: { source: ConfigSource.fromConfigMap(pgbouncer), mountPath: '/bitnami/pgbouncer/conf' },
    });

    // THEN
    const ambassador = container(podSpec(synth(chart), 'Deployment', 'web'), 'db-proxy');
    expect(ambassador.env).toEqual([{ name: 'REMOTE_ENDPOINTS', value: 'tickets-db:5432' }]);
    expect(ambassador.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/bitnami/pgbouncer/conf']);
  });

  test('gives the address with a scheme when `addressScheme` is given', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    const proxy = new Ambassador(chart, 'api-proxy', { workload: web, image: 'envoyproxy/envoy:v1.29.1', port: 9000, remoteEndpoints: ['payments:443'], addressScheme: 'http' });

    // THEN
    expect(proxy.address).toBe('http://localhost:9000');
    expect(container(podSpec(synth(chart), 'Deployment', 'web'), 'api').env).toEqual([{ name: 'API_PROXY_ADDRESS', value: 'http://localhost:9000' }]);
  });

  test('passes command, workingDir and resources to its container', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Ambassador(chart, 'db-proxy', {
      workload: web,
      image: PROXY_IMAGE,
      port: 6432,
      remoteEndpoints: ['tickets-db:5432'],
      command: ['/opt/bitnami/scripts/pgbouncer/entrypoint.sh'],
      workingDir: '/opt/bitnami/pgbouncer',
      resources: { cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(200) } },
    });

    // THEN
    const ambassador = container(podSpec(synth(chart), 'Deployment', 'web'), 'db-proxy');
    expect(ambassador.command).toEqual(['/opt/bitnami/scripts/pgbouncer/entrypoint.sh']);
    expect(ambassador.workingDir).toBe('/opt/bitnami/pgbouncer');
    expect(ambassador.resources.requests.cpu).toBe('100m');
    expect(ambassador.resources.limits.cpu).toBe('200m');
  });

  test.each([['HTTP'], ['http://'], ['1http'], ['']])('fails when addressScheme is not a URI scheme: %p', (scheme) => {
    const { chart, web } = webApp();
    expect(() => new Ambassador(chart, 'api-proxy', { workload: web, image: PROXY_IMAGE, port: 9000, remoteEndpoints: ['payments:443'], addressScheme: scheme }))
      .toThrow(new Error(`test/api-proxy: 'addressScheme' must be a URI scheme without '://', such as 'http' (a lowercase letter, then lowercase letters, digits, '+', '-' and '.'), got '${scheme}'`));
  });

  test('fails when remoteEndpointsVariable comes without remote endpoints', () => {
    const { chart, web } = webApp();
    const envoy = new ImmutableConfigMap(chart, 'envoy-config', { metadata: { name: 'envoy-config' }, data: { 'envoy.yaml': 'static_resources: {}\n' } });
    expect(() => new Ambassador(chart, 'cache-proxy', {
      workload: web,
      image: 'envoyproxy/envoy:v1.29.1',
      port: 6380,
      config: { source: ConfigSource.fromConfigMap(envoy), mountPath: '/etc/envoy' },
      remoteEndpointsVariable: 'UPSTREAMS',
    })).toThrow(new Error("test/cache-proxy: 'remoteEndpointsVariable' must come with 'remoteEndpoints', the endpoints it holds, got 'UPSTREAMS' without them"));
  });

  test('fails when the config has no ConfigSource or a relative mount path', () => {
    const { chart, web } = webApp();
    const envoy = new ImmutableConfigMap(chart, 'envoy-config', { metadata: { name: 'envoy-config' }, data: { 'envoy.yaml': 'static_resources: {}\n' } });
    expect(() => new Ambassador(chart, 'cache-proxy', { workload: web, image: PROXY_IMAGE, port: 6380, config: { source: envoy as any, mountPath: '/etc/envoy' } }))
      .toThrow(new Error("test/cache-proxy: 'config.source' must be ConfigSource.fromConfigMap() or ConfigSource.fromSecret(), got ImmutableConfigMap 'test/envoy-config'"));
    expect(() => new Ambassador(chart, 'other-proxy', { workload: web, image: PROXY_IMAGE, port: 6381, config: { source: ConfigSource.fromConfigMap(envoy), mountPath: 'etc/envoy' } }))
      .toThrow(new Error("test/other-proxy: 'config.mountPath' must be an absolute path without '..', got 'etc/envoy'"));
  });

  test('fails when the config is in another namespace than the workload', () => {
    const chart = newChart();
    const web = new Deployment(chart, 'web', { metadata: { name: 'web', namespace: 'ticketing' }, containers: [{ name: 'api', image: API_IMAGE }] });
    const envoy = new ImmutableConfigMap(chart, 'envoy-config', { metadata: { name: 'envoy-config', namespace: 'edge' }, data: { 'envoy.yaml': 'static_resources: {}\n' } });
    expect(() => new Ambassador(chart, 'cache-proxy', { workload: web, image: PROXY_IMAGE, port: 6380, config: { source: ConfigSource.fromConfigMap(envoy), mountPath: '/etc/envoy' } }))
      .toThrow(new Error(`test/cache-proxy/config: 'source' must be in the namespace of the workload ('ticketing'): pods only read ConfigMaps and Secrets of their own namespace, got ConfigMap '${envoy.name}' in 'edge'`));
  });

  test.each([
    ['db:99999'],
    ['db:0'],
    ['nohost'],
    ['db:'],
    [':5432'],
    ['Tickets-DB:5432'],
    ['tickets db:5432'],
  ])('fails when a remote endpoint is malformed: %s', (endpoint) => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new Ambassador(chart, 'db-proxy', { workload: web, image: PROXY_IMAGE, port: 6432, remoteEndpoints: ['tickets-db:5432', endpoint] }))
      .toThrow(`test/db-proxy: 'remoteEndpoints' must be 'host:port' with a DNS name or IP and a port within 1-65535, got '${endpoint}'`);
  });

  test.each([[0], [70000], [-1], [80.5]])('fails when its port is out of range: %p', (port) => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new Ambassador(chart, 'db-proxy', { workload: web, image: PROXY_IMAGE, port, remoteEndpoints: ['tickets-db:5432'] }))
      .toThrow(`test/db-proxy: 'port' must be an integer within 1-65535, got ${port}`);
  });

  test('fails at synth when its port is the main container\'s', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Ambassador(chart, 'db-proxy', { workload: web, image: PROXY_IMAGE, port: 8080, remoteEndpoints: ['tickets-db:5432'] });

    // THEN
    expect(() => synth(chart)).toThrow(new Error(
      "test/web: 'ports' must be unique within the pod (its containers share one network namespace), got port 8080/TCP in container 'api' and in container 'db-proxy'; give each a different port"));
  });

  test('fails when its name is already used in the pod', () => {
    // GIVEN
    const { chart, web } = webApp();
    new Ambassador(chart, 'db-proxy', { workload: web, image: PROXY_IMAGE, port: 6432, remoteEndpoints: ['tickets-db:5432'] });

    // WHEN / THEN
    expect(() => new Ambassador(chart, 'replica-proxy', {
      workload: web,
      name: 'db-proxy',
      image: PROXY_IMAGE,
      port: 6433,
      remoteEndpoints: ['tickets-db-replica:5432'],
      addressVariable: 'REPLICA_ADDRESS',
    })).toThrow("test/replica-proxy: 'name' must be unique within the pod, got 'db-proxy' which is already used (containers: api, db-proxy); give each container its own name");
  });

  test('fails when its name is not a DNS-1123 label', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new Ambassador(chart, 'Log_Shipper', { workload: web, image: PROXY_IMAGE, port: 6432, remoteEndpoints: ['tickets-db:5432'] }))
      .toThrow("test/Log_Shipper: 'name' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'Log_Shipper'");
  });

  test('fails when the address variable is already set in the main container', () => {
    // GIVEN
    const chart = newChart();
    const web = new Deployment(chart, 'web', {
      containers: [{ name: 'api', image: API_IMAGE, envVariables: { DB_PROXY_ADDRESS: kplus.EnvValue.fromValue('tickets-db:5432') } }],
    });

    // WHEN / THEN
    expect(() => new Ambassador(chart, 'db-proxy', { workload: web, image: PROXY_IMAGE, port: 6432, remoteEndpoints: ['tickets-db:5432'] }))
      .toThrow("test/db-proxy: 'addressVariable' must not overwrite an environment variable of container 'api', got 'DB_PROXY_ADDRESS' which it already sets");
  });

  test('fails when its memory request is above its limit', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new Ambassador(chart, 'db-proxy', {
      workload: web,
      image: PROXY_IMAGE,
      port: 6432,
      remoteEndpoints: ['tickets-db:5432'],
      resources: { memory: { request: Size.mebibytes(512), limit: Size.mebibytes(256) } },
    })).toThrow(new Error("test/db-proxy: 'resources.memory' request must not exceed its limit, got request 512Mi and limit 256Mi"));
  });

  test('fails when attached to nothing', () => {
    // GIVEN
    const chart = newChart();

    // WHEN / THEN
    expect(() => new Ambassador(chart, 'db-proxy', { workload: undefined as any, image: PROXY_IMAGE, port: 6432, remoteEndpoints: ['tickets-db:5432'] }))
      .toThrow("test/db-proxy: 'workload' must be a cdk8s-plus workload (Deployment, StatefulSet, Pod, ...) for the ambassador to join, got undefined");
  });

  test('fails when the workload has no main container yet', () => {
    // GIVEN
    const chart = newChart();
    const web = new Deployment(chart, 'web');

    // WHEN / THEN
    expect(() => new Ambassador(chart, 'db-proxy', { workload: web, image: PROXY_IMAGE, port: 6432, remoteEndpoints: ['tickets-db:5432'] }))
      .toThrow("test/db-proxy: 'workload' must already have its main container, got a workload with no containers: add it before the pattern");
  });

  test('fails when `mainContainer` names no container of the workload', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN / THEN
    expect(() => new Ambassador(chart, 'db-proxy', { workload: web, mainContainer: 'worker', image: PROXY_IMAGE, port: 6432, remoteEndpoints: ['tickets-db:5432'] }))
      .toThrow("test/db-proxy: 'mainContainer' must name a container of the workload (api), got 'worker'");
  });

  test('derives a valid environment variable name from a name starting with a digit (9proxy)', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Ambassador(chart, '9proxy', { workload: web, image: PROXY_IMAGE, port: 6432, remoteEndpoints: ['db:5432'] });

    // THEN
    expect(container(podSpec(synth(chart), 'Deployment'), 'api').env).toEqual([{ name: '_9PROXY_ADDRESS', value: 'localhost:6432' }]);
  });

  test.each([
    ['addressVariable', { addressVariable: 'DB-ADDRESS' }, 'DB-ADDRESS'],
    ['remoteEndpointsVariable', { remoteEndpointsVariable: '1UPSTREAMS' }, '1UPSTREAMS'],
  ])('fails when %s is not an environment variable name', (field, extra, value) => {
    const { chart, web } = webApp();
    expect(() => new Ambassador(chart, 'db-proxy', { workload: web, image: PROXY_IMAGE, port: 6432, remoteEndpoints: ['db:5432'], ...extra }))
      .toThrow(new Error(`test/db-proxy: '${field}' must be an environment variable name (letters, digits and '_', not starting with a digit), got '${value}'`));
  });

  test('fails when envVariables sets the variable that holds the remote endpoints', () => {
    const { chart, web } = webApp();
    expect(() => new Ambassador(chart, 'db-proxy', {
      workload: web,
      image: PROXY_IMAGE,
      port: 6432,
      remoteEndpoints: ['db:5432'],
      envVariables: { REMOTE_ENDPOINTS: kplus.EnvValue.fromValue('other:1') },
    })).toThrow(new Error(
      "test/db-proxy: 'envVariables' must not set the variable the ambassador sets to its remote endpoints, got 'REMOTE_ENDPOINTS'; rename it or set 'remoteEndpointsVariable'"));
  });

  test('renders a database proxy for the API (snapshot)', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new Ambassador(chart, 'db-proxy', {
      workload: web,
      image: PROXY_IMAGE,
      port: 6432,
      remoteEndpoints: ['tickets-db-0.tickets-db:5432', 'tickets-db-1.tickets-db:5432'],
      addressVariable: 'DATABASE_ADDRESS',
      envVariables: { PGBOUNCER_POOL_MODE: kplus.EnvValue.fromValue('transaction') },
    });

    // THEN
    const manifests = synth(chart);
    expect(manifests).toMatchSnapshot();
  });

  test('fails when its name is not a string (from JavaScript)', () => {
    const { chart, web } = webApp();
    expect(() => new Ambassador(chart, 'db-proxy', { workload: web, image: PROXY_IMAGE, name: 0 as any, port: 6432, remoteEndpoints: ['tickets-db:5432'] }))
      .toThrow(new Error("test/db-proxy: 'name' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 0"));
  });

  test('fails when remoteEndpoints is a string, not a list (from JavaScript)', () => {
    const { chart, web } = webApp();
    expect(() => new Ambassador(chart, 'db-proxy', { workload: web, image: PROXY_IMAGE, port: 6432, remoteEndpoints: 'tickets-db:5432' as any }))
      .toThrow(new Error("test/db-proxy: 'remoteEndpoints' must be an array, got 'tickets-db:5432'"));
  });
});
