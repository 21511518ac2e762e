import { Distillation, LintConfig, LintFinding } from '../../src';

/** The hardened container security context (Pod Security "restricted", read-only root). */
export const HARDENED = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
};

const RESOURCES = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } };

/** A container that every rule accepts. */
export function goodContainer(name: string, image: string, port?: number): any {
  return {
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    ...(port ? { ports: [{ containerPort: port, name: 'http' }] } : {}),
    resources: clone(RESOURCES),
    securityContext: clone(HARDENED),
  };
}

const PROBES = {
  startupProbe: { httpGet: { path: '/healthz', port: 8080 }, failureThreshold: 30, periodSeconds: 2 },
  readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
  livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
};

const meta = (name: string, extra: object = {}) => ({ name, namespace: 'shop', ...extra });

/**
 * A namespace with a web Deployment that every rule accepts: quota and
 * limits, default-deny policy, a ClusterIP Service, 2-5 replicas spread
 * across nodes and zones, a disruption budget, probes, requests and limits,
 * restricted security, immutable config, a sidecar sharing a volume, and a
 * service account bound to the Role it needs.
 */
export function goodSet(): any[] {
  const web = {
    ...goodContainer('web', 'ghcr.io/acme/web:1.2.3', 8080),
    ...PROBES,
    envFrom: [{ configMapRef: { name: 'web-config-5g7h8k' } }],
    env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, { name: 'logs', mountPath: '/var/log/web' }, { name: 'settings', mountPath: '/etc/web', readOnly: true }],
  };
  const shipper = { ...goodContainer('log-shipper', 'fluent/fluent-bit:2.2.2'), volumeMounts: [{ name: 'logs', mountPath: '/logs', readOnly: true }] };
  return clone([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta('shop'), spec: { hard: { 'requests.cpu': '4', 'requests.memory': '4Gi', 'limits.memory': '8Gi', 'pods': '20' } } },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: meta('defaults'),
      spec: { limits: [{ type: 'Container', default: { cpu: '200m', memory: '256Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }] },
    },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('default-deny'), spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('web'), automountServiceAccountToken: false },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('web-config-5g7h8k'), immutable: true, data: { LOG_LEVEL: 'info' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('web-settings-2b4d6f'), immutable: true, data: { 'settings.yaml': 'currency: EUR\n' } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('web'),
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            serviceAccountName: 'web',
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [web, shipper],
            topologySpreadConstraints: [
              { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } },
              { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } },
            ],
            volumes: [
              { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
              { name: 'logs', emptyDir: { sizeLimit: '256Mi' } },
              { name: 'settings', configMap: { name: 'web-settings-2b4d6f' } },
            ],
          },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: meta('web'), spec: { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] } },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('web'),
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] },
    },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('web'), spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } } },
    {
      apiVersion: 'autoscaling.k8s.io/v1',
      kind: 'VerticalPodAutoscaler',
      metadata: meta('web'),
      spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, updatePolicy: { updateMode: 'Off' } },
    },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta('read-settings'), rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['web-settings-2b4d6f'], verbs: ['get'] }] },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta('read-settings'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'read-settings' },
      subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }],
    },
  ]);
}

/** A deep copy of plain JSON. */
export const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** The object of that kind (and name) in a set. */
export function get(set: any[], kind: string, name?: string): any {
  const found = set.find(m => m.kind === kind && (name === undefined || m.metadata?.name === name));
  if (!found) throw new Error(`no ${kind} ${name ?? ''} in the set`);
  return found;
}

/** The good set's web Deployment's pod spec. */
export const webPod = (set: any[]) => get(set, 'Deployment', 'web').spec.template.spec;

/** The good set changed by `change`. */
export function goodSetWith(change: (set: any[]) => void): any[] {
  const set = goodSet();
  change(set);
  return set;
}

/** The findings of a set. */
export function lint(manifests: any[], config?: LintConfig): LintFinding[] {
  return Distillation.checkManifests(manifests, config);
}

/** The messages of one rule's findings. */
export function messagesOf(ruleId: string, manifests: any[], config?: LintConfig): string[] {
  return lint(manifests, config).filter(f => f.ruleId === ruleId).map(f => f.message);
}
