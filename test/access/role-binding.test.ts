import { Chart } from 'cdk8s';
import { kplus } from '../../src/_plus';
import { ClusterRole } from '../../src/access/cluster-role';
import { Role } from '../../src/access/role';
import { RoleBinding } from '../../src/access/role-binding';
import { ServiceAccount } from '../../src/access/service-account';
import { Deployment } from '../../src/workloads/deployment';
import { find, newChart, synth, testApp } from '../harness';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const DEFAULT_ACCOUNT = "its namespace's 'default' ServiceAccount, which every pod without an account of its own runs as, so binding it would grant them all; "
  + 'give the workload a ServiceAccount of its own and bind that';

/** A chart whose namespace is `ticketing`, with a Role `config-reader` in it. */
function ticketing(): { chart: Chart; role: Role } {
  const chart = new Chart(testApp(), 'test', { namespace: 'ticketing' });
  const role = new Role(chart, 'role', {
    metadata: { name: 'config-reader' },
    rules: [{ verbs: ['get'], resources: [kplus.ApiResource.CONFIG_MAPS] }],
  });
  return { chart, role };
}

describe('RoleBinding', () => {
  test('binds a Role to ServiceAccounts, of its namespace or of another', () => {
    // GIVEN
    const { chart, role } = ticketing();
    const own = new ServiceAccount(chart, 'own', { metadata: { name: 'tickets-api' } });
    const other = new ServiceAccount(chart, 'other', { metadata: { name: 'auditor', namespace: 'audit' } });

    // WHEN
    new RoleBinding(chart, 'binding', { metadata: { name: 'config-readers' }, role, subjects: [own, other] });

    // THEN
    expect(find(synth(chart), 'RoleBinding')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'config-readers', namespace: 'ticketing' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'config-reader' },
      subjects: [
        { apiGroup: '', kind: 'ServiceAccount', name: 'tickets-api', namespace: 'ticketing' },
        { apiGroup: '', kind: 'ServiceAccount', name: 'auditor', namespace: 'audit' },
      ],
    });
  });

  test('binds a workload as the ServiceAccount it runs as', () => {
    // GIVEN
    const { chart, role } = ticketing();
    const account = new ServiceAccount(chart, 'identity', { metadata: { name: 'tickets-api' } });
    const api = new Deployment(chart, 'api', { serviceAccount: account, containers: [{ image: IMAGE }] });

    // WHEN
    const binding = new RoleBinding(chart, 'binding', { role });
    binding.addSubjects(api);

    // THEN
    expect(binding.subjects).toEqual([account]);
    expect(find(synth(chart), 'RoleBinding').subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'tickets-api', namespace: 'ticketing' }]);
  });

  test('binds a ClusterRole within its namespace', () => {
    // GIVEN
    const { chart } = ticketing();
    const view = kplus.ClusterRole.fromClusterRoleName(chart, 'view', 'view');

    // WHEN
    new RoleBinding(chart, 'binding', { role: view, subjects: [kplus.User.fromName(chart, 'alice', 'alice')] });

    // THEN
    expect(find(synth(chart), 'RoleBinding').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' });
  });

  test('binds a ClusterRole of this library too', () => {
    // GIVEN
    const { chart } = ticketing();
    const role = new ClusterRole(chart, 'cluster-role', { metadata: { name: 'pod-reader' }, rules: [{ verbs: ['get'], endpoints: [kplus.ApiResource.PODS] }] });

    // WHEN
    new RoleBinding(chart, 'binding', { role, subjects: [kplus.User.fromName(chart, 'alice', 'alice')] });

    // THEN
    expect(find(synth(chart), 'RoleBinding').roleRef.name).toBe('pod-reader');
  });

  test('snapshot', () => {
    // GIVEN
    const { chart, role } = ticketing();
    const account = new ServiceAccount(chart, 'identity', { metadata: { name: 'tickets-api' } });

    // WHEN
    new RoleBinding(chart, 'binding', { metadata: { name: 'config-reader' }, role, subjects: [account, kplus.Group.fromName(chart, 'ops', 'ops')] });

    // THEN
    expect(synth(chart).filter(m => m.kind === 'RoleBinding')).toMatchSnapshot();
  });

  test('fails synth when it binds nothing', () => {
    // GIVEN
    const { chart, role } = ticketing();

    // WHEN
    new RoleBinding(chart, 'binding', { role });

    // THEN
    expect(() => synth(chart)).toThrow(new Error(
      "test/binding: 'subjects' must list at least one User, Group or ServiceAccount, got none: the binding would grant nothing; pass 'subjects' or call addSubjects()"));
  });

  test('fails when the Role is of another namespace', () => {
    // GIVEN
    const chart = newChart();
    const role = new Role(chart, 'role', { metadata: { name: 'config-reader', namespace: 'shop' }, rules: [{ verbs: ['get'], resources: [kplus.ApiResource.CONFIG_MAPS] }] });

    // THEN
    expect(() => new RoleBinding(chart, 'binding', { metadata: { namespace: 'ticketing' }, role })).toThrow(new Error(
      "test/binding: 'role' must be a Role of the binding's namespace ('ticketing'), as a RoleBinding only refers to Roles of its own, "
      + "got Role 'config-reader' of 'shop'; bind it in its own namespace, or make it a ClusterRole"));
  });

  test('fails when it is given no role', () => {
    expect(() => new RoleBinding(ticketing().chart, 'binding', { role: undefined as any })).toThrow(new Error(
      "test/binding: 'role' must be a Role or a ClusterRole, got undefined"));
  });

  test("fails when it binds a namespace's default ServiceAccount", () => {
    // GIVEN
    const { chart, role } = ticketing();
    const fallback = kplus.ServiceAccount.fromServiceAccountName(chart, 'default', 'default', { namespaceName: 'ticketing' });

    // THEN
    expect(() => new RoleBinding(chart, 'binding', { role, subjects: [fallback] })).toThrow(new Error(
      `test/binding: 'subjects[0]' must not be ServiceAccount 'default', got ${DEFAULT_ACCOUNT}`));
  });

  test('fails when it binds a workload without a ServiceAccount of its own', () => {
    // GIVEN
    const { chart, role } = ticketing();
    const api = new Deployment(chart, 'api', { automountServiceAccountToken: true, containers: [{ image: IMAGE }] });
    const binding = new RoleBinding(chart, 'binding', { role });

    // THEN
    expect(() => binding.addSubjects(api)).toThrow(new Error(
      `test/binding: 'subjects[0]' must not be a workload without a ServiceAccount, got Deployment test/api, which runs as ${DEFAULT_ACCOUNT}`));
  });

  test('fails when the name holds a slash', () => {
    // GIVEN
    const { chart, role } = ticketing();

    // THEN
    expect(() => new RoleBinding(chart, 'binding', { metadata: { name: 'config/reader' }, role })).toThrow(new Error(
      "test/binding: 'metadata.name' must be a name without '/' or '%' other than '.' and '..', got 'config/reader'"));
  });

  test('fails when a subject is not a subject (a JavaScript caller passing a number)', () => {
    const { chart, role } = ticketing();
    expect(() => new RoleBinding(chart, 'binding', { role, subjects: [1 as any] })).toThrow(new Error(
      "test/binding: 'subjects[0]' must be a User, Group or ServiceAccount, got 1"));
  });

  test('fails when the role is a string', () => {
    const { chart } = ticketing();
    expect(() => new RoleBinding(chart, 'binding', { role: 'config-reader' as any })).toThrow(new Error(
      "test/binding: 'role' must be a Role or a ClusterRole, got 'config-reader'"));
  });

  test('fails when the props are null', () => {
    const { chart } = ticketing();
    expect(() => new RoleBinding(chart, 'binding', null as any)).toThrow(new Error("test/binding: 'props' must be an object, got null"));
  });
});
