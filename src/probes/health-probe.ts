import { IConstruct } from 'constructs';
import { checkOptionalPlainObject, checkPlainObject, pathScope } from '../_boundary';
import { fail, show } from '../_errors';
import { k8s } from '../_plus';
import { checkOneOf, checkPort } from '../_validate';
import { checkStringList } from '../workloads/_container-checks';
import { INT32_MAX } from '../workloads/_props';

/**
 * The scheme of an HTTP probe.
 */
export enum ProbeScheme {
  /** Plain HTTP. */
  HTTP = 'HTTP',
  /** HTTPS; the kubelet does not verify the certificate. */
  HTTPS = 'HTTPS',
}

/**
 * When and how often a probe runs, and how many results change its verdict.
 * Plain numbers of seconds, as in the Kubernetes probe. The defaults depend on
 * the role the probe is given in {@link HealthChecks}.
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#configure-probes
 */
export interface ProbeTimings {
  /**
   * Seconds after the container has started before the probe first runs.
   * @default 0
   */
  readonly initialDelaySeconds?: number;

  /**
   * Seconds between two runs of the probe (at least 1).
   * @default 5 for a startup probe, 10 for a readiness or liveness probe
   */
  readonly periodSeconds?: number;

  /**
   * Seconds after which one run of the probe counts as failed (at least 1).
   * @default 1
   */
  readonly timeoutSeconds?: number;

  /**
   * Consecutive failures after which the probe gives its failed verdict (at
   * least 1): the container is restarted (liveness, startup) or taken out of
   * its Services' endpoints (readiness).
   * @default 30 for a startup probe (a 150 s start budget), 3 for a readiness or liveness probe
   */
  readonly failureThreshold?: number;

  /**
   * Consecutive successes after a failure for the probe to pass again (at
   * least 1). Kubernetes only accepts 1 for liveness and startup probes.
   * @default 1
   */
  readonly successThreshold?: number;
}

/**
 * Options of {@link HealthProbe.http}.
 */
export interface HttpProbeOptions extends ProbeTimings {
  /** The container port the kubelet sends the GET request to (1-65535). */
  readonly port: number;

  /**
   * HTTP or HTTPS.
   * @default ProbeScheme.HTTP
   */
  readonly scheme?: ProbeScheme;
}

/**
 * Options of {@link HealthProbe.grpc}.
 */
export interface GrpcProbeOptions extends ProbeTimings {
  /**
   * The service name put in the gRPC `HealthCheckRequest`.
   * @default - none: the server reports its overall health
   * @see https://github.com/grpc/grpc/blob/master/doc/health-checking.md
   */
  readonly service?: string;
}

/** Kubernetes' own defaults, which readiness and liveness probes keep. */
const KUBERNETES_DEFAULTS: Required<ProbeTimings> = {
  initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1,
};

const ROLE_DEFAULTS = {
  startup: { ...KUBERNETES_DEFAULTS, periodSeconds: 5, failureThreshold: 30 },
  readiness: KUBERNETES_DEFAULTS,
  liveness: KUBERNETES_DEFAULTS,
};

const TIMING_MINIMUMS: Required<ProbeTimings> = {
  initialDelaySeconds: 0, periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 1, successThreshold: 1,
};

/**
 * A health check of a container: an HTTP GET, a TCP connection, a command
 * run in the container or a gRPC health check, with its timings. Give it a
 * role (liveness, readiness, startup) in {@link HealthChecks}; the timings
 * not given take that role's defaults.
 *
 * Unlike cdk8s-plus' `Probe`, it has a gRPC check, and its defaults are
 * tuned per role: a startup probe allows 150 s (30 failures, every 5 s),
 * readiness and liveness probes run every 10 s and fail after 3 failures.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes
 */
export class HealthProbe {
  /**
   * An HTTP GET on the container: any status from 200 to 399 passes.
   *
   * @param path the path to request, starting with '/', e.g. '/healthz'
   * @param options the port, scheme and timings
   */
  public static http(path: string, options: HttpProbeOptions): HealthProbe {
    const scope = pathScope('HealthProbe.http');
    if (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path)) {
      fail(scope, 'path', `must be an HTTP path starting with '/' and without spaces, e.g. '/healthz', got ${show(path)}`);
    }
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      fail(scope, 'options', `must give at least the 'port' of the HTTP probe, got ${show(options)}`);
    }
    checkPlainObject(scope, 'options', options);
    checkPort(scope, 'port', options.port);
    const scheme = options.scheme ?? ProbeScheme.HTTP;
    checkOneOf(scope, 'scheme', scheme, ProbeScheme);
    const port = options.port;
    return new HealthProbe(() => ({ httpGet: { path, port: k8s.IntOrString.fromNumber(port), scheme } }), checkTimings(scope, options));
  }

  /**
   * A TCP connection to a port of the container: it passes when the
   * connection opens.
   *
   * @param port the container port to connect to (1-65535)
   * @param options the timings
   */
  public static tcp(port: number, options: ProbeTimings = {}): HealthProbe {
    const scope = pathScope('HealthProbe.tcp');
    checkPort(scope, 'port', port);
    return new HealthProbe(() => ({ tcpSocket: { port: k8s.IntOrString.fromNumber(port) } }), checkTimings(scope, options));
  }

  /**
   * A command run in the container, without a shell: it passes when the
   * command exits with status 0.
   *
   * @param command the program and its arguments, e.g. ['pg_isready', '-h', 'localhost']
   * @param options the timings
   */
  public static exec(command: string[], options: ProbeTimings = {}): HealthProbe {
    const scope = pathScope('HealthProbe.exec');
    checkStringList(scope, 'command', command);
    if (!Array.isArray(command) || command.length === 0 || command[0].trim() === '') {
      fail(scope, 'command', `must be a non-empty list of strings, the program first (run without a shell), got ${show(command)}`);
    }
    const copy = [...command];
    return new HealthProbe(() => ({ exec: { command: [...copy] } }), checkTimings(scope, options));
  }

  /**
   * A gRPC health check (`grpc.health.v1.Health/Check`) on a port of the
   * container: it passes when the server answers SERVING. The application
   * must implement the gRPC health checking protocol. Beta and on by default
   * in Kubernetes 1.24 to 1.26, generally available from 1.27.
   *
   * @param port the container port of the gRPC server (1-65535)
   * @param options the service name and timings
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-a-grpc-liveness-probe
   */
  public static grpc(port: number, options: GrpcProbeOptions = {}): HealthProbe {
    const scope = pathScope('HealthProbe.grpc');
    checkPort(scope, 'port', port);
    const timings = checkTimings(scope, options);
    const service = options?.service;
    if (service !== undefined && typeof service !== 'string') {
      fail(scope, 'service', `must be a gRPC service name, got ${show(service)}`);
    }
    return new HealthProbe(() => ({ grpc: service === undefined ? { port } : { port, service } }), timings);
  }

  /** Builds the check part of the probe (`httpGet`, `tcpSocket`, `exec` or `grpc`). */
  private readonly action: () => k8s.Probe;
  private readonly timings: ProbeTimings;

  private constructor(action: () => k8s.Probe, timings: ProbeTimings) {
    this.action = action;
    this.timings = timings;
  }

  /**
   * The timings of this probe in a role: those given, completed with the
   * role's defaults.
   *
   * @internal
   */
  public _timings(role: 'liveness' | 'readiness' | 'startup'): Required<ProbeTimings> {
    const given = Object.fromEntries(Object.entries(this.timings).filter(([, v]) => v !== undefined));
    return { ...ROLE_DEFAULTS[role], ...given };
  }

  /**
   * The `io.k8s.api.core.v1.Probe` of this probe in a role, in the shape of
   * cdk8s-plus' typed `k8s.Probe` (ports as `IntOrString`): a JSON patch on a
   * cdk8s-plus resource is applied before its typed props are converted to
   * JSON, so a plain number where an `IntOrString` is expected would be dropped.
   *
   * @internal
   */
  public _toKube(role: 'liveness' | 'readiness' | 'startup'): k8s.Probe {
    const t = this._timings(role);
    return {
      ...this.action(),
      initialDelaySeconds: t.initialDelaySeconds,
      periodSeconds: t.periodSeconds,
      timeoutSeconds: t.timeoutSeconds,
      failureThreshold: t.failureThreshold,
      successThreshold: t.successThreshold,
    };
  }
}

/** Checks the timings a probe was given: integers, each within its Kubernetes range. */
function checkTimings(scope: IConstruct, options: ProbeTimings | undefined): ProbeTimings {
  checkOptionalPlainObject(scope, 'options', options);
  if (options === undefined) return {};
  const timings: { [key: string]: number | undefined } = {};
  for (const key of Object.keys(TIMING_MINIMUMS) as (keyof ProbeTimings)[]) {
    const value = options[key];
    if (value === undefined) continue;
    const min = TIMING_MINIMUMS[key];
    if (!Number.isInteger(value) || value < min || value > INT32_MAX) {
      fail(scope, key, `must be an integer within ${min}-${INT32_MAX} (seconds or a count), got ${show(value)}`);
    }
    timings[key] = value;
  }
  return timings;
}
