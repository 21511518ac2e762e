import { ApiObject, App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { renderedJson } from '../_render-pass';
import { stateKey, stateOf } from '../_state';

/** A fixed node port some Service of the app asks for. */
export interface NodePortUse {
  /** The construct that owns the Service object (the object itself when it is not a `Resource` child). */
  readonly owner: IConstruct;
  readonly nodePort: number;
}

/**
 * Every fixed node port the Service objects of the scope's app ask for,
 * whoever built them (this library, cdk8s-plus or a raw `KubeService`).
 * Objects that do not render are skipped: their own validation reports them.
 */
export function nodePortsInApp(scope: IConstruct): NodePortUse[] {
  const uses: NodePortUse[] = [];
  for (const c of App.of(scope).node.findAll()) {
    if (!ApiObject.isApiObject(c) || c.kind !== 'Service') continue;
    let ports: unknown;
    try {
      ports = renderedJson(c).spec?.ports;
    } catch {
      continue;
    }
    const owner = c.node.id === 'Resource' && c.node.scope ? c.node.scope : c;
    for (const port of Array.isArray(ports) ? ports : []) {
      if (typeof port?.nodePort === 'number') uses.push({ owner, nodePort: port.nodePort });
    }
  }
  return uses;
}

/** What an AllowTraffic rule needs to know of a namespace's default-deny policy. */
export interface RegisteredDefaultDeny extends IConstruct {
  /** Whether the policy denies egress too. */
  readonly denyEgress: boolean;
}

/** The default-deny policies of an app and the rules waiting for one that denies egress. */
interface NetworkState {
  readonly denies: Map<string, RegisteredDefaultDeny>;
  readonly waiting: Map<string, Array<() => void>>;
}

const NETWORK = stateKey<NetworkState>('network');

/** The network state of the scope's app, kept on its root construct. */
function networkOf(scope: IConstruct): NetworkState {
  return stateOf(scope.node.root, NETWORK, () => ({ denies: new Map(), waiting: new Map() }));
}

/** The default-deny policy of a namespace in the scope's app, if there is one. */
export function defaultDenyOf(scope: IConstruct, namespace: string): RegisteredDefaultDeny | undefined {
  return networkOf(scope).denies.get(namespace);
}

/**
 * Records the default-deny policy of a namespace (call after checking
 * {@link defaultDenyOf}) and, when it denies egress, runs what waits for that.
 */
export function registerDefaultDeny(scope: IConstruct, namespace: string, policy: RegisteredDefaultDeny): void {
  const state = networkOf(scope);
  state.denies.set(namespace, policy);
  if (!policy.denyEgress) return;
  const waiting = state.waiting.get(namespace) ?? [];
  state.waiting.delete(namespace);
  waiting.forEach(run => run());
}

/**
 * Runs `run` once egress is denied in a namespace of the scope's app: now if
 * its default-deny policy already does, else when one that does is created,
 * so that the outcome does not depend on which comes first.
 */
export function whenEgressDenied(scope: IConstruct, namespace: string, run: () => void): void {
  if (defaultDenyOf(scope, namespace)?.denyEgress) return run();
  const waiting = networkOf(scope).waiting;
  waiting.set(namespace, waiting.get(namespace) ?? []);
  waiting.get(namespace)!.push(run);
}
