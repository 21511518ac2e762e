/** What constructs that refer to other objects share: naming them in errors, their kind and namespace. */
import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from './_errors';
import { checkDnsSubdomain } from './_validate';

/** Names a construct for an error message: its kind when it renders one, and its path, e.g. `ReplicaSet ticketing/rs`. */
export function describeConstruct(c: IConstruct, kind: string | undefined): string {
  return kind ? `${kind} ${c.node.path}` : c.node.path;
}

/** The Kubernetes kind a construct renders, or undefined when it renders no single object. */
export function kindOf(c: IConstruct): string | undefined {
  try {
    return ApiObject.of(c).kind;
  } catch {
    return undefined;
  }
}

/**
 * The metadata of an object that goes with a workload (its autoscaler or
 * disruption budget): named after the workload unless named, in the
 * workload's namespace.
 */
export function metadataFor(scope: IConstruct, metadata: ApiObjectMetadata | undefined, workload: ApiObject): ApiObjectMetadata {
  const name = metadata?.name ?? workload.name;
  checkDnsSubdomain(scope, 'metadata.name', name);
  return { ...metadata, name, namespace: metadata?.namespace ?? workload.metadata.namespace };
}

/** Fails unless an object ended up in the namespace of the workload it refers to. */
export function checkSameNamespace(scope: IConstruct, object: ApiObject, workload: IConstruct, why: string): void {
  const expected = ApiObject.of(workload).metadata.namespace;
  const actual = object.metadata.namespace;
  if (actual !== expected) {
    const name = (ns: string | undefined) => (ns === undefined ? 'none' : `'${ns}'`);
    fail(scope, 'metadata.namespace', `must be the namespace of ${describeConstruct(workload, kindOf(workload))} (${name(expected)}): ${why}, got ${name(actual)}`);
  }
}
