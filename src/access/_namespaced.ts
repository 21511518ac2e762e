import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from '../_errors';
import { checkDnsLabel, checkDnsSubdomain } from '../_validate';

/** The namespace of an object that applies to a whole namespace: given, or the chart's. */
export function namespaceOf(scope: IConstruct, namespace: string | undefined, why: string): string {
  if (namespace !== undefined) checkDnsLabel(scope, 'namespace', namespace);
  const found = namespace ?? Chart.of(scope).namespace;
  if (found === undefined) fail(scope, 'namespace', `must be given (or set on the chart), as ${why}, got none`);
  checkDnsLabel(scope, 'namespace', found);
  return found;
}

/** The optional `name` prop of a namespaced object: a DNS-1123 subdomain. */
export function checkName(scope: IConstruct, name: string | undefined): void {
  if (name !== undefined) checkDnsSubdomain(scope, 'name', name);
}
