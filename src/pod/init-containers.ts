import { Construct } from 'constructs';
import { addHelperInitContainer, requireWorkload } from '../_attach';
import { checkPlainObject, pathScope } from '../_boundary';
import { fail } from '../_errors';
import { kplus } from '../_plus';
import { checkDnsLabel, checkDnsSubdomain, checkImage, checkInstance, checkPort, checkType } from '../_validate';
import { checkContainerProps } from '../workloads/_container-checks';
import { checkOptionalCount } from '../workloads/_props';

/**
 * Options of {@link InitStep.waitFor}.
 */
export interface WaitForOptions {
  /** Name of the init container. */
  readonly name: string;
  /** Host to wait for, e.g. a Service name. */
  readonly host: string;
  /** TCP port that must accept connections. */
  readonly port: number;
  /**
   * Image providing `sh` and `nc`.
   * @default 'busybox:1.36.1'
   */
  readonly image?: string;
  /**
   * Seconds between two attempts.
   * @default 2
   */
  readonly intervalSeconds?: number;
}

/**
 * One step of an {@link InitContainers} sequence.
 */
export class InitStep {
  /**
   * A step running any container to completion, e.g. a database seed.
   */
  public static run(props: kplus.ContainerProps): InitStep {
    const scope = pathScope('InitStep.run');
    checkPlainObject(scope, 'props', props);
    if (props.name === undefined) {
      fail(scope, 'name', "must be given, so that the step is recognisable in 'kubectl describe pod', got undefined");
    }
    checkDnsLabel(scope, 'name', props.name);
    checkContainerProps(scope, prop => prop, props);
    return new InitStep(props);
  }

  /**
   * A step that blocks until `host:port` accepts TCP connections, so that
   * the app does not start before its dependency.
   */
  public static waitFor(options: WaitForOptions): InitStep {
    const scope = pathScope('InitStep.waitFor');
    checkPlainObject(scope, 'options', options);
    checkDnsLabel(scope, 'name', options.name);
    checkDnsSubdomain(scope, 'host', options.host);
    checkPort(scope, 'port', options.port);
    checkOptionalCount(scope, 'intervalSeconds', options.intervalSeconds, 1);
    const interval = options.intervalSeconds ?? 2;
    const image = options.image ?? 'busybox:1.36.1';
    checkImage(scope, 'image', image);
    return new InitStep({
      name: options.name,
      image,
      command: ['sh', '-c', `until nc -z ${options.host} ${options.port}; do echo waiting for ${options.host}:${options.port}; sleep ${interval}; done`],
      securityContext: { user: 65534, group: 65534 },
    });
  }

  private constructor(
    /** The container that performs the step. */
    public readonly container: kplus.ContainerProps,
  ) {}
}

/**
 * Props of {@link InitContainers}.
 */
export interface InitContainersProps {
  /** The pod whose start the steps precede. */
  readonly workload: kplus.AbstractPod;
  /** The steps, run one after the other, each to completion, in this order. */
  readonly steps: InitStep[];
}

/**
 * The init containers pattern: an ordered list of steps that run to
 * completion, one after the other, before the app's containers start.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/init-containers/
 */
export class InitContainers extends Construct {
  /** The init containers, in the order they run. */
  public readonly containers: kplus.Container[];

  constructor(scope: Construct, id: string, props: InitContainersProps) {
    super(scope, id);
    checkPlainObject(this, 'props', props);
    const workload = requireWorkload(this, 'init containers', props.workload);
    const steps = props.steps ?? [];
    checkType(this, 'steps', steps, 'array');
    if (steps.length === 0) {
      fail(this, 'steps', 'must list at least one step, got an empty list');
    }
    steps.forEach((step, i) => checkInstance(this, `steps[${i}]`, step, InitStep, 'an InitStep (InitStep.run or InitStep.waitFor)'));
    this.containers = steps.map(step => addHelperInitContainer(this, workload, step.container));
  }
}
