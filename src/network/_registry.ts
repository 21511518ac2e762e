import { ApiObject, App } from 'cdk8s';
import { IConstruct } from 'constructs';

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
      ports = c.toJson().spec?.ports;
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

const DEFAULT_DENIES = new WeakMap<App, Map<string, RegisteredDefaultDeny>>();

/** The default-deny policy of a namespace in the scope's app, if there is one. */
export function defaultDenyOf(scope: IConstruct, namespace: string): RegisteredDefaultDeny | undefined {
  return DEFAULT_DENIES.get(App.of(scope))?.get(namespace);
}

/** Records the default-deny policy of a namespace; call after checking {@link defaultDenyOf}. */
export function registerDefaultDeny(scope: IConstruct, namespace: string, policy: RegisteredDefaultDeny): void {
  const app = App.of(scope);
  const byNamespace = DEFAULT_DENIES.get(app) ?? new Map<string, RegisteredDefaultDeny>();
  byNamespace.set(namespace, policy);
  DEFAULT_DENIES.set(app, byNamespace);
}
