import * as fc from 'fast-check';
import { Deployment, HealthChecks, HealthProbe, ProbeScheme } from '../../src';
import { acceptsEvery, IMAGE, refusesEvery, Subject } from '../harness/props';

const PORT = 8080;

/** A HealthProbe factory and its arguments: `http(path, options)`, `tcp(port, options)`, `exec(command, options)`, `grpc(port, options)`. */
const check = fc.oneof(
  fc.record({ factory: fc.constant('http'), path: fc.constantFrom('/healthz', '/ready', '/'), options: fc.record({ port: fc.constant(PORT), scheme: fc.constantFrom(ProbeScheme.HTTP, ProbeScheme.HTTPS) }) }),
  fc.record({ factory: fc.constant('tcp'), port: fc.constant(PORT), options: fc.constant({}) }),
  fc.record({ factory: fc.constant('exec'), command: fc.constantFrom(['pg_isready'], ['cat', '/tmp/ready']), options: fc.constant({}) }),
  fc.record({ factory: fc.constant('grpc'), port: fc.constant(PORT), options: fc.record({ service: fc.constantFrom('health', 'api.v1.Api') }, { requiredKeys: [] }) }),
);

/**
 * A probe whose window (`initialDelaySeconds + failureThreshold × periodSeconds`)
 * is at least `window` seconds; a success threshold of 1 unless `anySuccess` (readiness).
 */
function probe(window: number, anySuccess: boolean) {
  const timings = fc.record({
    initialDelaySeconds: fc.integer({ min: 0, max: 10 }),
    periodSeconds: fc.integer({ min: 1, max: 20 }),
    timeoutSeconds: fc.integer({ min: 1, max: 5 }),
    extra: fc.integer({ min: 0, max: 5 }),
    successThreshold: anySuccess ? fc.integer({ min: 1, max: 3 }) : fc.constant(1),
  }).map(({ extra, ...t }) => ({ ...t, failureThreshold: Math.max(1, Math.ceil((window - t.initialDelaySeconds) / t.periodSeconds)) + extra }));
  return fc.tuple(check, timings).map(([c, t]) => ({ ...c, options: { ...c.options, ...t } }));
}

/** The probe a spec makes, or (a wrong value) the spec itself. */
function probeOf(spec: any): unknown {
  const factory = typeof spec === 'object' && spec !== null ? (HealthProbe as any)[spec.factory] : undefined;
  if (factory === undefined) return spec;
  return factory(spec.factory === 'http' ? spec.path : spec.factory === 'exec' ? spec.command : spec.port, spec.options);
}

describe('HealthChecks', () => {
  const subject: Subject<any> = {
    spec: fc.record({ startupSeconds: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }), withStartup: fc.boolean() })
      .chain(({ startupSeconds, withStartup }) => fc.record({
        startupSeconds: fc.constant(startupSeconds),
        // without a startup probe, the liveness window covers the start (30 s when not given)
        liveness: fc.option(probe(withStartup ? 1 : startupSeconds ?? 30, false), { nil: undefined }),
        readiness: fc.option(probe(1, true), { nil: undefined }),
        startup: withStartup ? probe(startupSeconds ?? 1, false) : fc.constant(undefined),
        container: fc.constantFrom(undefined, 'api'),
      }))
      .filter(s => s.liveness !== undefined || s.readiness !== undefined || s.startup !== undefined),
    fields: [
      'workload', 'container', 'startupSeconds', 'liveness', 'readiness', 'startup', 'liveness.path', 'liveness.port', 'liveness.command',
      'liveness.command.0', 'liveness.options', 'liveness.options.port', 'liveness.options.scheme', 'liveness.options.service',
      'liveness.options.periodSeconds', 'liveness.options.failureThreshold', 'readiness.options.successThreshold', 'readiness.options.timeoutSeconds',
      'readiness.options.initialDelaySeconds', 'startup.options.periodSeconds', 'startup.port',
    ],
    build: (chart, { workload, liveness, readiness, startup, ...props }) => {
      const web = new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ name: 'api', image: IMAGE, ports: [{ number: PORT }] }] });
      new HealthChecks(chart, 'health', {
        workload: workload ?? web, liveness: probeOf(liveness), readiness: probeOf(readiness), startup: probeOf(startup), ...props,
      } as any);
    },
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  // a field of a probe not given makes a probe of no kind, refused for the probe; other options may lack the port;
  // a shorter window is refused for the start it must cover
  const ofProbe = ['liveness.path', 'liveness.port', 'liveness.command', 'liveness.options', 'startup.port'].map(f => [f, [f.split('.')[0]]]);
  const ofWindow = ['startupSeconds', 'periodSeconds', 'failureThreshold'].map(f => [f, ['liveness', 'startup']]);
  const alsoNamed = { ...Object.fromEntries([...ofProbe, ...ofWindow]), options: ['port'] };
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed }));
});
