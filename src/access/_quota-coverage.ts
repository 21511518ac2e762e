import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { podSpecOf } from '../_pod-template';
import { containerDefaultsOf } from './_registry';
import { renderedJson } from '../_render-pass';

/** What a quota key makes every container set: a request or a limit of cpu or memory. */
interface Need {
  readonly key: string;
  readonly amount: 'request' | 'limit';
  readonly resource: string;
}

const NEEDS: { [key: string]: Omit<Need, 'key'> } = {
  'cpu': { amount: 'request', resource: 'cpu' },
  'memory': { amount: 'request', resource: 'memory' },
  'requests.cpu': { amount: 'request', resource: 'cpu' },
  'requests.memory': { amount: 'request', resource: 'memory' },
  'limits.cpu': { amount: 'limit', resource: 'cpu' },
  'limits.memory': { amount: 'limit', resource: 'memory' },
};

/** Names an object for a message by the construct that made it, e.g. `Deployment ticketing/api`. */
function describe(object: ApiObject): string {
  const owner = object.node.id === 'Resource' && object.node.scope ? object.node.scope : object;
  return `${object.kind} ${owner.node.path}`;
}

/**
 * The containers of the app's pods in `namespace` that a quota with those
 * keys would refuse, as Kubernetes' quota admission does: a quota on
 * cpu or memory requests (or limits) needs every container, init containers
 * included, to set them, after the namespace's LimitRange defaults and
 * Kubernetes' own (a limit without a request is also the request).
 */
export function uncoveredContainers(scope: IConstruct, namespace: string, hardKeys: string[]): string[] {
  const needs: Need[] = hardKeys.filter(key => NEEDS[key]).map(key => ({ key, ...NEEDS[key] }));
  if (needs.length === 0) return [];
  const defaults = containerDefaultsOf(scope, namespace);
  const hasDefault = (need: Need) => defaults.some(d => (need.amount === 'request' ? d.request : d.limit)[need.resource] !== undefined);
  const errors: string[] = [];
  const objects = scope.node.root.node.findAll().filter(ApiObject.isApiObject).filter(o => o.metadata.namespace === namespace);
  for (const object of objects) {
    const found = podSpecOf(renderedJson(object));
    if (!found) continue;
    for (const container of [...found.spec.initContainers ?? [], ...found.spec.containers ?? []]) {
      const requests = container?.resources?.requests ?? {};
      const limits = container?.resources?.limits ?? {};
      const missing = needs.filter(need => !hasDefault(need) && limits[need.resource] === undefined
        && (need.amount === 'limit' || requests[need.resource] === undefined));
      if (missing.length === 0) continue;
      const unique = [...new Set(missing.map(m => `${m.resource} ${m.amount}`))];
      errors.push(`'hard' counts ${needs.map(n => n.key).join(', ')} in namespace '${namespace}', so every container must set them, got ${describe(object)} whose container '${container?.name}' sets no ${unique.join(' and no ')}: Kubernetes would refuse its pods; give the container resources, or add a LimitRange with defaults for them`);
    }
  }
  return errors;
}
