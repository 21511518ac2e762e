import { Lazy } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkOptionalPlainObject, checkPlainObject } from '../_boundary';
import { checkOptionalCount } from './_props';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import { parseQuantity } from '../_quantity';
import { checkImage, checkInstance, checkOneOf, checkOptionalType, checkPort, checkPortName, checkType } from '../_validate';
import { checkCpu, checkMemory, checkSize } from '../qos/_amounts';

const RESOURCE_KINDS = ['cpu', 'memory', 'ephemeralStorage'] as const;

/** Kubernetes 1.26's rule for environment variable names (`validation.IsEnvVarName`). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * Checks what a container is given, for callers without TypeScript too:
 * `field` turns a prop into the name errors give it, e.g.
 * `image` → `containers[main].image`. The name is the caller's to check.
 */
export function checkContainerProps(scope: IConstruct, field: (prop: string) => string, props: kplus.ContainerProps): void {
  checkImage(scope, field('image'), props.image);
  if (props.port !== undefined && props.portNumber !== undefined) {
    fail(scope, field('port'), `must not be given with 'portNumber' (cdk8s-plus deprecates it for 'portNumber'), got ${show(props.port)}`);
  }
  for (const key of ['port', 'portNumber'] as const) {
    if (props[key] !== undefined) checkPort(scope, field(key), props[key]!);
  }
  checkPorts(scope, field('ports'), props.ports, props.portNumber ?? props.port);
  checkStringList(scope, field('command'), props.command);
  checkStringList(scope, field('args'), props.args);
  checkOptionalType(scope, field('workingDir'), props.workingDir, 'string');
  checkEnvVariables(scope, field('envVariables'), props.envVariables);
  checkOptionalType(scope, field('envFrom'), props.envFrom, 'array');
  props.envFrom?.forEach((e, i) => checkInstance(scope, `${field('envFrom')}[${i}]`, e, kplus.EnvFrom, 'an EnvFrom such as Env.fromConfigMap(...)'));
  for (const probe of ['liveness', 'readiness', 'startup'] as const) {
    if (props[probe] !== undefined) checkInstance(scope, field(probe), props[probe], kplus.Probe, 'a cdk8s-plus Probe');
  }
  if (props.imagePullPolicy !== undefined) checkOneOf(scope, field('imagePullPolicy'), props.imagePullPolicy, kplus.ImagePullPolicy);
  checkOptionalType(scope, field('volumeMounts'), props.volumeMounts, 'array');
  checkOptionalPlainObject(scope, field('lifecycle'), props.lifecycle);
  const context = props.securityContext;
  if (context !== undefined) {
    checkPlainObject(scope, field('securityContext'), context);
    for (const id of ['user', 'group'] as const) checkOptionalCount(scope, field(`securityContext.${id}`), context[id], 0);
    for (const flag of ['ensureNonRoot', 'privileged', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation'] as const) {
      checkOptionalType(scope, field(`securityContext.${flag}`), context[flag], 'boolean');
    }
    checkOptionalPlainObject(scope, field('securityContext.capabilities'), context.capabilities);
  }
  if (props.resources !== undefined) checkResources(scope, field('resources'), props.resources);
}

/**
 * Checks a container's resources: CPU amounts, whole mebibytes of memory,
 * and each request at most its limit.
 */
export function checkResources(scope: IConstruct, field: string, resources: kplus.ContainerResources): void {
  checkPlainObject(scope, field, resources);
  const unknown = Object.keys(resources).find(k => !(RESOURCE_KINDS as readonly string[]).includes(k));
  if (unknown !== undefined) fail(scope, field, `must only set ${RESOURCE_KINDS.join(', ')}, got ${show(unknown)}`);
  for (const kind of RESOURCE_KINDS) {
    const amounts = resources[kind];
    if (amounts === undefined) continue;
    checkPlainObject(scope, `${field}.${kind}`, amounts);
    const [request, limit] = (['request', 'limit'] as const).map(end => {
      const amount: unknown = amounts[end];
      const at = `${field}.${kind}.${end}`;
      if (amount === undefined) return undefined;
      if (kind === 'cpu') return checkCpu(scope, at, amount);
      if (kind === 'memory') return checkMemory(scope, at, amount);
      return checkSize(scope, at, amount).asString();
    });
    if (request !== undefined && limit !== undefined && parseQuantity(request) > parseQuantity(limit)) {
      fail(scope, `${field}.${kind}`, `request must not exceed its limit, got request ${request} and limit ${limit}`);
    }
  }
}

/** An optional list of strings, such as a command or its arguments. */
export function checkStringList(scope: IConstruct, field: string, list: unknown): void {
  if (list === undefined) return;
  checkType(scope, field, list, 'array');
  (list as unknown[]).forEach((item, i) => checkType(scope, `${field}[${i}]`, item, 'string'));
}

/**
 * Environment variables: valid names, each an `EnvValue`; a literal value
 * must be a string (`EnvValue.fromValue(5)` from JavaScript would render a
 * number, which Kubernetes refuses) or a cdk8s `Lazy`.
 */
export function checkEnvVariables(scope: IConstruct, field: string, variables: { [name: string]: kplus.EnvValue } | undefined): void {
  if (variables === undefined) return;
  checkPlainObject(scope, field, variables);
  for (const [name, value] of Object.entries(variables)) {
    const at = `${field}[${name}]`;
    if (!ENV_NAME.test(name)) {
      fail(scope, at, `must be named with letters, digits, '_', '-' and '.', not starting with a digit, got ${show(name)}`);
    }
    checkInstance(scope, at, value, kplus.EnvValue, "an EnvValue such as EnvValue.fromValue('text')");
    // a cdk8s Lazy renders its string when the object renders, where the manifest's validation checks it
    if (value.value !== undefined && typeof value.value !== 'string' && !((value.value as unknown) instanceof Lazy)) {
      fail(scope, at, `must hold a string value, got ${show(value.value)}; quote it, e.g. EnvValue.fromValue('${String(value.value)}')`);
    }
  }
}

/** A container's ports: numbers, names and protocols, no number and protocol (or name) twice. */
function checkPorts(scope: IConstruct, field: string, ports: kplus.ContainerPort[] | undefined, portNumber: number | undefined): void {
  if (ports === undefined) return;
  checkType(scope, field, ports, 'array');
  const seen = new Set<string>(portNumber === undefined ? [] : [`${portNumber}/TCP`]);
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const at = `${field}[${i}]`;
    checkPlainObject(scope, at, port);
    checkPort(scope, `${at}.number`, port.number);
    if (port.name !== undefined) checkPortName(scope, `${at}.name`, port.name);
    if (port.protocol !== undefined) checkOneOf(scope, `${at}.protocol`, port.protocol, kplus.Protocol);
    if (port.hostPort !== undefined) checkPort(scope, `${at}.hostPort`, port.hostPort);
    checkOptionalType(scope, `${at}.hostIp`, port.hostIp, 'string');
    const key = `${port.number}/${port.protocol ?? 'TCP'}`;
    if (seen.has(key)) fail(scope, `${at}.number`, `must not repeat a port of the container, got ${key} twice`);
    if (port.name !== undefined && names.has(port.name)) fail(scope, `${at}.name`, `must not repeat a port name of the container, got ${show(port.name)} twice`);
    seen.add(key);
    if (port.name !== undefined) names.add(port.name);
  });
}
