import * as fs from 'fs';
import * as path from 'path';
import { PatternsApp } from '../../src';
import { checkAll, find } from '../harness';
import { canonical, helmLint, helmTemplate, ids, PATTERN_CHARTS, plainFor, writeApp } from '../harness/helm';

/** The chart of each pattern, as the hostile-values suite builds them too. */
const PATTERNS = PATTERN_CHARTS;

const chartDirs = new Map<string, string>();
beforeAll(() => {
  for (const p of PATTERNS) {
    const app = new PatternsApp();
    p.build(app);
    chartDirs.set(p.name, path.join(writeApp(app), 'charts', p.name));
  }
});

const byName = new Map(PATTERNS.map(p => [p.name, p]));
/** `helm template` of a pattern's chart, in its namespace (created when the chart has one). */
const render = (name: string, release: string, hooks = false) => {
  const p = byName.get(name)!;
  return helmTemplate(chartDirs.get(name)!, release, { namespace: p.namespace, set: p.createsNamespace ? ['namespace.create=true'] : [], hooks });
};
const isHook = (m: any) => m.metadata?.annotations?.['helm.sh/hook'] !== undefined;

describe('a Helm chart of each pattern', () => {
  test('passes helm lint --strict, all charts in one run', () => {
    expect(helmLint(...chartDirs.values())).toContain(`${PATTERNS.length} chart(s) linted, 0 chart(s) failed`);
  });

  test.each(PATTERNS.map(p => p.name))('%s: renders for two releases what the app synthesizes for each; all objects, hooks too, valid and restricted', name => {
    for (const release of ['r1', 'r2']) {
      const withHooks = render(name, release, true);
      expect(() => checkAll(withHooks)).not.toThrow();
      // a CustomResourceDefinition is named <plural>.<group>, one for every release: Helm installs it from crds/ once
      for (const m of withHooks.filter(x => x.kind !== 'Namespace' && x.kind !== 'CustomResourceDefinition')) expect(m.metadata.name).toMatch(new RegExp(`^${release}-`));
      const rendered = withHooks.filter(m => !isHook(m));
      expect(rendered.length).toBeGreaterThan(0);
      const plain = plainFor(byName.get(name)!.build, release);
      expect(ids(rendered)).toEqual(ids(plain));
      const plainById = new Map(plain.map(m => [`${m.kind}/${m.metadata.name}`, m]));
      for (const m of rendered) expect(canonical(m, true)).toEqual(canonical(plainById.get(`${m.kind}/${m.metadata.name}`)));
    }
  });
});

describe('references renamed with the release', () => {
  test('storage: the claim names the release\'s StorageClass, the pod the release\'s claim', () => {
    const rendered = render('storage', 'r1');
    expect(ids(rendered)).toEqual(['Deployment/r1-web', 'PersistentVolumeClaim/r1-uploads', 'StorageClass/r1-fast']);
    expect(find(rendered, 'PersistentVolumeClaim').spec.storageClassName).toBe('r1-fast');
    expect(find(rendered, 'StorageClass').metadata.namespace).toBeUndefined();
    expect(find(rendered, 'Deployment').spec.template.spec.volumes).toEqual([
      { name: 'uploads', persistentVolumeClaim: { claimName: 'r1-uploads', readOnly: false } },
    ]);
  });

  test('operator: the definition comes from crds/ under its own name; the resource, the controller and the VPA target follow the release', () => {
    const dir = chartDirs.get('operator')!;
    expect(fs.readdirSync(path.join(dir, 'crds'))).toEqual(['venues.tickets.example.com.yaml']);
    expect(fs.readdirSync(path.join(dir, 'templates')).filter(f => f.includes('customresourcedefinition'))).toEqual([]);
    const rendered = helmTemplate(dir, 'r1', { namespace: 'staging' });
    expect(find(rendered, 'CustomResourceDefinition').metadata).toEqual({ name: 'venues.tickets.example.com' });
    expect(find(rendered, 'Venue').metadata).toMatchObject({ name: 'r1-opera', namespace: 'staging' });
    expect(find(rendered, 'VerticalPodAutoscaler').spec.targetRef.name).toBe('r1-web');
    expect(find(rendered, 'ClusterRoleBinding').subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'r1-venue-operator', namespace: 'staging' }]);
  });

  test('RBAC: bindings name the release\'s roles and ServiceAccount, in the release namespace', () => {
    const rendered = helmTemplate(chartDirs.get('rbac')!, 'r1', { namespace: 'staging' });
    expect(find(rendered, 'RoleBinding', 'r1-config-readers')).toMatchObject({
      metadata: { namespace: 'staging' },
      roleRef: { kind: 'Role', name: 'r1-config-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'r1-api', namespace: 'staging' }],
    });
    const binding = find(rendered, 'ClusterRoleBinding', 'r1-node-readers');
    expect(binding.roleRef.name).toBe('r1-node-reader');
    expect(binding.subjects[0]).toEqual({ apiGroup: '', kind: 'ServiceAccount', name: 'r1-api', namespace: 'staging' });
    expect(find(rendered, 'ClusterRole').metadata.name).toBe('r1-node-reader');
    // cluster-scoped: no namespace, although their cdk8s chart has one
    expect(find(rendered, 'ClusterRole').metadata.namespace).toBeUndefined();
    expect(binding.metadata.namespace).toBeUndefined();
  });

  test('config: env, argument and volume use the release\'s hashed ConfigMap; the external Secret keeps its name', () => {
    const rendered = render('config', 'r1');
    const config = find(rendered, 'ConfigMap');
    expect(config.metadata.name).toMatch(/^r1-api-config-[a-z0-9]{10}$/);
    const spec = find(rendered, 'Deployment').spec.template.spec;
    const env = spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'LOG_LEVEL').valueFrom.configMapKeyRef.name).toBe(config.metadata.name);
    expect(env.find((e: any) => e.name === 'DB_PASSWORD').valueFrom.secretKeyRef.name).toBe('db-password');
    expect(spec.volumes.find((v: any) => v.configMap).configMap.name).toBe(config.metadata.name);
  });

  test('network: the Ingress backs onto the release\'s Service, which selects only the release\'s pods', () => {
    const rendered = render('network', 'r2');
    expect(find(rendered, 'Ingress', 'r2-tickets').spec.rules[0].http.paths[0].backend.service.name).toBe(find(rendered, 'Service').metadata.name);
    expect(find(rendered, 'Service').spec.selector['app.kubernetes.io/instance']).toBe('r2');
  });

  test('scaling: the autoscaler targets the release\'s Deployment, the budget selects the release\'s pods', () => {
    const rendered = render('scaling', 'r1');
    expect(find(rendered, 'HorizontalPodAutoscaler').spec.scaleTargetRef.name).toBe('r1-web');
    expect(find(rendered, 'PodDisruptionBudget').spec.selector.matchLabels['app.kubernetes.io/instance']).toBe('r1');
  });

  test('statefulset: the governing Service and the claim templates follow the release', () => {
    const rendered = render('statefulset', 'r1');
    const db = find(rendered, 'StatefulSet', 'r1-db');
    expect(db.spec.serviceName).toBe('r1-db');
    expect(find(rendered, 'Service', 'r1-db').spec.clusterIP).toBe('None');
    expect(db.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
    expect(db.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('10Gi');
  });

  test('tenancy: the Namespace keeps its name; the quota and limits follow --namespace', () => {
    const rendered = render('tenancy', 'r1');
    expect(find(rendered, 'Namespace').metadata.name).toBe('tenant');
    expect(find(rendered, 'ResourceQuota', 'r1-tenant').metadata.namespace).toBe('tenant');
    expect(find(rendered, 'LimitRange', 'r1-container-defaults').metadata.namespace).toBe('tenant');
  });
});
