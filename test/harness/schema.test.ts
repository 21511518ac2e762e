import { assertValidManifests, validateManifest } from './schema';

const DEPLOYMENT = 'apps/v1 Deployment tickets-api';

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
  spec: { type: 'ClusterIP', selector: { app: 'tickets-api' }, ports: [{ port: 80, targetPort: 'http' }, { port: 9901, targetPort: 9901 }] },
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

describe('validateManifest', () => {
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

  test('fails when a field is misspelled', () => {
    const manifest = deployment();
    manifest.spec.template.spec.containers[1].imagePullPolcy = 'Always';
    expect(validateManifest(manifest)).toEqual([
      { object: DEPLOYMENT, path: '.spec.template.spec.containers[1].imagePullPolcy', reason: 'unknown field "imagePullPolcy"' },
    ]);
  });

  test('fails when a string is given for an integer', () => {
    const manifest = deployment();
    manifest.spec.template.spec.containers[1].ports[0].containerPort = '80';
    expect(onlyError(manifest)).toEqual({
      object: DEPLOYMENT,
      path: '.spec.template.spec.containers[1].ports[0].containerPort',
      reason: 'expected integer, got string "80"',
    });
  });

  test('fails when a value has the wrong type or is not an integer', () => {
    const manifest = deployment();
    manifest.spec.replicas = 1.5;
    manifest.spec.template.spec.containers = { name: 'api' };
    expect(validateManifest(manifest).map((e) => [e.path, e.reason])).toEqual([
      ['.spec.replicas', 'expected integer, got number 1.5'],
      ['.spec.template.spec.containers', 'expected array, got object'],
    ]);
  });

  test('fails when a field is named like an Object.prototype member', () => {
    expect(onlyError({ ...configMap, constructor: {} }).reason).toBe('unknown field "constructor"');
  });

  test('fails when a Deployment has no spec.selector', () => {
    const manifest = deployment();
    delete manifest.spec.selector;
    expect(onlyError(manifest)).toEqual({ object: DEPLOYMENT, path: '.spec', reason: 'missing required field "selector"' });
  });

  test('treats null as absent', () => {
    const manifest = deployment();
    manifest.spec.replicas = null;
    expect(validateManifest(manifest)).toEqual([]);
    manifest.spec.selector = null;
    expect(onlyError(manifest).reason).toBe('missing required field "selector"');
  });

  test('fails when the kind is unknown', () => {
    expect(onlyError({ apiVersion: 'v1', kind: 'Gizmo', metadata: { name: 'g' } })).toEqual({
      object: 'v1 Gizmo g', path: '.kind', reason: 'unknown kind "Gizmo"',
    });
  });

  test.each([
    ['batch/v1beta1', 'CronJob', 'batch/v1'],
    ['policy/v1beta1', 'PodDisruptionBudget', 'policy/v1'],
  ])('fails when the apiVersion %s does not serve %s', (apiVersion, kind, known) => {
    expect(onlyError({ apiVersion, kind, metadata: { name: 'x' }, spec: {} })).toEqual({
      object: `${apiVersion} ${kind} x`,
      path: '.apiVersion',
      reason: `kind "${kind}" is not served by apiVersion "${apiVersion}" (known: ${known})`,
    });
  });

  test('fails when apiVersion and kind are missing', () => {
    expect(validateManifest({ metadata: { name: 'x' } })).toEqual([
      { object: '<no apiVersion> <no kind> x', path: '.', reason: 'missing required field "apiVersion"' },
      { object: '<no apiVersion> <no kind> x', path: '.', reason: 'missing required field "kind"' },
    ]);
  });

  test.each(['100m', '1.5', '128Mi', '1e3', '2G', '.5', '1.', '+1', '-2', '1E-3', '5n', '7u', '3k', '2Ei', 0.25, 4])('accepts the quantity %p', (memory) => {
    const manifest = deployment();
    manifest.spec.template.spec.containers[0].resources.limits.memory = memory;
    expect(validateManifest(manifest)).toEqual([]);
  });

  test.each(['12 Mi', 'abc', '1.2.3', '-', '', '.', '1K', '1mi', '1e', '1e1.5', 'Mi', ' 1'])('fails when the quantity is %p', (memory) => {
    const manifest = deployment();
    manifest.spec.template.spec.containers[0].resources.limits.memory = memory;
    const error = onlyError(manifest);
    expect(error.path).toBe('.spec.template.spec.containers[0].resources.limits.memory');
    expect(error.reason).toMatch(new RegExp(`^invalid quantity ${JSON.stringify(memory).replace(/[.+*]/g, '\\$&')}: expected a number`));
  });

  test('fails when a quantity is a boolean', () => {
    const manifest = deployment();
    manifest.spec.template.spec.containers[0].resources.requests.cpu = true;
    expect(onlyError(manifest).reason).toBe('expected quantity (string or number), got boolean true');
  });

  test('fails when an int-or-string is neither', () => {
    expect(onlyError({ ...service, spec: { ports: [{ port: 80, targetPort: true }] } })).toEqual({
      object: 'v1 Service tickets-api', path: '.spec.ports[0].targetPort', reason: 'expected integer or string, got boolean true',
    });
  });

  test('fails when an enum value is not supported', () => {
    expect(onlyError({ ...service, spec: { ports: [{ port: 80, protocol: 'tcp' }] } }).reason).toBe(
      'unsupported value "tcp": expected one of "SCTP", "TCP", "UDP"',
    );
  });

  test('fails when Secret data is not base64', () => {
    expect(onlyError({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password: 'secret!' } })).toEqual({
      object: 'v1 Secret db', path: '.data.password', reason: 'expected base64 data, got string "secret!"',
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
    expect(errors.map((e) => [e.path, e.reason.split(':')[0]])).toEqual([
      ['.metadata.labels.tier', 'invalid label value "front end"'],
      ['.metadata.labels["-bad/key"]', 'invalid label key "-bad/key"'],
      ['.metadata.annotations["example.com/"]', 'invalid annotation key "example.com/"'],
      ['.spec.selector.matchLabels.app', 'invalid label value "tickets api"'],
      ['.spec.template.metadata.labels.version', `invalid label value "${'v'.repeat(64)}"`],
    ]);
    expect(errors[0].reason).toBe(
      'invalid label value "front end": must be empty or at most 63 characters of A-Z, a-z, 0-9, "-", "_", "." (alphanumeric at both ends)',
    );
  });

  test('fails when the name is missing, unless generateName is set', () => {
    const manifest = deployment();
    delete manifest.metadata.name;
    expect(onlyError(manifest)).toEqual({ object: 'apps/v1 Deployment <no name>', path: '.metadata', reason: 'missing required field "name"' });
    manifest.metadata.generateName = 'tickets-';
    expect(validateManifest(manifest)).toEqual([]);
    expect(onlyError({ apiVersion: 'v1', kind: 'ConfigMap' })).toEqual({
      object: 'v1 ConfigMap <no name>', path: '.', reason: 'missing required field "metadata"',
    });
  });

  test.each([
    ['Deployment', 'Tickets_API', 'apps/v1', 'must be a lowercase RFC 1123 subdomain'],
    ['Namespace', 'shop.prod', 'v1', 'must be a lowercase RFC 1123 label'],
    ['Service', '1-api', 'v1', 'must be a lowercase RFC 1035 label'],
    ['CronJob', 'n'.repeat(53), 'batch/v1', 'must be no more than 52 characters'],
  ])('fails when a %s is named %p', (kind, name, apiVersion, rule) => {
    const error = onlyError({ apiVersion, kind, metadata: { name } });
    expect(error.path).toBe('.metadata.name');
    expect(error.reason.startsWith(`invalid name "${name}": ${rule}`)).toBe(true);
  });

  test('accepts arbitrary ConfigMap data keys but fails on a non-string value', () => {
    expect(validateManifest({ ...configMap, data: { 'any key at all': 'x', 'ß': '' } })).toEqual([]);
    expect(onlyError({ ...configMap, data: { PORT: 8080 } })).toEqual({
      object: 'v1 ConfigMap tickets-config', path: '.data.PORT', reason: 'expected string, got number 8080',
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
      path: '.spec.versions[0].schema.openAPIV3Schema.propertyOrder',
      reason: 'unknown field "propertyOrder"',
    });
  });

  test('accepts unknown fields under x-kubernetes-preserve-unknown-fields', () => {
    // The v1.26.10 document marks no schema with it, so the loader is fed a small document.
    const document = {
      definitions: {
        widget: {
          'type': 'object',
          'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Widget' }],
          'properties': {
            apiVersion: { type: 'string' },
            kind: { type: 'string' },
            metadata: { type: 'object', properties: { name: { type: 'string' } } },
            spec: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true, 'properties': { size: { type: 'integer' } } },
          },
        },
      },
    };
    jest.isolateModules(() => {
      jest.doMock('fs', () => ({ ...jest.requireActual('fs'), readFileSync: () => JSON.stringify(document) }));
      const isolated = jest.requireActual<typeof import('./schema')>('./schema');
      const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1, colour: { any: 'thing' } } };
      expect(isolated.validateManifest(widget)).toEqual([]);
      expect(isolated.validateManifest({ ...widget, spec: { size: '1' } }).map((e) => e.reason)).toEqual(['expected integer, got string "1"']);
      expect(isolated.validateManifest({ ...widget, extra: 1 }).map((e) => e.path)).toEqual(['.extra']);
    });
    jest.dontMock('fs');
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
      '3 schema error(s) against Kubernetes v1.26.10:',
      '  apps/v1 Deployment tickets-api: .spec.template.spec.containers[0].imagePullPolcy: unknown field "imagePullPolcy"',
      '  apps/v1 Deployment tickets-api: .spec.template.spec.containers[1].ports[0].containerPort: expected integer, got string "80"',
      '  v1 ConfigMap tickets-config: .data.PORT: expected string, got number 8080',
    ].join('\n')));
  });
});
