import { Size } from 'cdk8s';
import { kplus } from '../_plus';
import { QosClass } from './qos-class';

/**
 * CPU and memory amounts of one container.
 */
export interface ResourceAmounts {
  /**
   * CPU, e.g. `Cpu.millis(250)`.
   * @default - none: the resource is not requested or limited
   */
  readonly cpu?: kplus.Cpu;
  /**
   * Memory, a whole number of mebibytes, e.g. `Size.mebibytes(256)`.
   * @default - none: the resource is not requested or limited
   */
  readonly memory?: Size;
}

/**
 * Options of a Burstable preset.
 */
export interface BurstableOptions {
  /**
   * What each container asks the scheduler for.
   */
  readonly requests: ResourceAmounts;
  /**
   * The most each container may use; each limit must be at least its request.
   * @default - no limits
   */
  readonly limits?: ResourceAmounts;
}

/**
 * Options of a Guaranteed preset: requests and limits are both set to these.
 */
export interface GuaranteedOptions {
  /** CPU of each container, request and limit. */
  readonly cpu: kplus.Cpu;
  /** Memory of each container, request and limit, a whole number of mebibytes. */
  readonly memory: Size;
}

/**
 * A Pod Quality of Service preset: the resources given to every container of
 * a pod (init and helper containers included) that does not set its own.
 *
 * Replaces cdk8s-plus' silent 1000m/512Mi requests and 1500m/2048Mi limits.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/
 */
export class QosPreset {
  /**
   * No requests and no limits: the pod is the first to be evicted under node pressure.
   */
  public static bestEffort(): QosPreset {
    return new QosPreset(QosClass.BEST_EFFORT, {});
  }

  /**
   * Requests, and optionally higher limits: the pod may burst above what it asked for.
   */
  public static burstable(options: BurstableOptions): QosPreset {
    const requests = options.requests ?? {};
    const limits = options.limits ?? {};
    if (!requests.cpu && !requests.memory) {
      throw new Error("'requests' of a Burstable preset must set cpu or memory, got none");
    }
    return new QosPreset(QosClass.BURSTABLE, {
      cpu: requests.cpu || limits.cpu ? { request: requests.cpu, limit: limits.cpu } : undefined,
      memory: requests.memory || limits.memory ? { request: requests.memory, limit: limits.memory } : undefined,
    });
  }

  /**
   * Requests equal to limits for both CPU and memory: the pod is the last to be evicted.
   */
  public static guaranteed(options: GuaranteedOptions): QosPreset {
    if (!options.cpu || !options.memory) {
      throw new Error(`a Guaranteed preset needs both 'cpu' and 'memory', got ${options.cpu ? 'no memory' : 'no cpu'}`);
    }
    return new QosPreset(QosClass.GUARANTEED, {
      cpu: { request: options.cpu, limit: options.cpu },
      memory: { request: options.memory, limit: options.memory },
    });
  }

  /**
   * The preset used when a workload names none: Burstable with requests of
   * 100m CPU and 128Mi memory, limits of 500m CPU and 256Mi memory.
   */
  public static defaults(): QosPreset {
    return QosPreset.burstable({
      requests: { cpu: kplus.Cpu.millis(100), memory: Size.mebibytes(128) },
      limits: { cpu: kplus.Cpu.millis(500), memory: Size.mebibytes(256) },
    });
  }

  private constructor(
    /** The QoS class every pod using this preset is meant to get. */
    public readonly qosClass: QosClass,
    /** The resources given to each container that sets none of its own. */
    public readonly resources: kplus.ContainerResources,
  ) {}
}
