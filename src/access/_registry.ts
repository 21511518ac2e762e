import { IConstruct } from 'constructs';

/** The container defaults a LimitRange gives in its namespace, after Kubernetes' own defaulting. */
export interface ContainerDefaults {
  /** The LimitRange construct. */
  readonly owner: IConstruct;
  /** Resource name → the request a container without one gets. */
  readonly request: { [resource: string]: string };
  /** Resource name → the limit a container without one gets. */
  readonly limit: { [resource: string]: string };
}

const DEFAULTS = new WeakMap<IConstruct, Map<string, ContainerDefaults[]>>();

function byNamespace(scope: IConstruct): Map<string, ContainerDefaults[]> {
  const root = scope.node.root;
  let map = DEFAULTS.get(root);
  if (!map) {
    map = new Map();
    DEFAULTS.set(root, map);
  }
  return map;
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
