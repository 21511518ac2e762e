import { IConstruct } from 'constructs';
import { PriorityClass } from './priority-class';
import { fail, show } from '../_errors';
import { withoutMarkers } from '../_markers';
import { checkDnsSubdomain, checkInstance } from '../_validate';

/** The PriorityClasses every cluster has, reserved for the pods of the `kube-system` namespace. */
export const SYSTEM_PRIORITY_CLASSES = ['system-cluster-critical', 'system-node-critical'];

/** The namespace the system PriorityClasses are for. */
const SYSTEM_NAMESPACE = 'kube-system';

/**
 * Checks the priority props of a workload at the boundary: a PriorityClass
 * construct, or the name of a class created outside the app, not both; a
 * `system-` name must be one of Kubernetes' own classes.
 */
export function checkPriorityProps(scope: IConstruct, priorityClass: unknown, priorityClassName: unknown): void {
  if (priorityClass !== undefined) {
    checkInstance(scope, 'priorityClass', priorityClass, PriorityClass, "a PriorityClass construct (name a class created outside the app with 'priorityClassName')");
  }
  if (priorityClassName === undefined) return;
  checkDnsSubdomain(scope, 'priorityClassName', priorityClassName as string);
  if (priorityClass !== undefined) {
    fail(scope, 'priorityClassName', `must not be given with 'priorityClass', which names the class already, got ${show(priorityClassName)} and PriorityClass '${priorityClass.node.path}'; keep one`);
  }
  const name = withoutMarkers(priorityClassName as string);
  if (name.startsWith('system-') && !SYSTEM_PRIORITY_CLASSES.includes(name)) {
    fail(scope, 'priorityClassName', `must be one of Kubernetes' own classes (${SYSTEM_PRIORITY_CLASSES.join(', ')}) when it starts with 'system-', a prefix no other class may use, got ${show(priorityClassName)}`);
  }
}

/**
 * The class name a workload's pods render, once the workload exists and its
 * namespace is known: a system class only in `kube-system`.
 */
export function podPriorityClassName(
  scope: IConstruct, priorityClass: PriorityClass | undefined, priorityClassName: string | undefined, namespace: string | undefined,
): string | undefined {
  if (priorityClassName !== undefined && SYSTEM_PRIORITY_CLASSES.includes(priorityClassName) && namespace !== SYSTEM_NAMESPACE) {
    const where = namespace === undefined ? 'no namespace (the one kubectl picks when applied)' : `namespace '${namespace}'`;
    fail(scope, 'priorityClassName', `must name a class of your own outside the '${SYSTEM_NAMESPACE}' namespace: Kubernetes admits '${priorityClassName}' for pods of '${SYSTEM_NAMESPACE}' only, got a workload in ${where}; create a PriorityClass and pass it as 'priorityClass'`);
  }
  return priorityClass?.name ?? priorityClassName;
}
