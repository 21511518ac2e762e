import { Chart, Size } from 'cdk8s';
import { Deployment } from '../../src';
import { HealthChecks } from '../../src/probes/health-checks';
import { HealthProbe, ProbeScheme } from '../../src/probes/health-probe';
import { container, newChart, podSpec, synth } from '../harness';

const API_IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';

/** A chart with our Deployment `web` running one container `api` on port 8080. */
function webApp(): { chart: Chart; web: Deployment } {
  const chart = newChart();
  const web = new Deployment(chart, 'web', {
    metadata: { name: 'web' },
    containers: [{ name: 'api', image: API_IMAGE, ports: [{ number: 8080, name: 'http' }] }],
  });
  return { chart, web };
}

/** The probes of container `api` after synth (every manifest schema- and PSS-checked). */
function probesOf(chart: Chart): any {
  const api = container(podSpec(synth(chart), 'Deployment', 'web'), 'api');
  return { liveness: api.livenessProbe, readiness: api.readinessProbe, startup: api.startupProbe };
}

const STARTUP_DEFAULTS = { initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 30, successThreshold: 1 };
const DEFAULTS = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 };

describe('HealthProbe', () => {
  test('renders an HTTP probe as httpGet, scheme HTTP by default', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new HealthChecks(chart, 'health', { workload: web, readiness: HealthProbe.http('/ready', { port: 8080 }) });

    // THEN
    expect(probesOf(chart).readiness).toEqual({ httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' }, ...DEFAULTS });
  });

  test('renders the HTTPS scheme', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new HealthChecks(chart, 'health', {
      workload: web,
      readiness: HealthProbe.http('/ready', { port: 8443, scheme: ProbeScheme.HTTPS }),
    });

    // THEN
    expect(probesOf(chart).readiness.httpGet).toEqual({ path: '/ready', port: 8443, scheme: 'HTTPS' });
  });

  test('renders a TCP probe as tcpSocket', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new HealthChecks(chart, 'health', { workload: web, liveness: HealthProbe.tcp(8080) });

    // THEN
    expect(probesOf(chart).liveness).toEqual({ tcpSocket: { port: 8080 }, ...DEFAULTS });
  });

  test('renders an exec probe as exec.command', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new HealthChecks(chart, 'health', { workload: web, startup: HealthProbe.exec(['cat', '/tmp/started']) });

    // THEN
    expect(probesOf(chart).startup).toEqual({ exec: { command: ['cat', '/tmp/started'] }, ...STARTUP_DEFAULTS });
  });

  test('renders a gRPC probe as grpc with its service', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new HealthChecks(chart, 'health', { workload: web, liveness: HealthProbe.grpc(9090, { service: 'tickets.v1.Tickets' }) });

    // THEN
    expect(probesOf(chart).liveness).toEqual({ grpc: { port: 9090, service: 'tickets.v1.Tickets' }, ...DEFAULTS });
  });

  test('renders a gRPC probe without a service when none is given', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new HealthChecks(chart, 'health', { workload: web, readiness: HealthProbe.grpc(9090) });

    // THEN
    expect(probesOf(chart).readiness.grpc).toEqual({ port: 9090 });
  });

  test('takes each role\'s defaults: startup 30 × 5 s, readiness and liveness 3 × 10 s, timeout 1 s', () => {
    // GIVEN
    const { chart, web } = webApp();
    const probe = HealthProbe.http('/healthz', { port: 8080 });

    // WHEN
    new HealthChecks(chart, 'health', { workload: web, startup: probe, readiness: probe, liveness: probe });

    // THEN
    const probes = probesOf(chart);
    const httpGet = { path: '/healthz', port: 8080, scheme: 'HTTP' };
    expect(probes.startup).toEqual({ httpGet, ...STARTUP_DEFAULTS });
    expect(probes.readiness).toEqual({ httpGet, ...DEFAULTS });
    expect(probes.liveness).toEqual({ httpGet, ...DEFAULTS });
  });

  test('keeps the timings given over the role\'s defaults', () => {
    // GIVEN
    const { chart, web } = webApp();
    const timings = { initialDelaySeconds: 5, periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 60 };

    // WHEN
    new HealthChecks(chart, 'health', { workload: web, startup: HealthProbe.tcp(8080, timings) });

    // THEN
    expect(probesOf(chart).startup).toEqual({ tcpSocket: { port: 8080 }, ...timings, successThreshold: 1 });
  });

  test('accepts a successThreshold above 1 on a readiness probe', () => {
    // GIVEN
    const { chart, web } = webApp();

    // WHEN
    new HealthChecks(chart, 'health', { workload: web, readiness: HealthProbe.tcp(8080, { successThreshold: 2 }) });

    // THEN
    expect(probesOf(chart).readiness.successThreshold).toBe(2);
  });

  test('does not share its command with the caller', () => {
    // GIVEN
    const { chart, web } = webApp();
    const command = ['pg_isready', '-h', 'localhost'];

    // WHEN
    new HealthChecks(chart, 'health', { workload: web, readiness: HealthProbe.exec(command) });
    command.push('--changed');

    // THEN
    expect(probesOf(chart).readiness.exec.command).toEqual(['pg_isready', '-h', 'localhost']);
  });

  test.each([0, 65536, 8080.5])('fails when a port is %p', (port) => {
    expect(() => HealthProbe.tcp(port)).toThrow(new Error(`HealthProbe.tcp: 'port' must be an integer within 1-65535, got ${port}`));
    expect(() => HealthProbe.grpc(port)).toThrow(new Error(`HealthProbe.grpc: 'port' must be an integer within 1-65535, got ${port}`));
    expect(() => HealthProbe.http('/healthz', { port })).toThrow(new Error(`HealthProbe.http: 'port' must be an integer within 1-65535, got ${port}`));
  });

  test('fails when the HTTP path does not start with /', () => {
    expect(() => HealthProbe.http('healthz', { port: 8080 }))
      .toThrow(new Error("HealthProbe.http: 'path' must be an HTTP path starting with '/' and without spaces, e.g. '/healthz', got 'healthz'"));
  });

  test('fails when the HTTP path has a space', () => {
    expect(() => HealthProbe.http('/health z', { port: 8080 }))
      .toThrow(new Error("HealthProbe.http: 'path' must be an HTTP path starting with '/' and without spaces, e.g. '/healthz', got '/health z'"));
  });

  test('fails when an HTTP probe has no options (from JavaScript)', () => {
    expect(() => (HealthProbe.http as any)('/healthz'))
      .toThrow(new Error("HealthProbe.http: 'options' must give at least the 'port' of the HTTP probe, got undefined"));
  });

  test('fails when the HTTP scheme is not HTTP or HTTPS (from JavaScript)', () => {
    expect(() => HealthProbe.http('/healthz', { port: 8080, scheme: 'http' as ProbeScheme }))
      .toThrow(new Error("HealthProbe.http: 'scheme' must be one of 'HTTP', 'HTTPS', got 'http'"));
  });

  test.each([
    ['periodSeconds', 2.5, 1],
    ['timeoutSeconds', 0.5, 1],
    ['failureThreshold', 1.5, 1],
    ['successThreshold', 1.5, 1],
    ['initialDelaySeconds', 0.5, 0],
  ])('fails when %s is not an integer (%p)', (key, value, min) => {
    expect(() => HealthProbe.tcp(8080, { [key]: value }))
      .toThrow(new Error(`HealthProbe.tcp: '${key}' must be an integer within ${min}-2147483647 (seconds or a count), got ${value}`));
  });

  test.each([
    ['periodSeconds', 0, 1],
    ['timeoutSeconds', 0, 1],
    ['failureThreshold', 0, 1],
    ['successThreshold', 0, 1],
    ['initialDelaySeconds', -1, 0],
  ])('fails when %s is below its minimum (%p)', (key, value, min) => {
    expect(() => HealthProbe.exec(['true'], { [key]: value }))
      .toThrow(new Error(`HealthProbe.exec: '${key}' must be an integer within ${min}-2147483647 (seconds or a count), got ${value}`));
  });

  test('fails when a timing is a string (from JavaScript)', () => {
    expect(() => HealthProbe.grpc(9090, { periodSeconds: '10' as any }))
      .toThrow(new Error("HealthProbe.grpc: 'periodSeconds' must be an integer within 1-2147483647 (seconds or a count), got '10'"));
  });

  test('fails when a timing is above the int32 range', () => {
    expect(() => HealthProbe.tcp(8080, { failureThreshold: 2147483648 }))
      .toThrow(new Error("HealthProbe.tcp: 'failureThreshold' must be an integer within 1-2147483647 (seconds or a count), got 2147483648"));
  });

  test.each([
    [[], '[]'],
    [[''], '[""]'],
  ])('fails when the exec command is %p', (command, shown) => {
    expect(() => HealthProbe.exec(command as string[]))
      .toThrow(new Error(`HealthProbe.exec: 'command' must be a non-empty list of strings, the program first (run without a shell), got ${shown}`));
  });

  test('fails when an exec argument is not a string (from JavaScript)', () => {
    expect(() => HealthProbe.exec(['cat', 3] as any))
      .toThrow(new Error("HealthProbe.exec: 'command[1]' must be a string, got 3"));
  });

  test('fails when the gRPC service is not a string (from JavaScript)', () => {
    expect(() => HealthProbe.grpc(9090, { service: 42 as any }))
      .toThrow(new Error("HealthProbe.grpc: 'service' must be a gRPC service name, got 42"));
  });

  test('fails when the HTTP options are not a plain object (from JavaScript)', () => {
    expect(() => HealthProbe.http('/healthz', Size.mebibytes(1) as any))
      .toThrow(new Error("HealthProbe.http: 'options' must be a plain object, got a Size"));
  });

  test('fails when the timings are not an object (from JavaScript)', () => {
    expect(() => HealthProbe.tcp(8080, 5 as any)).toThrow(new Error("HealthProbe.tcp: 'options' must be an object, got 5"));
  });
});
