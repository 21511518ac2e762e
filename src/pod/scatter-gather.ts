import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { checkMetadata, checkPlainObject } from '../_boundary';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkInstance, checkOneOf, checkOptionalType, checkPort } from '../_validate';
import { SideContainerOptions } from './side-container-options';
import { releaseText } from '../helm/_release-text';
import { keepOutOfValues } from '../helm/_value-declarations';
import { checkDns1035Label } from '../network/_checks';
import { AllowTraffic, TrafficSource } from '../network/allow-traffic';
import { Service } from '../network/service';
import { QosPreset } from '../qos/qos-preset';
import { PodSecurityLevel } from '../security/pod-security';
import { checkContainerProps } from '../workloads/_container-checks';
import { checkOptionalCount } from '../workloads/_props';
import { Deployment } from '../workloads/deployment';
import { PodOptions } from '../workloads/pod-options';
import { StatefulSet } from '../workloads/stateful-set';

/** The environment variables a {@link ScatterGather} sets, and which its sides may not set themselves. */
const GATHERER_ENV = ['WORKER_HOSTS', 'WORKER_PORT', 'WORKER_COUNT', 'WORKER_SERVICE'];
const WORKER_ENV = ['WORKER_COUNT'];

/** The longest base name: the workers' StatefulSet `<name>-worker` may have at most 52 characters. */
const MAX_NAME = 52 - '-worker'.length;

/**
 * One side of a {@link ScatterGather}: its container, its pod options and
 * its number of pods.
 */
export interface ScatterGatherSideOptions extends PodOptions, SideContainerOptions {
  /**
   * Number of pods.
   * @default - 3 workers, 2 gatherers
   */
  readonly replicas?: number;
}

/**
 * Props of a {@link ScatterGather}.
 */
export interface ScatterGatherProps {
  /**
   * The workers: each answers its share of a request. Pods
   * `<name>-worker-0` to `<name>-worker-<N-1>`, container `worker`.
   */
  readonly workers: ScatterGatherSideOptions;
  /**
   * The gatherer: fans each request out to every worker and merges their
   * answers. Deployment `<name>-gatherer`, container `gatherer`, Service `<name>`.
   */
  readonly gatherer: ScatterGatherSideOptions;
  /**
   * Metadata of the gatherer. Its name is the base name of every object and
   * the name of the gatherer's Service (the DNS name clients call), a
   * DNS-1035 label of at most 45 characters; its namespace is every
   * object's; its labels and annotations are the gatherer Deployment's only.
   * @default - the construct's id as the name, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Whether to also allow the gatherer's egress to the workers (an egress
   * NetworkPolicy on the gatherer), needed when the namespace denies egress.
   * @default - as AllowTraffic decides: true when a DefaultDenyNetworkPolicy of the app denies egress in the namespace
   */
  readonly egress?: boolean;
}

/**
 * The scatter/gather pattern: a gatherer fans each request out to N workers
 * and merges their answers, e.g. a search over N index shards.
 *
 * The workers are a StatefulSet (`<name>-worker`, pods started in parallel)
 * behind its governing headless Service of the same name, so that each has
 * a stable DNS name, `<name>-worker-<i>.<name>-worker`, and its ordinal `i`
 * in its hostname: the gatherer knows every worker it must hear from, and a
 * missing answer is a failed shard, not a silently smaller result (a
 * Deployment behind a headless Service only gives the addresses of the pods
 * that happen to be ready). Each worker gets `WORKER_COUNT`, so that worker
 * `i` knows its share is `i` of `WORKER_COUNT`.
 *
 * The gatherer is a Deployment (`<name>-gatherer`) behind a ClusterIP
 * Service `<name>`; its container gets:
 * - `WORKER_HOSTS`: every worker's DNS name, comma-separated, in ordinal order;
 * - `WORKER_PORT`: the port to call them on;
 * - `WORKER_COUNT`: how many answers to wait for;
 * - `WORKER_SERVICE`: the headless Service's name, which resolves to the
 *   addresses of the ready workers.
 *
 * The list is fixed when the app is synthesized: scale the workers by
 * changing `workers.replicas`, not with `kubectl scale` or an autoscaler.
 *
 * A NetworkPolicy lets only the gatherer reach the workers, only on the
 * worker port. It expects a namespace whose traffic a
 * DefaultDenyNetworkPolicy denies: then the gatherer's own clients need an
 * {@link AllowTraffic} rule to `gatherer` too.
 */
export class ScatterGather extends Construct {
  /** The workers' StatefulSet. */
  public readonly workers: StatefulSet;
  /** The workers' governing headless Service, which gives each worker its DNS name. */
  public readonly workerService: kplus.Service;
  /** The workers' container. */
  public readonly workerContainer: kplus.Container;
  /** The gatherer's Deployment. */
  public readonly gatherer: Deployment;
  /** The Service in front of the gatherers, which clients call. */
  public readonly gathererService: Service;
  /** The gatherer's container. */
  public readonly gathererContainer: kplus.Container;
  /** The NetworkPolicy that lets the gatherer, and only it, reach the workers. */
  public readonly workerPolicy: AllowTraffic;
  /** The DNS names of the workers, in ordinal order, as `WORKER_HOSTS` lists them. */
  public readonly workerHosts: string[];

  constructor(scope: Construct, id: string, props: ScatterGatherProps) {
    super(scope, id);
    checkPlainObject(this, 'props', props);
    checkMetadata(this, 'metadata', props.metadata, checkDns1035Label);
    const name = props.metadata?.name ?? id;
    checkDns1035Label(this, 'metadata.name', name);
    if (name.length > MAX_NAME) {
      fail(this, 'metadata.name', `must be at most ${MAX_NAME} characters, as it names the workers' StatefulSet '<name>-worker' (at most 52), got ${show(name)} (${name.length})`);
    }
    const namespace = props.metadata?.namespace;
    checkOptionalType(this, 'egress', props.egress, 'boolean');
    checkSide(this, 'workers', props.workers, WORKER_ENV, 1);
    checkSide(this, 'gatherer', props.gatherer, GATHERER_ENV, 0);

    const workers = props.workers;
    const count = workers.replicas ?? 3;
    this.workers = new StatefulSet(this, 'Workers', {
      metadata: { name: `${name}-worker`, namespace },
      replicas: count,
      podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
      qos: workers.qos,
      podSecurityLevel: workers.podSecurityLevel,
    });
    this.workerContainer = this.workers.addContainer(containerOf('worker', workers, {
      WORKER_COUNT: kplus.EnvValue.fromValue(String(count)),
    }));
    this.workerService = this.workers.service;
    const service = this.workerService.name;
    this.workerHosts = Array.from({ length: count }, (_, i) => `${name}-worker-${i}.${service}`);
    // the gatherer lists every worker: a Helm value may not change how many there are
    keepOutOfValues(this.workers, 'replicas', 'the gatherer lists every worker');
    // in a Helm release, the workers and their Service carry the release name
    const workerSet = `${name}-worker`;
    const hosts = releaseText(this, nameOf => Array.from({ length: count }, (_, i) => `${nameOf(workerSet)}-${i}.${nameOf(service)}`).join(','));

    const gatherer = props.gatherer;
    this.gatherer = new Deployment(this, 'Gatherer', {
      metadata: { ...props.metadata, name: `${name}-gatherer` },
      replicas: gatherer.replicas ?? 2,
      qos: gatherer.qos,
      podSecurityLevel: gatherer.podSecurityLevel,
    });
    this.gathererContainer = this.gatherer.addContainer(containerOf('gatherer', gatherer, {
      WORKER_HOSTS: kplus.EnvValue.fromValue(hosts),
      WORKER_PORT: kplus.EnvValue.fromValue(String(workers.port)),
      WORKER_COUNT: kplus.EnvValue.fromValue(String(count)),
      WORKER_SERVICE: kplus.EnvValue.fromValue(releaseText(this, nameOf => nameOf(service))),
    }));
    this.gathererService = new Service(this, 'GathererService', {
      workload: this.gatherer,
      metadata: { name, namespace },
      ports: [{ name: 'gatherer', port: gatherer.port, targetPortName: 'gatherer' }],
    });

    this.workerPolicy = new AllowTraffic(this, 'GathererToWorkers', {
      from: TrafficSource.workload(this.gatherer),
      to: this.workers,
      ports: [workers.port],
      egress: props.egress,
      metadata: { name: `${name}-gatherer-to-workers`, namespace },
    });
  }
}

/** Checks one side's options before any object is built; errors name the side's props. */
function checkSide(scope: Construct, side: string, options: ScatterGatherSideOptions, reserved: string[], minReplicas: number): void {
  if (options === undefined) fail(scope, side, 'must be given: scatter/gather needs both workers and a gatherer, got undefined');
  checkPlainObject(scope, side, options);
  checkPort(scope, `${side}.port`, options.port);
  checkOptionalCount(scope, `${side}.replicas`, options.replicas, minReplicas);
  if (options.qos !== undefined) checkInstance(scope, `${side}.qos`, options.qos, QosPreset, 'a QosPreset such as QosPreset.guaranteed(...)');
  if (options.podSecurityLevel !== undefined) checkOneOf(scope, `${side}.podSecurityLevel`, options.podSecurityLevel, PodSecurityLevel);
  const { image, command, args, envVariables, resources } = options;
  checkContainerProps(scope, prop => `${side}.${prop}`, { image, command, args, envVariables, resources });
  const taken = Object.keys(envVariables ?? {}).find(key => reserved.includes(key));
  if (taken !== undefined) {
    fail(scope, `${side}.envVariables[${taken}]`, `must not be set: the ScatterGather sets ${reserved.join(', ')} on the ${side === 'workers' ? 'workers' : 'gatherer'}, got a value of your own; give your variable another name`);
  }
}

/** The container props of a side: its own, its port named after it, and the variables the pattern sets. */
function containerOf(name: string, options: ScatterGatherSideOptions, env: { [name: string]: kplus.EnvValue }): kplus.ContainerProps {
  return {
    name,
    image: options.image,
    command: options.command,
    args: options.args,
    envVariables: { ...options.envVariables, ...env },
    resources: options.resources,
    ports: [{ number: options.port, name }],
  };
}
