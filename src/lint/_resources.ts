import { isQuantity, parseQuantity } from '../_quantity';
import { isKind, isObject, LintObject, list, namespaceOf } from './_model';

/** CPU and memory, the resources requests and limits are checked for. */
export const COMPUTE = ['cpu', 'memory'] as const;
export type Compute = typeof COMPUTE[number];

/** Amounts by resource, as written (`250m`) and in nano-units. */
export type Amounts = Partial<Record<Compute, { readonly text: string; readonly nano: bigint }>>;

/** The container defaults of a namespace's LimitRanges: `defaultRequest` and `default` (the default limit). */
export interface ContainerDefaults {
  readonly request: Amounts;
  readonly limit: Amounts;
}

function amountsOf(resources: unknown): Amounts {
  const amounts: Amounts = {};
  if (!isObject(resources)) return amounts;
  for (const r of COMPUTE) {
    const value = resources[r];
    if ((typeof value === 'string' || typeof value === 'number') && isQuantity(value)) {
      amounts[r] = { text: String(value), nano: parseQuantity(value) };
    }
  }
  return amounts;
}

/** The container defaults the LimitRanges of a namespace give, merged in object order. */
export function containerDefaults(objects: readonly LintObject[], namespace: string): ContainerDefaults {
  const request: Amounts = {};
  const limit: Amounts = {};
  for (const o of objects) {
    if (!isKind(o.manifest, '', 'LimitRange') || namespaceOf(o.manifest) !== namespace) continue;
    for (const item of list(o.manifest.spec?.limits)) {
      if (item?.type !== 'Container') continue;
      const defaultLimit = amountsOf(item.default);
      // LimitRange defaulting: a default limit without a default request is also the default request
      const defaultRequest = { ...defaultLimit, ...amountsOf(item.defaultRequest) };
      for (const r of COMPUTE) {
        request[r] ??= defaultRequest[r];
        limit[r] ??= defaultLimit[r];
      }
    }
  }
  return { request, limit };
}

/**
 * A container's requests and limits as the cluster sets them: its own; a
 * limit without a request is also the request (API defaulting); then the
 * namespace's LimitRange defaults for what is still unset.
 */
export function effectiveResources(container: any, defaults: ContainerDefaults): { requests: Amounts; limits: Amounts } {
  const ownLimits = amountsOf(container?.resources?.limits);
  const ownRequests = { ...ownLimits, ...amountsOf(container?.resources?.requests) };
  return {
    requests: { ...defaults.request, ...ownRequests },
    limits: { ...defaults.limit, ...ownLimits },
  };
}

/** A pod spec with every container's resources as the cluster sets them, for `Qos.classOf`. */
export function effectivePodSpec(spec: any, defaults: ContainerDefaults): any {
  const withResources = (c: any) => {
    const { requests, limits } = effectiveResources(c, defaults);
    const texts = (a: Amounts) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v!.text]));
    return { ...c, resources: { requests: texts(requests), limits: texts(limits) } };
  };
  return { ...spec, containers: list(spec.containers).map(withResources), initContainers: list(spec.initContainers).map(withResources) };
}

/**
 * What one pod requests (or limits) of a resource, as quotas count it: the
 * sum over its containers, or the largest init container if that is more.
 */
export function podAmount(spec: any, defaults: ContainerDefaults, resource: Compute, which: 'requests' | 'limits'): bigint | undefined {
  const of = (c: any) => effectiveResources(c, defaults)[which][resource]?.nano;
  const main = list(spec.containers).map(of);
  const init = list(spec.initContainers).map(of);
  if ([...main, ...init].every(v => v === undefined)) return undefined;
  const sum = main.reduce<bigint>((a, v) => a + (v ?? 0n), 0n);
  const largestInit = init.reduce<bigint>((a, v) => (v !== undefined && v > a ? v : a), 0n);
  return sum > largestInit ? sum : largestInit;
}

/** Nano-units back to a quantity for messages: cores with `m`, bytes with `Mi`/`Gi`. */
export function formatAmount(nano: bigint, resource: Compute): string {
  if (resource === 'cpu') {
    const millis = nano / 1_000_000n;
    return millis % 1000n === 0n ? `${millis / 1000n}` : `${millis}m`;
  }
  const bytes = nano / 1_000_000_000n;
  const gi = 1024n ** 3n;
  const mi = 1024n ** 2n;
  if (bytes % gi === 0n) return `${bytes / gi}Gi`;
  if (bytes % mi === 0n) return `${bytes / mi}Mi`;
  return `${bytes}`;
}
