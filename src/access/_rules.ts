import { IConstruct } from 'constructs';
import { fail, show } from '../_errors';
import { isDnsSubdomain } from '../_names';
import { kplus } from '../_plus';

/** The verbs of resource requests, in the order Kubernetes documents them. */
const RESOURCE_VERBS = [
  'get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection',
  'bind', 'escalate', 'impersonate', 'approve', 'sign', 'use',
];
/** The verbs of non-resource URLs: lowercase HTTP methods. */
const URL_VERBS = ['get', 'head', 'post', 'put', 'patch', 'delete'];
/** Verbs that resourceNames cannot restrict: the object's name is not known when they are authorized. */
const UNNAMED_VERBS = ['create', 'deletecollection'];
const RESOURCE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(\/[a-z0-9]([-a-z0-9]*[a-z0-9])?)?$/;
const WILDCARD_FIX = "name them, or set 'allowWildcards: true' on the role if it must";

/** A resource rule as the checks see it. */
interface ResourceRef {
  readonly apiGroup: string;
  readonly resourceType: string;
  readonly resourceName?: string;
}

/** Fails unless an RBAC object's name is one Kubernetes accepts (a path segment). */
export function checkRbacName(scope: IConstruct, field: string, name: string): void {
  if (typeof name !== 'string' || name === '' || name === '.' || name === '..' || /[/%]/.test(name)) {
    fail(scope, field, `must be a name without '/' or '%' other than '.' and '..', got ${show(name)}`);
  }
}

/** The verbs of a rule: listed, known, and without '*' unless wildcards are allowed. */
function checkVerbs(scope: IConstruct, field: string, verbs: string[], known: string[], allowWildcards: boolean, what: string): void {
  if (!Array.isArray(verbs) || verbs.length === 0) fail(scope, field, `must list at least one verb, got ${show(verbs)}`);
  for (const verb of verbs) {
    if (verb === '*') {
      if (!allowWildcards) fail(scope, field, `must not hold the wildcard '*', which grants every verb, those added to Kubernetes later included, got ${show(verbs)}; ${WILDCARD_FIX}`);
    } else if (!known.includes(verb)) {
      fail(scope, field, `must hold verbs of ${what} (${known.join(', ')}), got ${show(verb)}`);
    }
  }
}

/** One resource of a rule: API group, lowercase plural resource (or subresource), optional name. */
function checkResource(scope: IConstruct, field: string, resource: ResourceRef, verbs: string[], allowWildcards: boolean): void {
  if (typeof resource !== 'object' || resource === null) fail(scope, field, `must be an API resource, got ${show(resource)}`);
  const group = resource.apiGroup;
  if (group === '*') {
    if (!allowWildcards) fail(scope, `${field}.apiGroup`, `must not be the wildcard '*', which matches every API group, those added later included, got '*'; ${WILDCARD_FIX}`);
  } else if (typeof group !== 'string' || (group !== '' && group !== 'core' && !isDnsSubdomain(group))) {
    fail(scope, `${field}.apiGroup`, `must be '' (or 'core') for the core group, or an API group such as 'apps' or 'networking.k8s.io', got ${show(group)}`);
  }
  const type = resource.resourceType;
  if (typeof type === 'string' && type.includes('*')) {
    if (!allowWildcards) fail(scope, `${field}.resourceType`, `must not be a wildcard, which matches every resource, those added later included, got ${show(type)}; ${WILDCARD_FIX}`);
  } else if (typeof type !== 'string' || !RESOURCE.test(type)) {
    fail(scope, `${field}.resourceType`, `must be a lowercase plural resource, optionally with a subresource, such as 'configmaps' or 'pods/log', got ${show(type)}`);
  }
  const name = resource.resourceName;
  if (name === undefined) return;
  if (typeof name !== 'string' || name === '' || name.includes('/')) {
    fail(scope, `${field}.resourceName`, `must be an object name without '/', got ${show(name)}`);
  }
  const unnamed = verbs.filter(v => UNNAMED_VERBS.includes(v));
  if (unnamed.length > 0) {
    fail(scope, `${field}.resourceName`, `cannot restrict ${unnamed.join(' or ')}, as the object's name is not known when ${unnamed.length > 1 ? 'they are' : 'it is'} authorized, so the rule would grant nothing, got ${show(name)} with verbs ${verbs.join(', ')}; give ${unnamed.join(' and ')} a rule without a name`);
  }
}

/** A rule of a Role: verbs on at least one resource. */
export function checkRoleRule(scope: IConstruct, field: string, verbs: string[], resources: kplus.IApiResource[], allowWildcards: boolean): void {
  checkVerbs(scope, `${field}.verbs`, verbs, RESOURCE_VERBS, allowWildcards, 'resource requests');
  if (resources.length === 0) fail(scope, `${field}.resources`, 'must list at least one resource, got none');
  resources.forEach((r, i) => checkResource(scope, `${field}.resources[${i}]`, r, verbs, allowWildcards));
}

/** A rule of a ClusterRole: verbs on resources or on non-resource URLs (e.g. `/healthz`). */
export function checkClusterRoleRule(
  scope: IConstruct, field: string, verbs: string[], endpoints: kplus.IApiEndpoint[], allowWildcards: boolean,
): void {
  if (endpoints.length === 0) fail(scope, `${field}.endpoints`, 'must list at least one resource or non-resource URL, got none');
  endpoints.forEach((endpoint, i) => {
    const at = `${field}.endpoints[${i}]`;
    const resource = endpoint?.asApiResource?.();
    const url = endpoint?.asNonApiResource?.();
    if (resource) {
      checkVerbs(scope, `${field}.verbs`, verbs, RESOURCE_VERBS, allowWildcards, 'resource requests');
      checkResource(scope, at, resource, verbs, allowWildcards);
    } else if (typeof url === 'string' && url.startsWith('/')) {
      checkVerbs(scope, `${field}.verbs`, verbs, URL_VERBS, allowWildcards, 'non-resource URLs');
      if (url.includes('*') && !allowWildcards) fail(scope, at, `must not hold a wildcard, which matches every URL under it, got ${show(url)}; ${WILDCARD_FIX}`);
    } else {
      fail(scope, at, `must be an API resource or a non-resource URL starting with '/', got ${show(url ?? endpoint)}`);
    }
  });
}
