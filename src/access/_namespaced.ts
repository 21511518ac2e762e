import { ApiObjectMetadata, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkMetadata } from '../_boundary';
import { fail } from '../_errors';
import { checkDnsLabel } from '../_validate';

/**
 * Checks the metadata of an object that applies to a whole namespace and
 * returns its namespace: the one of `metadata`, or the chart's.
 */
export function namespaceForWholeNamespace(scope: IConstruct, metadata: ApiObjectMetadata | undefined, why: string): string {
  checkMetadata(scope, 'metadata', metadata);
  const found = metadata?.namespace ?? Chart.of(scope).namespace;
  if (found === undefined) fail(scope, 'metadata.namespace', `must be given (or set on the chart), as ${why}, got none`);
  checkDnsLabel(scope, 'metadata.namespace', found);
  return found;
}
