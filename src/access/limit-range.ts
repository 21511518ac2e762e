import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkKeys } from '../_boundary';
import { fail, show } from '../_errors';
import { k8s } from '../_plus';
import { checkType } from '../_validate';
import { checkName, namespaceOf } from './_namespaced';
import { checkQuantity } from './_quantities';
import { containerDefaultsOf, registerContainerDefaults } from './_registry';

/**
 * Amounts of CPU and memory of one container, as Kubernetes quantity strings.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#resource-units-in-kubernetes
 */
export interface ResourceQuantities {
  /**
   * CPU, in cores: e.g. `'250m'` or `'1'`.
   * @default - none
   */
  readonly cpu?: string;

  /**
   * Memory, in bytes: e.g. `'256Mi'` or `'1Gi'`.
   * @default - none
   */
  readonly memory?: string;
}

/**
 * Props of a {@link LimitRange}.
 */
export interface LimitRangeProps {
  /**
   * The namespace whose containers the limits apply to: a DNS-1123 label.
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * The LimitRange's name: a DNS-1123 subdomain.
   * @default - a name cdk8s generates from the construct path
   */
  readonly name?: string;

  /**
   * The request a container that sets none gets. This is what lets a
   * BestEffort pod (no requests at all) into a namespace whose
   * ResourceQuota counts requests.
   *
   * @default - the default limit, else `min`
   * @see https://kubernetes.io/docs/concepts/policy/limit-range/
   */
  readonly defaultRequest?: ResourceQuantities;

  /**
   * The limit a container that sets none gets; at least `defaultRequest`,
   * within `min` and `max`.
   *
   * @default - `max`
   * @see https://kubernetes.io/docs/concepts/policy/limit-range/
   */
  readonly defaultLimit?: ResourceQuantities;

  /**
   * The smallest request (and limit) a container may set.
   * @default - no minimum
   */
  readonly min?: ResourceQuantities;

  /**
   * The largest limit (and request) a container may set.
   * @default - no maximum
   */
  readonly max?: ResourceQuantities;

  /**
   * The largest ratio of a container's limit to its request, at least 1:
   * e.g. `{ cpu: '4' }` refuses a container with a 2-core limit on a 250m request.
   *
   * @default - no ratio
   */
  readonly maxLimitRequestRatio?: ResourceQuantities;
}

const RESOURCES = ['cpu', 'memory'] as const;
const FIELDS = ['defaultRequest', 'defaultLimit', 'min', 'max', 'maxLimitRequestRatio'] as const;
const NANO = 1_000_000_000n;

type Resource = typeof RESOURCES[number];
type Field = typeof FIELDS[number];

/** One amount as given, with the field that gave it and its exact value. */
interface Amount {
  readonly field: string;
  readonly text: string;
  readonly value: bigint;
}

/**
 * A LimitRange (v1) on the containers of a namespace: the requests and
 * limits a container that sets none gets, the least and most it may set,
 * and how far its limit may exceed its request. Kubernetes applies it when
 * a pod is created and refuses pods outside it.
 *
 * With a ResourceQuota on cpu or memory, every container must set requests
 * and limits for them or its pod is refused; a LimitRange's defaults fill
 * them in, so BestEffort pods (which set none) are admitted. Kubernetes
 * fills its own defaults the same way this construct checks them: a missing
 * `defaultLimit` is `max`, a missing `defaultRequest` is the default limit,
 * else `min`.
 *
 * Refused: an amount that is not a quantity or is negative, a `min` above
 * `max`, a default outside `min`-`max`, a default request above the default
 * limit, a `maxLimitRequestRatio` below 1 or below the defaults' own ratio,
 * and a second LimitRange that gives defaults for the same resource in the
 * namespace (Kubernetes would pick either at random).
 *
 * @see https://kubernetes.io/docs/concepts/policy/limit-range/
 */
export class LimitRange extends Construct {
  /** The namespace whose containers the limits apply to. */
  public readonly namespace: string;
  /** The LimitRange object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: LimitRangeProps = {}) {
    super(scope, id);
    checkType(this, 'props', props, 'object');
    this.namespace = namespaceOf(this, props.namespace, 'a LimitRange constrains the containers of one namespace');
    checkName(this, props.name);
    const amounts = new Map<string, Amount>();
    for (const field of FIELDS) {
      const quantities = props[field];
      if (quantities === undefined) continue;
      checkType(this, field, quantities, 'object');
      checkKeys(this, field, quantities, RESOURCES);
      for (const resource of RESOURCES) {
        const text = quantities[resource];
        if (text === undefined) continue;
        const path = `${field}.${resource}`;
        amounts.set(path, { field: path, text, value: checkQuantity(this, path, text) });
      }
    }
    if (amounts.size === 0) {
      fail(this, 'props', "must set a cpu or memory amount in 'defaultRequest', 'defaultLimit', 'min', 'max' or 'maxLimitRequestRatio', got none: an empty LimitRange constrains nothing");
    }
    const request: { [resource: string]: string } = {};
    const limit: { [resource: string]: string } = {};
    for (const resource of RESOURCES) {
      const get = (field: Field) => amounts.get(`${field}.${resource}`);
      const defaults = this.checkResource(get);
      if (defaults.limit) limit[resource] = defaults.limit.text;
      if (defaults.request) request[resource] = defaults.request.text;
      if (defaults.request || defaults.limit) this.checkOnlyDefaults(resource, (defaults.request ?? defaults.limit)!);
    }
    registerContainerDefaults(this.namespace, { owner: this, request, limit });
    const render = (field: Field) => {
      const given = RESOURCES.filter(r => amounts.has(`${field}.${r}`));
      if (given.length === 0) return undefined;
      return Object.fromEntries(given.map(r => [r, k8s.Quantity.fromString(amounts.get(`${field}.${r}`)!.text)]));
    };
    this.apiObject = new k8s.KubeLimitRange(this, 'Resource', {
      metadata: { ...props.name === undefined ? {} : { name: props.name }, namespace: this.namespace },
      spec: {
        limits: [{
          type: 'Container',
          default: render('defaultLimit'),
          defaultRequest: render('defaultRequest'),
          min: render('min'),
          max: render('max'),
          maxLimitRequestRatio: render('maxLimitRequestRatio'),
        }],
      },
    });
  }

  /** Checks the amounts of one resource against each other; returns its effective defaults. */
  private checkResource(get: (field: Field) => Amount | undefined): { request?: Amount; limit?: Amount } {
    const [min, max, defaultLimit, defaultRequest, ratio] = [get('min'), get('max'), get('defaultLimit'), get('defaultRequest'), get('maxLimitRequestRatio')];
    const notAbove = (amount: Amount | undefined, bound: Amount | undefined) => {
      if (amount && bound && amount.value > bound.value) fail(this, amount.field, `must not exceed '${bound.field}' (${bound.text}), got ${show(amount.text)}`);
    };
    const notBelow = (amount: Amount | undefined, bound: Amount | undefined) => {
      if (amount && bound && amount.value < bound.value) fail(this, amount.field, `must not be below '${bound.field}' (${bound.text}), got ${show(amount.text)}`);
    };
    notAbove(min, max);
    notBelow(defaultLimit, min);
    notAbove(defaultLimit, max);
    notBelow(defaultRequest, min);
    const limit = defaultLimit ?? max;
    notAbove(defaultRequest, limit);
    const request = defaultRequest ?? limit ?? min;
    if (ratio && ratio.value < NANO) {
      fail(this, ratio.field, `must be at least 1, as a limit is never below its request, got ${show(ratio.text)}`);
    }
    if (ratio && request && limit && limit.value * NANO > ratio.value * request.value) {
      const actual = request.value === 0n ? 'unbounded' : String(Number((limit.value * 100n) / request.value) / 100);
      fail(this, ratio.field, `must allow the ratio of the default limit ('${limit.field}', ${limit.text}) to the default request ('${request.field}', ${request.text}), which is ${actual}, got ${show(ratio.text)}: every container left to the defaults would be refused`);
    }
    return { request, limit };
  }

  /** Fails when another LimitRange of the namespace already gives containers a default for that resource. */
  private checkOnlyDefaults(resource: Resource, source: Amount): void {
    const other = containerDefaultsOf(this, this.namespace).find(d => d.request[resource] !== undefined || d.limit[resource] !== undefined);
    if (other) {
      fail(this, source.field, `must not give containers a second default ${resource} in namespace '${this.namespace}', got one besides the LimitRange ${other.owner.node.path}: Kubernetes does not say which applies (a LimitRange defaults the limit to 'max' and the request to the default limit or 'min'); keep the container defaults in one LimitRange`);
    }
  }
}
