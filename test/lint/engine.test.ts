import { get, goodSet, goodSetWith, lint, messagesOf, webPod } from './fixtures';
import { Distillation } from '../../src';

const IGNORE = 'lint.cdk8s-patterns.io/ignore-';
/** The good set without its LimitRange: DP-FRUGAL-006 on the shop Namespace. */
const withoutLimitRange = () => goodSetWith(s => s.splice(s.indexOf(get(s, 'LimitRange')), 1));
const ids = (manifests: any[], config?: any) => lint(manifests, config).map(f => f.ruleId);

describe('Distillation engine', () => {
  test('passes when an annotation suppresses a finding with a reason', () => {
    const set = withoutLimitRange();
    get(set, 'Namespace').metadata.annotations = { [`${IGNORE}DP-FRUGAL-006`]: 'every workload sets its own resources' };
    expect(ids(set)).toEqual([]);
  });

  test('fails when a suppression annotation names no rule', () => {
    const set = goodSetWith(s => { get(s, 'Namespace').metadata.annotations = { [`${IGNORE}DP-FRUGAL-600`]: 'typo' }; });
    expect(messagesOf('DP-VALID-003', set)).toEqual([
      "'metadata.annotations['lint.cdk8s-patterns.io/ignore-DP-FRUGAL-600']' must name a rule of the distillation checks, got 'DP-FRUGAL-600'; correct the rule id (see the rule list), or remove the annotation",
    ]);
  });

  test('passes when a config suppression matches the kind, namespace and name', () => {
    const config = { suppressions: [{ ruleId: 'DP-FRUGAL-006', kind: 'Namespace', name: 'shop', reason: 'every workload sets its own resources' }] };
    expect(ids(withoutLimitRange(), config)).toEqual([]);
  });

  test('fails when a config suppression names another object', () => {
    const config = { suppressions: [{ ruleId: 'DP-FRUGAL-006', kind: 'Namespace', name: 'other', reason: 'not this one' }] };
    expect(ids(withoutLimitRange(), config)).toEqual(['DP-FRUGAL-006']);
  });

  test('fails when a config suppression has no reason: it does not apply, and is itself an error', () => {
    const config = { suppressions: [{ ruleId: 'DP-FRUGAL-006', kind: 'Namespace', reason: '' }] };
    expect(lint(withoutLimitRange(), config).map(f => `${f.ruleId} ${f.severity} ${f.message}`)).toEqual([
      "DP-FRUGAL-006 info 'metadata.name' must have a LimitRange, got namespace 'shop' without one; add a LimitRange with default requests and limits for containers",
      "DP-VALID-003 error 'metadata.name' is matched by 'suppressions[0]' of the lint config (DP-FRUGAL-006), whose 'reason' is empty, got ''; the suppression does not apply; write why the finding is accepted in the suppression's reason",
    ]);
  });

  test('fails when DP-VALID-003 is suppressed: it cannot be', () => {
    const set = goodSetWith(s => {
      get(s, 'Namespace').metadata.annotations = { [`${IGNORE}DP-FRUGAL-600`]: 'typo', [`${IGNORE}DP-VALID-003`]: 'hide it' };
    });
    expect(ids(set)).toEqual(['DP-VALID-003']);
  });

  test('passes when the config turns a rule off', () => {
    expect(ids(withoutLimitRange(), { rules: { 'DP-FRUGAL-006': false } })).toEqual([]);
  });

  test('fails when the config names an unknown rule, suggesting the nearest', () => {
    expect(() => lint([], { rules: { 'DP-FRUGAL-06': false } })).toThrow(
      "Distillation.checkManifests: 'config.rules[DP-FRUGAL-06]' must be the id of a distillation rule (DP-<FACTOR>-<number>, see Distillation.rules()), got 'DP-FRUGAL-06' (did you mean 'DP-FRUGAL-006'?)");
  });

  test('fails when a threshold is not a number', () => {
    expect(() => lint([], { maxLimitToRequestRatio: '4' as any })).toThrow("Distillation.checkManifests: 'config.maxLimitToRequestRatio' must be a finite number, got '4'");
  });

  test('fails when a limit may be below its request', () => {
    expect(() => lint([], { maxLimitToRequestRatio: 0.5 })).toThrow("Distillation.checkManifests: 'config.maxLimitToRequestRatio' must be at least 1 (a limit is never below its request), got 0.5");
  });

  test('fails when a pod may hold no container', () => {
    expect(() => lint([], { maxContainersPerPod: 0 })).toThrow("Distillation.checkManifests: 'config.maxContainersPerPod' must be an integer at least 1, got 0");
  });

  test('fails when a suppression has a misspelled key', () => {
    expect(() => lint([], { suppressions: [{ ruleId: 'DP-AVAIL-001', kind: 'Deployment', reason: 'x', nmae: 'web' } as any] })).toThrow(
      "Distillation.checkManifests: 'config.suppressions[0]' must only hold ruleId, kind, namespace, name, reason, got 'nmae'");
  });

  test('fails when failOn is not a severity', () => {
    expect(() => lint([], { failOn: 'fatal' as any })).toThrow("Distillation.checkManifests: 'config.failOn' must be one of 'error', 'warning', 'info', got 'fatal'");
  });

  test('fails when the config is not an object', () => {
    expect(() => lint([], 'strict' as any)).toThrow("Distillation.checkManifests: 'config' must be an object, got 'strict'");
  });

  test('fails when an image of the configured large images runs, the built-in list replaced', () => {
    const set = goodSetWith(s => { webPod(s).containers[0].image = 'ghcr.io/acme/fat:1.0'; });
    const config = { largeImages: [{ repository: 'ghcr.io/acme/fat', instead: 'ghcr.io/acme/fat:1.0-distroless' }] };
    expect(messagesOf('DP-SMALL-001', set, config)).toEqual([
      "'spec.template.spec.containers[0].image' must be a small image, got 'ghcr.io/acme/fat:1.0' for container 'web', a full ghcr.io/acme/fat image; run ghcr.io/acme/fat:1.0-distroless",
    ]);
    expect(messagesOf('DP-SMALL-001', goodSetWith(s => { webPod(s).containers[0].image = 'python:3.12'; }), config)).toEqual([]);
  });

  test('passes when a liveness probe waits less than slowStartSeconds', () => {
    const set = goodSetWith(s => {
      delete webPod(s).containers[0].startupProbe;
      webPod(s).containers[0].livenessProbe.initialDelaySeconds = 60;
    });
    expect(messagesOf('DP-STARTUP-003', set, { slowStartSeconds: 90 })).toEqual([]);
  });

  test('fails when two objects have the same identity', () => {
    const set = goodSetWith(s => s.push(JSON.parse(JSON.stringify(get(s, 'Service')))));
    expect(messagesOf('DP-VALID-001', set)).toEqual([
      "'metadata.name' must be unique, got Service shop/web which an earlier object defines too: one would overwrite the other in the cluster; change the field so that a Kubernetes 1.26 API server accepts it",
    ]);
  });

  test('fails when more pods run than the quota counts', () => {
    const set = goodSetWith(s => { get(s, 'ResourceQuota').spec.hard.pods = '1'; });
    expect(messagesOf('DP-FRUGAL-007', set)).toEqual([
      "'spec.hard.pods' must hold the pods of namespace 'shop' at their declared replicas, got '1' while they are 2; raise the quota, or lower the requests, limits or replicas of the workloads; Kubernetes refuses the pods that do not fit",
    ]);
  });

  test('fails when a PodDisruptionBudget keeps every replica', () => {
    const set = goodSetWith(s => { const b = get(s, 'PodDisruptionBudget'); delete b.spec.maxUnavailable; b.spec.minAvailable = 2; });
    expect(messagesOf('DP-AVAIL-003', set)).toEqual([
      "'spec.minAvailable' must be below the replicas of the pods it selects (2), got 2: no node running its pods can be drained; lower minAvailable below the replicas, or use maxUnavailable: 1",
    ]);
  });

  test('fails when a mutable ConfigMap is mounted with subPath, which never updates', () => {
    const set = goodSetWith(s => {
      delete get(s, 'ConfigMap', 'web-settings-2b4d6f').immutable;
      webPod(s).containers[0].volumeMounts[2].subPath = 'settings.yaml';
    });
    expect(messagesOf('DP-IMMUTABLE-003', set)).toEqual([
      "'spec.template.spec.volumes[2].configMap.name' names the mutable ConfigMap 'web-settings-2b4d6f', read when the container starts, got a ConfigMap without 'immutable: true'; a change reaches only pods started after it; make the ConfigMap immutable with a hash of its data in its name (kustomize's configMapGenerator does it), so that a change rolls the pods",
    ]);
    expect(messagesOf('DP-IMMUTABLE-004', set)).toEqual([]);
  });

  test('fails without showing a secret value', () => {
    const set = goodSetWith(s => {
      webPod(s).containers[0].env = [{ name: 'API_TOKEN', value: 's3cr3t-t0ken' }];
      s.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'api', namespace: 'shop' }, stringData: { token: 's3cr3t-t0ken' } });
    });
    const messages = lint(set).map(f => f.message);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.join('\n')).not.toContain('s3cr3t');
  });

  test('sorts findings by object, then path, then rule', () => {
    const set = goodSetWith(s => {
      s.splice(s.indexOf(get(s, 'LimitRange')), 1);
      webPod(s).containers[0].image = 'nginx';
      webPod(s).hostNetwork = true;
    });
    expect(lint(set).map(f => `${f.kind} ${f.path} ${f.ruleId}`)).toEqual([
      'Namespace metadata.name DP-FRUGAL-006',
      'Deployment spec.template.spec.containers[0].image DP-IDEMPOTENT-001',
      'Deployment spec.template.spec.hostNetwork DP-ATTACK-001',
    ]);
  });

  test('never throws on objects of the wrong shape: the API server\'s refusal is the finding', () => {
    const odd = [
      null, 5, 'x', [],
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' }, spec: { template: { metadata: 'x', spec: { containers: 'x', volumes: [null, 'x', { name: 1, hostPath: 'x' }], initContainers: [null] } } } },
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', spec: { templates: [null, 'x', { container: { image: 5 }, sidecars: 'x' }], volumes: 'x' } },
      { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { namespace: 'a' }, spec: { hard: { 'requests.cpu': 'abc', 'pods': 'x' } } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'a' }, spec: { containers: [{ resources: { requests: { cpu: 'zz' }, limits: 'x' }, env: [null, { name: 'PASSWORD', value: 5 }], securityContext: 'x' }] } },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', spec: { minAvailable: 'x', selector: 'y' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', roleRef: 'x', subjects: [null] },
    ];
    expect(lint(odd).filter(f => f.ruleId === 'DP-VALID-001').length).toBeGreaterThan(10);
  });

  test('fails when Distillation.check is not given a construct', () => {
    expect(() => Distillation.check({} as any)).toThrow("Distillation.check: 'scope' must be a construct (an app, a chart or a construct in a chart), got {}");
  });

  test('passes when the good set is checked twice: the same findings, nothing kept between runs', () => {
    const set = withoutLimitRange();
    expect(lint(set)).toEqual(lint(goodSet().filter(m => m.kind !== 'LimitRange')));
  });
});
