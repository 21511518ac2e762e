import { kplus } from '../../src/_plus';
import { ClusterRole } from '../../src/access/cluster-role';
import { ClusterRoleBinding } from '../../src/access/cluster-role-binding';
import { Role } from '../../src/access/role';
import { ServiceAccount } from '../../src/access/service-account';
import { find, newChart, synth } from '../harness';

/** A ClusterRole `node-reader` in a fresh chart. */
function nodeReader(): { chart: ReturnType<typeof newChart>; role: ClusterRole } {
  const chart = newChart();
  const role = new ClusterRole(chart, 'role', { metadata: { name: 'node-reader' }, rules: [{ verbs: ['get', 'list'], endpoints: [kplus.ApiResource.NODES] }] });
  return { chart, role };
}

describe('ClusterRoleBinding', () => {
  test('binds a ClusterRole to ServiceAccounts with their namespace, Users and Groups', () => {
    // GIVEN
    const { chart, role } = nodeReader();
    const account = new ServiceAccount(chart, 'identity', { metadata: { name: 'autoscaler', namespace: 'kube-tools' } });

    // WHEN
    const binding = new ClusterRoleBinding(chart, 'binding', { metadata: { name: 'node-readers' }, role, subjects: [account] });
    binding.addSubjects(kplus.Group.fromName(chart, 'sre', 'sre'));

    // THEN
    expect(find(synth(chart), 'ClusterRoleBinding')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'node-readers' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'node-reader' },
      subjects: [
        { apiGroup: '', kind: 'ServiceAccount', name: 'autoscaler', namespace: 'kube-tools' },
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'sre' },
      ],
    });
  });

  test('snapshot', () => {
    // GIVEN
    const { chart, role } = nodeReader();

    // WHEN
    new ClusterRoleBinding(chart, 'binding', { metadata: { name: 'node-reader' }, role, subjects: [kplus.User.fromName(chart, 'alice', 'alice')] });

    // THEN
    expect(synth(chart).filter(m => m.kind === 'ClusterRoleBinding')).toMatchSnapshot();
  });

  test('fails when the role is a Role', () => {
    // GIVEN
    const chart = newChart();
    const role = new Role(chart, 'role', { metadata: { namespace: 'ticketing' }, rules: [{ verbs: ['get'], resources: [kplus.ApiResource.PODS] }] });

    // THEN
    expect(() => new ClusterRoleBinding(chart, 'binding', { role })).toThrow(new Error(
      "test/binding: 'role' must be a ClusterRole, as a ClusterRoleBinding cannot refer to a Role, got Role 'test/role'; bind a Role with a RoleBinding"));
  });

  test('fails when a ServiceAccount has no namespace', () => {
    // GIVEN
    const { chart, role } = nodeReader();
    const account = new ServiceAccount(chart, 'identity', { metadata: { name: 'autoscaler' } });

    // THEN
    expect(() => new ClusterRoleBinding(chart, 'binding', { role, subjects: [account] })).toThrow(new Error(
      "test/binding: 'subjects[0]' must name the namespace of ServiceAccount 'autoscaler' in a ClusterRoleBinding, got none; give the ServiceAccount a metadata.namespace"));
  });

  test('fails synth when it binds nothing', () => {
    // GIVEN
    const { chart, role } = nodeReader();

    // WHEN
    new ClusterRoleBinding(chart, 'binding', { role });

    // THEN
    expect(() => synth(chart)).toThrow(new Error(
      "test/binding: 'subjects' must list at least one User, Group or ServiceAccount, got none: the binding would grant nothing; pass 'subjects' or call addSubjects()"));
  });

  test('fails when the role is a string (a JavaScript caller)', () => {
    const { chart } = nodeReader();
    expect(() => new ClusterRoleBinding(chart, 'binding', { role: 'cluster-admin' as any })).toThrow(new Error(
      "test/binding: 'role' must be a ClusterRole, as a ClusterRoleBinding cannot refer to a Role, got 'cluster-admin'; bind a Role with a RoleBinding"));
  });
});
