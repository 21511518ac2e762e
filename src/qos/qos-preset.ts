import { Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkOptionalPlainObject, checkPlainObject, pathScope } from '../_boundary';
import { checkCpu, checkMemory } from './_amounts';
import { QosClass } from './qos-class';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import { parseQuantity } from '../_quantity';

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
   * Something must be requested above 0, and cpu and memory must not both be
   * limited at their requests (that pod would be Guaranteed).
   */
  public static burstable(options: BurstableOptions): QosPreset {
    const scope = pathScope('QosPreset.burstable');
    checkPlainObject(scope, 'options', options);
    checkPlainObject(scope, 'requests', options.requests);
    checkOptionalPlainObject(scope, 'limits', options.limits);
    const requests = options.requests;
    const limits = options.limits ?? {};
    if (requests.cpu === undefined && requests.memory === undefined) {
      fail(scope, 'requests', `must set cpu or memory, got ${show(requests)}`);
    }
    let positive = false;
    let capped = true;
    for (const resource of ['cpu', 'memory'] as const) {
      const request = amountOf(scope, `requests.${resource}`, resource, requests[resource]);
      const limit = amountOf(scope, `limits.${resource}`, resource, limits[resource]);
      if (request !== undefined && limit !== undefined && parseQuantity(request) > parseQuantity(limit)) {
        fail(scope, `limits.${resource}`, `must be at least its request (${request}), got ${limit}`);
      }
      // Kubernetes requests a resource that has a limit and no request at its limit
      const requested = parseQuantity(request ?? limit ?? '0');
      positive ||= requested > 0n || parseQuantity(limit ?? '0') > 0n;
      capped &&= limit !== undefined && parseQuantity(limit) > 0n && requested === parseQuantity(limit);
    }
    if (!positive) {
      fail(scope, 'requests', `must request cpu or memory above 0 (Kubernetes counts no zero amount), got ${show(requests)}; use QosPreset.bestEffort() for no resources`);
    }
    if (capped) {
      fail(scope, 'limits', 'must leave a resource unlimited or above its request, got limits equal to the requests for both cpu and memory, which makes the pod Guaranteed; use QosPreset.guaranteed()');
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
    const scope = pathScope('QosPreset.guaranteed');
    checkPlainObject(scope, 'options', options);
    for (const resource of ['cpu', 'memory'] as const) {
      const amount = amountOf(scope, resource, resource, options[resource]);
      if (amount === undefined || parseQuantity(amount) <= 0n) {
        fail(scope, resource, `must be given and above 0 (a Guaranteed pod requests and limits both cpu and memory), got ${show(amount)}`);
      }
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

/** A CPU or memory amount of a preset, as rendered; undefined when not given. */
function amountOf(scope: IConstruct, field: string, resource: 'cpu' | 'memory', amount: unknown): string | undefined {
  if (amount === undefined) return undefined;
  return resource === 'cpu' ? checkCpu(scope, field, amount) : checkMemory(scope, field, amount);
}
