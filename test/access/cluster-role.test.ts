import { kplus } from '../../src/_plus';
import { ClusterRole, ClusterRoleProps } from '../../src/access/cluster-role';
import { ClusterRoleBinding } from '../../src/access/cluster-role-binding';
import { RoleBinding } from '../../src/access/role-binding';
import { ServiceAccount } from '../../src/access/service-account';
import { find, newChart, synth } from '../harness';

const WILDCARD_FIX = "name them, or set 'allowWildcards: true' on the role if it must";

/** A ClusterRole made with those props, as a function for `toThrow`. */
const clusterRole = (props: ClusterRoleProps) => () => new ClusterRole(newChart(), 'role', props);

describe('ClusterRole', () => {
  test('renders rules on resources and on non-resource URLs', () => {
    // GIVEN
    const chart = newChart();
    const role = new ClusterRole(chart, 'role', {
      metadata: { name: 'node-reader' },
      rules: [{ verbs: ['get', 'list', 'watch'], endpoints: [kplus.ApiResource.NODES] }],
    });

    // WHEN
    role.allow(['get'], kplus.NonApiResource.of('/healthz'), kplus.NonApiResource.of('/metrics'));

    // THEN
    expect(find(synth(chart), 'ClusterRole')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'node-reader' },
      rules: [
        { apiGroups: [''], resources: ['nodes'], resourceNames: [], verbs: ['get', 'list', 'watch'] },
        { nonResourceURLs: ['/healthz'], verbs: ['get'] },
        { nonResourceURLs: ['/metrics'], verbs: ['get'] },
      ],
    });
  });

  test('bindInNamespace grants it in one namespace with a RoleBinding named after it', () => {
    // GIVEN
    const chart = newChart();
    const role = new ClusterRole(chart, 'role', { metadata: { name: 'pod-reader' }, rules: [{ verbs: ['get'], endpoints: [kplus.ApiResource.PODS] }] });
    const account = new ServiceAccount(chart, 'identity', { metadata: { name: 'dashboard', namespace: 'tools' } });

    // WHEN
    const binding = role.bindInNamespace('ticketing', account);
    const manifest = find(synth(chart), 'RoleBinding');

    // THEN
    expect(binding).toBeInstanceOf(RoleBinding);
    expect(manifest.metadata).toEqual({ name: 'pod-reader', namespace: 'ticketing' });
    expect(manifest.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'pod-reader' });
    expect(manifest.subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'dashboard', namespace: 'tools' }]);
  });

  test('bind grants it everywhere with a ClusterRoleBinding named after it', () => {
    // GIVEN
    const chart = newChart();
    const role = new ClusterRole(chart, 'role', { metadata: { name: 'node-reader' }, rules: [{ verbs: ['get'], endpoints: [kplus.ApiResource.NODES] }] });

    // WHEN
    const binding = role.bind(kplus.Group.fromName(chart, 'sre', 'sre'));
    const manifest = find(synth(chart), 'ClusterRoleBinding');

    // THEN
    expect(binding).toBeInstanceOf(ClusterRoleBinding);
    expect(manifest.metadata).toEqual({ name: 'node-reader' });
    expect(manifest.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'sre' }]);
  });

  test('synthesizes without rules when it aggregates other ClusterRoles', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    new ClusterRole(chart, 'role', { aggregationLabels: { 'example.com/aggregate-to-monitoring': 'true' } });

    // THEN
    expect(find(synth(chart), 'ClusterRole').aggregationRule).toEqual({
      clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-monitoring': 'true' } }],
    });
  });

  test('accepts wildcards once allowWildcards is set', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    new ClusterRole(chart, 'role', { allowWildcards: true, rules: [{ verbs: ['get'], endpoints: [kplus.NonApiResource.of('/debug/*')] }] });

    // THEN
    expect(find(synth(chart), 'ClusterRole').rules).toEqual([{ nonResourceURLs: ['/debug/*'], verbs: ['get'] }]);
  });

  test('snapshot', () => {
    // GIVEN
    const chart = newChart();
    const role = new ClusterRole(chart, 'role', {
      metadata: { name: 'metrics-reader' },
      rules: [
        { verbs: ['get', 'list', 'watch'], endpoints: [kplus.ApiResource.PODS, kplus.ApiResource.NODES] },
        { verbs: ['get'], endpoints: [kplus.NonApiResource.of('/metrics')] },
      ],
    });

    // WHEN
    role.bind(new ServiceAccount(chart, 'identity', { metadata: { name: 'prometheus', namespace: 'monitoring' } }));

    // THEN
    expect(synth(chart).filter(m => m.kind !== 'ServiceAccount')).toMatchSnapshot();
  });

  test('fails when a rule holds the wildcard verb without allowWildcards', () => {
    expect(clusterRole({ rules: [{ verbs: ['*'], endpoints: [kplus.ApiResource.NODES] }] })).toThrow(new Error(
      `test/role: 'rules[0].verbs' must not hold the wildcard '*', which grants every verb, those added to Kubernetes later included, got ["*"]; ${WILDCARD_FIX}`));
  });

  test('fails when a non-resource URL holds a wildcard without allowWildcards', () => {
    expect(clusterRole({ rules: [{ verbs: ['get'], endpoints: [kplus.NonApiResource.of('/debug/*')] }] })).toThrow(new Error(
      `test/role: 'rules[0].endpoints[0]' must not hold a wildcard, which matches every URL under it, got '/debug/*'; ${WILDCARD_FIX}`));
  });

  test('fails when a non-resource URL is given a verb of resources', () => {
    expect(clusterRole({ rules: [{ verbs: ['list'], endpoints: [kplus.NonApiResource.of('/healthz')] }] })).toThrow(new Error(
      "test/role: 'rules[0].verbs' must hold verbs of non-resource URLs (get, head, post, put, patch, delete), got 'list'"));
  });

  test('fails when a resource is given an unknown verb', () => {
    expect(clusterRole({ rules: [{ verbs: ['read'], endpoints: [kplus.ApiResource.NODES] }] })).toThrow(new Error(
      "test/role: 'rules[0].verbs' must hold verbs of resource requests (get, list, watch, create, update, patch, delete, deletecollection, "
      + "bind, escalate, impersonate, approve, sign, use), got 'read'"));
  });

  test('fails when a non-resource URL does not start with a slash', () => {
    expect(clusterRole({ rules: [{ verbs: ['get'], endpoints: [kplus.NonApiResource.of('healthz')] }] })).toThrow(new Error(
      "test/role: 'rules[0].endpoints[0]' must be an API resource or a non-resource URL starting with '/', got 'healthz'"));
  });

  test('fails when a rule holds no endpoint', () => {
    // GIVEN
    const role = new ClusterRole(newChart(), 'role', { rules: [{ verbs: ['get'], endpoints: [kplus.ApiResource.NODES] }] });

    // THEN
    expect(() => role.allowGet()).toThrow(new Error("test/role: 'rules[1].endpoints' must list at least one resource or non-resource URL, got none"));
  });

  test('fails synth when it has neither rules nor aggregation labels', () => {
    // GIVEN
    const chart = newChart();

    // WHEN
    new ClusterRole(chart, 'role');

    // THEN
    expect(() => synth(chart)).toThrow(new Error(
      "test/role: 'rules' must hold at least one rule, got none: the ClusterRole would grant nothing; pass 'rules', call allow() or aggregate()"));
  });

  test('fails when bindInNamespace is given a bad namespace', () => {
    // GIVEN
    const role = new ClusterRole(newChart(), 'role', { rules: [{ verbs: ['get'], endpoints: [kplus.ApiResource.PODS] }] });

    // THEN
    expect(() => role.bindInNamespace('Ticketing')).toThrow(new Error(
      "test/role: 'namespace' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got 'Ticketing'"));
  });

  test('fails when a rule lists its endpoints as something other than an array (a JavaScript caller)', () => {
    expect(clusterRole({ rules: [{ verbs: ['get'], endpoints: 0 as any }] })).toThrow(new Error(
      "test/role: 'rules[0].endpoints' must be an array, got 0"));
  });

  test('fails when the aggregation labels are not an object', () => {
    expect(clusterRole({ aggregationLabels: 'monitoring' as any })).toThrow(new Error(
      "test/role: 'aggregationLabels' must be an object, got 'monitoring'"));
  });

  test('fails when bindInNamespace binds it twice in one namespace', () => {
    const chart = newChart();
    const role = new ClusterRole(chart, 'role', { rules: [{ verbs: ['get'], endpoints: [kplus.ApiResource.PODS] }] });
    role.bindInNamespace('ticketing', new ServiceAccount(chart, 'a', { metadata: { name: 'a', namespace: 'ticketing' } }));
    expect(() => role.bindInNamespace('ticketing', new ServiceAccount(chart, 'b', { metadata: { name: 'b', namespace: 'ticketing' } }))).toThrow(new Error(
      "test/role: 'namespace' must be a namespace the ClusterRole is not bound in yet, got 'ticketing', where a RoleBinding of the same name already binds it; "
      + 'pass every subject to one bindInNamespace() call'));
  });

  test('fails when an aggregation label is not a label', () => {
    const role = new ClusterRole(newChart(), 'role');
    expect(() => role.aggregate('rbac.example.com/aggregate to', 'true')).toThrow(new Error(
      "test/role: 'aggregationLabels[rbac.example.com/aggregate to]' must be a label key ([prefix/]name: an optional DNS-1123 subdomain prefix of at most 253 characters, "
      + "and a name of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit), got 'rbac.example.com/aggregate to'"));
  });
});
