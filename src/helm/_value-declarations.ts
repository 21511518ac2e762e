import { ApiObject, Chart, Names } from 'cdk8s';
import { IConstruct } from 'constructs';
import { findState, stateOf, stateKey } from '../_state';

/**
 * What the construct that built an object declares of it for its Helm
 * chart, kept on the ApiObject when the construct is built: the workload
 * whose values group the object's values join, and the fields that must not
 * become values. The chart writer reads it; it never infers either from the
 * rendered manifests.
 */
interface ValueDeclaration {
  /** The workload object whose values key holds this object's values (a Service's, an autoscaler's, a budget's). */
  owner?: ApiObject;
  /** The fields that must stay as the app sets them, each with the reason. */
  readonly fixed: Map<string, string>;
}

const DECLARATION = stateKey<ValueDeclaration>('helm.value-declaration');

function declarationOf(object: IConstruct): ValueDeclaration {
  return stateOf(ApiObject.of(object), DECLARATION, () => ({ fixed: new Map() }));
}

/**
 * Keeps a field of a workload out of its Helm chart's values: the construct
 * that built the object derived other fields from it (e.g. the worker hosts
 * a gatherer lists from the workers' replicas), which a value could not
 * change with it. The field renders as the app sets it.
 */
export function keepOutOfValues(object: IConstruct, field: 'replicas', reason: string): void {
  declarationOf(object).fixed.set(field, reason);
}

/**
 * Puts the values of an object (a Service, an autoscaler, a disruption
 * budget) under the values key of the workload it serves: `<workload>.service`,
 * `<workload>.autoscaling`, `<workload>.podDisruptionBudget`.
 */
export function declareValuesOwner(object: IConstruct, workload: IConstruct): void {
  declarationOf(object).owner = ApiObject.of(workload);
}

/** The workload an object's values join, when its construct declared one. */
export function valuesOwnerOf(object: ApiObject): ApiObject | undefined {
  return findState(object, DECLARATION)?.owner;
}

/** The fields of an object that must not become values. */
export function fixedFieldsOf(object: ApiObject): ReadonlySet<string> {
  return new Set(findState(object, DECLARATION)?.fixed.keys() ?? []);
}

/**
 * The base of an object's values key, from its construct: the name the app
 * gave it, or, when cdk8s generated the name, the construct's path within
 * its chart (cdk8s' own `Resource` and `Default` ids left out, as cdk8s
 * leaves them out of the name). Never from the order of the constructs.
 */
export function keyBaseOf(object: ApiObject): string {
  const chart = Chart.of(object);
  if (object.name !== chart.generateObjectName(object)) return object.name;
  const ids = object.node.scopes.slice(chart.node.scopes.length).map(c => c.node.id)
    .filter((id, i, all) => id !== all[i - 1] && !['resource', 'default'].includes(id.toLowerCase()));
  return ids.length > 0 ? ids.join('-') : Names.toDnsLabel(object);
}
