import { ApiObjectMetadata } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail, show } from '../_errors';

/** The metadata props of a workload. */
interface WorkloadMetadata {
  readonly metadata?: ApiObjectMetadata;
  readonly podMetadata?: ApiObjectMetadata;
}

/**
 * Fails on a `generateName` in a workload's metadata, which cdk8s would
 * render next to the name it always gives the object (so the API server
 * would ignore it), or in its pod metadata, which the controller ignores.
 */
export function checkNoGenerateName(scope: IConstruct, props: WorkloadMetadata): void {
  const own = props.metadata?.generateName;
  if (own !== undefined) {
    fail(scope, 'metadata.generateName', `must not be given: cdk8s always renders a name (the chart generates one when 'metadata.name' is unset), next to which the API server ignores generateName, got ${show(own)}; set 'metadata.name' instead`);
  }
  const pod = props.podMetadata?.generateName;
  if (pod !== undefined) {
    fail(scope, 'podMetadata.generateName', `must not be given: the controller names every pod after the workload and ignores the template's, got ${show(pod)}`);
  }
}
