import { ManifestValidator } from '../../src/validation/manifest-validator';
import { assertValidManifests } from '../harness/schema';

const validateManifest = (m: any) => ManifestValidator.validate(m);

const DEPLOYMENT = 'apps/v1 Deployment shop/tickets-api';

function deployment(): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'tickets-api',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/name': 'tickets-api' },
      annotations: { 'example.com/owner': 'team-a' },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'tickets-api' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'tickets-api' } },
        spec: {
          containers: [
            {
              name: 'api',
              image: 'ghcr.io/shop/tickets:1.4.2',
              imagePullPolicy: 'IfNotPresent',
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: 1, memory: '256Mi' } },
              readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
            },
            { name: 'proxy', image: 'envoyproxy/envoy:v1.27.0', ports: [{ containerPort: 9901 }] },
          ],
        },
      },
    },
  };
}

const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'tickets-api', namespace: 'shop' },
  spec: { type: 'ClusterIP', selector: { app: 'tickets-api' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'admin', port: 9901, targetPort: 9901 }] },
};
const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tickets-config' }, data: { 'LOG_LEVEL': 'info', 'app.properties': 'a=b' } };
const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { team: '' } } };
const cronJob = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'nightly-report' },
  spec: {
    schedule: '0 3 * * *',
    concurrencyPolicy: 'Forbid',
    jobTemplate: {
      spec: {
        backoffLimit: 2,
        template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'report', image: 'busybox:1.36', args: ['sh', '-c', 'date'] }] } },
      },
    },
  },
};
const pdb = {
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'tickets-api' },
  spec: { minAvailable: '50%', selector: { matchLabels: { app: 'tickets-api' } } },
};
const hpa = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'tickets-api' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'tickets-api' },
    minReplicas: 2,
    maxReplicas: 10,
    metrics: [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } },
    ],
  },
};

/** Builds a CRD whose version schema is `openAPIV3Schema`. */
function crd(openAPIV3Schema: any): any {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema }, subresources: { status: {} } }],
    },
  };
}

/** The only error of `manifest`. */
function onlyError(manifest: any) {
  const errors = validateManifest(manifest);
  expect(errors).toHaveLength(1);
  return errors[0];
}

describe('ManifestValidator', () => {
  test.each([
    ['Deployment', deployment()],
    ['Service', service],
    ['ConfigMap', configMap],
    ['Namespace', namespace],
    ['CronJob', cronJob],
    ['PodDisruptionBudget', pdb],
    ['HorizontalPodAutoscaler', hpa],
    ['Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password: 'c2VjcmV0' }, stringData: { user: 'app' } }],
    ['ClusterRole named with a colon', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:tickets' }, rules: [] }],
  ])('accepts a valid %s', (_, manifest) => {
    expect(validateManifest(manifest)).toEqual([]);
  });

  test('fails when a field is misspelled, naming the nearest valid field', () => {
    const manifest = deployment();
    manifest.spec.template.spec.containers[1].imagePullPolcy = 'Always';
    manifest.spec.replcas = 2;
    expect(validateManifest(manifest)).toEqual([
      { object: DEPLOYMENT, path: 'spec.template.spec.containers[1].imagePullPolcy', reason: "is not a field of Container; did you mean 'imagePullPolicy'?" },
      { object: DEPLOYMENT, path: 'spec.replcas', reason: "is not a field of DeploymentSpec; did you mean 'replicas'?" },
    ]);
  });

  test('fails when a string is given for an integer', () => {
    const manifest = deployment();
    manifest.spec.template.spec.containers[1].ports[0].containerPort = '80';
    expect(onlyError(manifest)).toEqual({
      object: DEPLOYMENT,
      path: 'spec.template.spec.containers[1].ports[0].containerPort',
      reason: "must be an integer, got '80'",
    });
  });

  test('fails when a value has the wrong type or is not an integer', () => {
    const manifest = deployment();
    manifest.spec.replicas = 1.5;
    manifest.spec.template.spec.containers = { name: 'api' };
    expect(validateManifest(manifest).map((e) => [e.path, e.reason])).toEqual([
      ['spec.replicas', 'must be an integer, got 1.5'],
      ['spec.template.spec.containers', 'must be a list, got an object'],
    ]);
  });

  test.each([
    [NaN, 'must be an integer, got NaN'],
    [-1, 'must be at least 0, got -1'],
    [2 ** 31, 'must fit in int32 (-2147483648 to 2147483647), got 2147483648'],
  ])('fails when replicas are %p', (replicas, reason) => {
    const manifest = deployment();
    manifest.spec.replicas = replicas;
    expect(onlyError(manifest)).toEqual({ object: DEPLOYMENT, path: 'spec.replicas', reason });
  });

  test('fails when a number is not finite anywhere, also where any JSON goes', () => {
    expect(onlyError({ ...configMap, metadata: { name: 'c', managedFields: [{ fieldsV1: { f: Infinity } }] } })).toEqual({
      object: 'v1 ConfigMap c', path: 'metadata.managedFields[0].fieldsV1.f', reason: 'must be a finite number, got Infinity',
    });
  });

  test('fails when a field is named like an Object.prototype member', () => {
    expect(onlyError({ ...configMap, constructor: {} }).reason).toMatch(/^is not a field of ConfigMap/);
  });

  test('fails when a Deployment has no spec.selector', () => {
    const manifest = deployment();
    delete manifest.spec.selector;
    expect(onlyError(manifest)).toEqual({ object: DEPLOYMENT, path: 'spec.selector', reason: 'is required in DeploymentSpec' });
  });

  test('treats null as absent', () => {
    const manifest = deployment();
    manifest.spec.replicas = null;
    expect(validateManifest(manifest)).toEqual([]);
    manifest.spec.selector = null;
    expect(onlyError(manifest).reason).toBe('is required in DeploymentSpec');
  });

  test('fails when the kind is unknown', () => {
    expect(onlyError({ apiVersion: 'v1', kind: 'Gizmo', metadata: { name: 'g' } })).toEqual({
      object: 'v1 Gizmo g', path: 'kind', reason: "must be a kind Kubernetes 1.26 serves or a CustomResourceDefinition of the app defines, got 'Gizmo'; define it with CustomResourceDefinition, or import the vendor's definition with ImportedCustomResourceDefinitions",
    });
  });

  test('fails when the kind is unknown, showing a line break on one line', () => {
    expect(onlyError({ apiVersion: 'v1', kind: 'Giz\nmo', metadata: { name: 'g' } }).reason).toBe("must be a kind Kubernetes 1.26 serves or a CustomResourceDefinition of the app defines, got 'Giz\\nmo'; define it with CustomResourceDefinition, or import the vendor's definition with ImportedCustomResourceDefinitions");
  });

  test.each([
    ['batch/v1beta1', 'CronJob', 'batch/v1'],
    ['policy/v1beta1', 'PodDisruptionBudget', 'policy/v1'],
  ])('fails when the apiVersion %s does not serve %s', (apiVersion, kind, known) => {
    expect(onlyError({ apiVersion, kind, metadata: { name: 'x' }, spec: {} })).toEqual({
      object: `${apiVersion} ${kind} x`,
      path: 'apiVersion',
      reason: `must be an apiVersion that serves kind '${kind}' (${known}), got '${apiVersion}'`,
    });
  });

  test('fails when apiVersion and kind are missing', () => {
    expect(validateManifest({ metadata: { name: 'x' } })).toEqual([
      { object: '<no apiVersion> <no kind> x', path: 'apiVersion', reason: 'is required' },
      { object: '<no apiVersion> <no kind> x', path: 'kind', reason: 'is required' },
    ]);
  });

  test.each(['100m', '1.5', '128Mi', '1e3', '2G', '.5', '1.', '+1', '1E-3', '5n', '7u', '3k', '2Ei', 0.25, 4])('accepts the quantity %p', (memory) => {
    const manifest = deployment();
    manifest.spec.template.spec.containers[0].resources = { limits: { memory } };
    expect(validateManifest(manifest)).toEqual([]);
  });

  test.each(['12 Mi', 'abc', '1.2.3', '-', '', '.', '1K', '1mi', '1e', '1e1.5', 'Mi', ' 1', 'NaNMi'])('fails when the quantity is %p', (memory) => {
    const manifest = deployment();
    manifest.spec.template.spec.containers[0].resources.limits.memory = memory;
    const error = onlyError(manifest);
    expect(error.path).toBe('spec.template.spec.containers[0].resources.limits.memory');
    expect(error.reason).toBe(`must be a Kubernetes quantity (a number with an optional suffix Ki, Mi, Gi, Ti, Pi, Ei, n, u, m, k, M, G, T, P, E or e<exponent>), got '${memory}'`);
  });

  test('fails when a quantity is negative or a request is above its limit', () => {
    const manifest = deployment();
    manifest.spec.template.spec.containers[0].resources = { requests: { cpu: '-100m', memory: '512Mi' }, limits: { memory: '256Mi' } };
    expect(validateManifest(manifest).map(e => [e.path, e.reason])).toEqual([
      ['spec.template.spec.containers[0].resources.requests.cpu', "must not be negative, got '-100m'"],
      ['spec.template.spec.containers[0].resources.requests.memory', "must be at most the limit '256Mi', got '512Mi'"],
    ]);
  });

  test('fails when a quantity is a boolean', () => {
    const manifest = deployment();
    manifest.spec.template.spec.containers[0].resources.requests.cpu = true;
    expect(onlyError(manifest).reason).toBe("must be a Kubernetes quantity (a string such as '100m' or '1Gi', or a number), got true");
  });

  test('fails when an int-or-string is neither', () => {
    expect(onlyError({ ...service, spec: { ports: [{ port: 80, targetPort: true }] } })).toEqual({
      object: 'v1 Service shop/tickets-api', path: 'spec.ports[0].targetPort', reason: 'must be an integer or a string, got true',
    });
  });

  test('fails when an enum value is not supported', () => {
    expect(onlyError({ ...service, spec: { ports: [{ port: 80, protocol: 'tcp' }] } }).reason).toBe(
      "must be one of 'SCTP', 'TCP', 'UDP', got 'tcp'",
    );
  });

  test('fails when a nodePort is set on a ClusterIP Service, or ports of a multi-port Service have no names', () => {
    expect(validateManifest({ ...service, spec: { ports: [{ port: 80, nodePort: 31111 }, { port: 81 }] } }).map(e => [e.path, e.reason])).toEqual([
      ['spec.ports[0].nodePort', "may only be set on a Service of type NodePort or LoadBalancer, got 31111 on type 'ClusterIP'"],
      ['spec.ports[0].name', 'is required when a Service has more than one port'],
      ['spec.ports[1].name', 'is required when a Service has more than one port'],
    ]);
  });

  test('fails when Secret data is not base64, without showing the value', () => {
    expect(onlyError({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password: 'secret!' } })).toEqual({
      object: 'v1 Secret db', path: 'data.password', reason: 'must be base64 data, got a 7-character string (not shown)',
    });
  });

  test('fails when a label value, label key or annotation key is invalid', () => {
    const manifest = deployment();
    manifest.metadata.labels.tier = 'front end';
    manifest.metadata.labels['-bad/key'] = 'x';
    manifest.metadata.annotations['example.com/'] = 'y';
    manifest.spec.template.metadata.labels.version = 'v'.repeat(64);
    manifest.spec.selector.matchLabels.app = 'tickets api';
    const errors = validateManifest(manifest);
    expect(errors.map((e) => [e.path, e.reason.replace(/ \(.*\)/, '')])).toEqual([
      ['metadata.labels.tier', "must be a label value, got 'front end'"],
      ['metadata.labels["-bad/key"]', "must have a key that is a qualified name, got '-bad/key'"],
      ['metadata.annotations["example.com/"]', "must have a key that is a qualified name, got 'example.com/'"],
      ['spec.selector.matchLabels.app', "must be a label value, got 'tickets api'"],
      ['spec.template.metadata.labels.version', `must be a label value, got '${'v'.repeat(60)}…'`],
    ]);
    expect(errors[0].reason).toBe(
      "must be a label value (empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit), got 'front end'",
    );
  });

  test('fails when a label key holds a line break, shown on one line', () => {
    const manifest = deployment();
    manifest.metadata.labels['tier\nname'] = 'x';
    expect(onlyError(manifest).reason.replace(/ \(.*\)/, '')).toBe("must have a key that is a qualified name, got 'tier\\nname'");
  });

  test('fails when annotations hold more than 256 KiB', () => {
    const manifest = { ...configMap, metadata: { name: 'c', annotations: { 'a': 'x'.repeat(200 * 1024), 'example.com/b': 'y'.repeat(100 * 1024) } } };
    expect(onlyError(manifest)).toEqual({
      object: 'v1 ConfigMap c', path: 'metadata.annotations', reason: 'must hold at most 256 KiB (262144 bytes) of keys and values together, got 307214 bytes; keep large data in a ConfigMap',
    });
  });

  test('fails when an env var name is not one', () => {
    const manifest = deployment();
    manifest.spec.template.spec.containers[0].env = [{ name: 'DB HOST', value: 'db' }, { name: '1ST', value: 'x' }, { name: 'ok.name-1', value: 'y' }];
    expect(validateManifest(manifest).map(e => e.path)).toEqual([
      'spec.template.spec.containers[0].env[0].name',
      'spec.template.spec.containers[0].env[1].name',
    ]);
    expect(validateManifest(manifest)[0].reason).toBe("must be a valid environment variable name (letters, digits, '-', '_' and '.', not starting with a digit) as the name of an environment variable, got 'DB HOST'");
  });

  test('fails when the name is missing, unless generateName is set', () => {
    const manifest = deployment();
    delete manifest.metadata.name;
    expect(onlyError(manifest)).toEqual({ object: 'apps/v1 Deployment shop/<no name>', path: 'metadata.name', reason: 'is required' });
    manifest.metadata.generateName = 'tickets-';
    expect(validateManifest(manifest)).toEqual([]);
    expect(onlyError({ apiVersion: 'v1', kind: 'ConfigMap' })).toEqual({
      object: 'v1 ConfigMap <no name>', path: 'metadata', reason: 'is required',
    });
  });

  test.each([
    ['Deployment', 'Tickets_API', 'apps/v1', 'must be a DNS-1123 subdomain'],
    ['Namespace', 'shop.prod', 'v1', 'must be a DNS-1123 label'],
    ['Service', '1-api', 'v1', 'must be a DNS-1035 label'],
    ['Service', 'db.main', 'v1', 'must be a DNS-1035 label'],
    ['CronJob', 'n'.repeat(53), 'batch/v1', 'must be at most 52 characters'],
    ['StatefulSet', 's'.repeat(53), 'apps/v1', 'must be at most 52 characters'],
  ])('fails when a %s is named %p', (kind, name, apiVersion, rule) => {
    const error = validateManifest({ apiVersion, kind, metadata: { name } }).find(e => e.path === 'metadata.name')!;
    expect(error.reason.startsWith(rule)).toBe(true);
  });

  test('fails when a namespace is not a DNS-1123 label', () => {
    expect(onlyError({ ...configMap, metadata: { name: 'c', namespace: 'Team_A' } }).path).toBe('metadata.namespace');
  });

  test('fails on ConfigMap data keys Kubernetes refuses, and on a non-string value', () => {
    expect(validateManifest({ ...configMap, data: { 'app.properties': 'x', 'A_B-c': '' } })).toEqual([]);
    expect(onlyError({ ...configMap, data: { 'any key': 'x' } }).reason).toBe("must have a key that is a valid data key (letters, digits, '-', '_' and '.', at most 253 characters), got 'any key'");
    expect(onlyError({ ...configMap, data: { PORT: 8080 } })).toEqual({
      object: 'v1 ConfigMap tickets-config', path: 'data.PORT', reason: 'must be a string, got 8080',
    });
  });

  test('accepts any JSON where a CRD schema takes JSON, but fails on unknown JSONSchemaProps fields', () => {
    const openAPIV3Schema = {
      'type': 'object',
      'x-kubernetes-preserve-unknown-fields': true,
      'properties': {
        spec: { type: 'object', default: { anything: [1, { goes: true }] }, additionalProperties: { type: 'string' } },
      },
    };
    expect(validateManifest(crd(openAPIV3Schema))).toEqual([]);
    expect(onlyError(crd({ ...openAPIV3Schema, propertyOrder: ['spec'] }))).toEqual({
      object: 'apiextensions.k8s.io/v1 CustomResourceDefinition widgets.example.com',
      path: 'spec.versions[0].schema.openAPIV3Schema.propertyOrder',
      reason: 'is not a field of JSONSchemaProps',
    });
  });
});

describe('ManifestValidator.validateAll', () => {
  test('fails when two objects share group, kind, namespace and name', () => {
    const problems = ManifestValidator.validateAll([configMap, service, { ...configMap, data: {} }]);
    expect(problems).toEqual([{
      object: 'v1 ConfigMap tickets-config',
      path: 'metadata.name',
      reason: 'must be unique: the 1st object of the set has the same group, kind, namespace and name, and one would overwrite the other in the cluster',
    }]);
  });

  test('tells cluster-scoped objects apart by name only, and namespaced ones by namespace too', () => {
    const ns = (n: string) => ({ ...configMap, metadata: { name: 'c', namespace: n } });
    expect(ManifestValidator.validateAll([ns('a'), ns('b')])).toEqual([]);
    const role = (n?: string) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r', namespace: n }, rules: [] });
    expect(ManifestValidator.validateAll([role('a'), role('b')])).toHaveLength(1);
  });
});

describe('assertValidManifests', () => {
  test('passes valid manifests', () => {
    expect(() => assertValidManifests([deployment(), service, configMap, namespace, cronJob, pdb, hpa])).not.toThrow();
  });

  test('fails when any manifest is invalid, listing object, path and reason of every problem', () => {
    const broken = deployment();
    broken.spec.template.spec.containers[0].imagePullPolcy = 'Always';
    broken.spec.template.spec.containers[1].ports[0].containerPort = '80';
    expect(() => assertValidManifests([service, broken, { ...configMap, data: { PORT: 8080 } }])).toThrow(new Error([
      '3 problem(s) against Kubernetes v1.26.10:',
      "  apps/v1 Deployment shop/tickets-api: 'spec.template.spec.containers[0].imagePullPolcy' is not a field of Container; did you mean 'imagePullPolicy'?",
      "  apps/v1 Deployment shop/tickets-api: 'spec.template.spec.containers[1].ports[0].containerPort' must be an integer, got '80'",
      "  v1 ConfigMap tickets-config: 'data.PORT' must be a string, got 8080",
    ].join('\n')));
  });
});
