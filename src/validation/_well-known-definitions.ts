/*
 * CustomResourceDefinitions the library knows without the app defining
 * them, because its own constructs emit their custom resources: the
 * VerticalPodAutoscaler of the Kubernetes autoscaler project
 * (autoscaling.k8s.io/v1, as `vertical-pod-autoscaler/deploy/vpa-v1-crd-gen.yaml`
 * of kubernetes/autoscaler 1.0 defines it; the fields the library writes and
 * their neighbours; status left to the recommender).
 */

const quantities = {
  type: 'object',
  additionalProperties: { 'anyOf': [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true, 'pattern': '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$' },
};

const VERTICAL_POD_AUTOSCALER = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'verticalpodautoscalers.autoscaling.k8s.io' },
  spec: {
    group: 'autoscaling.k8s.io',
    names: { kind: 'VerticalPodAutoscaler', listKind: 'VerticalPodAutoscalerList', plural: 'verticalpodautoscalers', singular: 'verticalpodautoscaler', shortNames: ['vpa'] },
    scope: 'Namespaced',
    versions: [{
      name: 'v1',
      served: true,
      storage: true,
      subresources: { status: {} },
      schema: {
        openAPIV3Schema: {
          type: 'object',
          required: ['spec'],
          properties: {
            spec: {
              type: 'object',
              required: ['targetRef'],
              properties: {
                targetRef: {
                  'type': 'object',
                  'required': ['kind', 'name'],
                  'properties': { apiVersion: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' } },
                  'x-kubernetes-map-type': 'atomic',
                },
                updatePolicy: {
                  type: 'object',
                  properties: {
                    minReplicas: { type: 'integer', format: 'int32' },
                    updateMode: { type: 'string', enum: ['Off', 'Initial', 'Recreate', 'Auto'] },
                  },
                },
                resourcePolicy: {
                  type: 'object',
                  properties: {
                    containerPolicies: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          containerName: { type: 'string' },
                          mode: { type: 'string', enum: ['Auto', 'Off'] },
                          minAllowed: quantities,
                          maxAllowed: quantities,
                          controlledResources: { type: 'array', items: { type: 'string', enum: ['cpu', 'memory'] } },
                          controlledValues: { type: 'string', enum: ['RequestsAndLimits', 'RequestsOnly'] },
                        },
                      },
                    },
                  },
                },
                recommenders: {
                  type: 'array',
                  items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
                },
              },
            },
            status: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
        },
      },
    }],
  },
};

/** The definitions custom resources may be of when the app does not define them. */
export const WELL_KNOWN_DEFINITIONS: readonly any[] = [VERTICAL_POD_AUTOSCALER];
