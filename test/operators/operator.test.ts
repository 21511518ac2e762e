import { Chart } from 'cdk8s';
import { CustomResource, CustomResourceDefinition, CustomResourceScope, Operator, OperatorProps, SchemaField } from '../../src';
import { kplus } from '../../src/_plus';
import { find, newChart, synth } from '../harness';
import { venues } from './fixtures';

const IMAGE = 'ghcr.io/example/venue-operator:1.0.0';
const operator = (chart: Chart, props: Partial<OperatorProps> = {}) =>
  new Operator(chart, 'venue-operator', {
    metadata: { name: 'venue-operator', namespace: 'shop' }, container: { image: IMAGE }, ...props, definitions: props.definitions ?? [venues(chart)],
  });
const rules = (m: any) => m.rules.map((r: any) => `${r.apiGroups.join(',') || 'core'} ${r.resources.join(',')}: ${r.verbs.join(',')}`);

describe('Operator', () => {
  test('grants exactly what a controller needs on its kinds, and events, across namespaces', () => {
    const chart = newChart();
    operator(chart);
    const manifests = synth(chart);
    expect(rules(find(manifests, 'ClusterRole'))).toEqual([
      'tickets.example.com venues: get,list,watch,update,patch',
      'tickets.example.com venues/status: get,update,patch',
      'tickets.example.com venues/finalizers: update',
      'core events: create,patch',
    ]);
    expect(find(manifests, 'ClusterRoleBinding').subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'venue-operator', namespace: 'shop' }]);
    expect(manifests.filter(m => m.kind === 'Role' || m.kind === 'PodDisruptionBudget')).toEqual([]);
  });

  test('runs the controller as the library hardens it, with its own ServiceAccount and a mounted token', () => {
    const chart = newChart();
    operator(chart);
    const pod = find(synth(chart), 'Deployment').spec.template.spec;
    expect(pod.serviceAccountName).toBe('venue-operator');
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(pod.containers[0]).toMatchObject({ name: 'manager', image: IMAGE, securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false } });
    expect(pod.containers[0].resources.requests).toBeDefined();
  });

  test('with several replicas, gets Lease permissions in its namespace and a disruption budget', () => {
    const chart = newChart();
    operator(chart, { replicas: 2 });
    const manifests = synth(chart);
    const role = find(manifests, 'Role');
    expect(role.metadata).toMatchObject({ name: 'venue-operator-leader-election', namespace: 'shop' });
    expect(rules(role)).toEqual(['coordination.k8s.io leases: get,create,update']);
    expect(find(manifests, 'RoleBinding').roleRef.name).toBe('venue-operator-leader-election');
    expect(find(manifests, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
  });

  test('namespaced, grants through a Role in its namespace only', () => {
    const chart = newChart();
    operator(chart, { namespaced: true, replicas: 3 });
    const manifests = synth(chart);
    expect(manifests.filter(m => m.kind === 'ClusterRole')).toEqual([]);
    expect(rules(find(manifests, 'Role'))).toContain('coordination.k8s.io leases: get,create,update');
    expect(rules(find(manifests, 'Role'))).toContain('tickets.example.com venues: get,list,watch,update,patch');
  });

  test('adds the permissions asked for', () => {
    const chart = newChart();
    operator(chart, { permissions: [{ verbs: ['get', 'list', 'watch'], resources: [kplus.ApiResource.CONFIG_MAPS] }] });
    expect(rules(find(synth(chart), 'ClusterRole'))).toContain('core configmaps: get,list,watch');
  });

  test('fails when a permission asks for every verb', () => {
    expect(() => operator(newChart(), { permissions: [{ verbs: ['*'], resources: [kplus.ApiResource.PODS] }] }))
      .toThrow("test/venue-operator: 'permissions[0].verbs' must not hold the wildcard '*', which grants every verb, those added to Kubernetes later included, got [\"*\"]; name them, or set 'allowWildcards: true' on the role if it must");
  });

  test('fails when a permission names every resource', () => {
    expect(() => operator(newChart(), { permissions: [{ verbs: ['get'], resources: [kplus.ApiResource.custom({ apiGroup: '', resourceType: '*' })] }] }))
      .toThrow("test/venue-operator: 'permissions[0].resources[0].resourceType' must not be a wildcard");
  });

  test('fails when namespaced but reconciling a cluster-scoped kind', () => {
    const chart = newChart();
    expect(() => operator(chart, { namespaced: true, definitions: [venues(chart, { scope: CustomResourceScope.CLUSTER })] }))
      .toThrow("test/venue-operator: 'namespaced' must be false when the controller reconciles a cluster-scoped kind, got true with Venue.tickets.example.com; a Role cannot grant cluster-scoped objects");
  });

  test('fails when it watches every namespace but has none of its own', () => {
    expect(() => operator(newChart(), { metadata: { name: 'venue-operator' } }))
      .toThrow("test/venue-operator: 'metadata.namespace' must be given, or the chart's namespace: the ClusterRoleBinding names the controller's ServiceAccount by its namespace, got none");
  });

  test('fails when it reconciles nothing', () => {
    expect(() => operator(newChart(), { definitions: [] })).toThrow("test/venue-operator: 'definitions' must list at least one kind the controller reconciles, got none");
  });

  test("expresses the patterns book's ConfigWatcher operator with no escape hatch", () => {
    // k8spatterns.io: a ConfigWatcher names a ConfigMap and the pods to restart when it changes
    const chart = newChart();
    const watchers = new CustomResourceDefinition(chart, 'config-watchers', {
      group: 'k8spatterns.io',
      kind: 'ConfigWatcher',
      shortNames: ['cw'],
      versions: [{
        name: 'v1',
        spec: SchemaField.object({
          required: ['configMap', 'podSelector'],
          properties: {
            configMap: SchemaField.string({ description: 'the ConfigMap to watch' }),
            podSelector: SchemaField.map(SchemaField.string(), { description: 'labels of the pods to restart', minProperties: 1 }),
          },
        }),
      }],
    });
    new Operator(chart, 'config-watcher', {
      definitions: [watchers],
      metadata: { name: 'config-watcher-controller', namespace: 'config-watcher' },
      container: { image: 'k8spatterns/config-watcher-controller:1.0' },
      permissions: [
        { verbs: ['get', 'list', 'watch'], resources: [kplus.ApiResource.CONFIG_MAPS] },
        { verbs: ['list', 'delete'], resources: [kplus.ApiResource.PODS] },
      ],
    });
    new CustomResource(chart, 'webapp-config', { definition: watchers, metadata: { name: 'webapp-config-watcher' }, spec: { configMap: 'webapp-config', podSelector: { app: 'webapp' } } });
    const manifests = synth(chart);
    expect(find(manifests, 'ConfigWatcher').spec).toEqual({ configMap: 'webapp-config', podSelector: { app: 'webapp' } });
    expect(rules(find(manifests, 'ClusterRole'))).toEqual(expect.arrayContaining(['core configmaps: get,list,watch', 'core pods: list,delete', 'k8spatterns.io configwatchers: get,list,watch,update,patch']));
  });
});
