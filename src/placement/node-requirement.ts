import { copyList, RequirementSpec } from './_rule-spec';

/**
 * One requirement on a node, for {@link PlacementRule.requireNodes} and
 * {@link PlacementRule.preferNodes}: on one of its labels, with any operator
 * of node affinity (`matchExpressions`), or on its name (`matchFields`; the
 * name is the only field Kubernetes lets a pod select nodes by).
 *
 * A requirement only records what it asks for; the `Placement` that applies
 * its rule checks it, so that errors name the construct path.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#operators
 */
export class NodeRequirement {
  /**
   * The node has the label `key` with one of `values` (at least one label
   * value): operator `In`.
   */
  public static labelIn(key: string, values: string[]): NodeRequirement {
    return new NodeRequirement({ factory: 'labelIn', on: 'label', key, operator: 'In', values: copyList(values) });
  }

  /**
   * The node does not have the label `key` with any of `values` (at least one
   * label value): operator `NotIn`. Nodes without the label meet it.
   */
  public static labelNotIn(key: string, values: string[]): NodeRequirement {
    return new NodeRequirement({ factory: 'labelNotIn', on: 'label', key, operator: 'NotIn', values: copyList(values) });
  }

  /** The node has the label `key`, whatever its value: operator `Exists`. */
  public static labelExists(key: string): NodeRequirement {
    return new NodeRequirement({ factory: 'labelExists', on: 'label', key, operator: 'Exists' });
  }

  /** The node does not have the label `key`: operator `DoesNotExist`. */
  public static labelDoesNotExist(key: string): NodeRequirement {
    return new NodeRequirement({ factory: 'labelDoesNotExist', on: 'label', key, operator: 'DoesNotExist' });
  }

  /**
   * The node's label `key` holds an integer greater than `value` (a whole
   * number of at least 0): operator `Gt`. A node without the label, or whose
   * label is not an integer, does not meet it.
   */
  public static labelGreaterThan(key: string, value: number): NodeRequirement {
    return new NodeRequirement({ factory: 'labelGreaterThan', on: 'label', key, operator: 'Gt', values: value });
  }

  /**
   * The node's label `key` holds an integer less than `value` (a whole number
   * of at least 0): operator `Lt`. A node without the label, or whose label
   * is not an integer, does not meet it.
   */
  public static labelLessThan(key: string, value: number): NodeRequirement {
    return new NodeRequirement({ factory: 'labelLessThan', on: 'label', key, operator: 'Lt', values: value });
  }

  /**
   * The node is named `name`: `matchFields` on `metadata.name` with
   * operator `In` and this one value, as Kubernetes requires. Unlike
   * `nodeName`, the scheduler still checks that the pod fits the node.
   */
  public static named(name: string): NodeRequirement {
    return new NodeRequirement({ factory: 'named', on: 'name', key: 'metadata.name', operator: 'In', values: name });
  }

  /** The node is not named `name`: `matchFields` on `metadata.name` with operator `NotIn` and this one value. */
  public static notNamed(name: string): NodeRequirement {
    return new NodeRequirement({ factory: 'notNamed', on: 'name', key: 'metadata.name', operator: 'NotIn', values: name });
  }

  /** @internal */
  public readonly _spec: RequirementSpec;

  private constructor(spec: RequirementSpec) {
    this._spec = spec;
  }
}
