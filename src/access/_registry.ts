import { IConstruct } from 'constructs';
import { stateKey, stateOf } from '../_state';

/** The container defaults a LimitRange gives in its namespace, after Kubernetes' own defaulting. */
export interface ContainerDefaults {
  /** The LimitRange construct. */
  readonly owner: IConstruct;
  /** Resource name → the request a container without one gets. */
  readonly request: { [resource: string]: string };
  /** Resource name → the limit a container without one gets. */
  readonly limit: { [resource: string]: string };
}

/** The container defaults of the app's LimitRanges, by namespace, kept on its root construct. */
const DEFAULTS = stateKey<Map<string, ContainerDefaults[]>>('access.container-defaults');

function byNamespace(scope: IConstruct): Map<string, ContainerDefaults[]> {
  return stateOf(scope.node.root, DEFAULTS, () => new Map());
}

/** The container defaults of the LimitRanges of a namespace in the app of `scope`. */
export function containerDefaultsOf(scope: IConstruct, namespace: string): ContainerDefaults[] {
  return [...byNamespace(scope).get(namespace) ?? []];
}

/** Records the container defaults of a LimitRange. */
export function registerContainerDefaults(namespace: string, defaults: ContainerDefaults): void {
  const map = byNamespace(defaults.owner);
  map.set(namespace, [...map.get(namespace) ?? [], defaults]);
}
