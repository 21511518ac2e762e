/**
 * The benchmark's app: N microservices of four objects each (a Deployment
 * whose pod runs the service and a logging sidecar, a Service, a ConfigMap
 * and a HorizontalPodAutoscaler), built the way the users of each tool build
 * it. Every variant renders the same containers, resources, probes, security
 * context, volumes and autoscaling, so the objects are comparable: raw L1
 * writes the library's manifests field for field (only the selector label and
 * the ConfigMap's name differ), cdk8s-plus its own defaults around them.
 */
import { ApiObject, App, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import {
  ConfigSource, Deployment, HealthChecks, HealthProbe, HelmChart, HorizontalPodAutoscaler, ImmutableConfigMap,
  InjectConfig, Injection, PatternsApp, Service, Sidecar,
} from '../src';
import { k8s, kplus } from '../src/_plus';

/** The variants the benchmark compares. */
export const VARIANTS = ['ours', 'ours-helm', 'l1', 'plus'] as const;
/** One variant: `ours` (this library, plain manifests), `ours-helm` (and a Helm chart), `l1` (cdk8s L1), `plus` (cdk8s-plus-27). */
export type Variant = typeof VARIANTS[number];

const SIDECAR_IMAGE = 'fluent/fluent-bit:2.2.2';
const LOG_DIR = '/var/log/app';
const CONFIG_DIR = '/etc/app';
const imageOf = (name: string) => `registry.example.com/${name}:1.0.0`;
const configOf = (name: string) => ({ 'LOG_LEVEL': 'info', 'app.yaml': `service: ${name}\nport: 8080\n` });

/** Builds the app of one variant with `services` microservices in one chart, writing to `outdir` on `synth()`. */
export function buildApp(variant: Variant, services: number, outdir: string): App {
  switch (variant) {
    case 'ours': return ours(services, outdir, false);
    case 'ours-helm': return ours(services, outdir, true);
    case 'l1': return l1(services, outdir);
    case 'plus': return plus(services, outdir);
  }
}

/** This library, as its README builds each piece: a PatternsApp validates everything before it writes. */
function ours(services: number, outdir: string, helm: boolean): App {
  const app = new PatternsApp({ outdir });
  const chart = new Chart(app, 'platform');
  if (helm) new HelmChart(chart, 'helm', { version: '1.0.0', description: 'The platform\'s microservices.' });
  for (let i = 0; i < services; i++) {
    const name = `svc-${i}`;
    const workload = new Deployment(chart, name, {
      metadata: { name },
      containers: [{ name: 'app', image: imageOf(name), ports: [{ number: 8080, name: 'http' }] }],
    });
    new Sidecar(chart, `${name}-logs`, { workload, name: 'logs', image: SIDECAR_IMAGE, mountPath: LOG_DIR });
    new HealthChecks(chart, `${name}-health`, {
      workload,
      startup: HealthProbe.http('/healthz', { port: 8080 }),
      readiness: HealthProbe.http('/ready', { port: 8080 }),
      liveness: HealthProbe.http('/healthz', { port: 8080 }),
    });
    const config = new ImmutableConfigMap(chart, `${name}-config`, { metadata: { name: `${name}-config` }, data: configOf(name) });
    new InjectConfig(chart, `${name}-inject`, {
      workload,
      source: ConfigSource.fromConfigMap(config),
      injections: [Injection.asEnv('LOG_LEVEL'), Injection.asFiles(CONFIG_DIR)],
    });
    new Service(chart, `${name}-service`, { workload, ports: [{ port: 80, name: 'http', targetPortName: 'http' }] });
    new HorizontalPodAutoscaler(chart, `${name}-hpa`, { target: workload, minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 });
  }
  return app;
}

const RESOURCES: k8s.ResourceRequirements = {
  limits: { cpu: k8s.Quantity.fromString('500m'), memory: k8s.Quantity.fromString('256Mi') },
  requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('128Mi') },
};
const CONTAINER_SECURITY: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
};

function httpProbe(path: string, periodSeconds: number, failureThreshold: number): k8s.Probe {
  return {
    failureThreshold,
    httpGet: { path, port: k8s.IntOrString.fromNumber(8080), scheme: 'HTTP' },
    initialDelaySeconds: 0,
    periodSeconds,
    successThreshold: 1,
    timeoutSeconds: 1,
  };
}

/** Raw cdk8s L1 constructs, every field written out as the library renders it. */
function l1(services: number, outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'platform');
  for (let i = 0; i < services; i++) {
    const name = `svc-${i}`;
    const labels = { 'app.kubernetes.io/name': name };
    const configName = `${name}-config`;
    new k8s.KubeDeployment(chart, name, {
      metadata: { name },
      spec: {
        minReadySeconds: 0,
        progressDeadlineSeconds: 600,
        revisionHistoryLimit: 10,
        selector: { matchLabels: labels },
        strategy: {
          rollingUpdate: { maxSurge: k8s.IntOrString.fromString('25%'), maxUnavailable: k8s.IntOrString.fromString('25%') },
          type: 'RollingUpdate',
        },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            containers: [
              {
                env: [{ name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { key: 'LOG_LEVEL', name: configName } } }],
                image: imageOf(name),
                imagePullPolicy: 'IfNotPresent',
                livenessProbe: httpProbe('/healthz', 10, 3),
                name: 'app',
                ports: [{ containerPort: 8080, name: 'http' }],
                readinessProbe: httpProbe('/ready', 10, 3),
                resources: RESOURCES,
                securityContext: CONTAINER_SECURITY,
                startupProbe: httpProbe('/healthz', 5, 30),
                volumeMounts: [
                  { mountPath: LOG_DIR, name: 'logs-shared', readOnly: false },
                  { mountPath: CONFIG_DIR, name: 'config', readOnly: true },
                ],
              },
              {
                image: SIDECAR_IMAGE,
                imagePullPolicy: 'IfNotPresent',
                name: 'logs',
                resources: RESOURCES,
                securityContext: CONTAINER_SECURITY,
                volumeMounts: [{ mountPath: LOG_DIR, name: 'logs-shared', readOnly: true }],
              },
            ],
            dnsPolicy: 'ClusterFirst',
            hostNetwork: false,
            restartPolicy: 'Always',
            securityContext: { fsGroupChangePolicy: 'Always', runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            setHostnameAsFqdn: false,
            terminationGracePeriodSeconds: 30,
            volumes: [
              { emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') }, name: 'logs-shared' },
              { configMap: { name: configName }, name: 'config' },
            ],
          },
        },
      },
    });
    new k8s.KubeConfigMap(chart, `${name}-config`, { metadata: { name: configName }, data: configOf(name), immutable: true });
    new k8s.KubeService(chart, `${name}-service`, {
      metadata: { name },
      spec: {
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: k8s.IntOrString.fromString('http') }],
        selector: labels,
        type: 'ClusterIP',
      },
    });
    new k8s.KubeHorizontalPodAutoscalerV2(chart, `${name}-hpa`, {
      metadata: { name },
      spec: {
        maxReplicas: 10,
        metrics: [{ resource: { name: 'cpu', target: { averageUtilization: 70, type: 'Utilization' } }, type: 'Resource' }],
        minReplicas: 2,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      },
    });
  }
  return app;
}

const PLUS_RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
  memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
};
const PLUS_SECURITY: kplus.ContainerSecurityContextProps = {
  ensureNonRoot: true,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  privileged: false,
};

/**
 * Plain cdk8s-plus-27 constructs; what it cannot express for the
 * "restricted" profile (seccomp, dropped capabilities) is patched in, as its
 * users do.
 */
function plus(services: number, outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'platform');
  for (let i = 0; i < services; i++) {
    const name = `svc-${i}`;
    const config = new kplus.ConfigMap(chart, `${name}-config`, { metadata: { name: `${name}-config` }, data: configOf(name), immutable: true });
    const deployment = new kplus.Deployment(chart, name, {
      metadata: { name },
      automountServiceAccountToken: false,
      securityContext: { ensureNonRoot: true, fsGroupChangePolicy: kplus.FsGroupChangePolicy.ALWAYS },
    });
    const logs = kplus.Volume.fromEmptyDir(chart, `${name}-logs-shared`, 'logs-shared', { sizeLimit: Size.mebibytes(256) });
    const main = deployment.addContainer({
      name: 'app',
      image: imageOf(name),
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      ports: [{ number: 8080, name: 'http' }],
      envVariables: { LOG_LEVEL: kplus.EnvValue.fromConfigMap(config, 'LOG_LEVEL') },
      resources: PLUS_RESOURCES,
      securityContext: PLUS_SECURITY,
      startup: kplus.Probe.fromHttpGet('/healthz', { port: 8080, periodSeconds: Duration.seconds(5), failureThreshold: 30 }),
      readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080 }),
      liveness: kplus.Probe.fromHttpGet('/healthz', { port: 8080 }),
    });
    main.mount(LOG_DIR, logs);
    main.mount(CONFIG_DIR, kplus.Volume.fromConfigMap(chart, `${name}-config-volume`, config, { name: 'config' }), { readOnly: true });
    const sidecar = deployment.addContainer({
      name: 'logs',
      image: SIDECAR_IMAGE,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      resources: PLUS_RESOURCES,
      securityContext: PLUS_SECURITY,
    });
    sidecar.mount(LOG_DIR, logs, { readOnly: true });
    const resource = ApiObject.of(deployment);
    resource.addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
    for (const c of [0, 1]) resource.addJsonPatch(JsonPatch.add(`/spec/template/spec/containers/${c}/securityContext/capabilities`, { drop: ['ALL'] }));
    deployment.exposeViaService({ name, ports: [{ port: 80, name: 'http', targetPort: 8080 }] });
    new kplus.HorizontalPodAutoscaler(chart, `${name}-hpa`, {
      metadata: { name },
      target: deployment,
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(70))],
    });
  }
  return app;
}
