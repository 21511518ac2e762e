import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { addCheck, fail, show } from '../_errors';
import { k8s } from '../_plus';
import { checkInteger, checkOptionalType, checkType, isLabelKey } from '../_validate';
import { checkName, namespaceOf } from './_namespaced';
import { checkQuantity, checkWholeQuantity } from './_quantities';
import { uncoveredContainers } from './_quota-coverage';

/**
 * Props of a {@link ResourceQuota}: the most the namespace may hold in
 * total. Every limit is optional; give at least one.
 */
export interface ResourceQuotaProps {
  /**
   * The namespace the quota limits: a DNS-1123 label.
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * The ResourceQuota's name: a DNS-1123 subdomain.
   * @default - a name cdk8s generates from the construct path
   */
  readonly name?: string;

  /**
   * The sum of the cpu requests of the namespace's pods, e.g. `'4'` (`requests.cpu`).
   * Every container must then set a cpu request, or get one from a LimitRange.
   * @default - not limited
   */
  readonly requestsCpu?: string;

  /**
   * The sum of the memory requests of the namespace's pods, e.g. `'8Gi'` (`requests.memory`).
   * Every container must then set a memory request, or get one from a LimitRange.
   * @default - not limited
   */
  readonly requestsMemory?: string;

  /**
   * The sum of the cpu limits of the namespace's pods, e.g. `'8'` (`limits.cpu`).
   * Every container must then set a cpu limit, or get one from a LimitRange.
   * @default - not limited
   */
  readonly limitsCpu?: string;

  /**
   * The sum of the memory limits of the namespace's pods, e.g. `'16Gi'` (`limits.memory`).
   * Every container must then set a memory limit, or get one from a LimitRange.
   * @default - not limited
   */
  readonly limitsMemory?: string;

  /**
   * The sum of the storage requests of the namespace's persistent volume
   * claims, e.g. `'100Gi'` (`requests.storage`).
   * @default - not limited
   */
  readonly requestsStorage?: string;

  /**
   * How many pods in a non-terminal state the namespace may hold (`pods`).
   * @default - not limited
   */
  readonly pods?: number;

  /**
   * How many Services the namespace may hold (`services`).
   * @default - not limited
   */
  readonly services?: number;

  /**
   * How many PersistentVolumeClaims the namespace may hold (`persistentvolumeclaims`).
   * @default - not limited
   */
  readonly persistentVolumeClaims?: number;

  /**
   * How many ConfigMaps the namespace may hold (`configmaps`).
   * @default - not limited
   */
  readonly configMaps?: number;

  /**
   * How many Secrets the namespace may hold (`secrets`).
   * @default - not limited
   */
  readonly secrets?: number;

  /**
   * How many objects of other kinds the namespace may hold, by resource and
   * API group (`count/<resource>.<group>`; the core group has none), e.g.
   * `{ 'deployments.apps': 10, 'jobs.batch': 20 }`.
   *
   * @default - not limited
   * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/#object-count-quota
   */
  readonly objectCounts?: { [resource: string]: number };

  /**
   * Any other limit, by its quota resource name, as a quantity, e.g.
   * `{ 'requests.ephemeral-storage': '20Gi', 'services.loadbalancers': '0' }`.
   * Names without a `/` must be standard quota resources.
   *
   * @default - none
   * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/#compute-resource-quota
   */
  readonly hard?: { [resource: string]: string };
}

const QUANTITIES = [
  ['requestsCpu', 'requests.cpu'], ['requestsMemory', 'requests.memory'], ['limitsCpu', 'limits.cpu'],
  ['limitsMemory', 'limits.memory'], ['requestsStorage', 'requests.storage'],
] as const;
const COUNTS = [
  ['pods', 'pods'], ['services', 'services'], ['persistentVolumeClaims', 'persistentvolumeclaims'],
  ['configMaps', 'configmaps'], ['secrets', 'secrets'],
] as const;
const INTEGER_RESOURCES = [
  'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps',
  'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers',
];
const STANDARD_RESOURCES = [
  ...INTEGER_RESOURCES, 'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.storage',
  'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
];
const COUNTED_RESOURCE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Whether Kubernetes holds the quota on that resource to whole numbers (object counts, extended resources). */
function isInteger(resource: string): boolean {
  return INTEGER_RESOURCES.includes(resource)
    || (resource.includes('/') && !resource.includes('kubernetes.io/') && !resource.startsWith('requests.'));
}

function isStandard(resource: string): boolean {
  return STANDARD_RESOURCES.includes(resource) || resource.startsWith('hugepages-') || resource.startsWith('requests.hugepages-');
}

/**
 * A ResourceQuota (v1): the most a namespace may hold in total, so that it
 * cannot over-consume the cluster: the sums of its pods' cpu and memory
 * requests and limits, of its claims' storage, and counts of objects.
 *
 * Once a quota counts cpu or memory requests or limits, Kubernetes refuses
 * every pod whose containers do not all set them, BestEffort pods
 * included; give the namespace a LimitRange whose defaults fill them in.
 * Synth fails when a pod of the app in the namespace would be refused so.
 *
 * Refused: a quota without limits, a limit that is not a non-negative
 * quantity, a count that is not a whole number, a resource name Kubernetes
 * does not take, and the same limit given twice.
 *
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/
 */
export class ResourceQuota extends Construct {
  /** The namespace the quota limits. */
  public readonly namespace: string;
  /** The ResourceQuota object. */
  public readonly apiObject: ApiObject;
  private readonly limits: { [resource: string]: string } = {};

  constructor(scope: Construct, id: string, props: ResourceQuotaProps = {}) {
    super(scope, id);
    checkType(this, 'props', props, 'object');
    this.namespace = namespaceOf(this, props.namespace, 'a ResourceQuota limits one namespace');
    checkName(this, props.name);
    for (const [prop, resource] of QUANTITIES) {
      const value = props[prop];
      if (value === undefined) continue;
      checkQuantity(this, prop, value);
      this.limits[resource] = value;
    }
    for (const [prop, resource] of COUNTS) {
      const value = props[prop];
      if (value === undefined) continue;
      checkInteger(this, prop, value, 0);
      this.limits[resource] = String(value);
    }
    checkOptionalType(this, 'objectCounts', props.objectCounts, 'object');
    checkOptionalType(this, 'hard', props.hard, 'object');
    for (const [resource, value] of Object.entries(props.objectCounts ?? {})) {
      const field = `objectCounts[${resource}]`;
      if (resource.length > 63 || !COUNTED_RESOURCE.test(resource)) {
        fail(this, field, `must be a lowercase resource with its API group, if not core, such as 'deployments.apps' or 'configmaps' (at most 63 characters), got ${show(resource)}`);
      }
      checkInteger(this, field, value, 0);
      this.add(field, `count/${resource}`, String(value));
    }
    for (const [resource, value] of Object.entries(props.hard ?? {})) {
      this.addHard(resource, value);
    }
    if (Object.keys(this.limits).length === 0) {
      fail(this, 'hard', "must hold at least one limit (from the typed props such as 'requestsCpu' and 'pods', 'objectCounts' or 'hard' itself), got none: an empty ResourceQuota limits nothing");
    }
    this.apiObject = new k8s.KubeResourceQuota(this, 'Resource', {
      metadata: { ...props.name === undefined ? {} : { name: props.name }, namespace: this.namespace },
      spec: { hard: Object.fromEntries(Object.entries(this.limits).map(([k, v]) => [k, k8s.Quantity.fromString(v)])) },
    });
    addCheck(this, () => uncoveredContainers(this, this.namespace, Object.keys(this.limits)));
  }

  /** The limits, by quota resource name, as rendered in `spec.hard`. */
  public get hard(): { [resource: string]: string } {
    return { ...this.limits };
  }

  private addHard(resource: string, value: string): void {
    const field = `hard[${resource}]`;
    if (!isLabelKey(resource) || (!resource.includes('/') && !isStandard(resource))) {
      fail(this, field, `must be a standard quota resource (${STANDARD_RESOURCES.join(', ')}) or a qualified name such as 'requests.nvidia.com/gpu' or 'count/deployments.apps', got ${show(resource)}`);
    }
    if (isInteger(resource)) checkWholeQuantity(this, field, value);
    else checkQuantity(this, field, value);
    this.add(field, resource, value);
  }

  private add(field: string, resource: string, value: string): void {
    if (resource in this.limits) {
      const typed = [...QUANTITIES, ...COUNTS].find(([, r]) => r === resource)?.[0];
      const by = typed ? `'${typed}'` : `'objectCounts[${resource.replace(/^count\//, '')}]'`;
      fail(this, field, `must not limit ${resource} a second time, as ${by} already does, got ${show(value)}`);
    }
    this.limits[resource] = value;
  }
}
