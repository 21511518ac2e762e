import { IConstruct } from 'constructs';

/*
 * State on constructs. The library keeps what it knows of a construct on
 * that construct, never in a module-level registry: on the workload for what
 * concerns a workload and its containers (cdk8s-plus workloads included), on
 * the root construct for what concerns the whole app. Each kind of state is
 * a non-enumerable property keyed by its own symbol ({@link stateKey}), so
 * that it renders nothing, leaves the construct tree (and so every output)
 * as it is, works on constructs the library does not own, and goes away with
 * the construct.
 */

/**
 * One kind of state the library keeps on constructs: the symbol of the
 * property that holds it. Create one per kind, as a module constant, with
 * {@link stateKey}.
 */
export interface StateKey<T> {
  /** The property of the construct that holds the state. */
  readonly symbol: symbol;
  /** Never set: ties the key to the type of its state. */
  readonly _type?: T;
}

/** A key for one kind of state, named after it (`'scaling.autoscaler'`) for debugging. */
export function stateKey<T>(name: string): StateKey<T> {
  return { symbol: Symbol(`cdk8s-patterns.${name}`) };
}

/** The state of one kind that a construct holds, if it holds any. */
export function findState<T>(owner: IConstruct, key: StateKey<T>): T | undefined {
  return (owner as unknown as { [key: symbol]: T | undefined })[key.symbol];
}

/** The state of one kind that a construct holds, created on first use (see {@link findState}). */
export function stateOf<T>(owner: IConstruct, key: StateKey<T>, create: () => T): T {
  if (Object.prototype.hasOwnProperty.call(owner, key.symbol)) return findState(owner, key) as T;
  const state = create();
  setState(owner, key, state);
  return state;
}

/** Sets the state of one kind that a construct holds, replacing any (see {@link findState}). */
export function setState<T>(owner: IConstruct, key: StateKey<T>, state: T): void {
  Object.defineProperty(owner, key.symbol, { value: state, enumerable: false, writable: false, configurable: true });
}
