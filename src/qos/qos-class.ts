import { IConstruct } from 'constructs';
import { pathScope } from '../_boundary';
import { fail, show } from '../_errors';
import { parseQuantity } from '../_quantity';

/**
 * The Quality of Service class Kubernetes gives a pod.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/
 */
export enum QosClass {
  /** No container requests or limits CPU or memory: evicted first under node pressure. */
  BEST_EFFORT = 'BestEffort',
  /** Some requests or limits, but not Guaranteed. */
  BURSTABLE = 'Burstable',
  /** Every container limits CPU and memory, and requests equal limits: evicted last. */
  GUARANTEED = 'Guaranteed',
}

const QOS_RESOURCES = ['cpu', 'memory'] as const;

type QosResource = typeof QOS_RESOURCES[number];

interface Amount {
  readonly text: string;
  readonly nano: bigint;
}

interface ContainerAmounts {
  readonly label: string;
  readonly requests: Partial<Record<QosResource, Amount>>;
  readonly limits: Partial<Record<QosResource, Amount>>;
}

function amountsOf(scope: IConstruct, list: Record<string, unknown> | undefined, field: string): Partial<Record<QosResource, Amount>> {
  const amounts: Partial<Record<QosResource, Amount>> = {};
  for (const resource of QOS_RESOURCES) {
    const value = list?.[resource];
    if (value === undefined || value === null) continue;
    amounts[resource] = { text: String(value), nano: quantity(scope, `${field}.${resource}`, value) };
  }
  return amounts;
}

function quantity(scope: IConstruct, field: string, value: unknown): bigint {
  try {
    return parseQuantity(value as string | number);
  } catch {
    fail(scope, field, `must be a Kubernetes quantity such as 100m, 1.5 or 128Mi (at most 1e9991), got ${show(value)}`);
  }
}

/**
 * The CPU and memory of each container and init container, after the API
 * server's defaulting: a resource with a limit but no request is requested
 * at its limit. Ephemeral containers cannot set resources and do not count.
 */
function containerAmounts(scope: IConstruct, podSpec: any): ContainerAmounts[] {
  if (typeof podSpec !== 'object' || podSpec === null || Array.isArray(podSpec)) {
    fail(scope, 'podSpec', `must be a pod spec object, got ${show(podSpec)}`);
  }
  const lists = [['containers', 'container'], ['initContainers', 'init container']] as const;
  return lists.flatMap(([key, noun]) => (Array.isArray(podSpec[key]) ? podSpec[key] : []).map((c: any, i: number) => {
    const field = `${key}[${i}].resources`;
    const limits = amountsOf(scope, c?.resources?.limits, `${field}.limits`);
    const requests = { ...limits, ...amountsOf(scope, c?.resources?.requests, `${field}.requests`) };
    const label = c?.name ? `${noun} '${c.name}'` : `${noun} ${key}[${i}]`;
    return { label, requests, limits };
  }));
}

function positive(amount: Amount | undefined): amount is Amount {
  return amount !== undefined && amount.nano > 0n;
}

function addTo(sums: Map<QosResource, bigint>, resource: QosResource, amount: Amount | undefined): void {
  if (positive(amount)) sums.set(resource, (sums.get(resource) ?? 0n) + amount.nano);
}

/**
 * Computes the QoS class Kubernetes gives a pod.
 */
export class Qos {
  /**
   * The QoS class of a pod spec, computed as Kubernetes does (`GetPodQOS`,
   * pkg/apis/core/helper/qos): over containers and init containers, only
   * CPU and memory count and zero amounts are ignored. BestEffort when
   * nothing is requested or limited; Guaranteed when every container limits
   * both CPU and memory and, per resource, the summed requests equal the
   * summed limits (a missing request defaults to its limit); Burstable
   * otherwise.
   *
   * @param podSpec the pod spec (`.spec` of a Pod, `.spec.template.spec` of a Deployment)
   */
  public static classOf(podSpec: any): QosClass {
    const requests = new Map<QosResource, bigint>();
    const limits = new Map<QosResource, bigint>();
    let guaranteed = true;
    for (const container of containerAmounts(pathScope('Qos.classOf'), podSpec)) {
      for (const resource of QOS_RESOURCES) {
        addTo(requests, resource, container.requests[resource]);
        addTo(limits, resource, container.limits[resource]);
        if (!positive(container.limits[resource])) guaranteed = false;
      }
    }
    if (requests.size === 0 && limits.size === 0) return QosClass.BEST_EFFORT;
    const matching = [...requests].every(([resource, request]) => limits.get(resource) === request);
    return guaranteed && matching && requests.size === limits.size ? QosClass.GUARANTEED : QosClass.BURSTABLE;
  }

  /**
   * Why a pod spec is not Guaranteed: one short reason per container and
   * resource, e.g. `container 'log-shipper' has no memory limit` or
   * `container 'api' requests cpu 100m but its limit is 200m`.
   * Empty when the pod is Guaranteed.
   *
   * @param podSpec the pod spec (`.spec` of a Pod, `.spec.template.spec` of a Deployment)
   */
  public static explainNotGuaranteed(podSpec: any): string[] {
    const scope = pathScope('Qos.explainNotGuaranteed');
    const amounts = containerAmounts(scope, podSpec);
    if (Qos.classOf(podSpec) === QosClass.GUARANTEED) return [];
    const reasons = amounts.flatMap(c => QOS_RESOURCES.flatMap(resource => reasonFor(c, resource)));
    return reasons.length > 0 ? reasons : ['the pod has no containers'];
  }

  private constructor() {}
}

function reasonFor(container: ContainerAmounts, resource: QosResource): string[] {
  const limit = container.limits[resource];
  const request = container.requests[resource]!;
  if (!positive(limit)) return [`${container.label} has no ${resource} limit`];
  if (request.nano !== limit.nano) {
    return [`${container.label} requests ${resource} ${request.text} but its limit is ${limit.text}`];
  }
  return [];
}
