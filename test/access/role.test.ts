import { Chart } from 'cdk8s';
import { kplus } from '../../src/_plus';
import { Role, RoleProps } from '../../src/access/role';
import { RoleBinding } from '../../src/access/role-binding';
import { ServiceAccount } from '../../src/access/service-account';
import { find, newChart, synth, testApp } from '../harness';

const WILDCARD_FIX = "name them, or set 'allowWildcards: true' on the role if it must";
const DEPLOYMENTS = kplus.ApiResource.DEPLOYMENTS;

/** A chart whose namespace is `ticketing`. */
function ticketing(): Chart {
  return new Chart(testApp(), 'test', { namespace: 'ticketing' });
}

/** The rules of the Role made with those props, synthesized. */
function rulesOf(props: RoleProps): any[] {
  const chart = ticketing();
  new Role(chart, 'role', props);
  return find(synth(chart), 'Role').rules;
}

/** A Role made with those props, as a function for `toThrow`. */
const role = (props: RoleProps) => () => new Role(ticketing(), 'role', props);

describe('Role', () => {
  test('renders explicit verbs on explicit resources, from props and from allow()', () => {
    // GIVEN
    const chart = ticketing();
    const r = new Role(chart, 'role', { rules: [{ verbs: ['get', 'list', 'watch'], resources: [kplus.ApiResource.PODS] }] });

    // WHEN
    r.allow(['patch'], DEPLOYMENTS, kplus.ApiResource.custom({ apiGroup: 'apps', resourceType: 'deployments/scale' }));
    r.allowGet({ apiGroup: '', resourceType: 'pods/log' });

    // THEN
    expect(find(synth(chart), 'Role').rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['patch'] },
      { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['patch'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    ]);
    expect(r.allowWildcards).toBe(false);
  });

  test('scopes a rule to one object when the resource is a construct', () => {
    // GIVEN
    const chart = ticketing();
    const config = new kplus.ConfigMap(chart, 'config', { metadata: { name: 'tickets-config' }, data: { mode: 'live' } });

    // WHEN
    new Role(chart, 'role', { rules: [{ verbs: ['get', 'watch', 'update'], resources: [config] }] });

    // THEN
    expect(find(synth(chart), 'Role').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['tickets-config'], verbs: ['get', 'watch', 'update'] },
    ]);
  });

  test('toReadConfigMap gives a ServiceAccount get and watch on one ConfigMap, in its namespace', () => {
    // GIVEN
    const chart = newChart();
    const account = new ServiceAccount(chart, 'identity', { metadata: { name: 'tickets-api', namespace: 'ticketing' } });

    // WHEN
    const reader = Role.toReadConfigMap(chart, 'reader', {
      configMapName: 'tickets-config',
      serviceAccount: account,
      metadata: { name: 'tickets-config-reader' },
    });
    const manifests = synth(chart);

    // THEN
    expect(find(manifests, 'Role')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'tickets-config-reader', namespace: 'ticketing' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['tickets-config'], verbs: ['get', 'watch'] }],
    });
    expect(find(manifests, 'RoleBinding')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'tickets-config-reader', namespace: 'ticketing' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'tickets-config-reader' },
      subjects: [{ apiGroup: '', kind: 'ServiceAccount', name: 'tickets-api', namespace: 'ticketing' }],
    });
    expect(reader).toBeInstanceOf(Role);
  });

  test('bind() makes a RoleBinding of its namespace named after it, then numbered ones', () => {
    // GIVEN
    const chart = ticketing();
    const r = new Role(chart, 'role', { metadata: { name: 'deployer' }, rules: [{ verbs: ['patch'], resources: [DEPLOYMENTS] }] });

    // WHEN
    const first = r.bind(kplus.User.fromName(chart, 'alice', 'alice'));
    r.bind(kplus.Group.fromName(chart, 'ops', 'ops'));
    const bindings = synth(chart).filter(m => m.kind === 'RoleBinding');

    // THEN
    expect(first).toBeInstanceOf(RoleBinding);
    expect(bindings.map(b => b.metadata)).toEqual([
      { name: 'deployer', namespace: 'ticketing' },
      { name: 'deployer-2', namespace: 'ticketing' },
    ]);
    expect(bindings.map(b => b.subjects[0].name)).toEqual(['alice', 'ops']);
  });

  test('accepts wildcards once allowWildcards is set', () => {
    // WHEN
    const rules = rulesOf({ allowWildcards: true, rules: [{ verbs: ['*'], resources: [kplus.ApiResource.custom({ apiGroup: '*', resourceType: '*' })] }] });

    // THEN
    expect(rules).toEqual([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]);
  });

  test('snapshot', () => {
    // GIVEN
    const chart = newChart();
    const account = new ServiceAccount(chart, 'identity', { metadata: { name: 'tickets-api', namespace: 'ticketing' } });

    // WHEN
    Role.toReadConfigMap(chart, 'reader', { configMapName: 'tickets-config', serviceAccount: account, metadata: { name: 'tickets-config-reader' } });

    // THEN
    expect(synth(chart).filter(m => m.kind !== 'ServiceAccount')).toMatchSnapshot();
  });

  test('fails when a rule holds the wildcard verb without allowWildcards', () => {
    expect(role({ rules: [{ verbs: ['get', '*'], resources: [DEPLOYMENTS] }] })).toThrow(new Error(
      `test/role: 'rules[0].verbs' must not hold the wildcard '*', which grants every verb, those added to Kubernetes later included, got ["get","*"]; ${WILDCARD_FIX}`));
  });

  test.each(['*', '*/scale'])('fails when a rule holds the wildcard resource %s without allowWildcards', (resourceType) => {
    expect(role({ rules: [{ verbs: ['get'], resources: [kplus.ApiResource.custom({ apiGroup: 'apps', resourceType })] }] })).toThrow(new Error(
      `test/role: 'rules[0].resources[0].resourceType' must not be a wildcard, which matches every resource, those added later included, got '${resourceType}'; ${WILDCARD_FIX}`));
  });

  test('fails when a rule holds the wildcard API group without allowWildcards', () => {
    expect(role({ rules: [{ verbs: ['get'], resources: [kplus.ApiResource.custom({ apiGroup: '*', resourceType: 'deployments' })] }] })).toThrow(new Error(
      `test/role: 'rules[0].resources[0].apiGroup' must not be the wildcard '*', which matches every API group, those added later included, got '*'; ${WILDCARD_FIX}`));
  });

  test.each(['read', 'GET', 'post', ''])('fails when a rule holds the unknown verb %j', (verb) => {
    expect(role({ rules: [{ verbs: [verb], resources: [DEPLOYMENTS] }] })).toThrow(new Error(
      "test/role: 'rules[0].verbs' must hold verbs of resource requests (get, list, watch, create, update, patch, delete, deletecollection, "
      + `bind, escalate, impersonate, approve, sign, use), got '${verb}'`));
  });

  test('fails when a rule holds no verb', () => {
    expect(role({ rules: [{ verbs: [], resources: [DEPLOYMENTS] }] })).toThrow(new Error(
      "test/role: 'rules[0].verbs' must list at least one verb, got []"));
  });

  test('fails when a rule holds no resource', () => {
    // GIVEN
    const r = new Role(ticketing(), 'role', { rules: [{ verbs: ['get'], resources: [DEPLOYMENTS] }] });

    // THEN
    expect(() => r.allowGet()).toThrow(new Error("test/role: 'rules[1].resources' must list at least one resource, got none"));
  });

  test.each(['ConfigMap', 'configmaps/', 'pods/log/extra', ''])('fails when a resource is %j', (resourceType) => {
    expect(role({ rules: [{ verbs: ['get'], resources: [{ apiGroup: '', resourceType }] }] })).toThrow(new Error(
      `test/role: 'rules[0].resources[0].resourceType' must be a lowercase plural resource, optionally with a subresource, such as 'configmaps' or 'pods/log', got '${resourceType}'`));
  });

  test.each(['apps/v1', 'Apps'])('fails when an API group is %j', (apiGroup) => {
    expect(role({ rules: [{ verbs: ['get'], resources: [{ apiGroup, resourceType: 'deployments' }] }] })).toThrow(new Error(
      `test/role: 'rules[0].resources[0].apiGroup' must be '' (or 'core') for the core group, or an API group such as 'apps' or 'networking.k8s.io', got '${apiGroup}'`));
  });

  test('fails when a resource name restricts create or deletecollection', () => {
    expect(role({ rules: [{ verbs: ['get', 'create'], resources: [{ apiGroup: '', resourceType: 'configmaps', resourceName: 'tickets-config' }] }] })).toThrow(new Error(
      "test/role: 'rules[0].resources[0].resourceName' cannot restrict create, as the object's name is not known when it is authorized, so the rule would grant nothing, "
      + "got 'tickets-config' with verbs get, create; give create a rule without a name"));
  });

  test('fails synth when it has no rules', () => {
    // GIVEN
    const chart = ticketing();

    // WHEN
    new Role(chart, 'role');

    // THEN
    expect(() => synth(chart)).toThrow(new Error(
      "test/role: 'rules' must hold at least one rule, got none: the Role would grant nothing; pass 'rules' or call allow()"));
  });

  test.each(['a/b', '..', 'fifty%'])('fails when the name is %j', (name) => {
    expect(role({ metadata: { name } })).toThrow(new Error(
      `test/role: 'metadata.name' must be a name without '/' or '%' other than '.' and '..', got '${name}'`));
  });

  test('fails when toReadConfigMap is given no ServiceAccount', () => {
    expect(() => Role.toReadConfigMap(ticketing(), 'reader', { configMapName: 'tickets-config', serviceAccount: undefined as any })).toThrow(new Error(
      "test/reader: 'serviceAccount' must be a ServiceAccount, got undefined"));
  });

  test('fails when toReadConfigMap is given a bad ConfigMap name', () => {
    // GIVEN
    const chart = ticketing();
    const account = new ServiceAccount(chart, 'identity');

    // THEN
    expect(() => Role.toReadConfigMap(chart, 'reader', { configMapName: 'Tickets Config', serviceAccount: account })).toThrow(new Error(
      "test/reader: 'configMapName' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters), got 'Tickets Config'"));
  });

  test('fails when the namespace of its metadata is not a DNS-1123 label (a JavaScript caller passing a number)', () => {
    expect(role({ metadata: { namespace: 0 as any }, rules: [{ verbs: ['get'], resources: [DEPLOYMENTS] }] })).toThrow(new Error(
      "test/role: 'metadata.namespace' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 0"));
  });

  test('fails when a rule lists its resources as something other than an array', () => {
    expect(role({ rules: [{ verbs: ['get'], resources: 'pods' as any }] })).toThrow(new Error(
      "test/role: 'rules[0].resources' must be an array, got 'pods'"));
  });

  test('renders the generated name when the metadata names none explicitly (name: undefined)', () => {
    const chart = ticketing();
    new Role(chart, 'role', { metadata: { name: undefined }, rules: [{ verbs: ['get'], resources: [DEPLOYMENTS] }] });
    expect(find(synth(chart), 'Role').metadata.name).toMatch(/^test-role-/);
  });
});
