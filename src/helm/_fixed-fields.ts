import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { apiObjectsOf } from '../_plus';
import { findState, stateOf, stateKey } from '../_state';

/** The fields of an object that its chart must not turn into values, each with the reason. */
const FIXED = stateKey<Map<string, string>>('helm.fixed-fields');

/**
 * Keeps a field of a workload out of its Helm chart's values: the construct
 * that built the object derived other fields from it (e.g. the worker hosts
 * a gatherer lists from the workers' replicas), which a value could not
 * change with it. The field renders as the app sets it.
 */
export function keepOutOfValues(object: IConstruct, field: 'replicas', reason: string): void {
  stateOf(ApiObject.of(object), FIXED, () => new Map()).set(field, reason);
}

/** The fields of each object of a chart that must not become values, by `<kind>/<name>`. */
export function fixedFieldsOf(chart: Chart): (kind: string, name: string) => ReadonlySet<string> {
  const fixed = new Map(apiObjectsOf(chart).map(o => [`${o.kind}/${o.name}`, new Set(findState(o, FIXED)?.keys() ?? [])]));
  return (kind, name) => fixed.get(`${kind}/${name}`) ?? new Set();
}
