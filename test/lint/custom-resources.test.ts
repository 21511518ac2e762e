import { clone, goodContainer, goodSet, HARDENED, lint, webPod } from './fixtures';

/** Findings as `<rule> <path>`, for the rules that look inside pods. */
const at = (manifests: any[], ...ruleIds: string[]) => lint(manifests).filter(f => ruleIds.includes(f.ruleId)).map(f => `${f.ruleId} ${f.path}`);

const privileged = { name: 'app', image: 'nginx', securityContext: { ...HARDENED, privileged: true } };

function rollout(pod: any, replicas = 2): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: pod }, strategy: { canary: {} } },
  };
}

function workflow(spec: any, kind = 'Workflow'): any {
  return { apiVersion: 'argoproj.io/v1alpha1', kind, metadata: { name: 'build', namespace: 'shop' }, spec };
}

describe('custom resources', () => {
  test('fails when an Argo Rollout\'s pod template breaks pod rules, at its paths', () => {
    expect(at([rollout({ containers: [privileged] })], 'DP-IDEMPOTENT-001', 'DP-ATTACK-002')).toEqual([
      'DP-IDEMPOTENT-001 spec.template.spec.containers[0].image',
      'DP-ATTACK-002 spec.template.spec.containers[0].securityContext.privileged',
    ]);
  });

  test('fails when an Argo Rollout behind a Service runs 1 replica', () => {
    const set = goodSet().filter(m => m.kind !== 'Deployment' && m.kind !== 'HorizontalPodAutoscaler');
    set.push(rollout(clone(webPod(goodSet())), 1));
    expect(lint(set).filter(f => f.ruleId === 'DP-AVAIL-001').map(f => `${f.kind} ${f.message}`)).toEqual([
      "Rollout 'spec.replicas' must be at least 2 behind Service shop/web, got 1; run at least 2 replicas (or an autoscaler with minReplicas: 2)",
    ]);
  });

  test('passes when an Argo Rollout\'s pod template is the good Deployment\'s: only its missing definition is reported', () => {
    const set = goodSet().filter(m => m.kind !== 'Deployment' && m.kind !== 'HorizontalPodAutoscaler' && m.kind !== 'VerticalPodAutoscaler');
    set.push(rollout(clone(webPod(goodSet()))));
    expect(lint(set).map(f => `${f.ruleId} ${f.kind}`)).toEqual(['DP-VALID-002 Rollout']);
  });

  test('fails when a Knative Service runs an image tagged latest, which is not mistaken for a core Service', () => {
    const knative = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'hello', namespace: 'shop' },
      spec: { template: { spec: { containers: [{ image: 'ghcr.io/knative/hello:latest', securityContext: HARDENED }] } } },
    };
    const findings = lint([knative]);
    expect(findings.filter(f => ['DP-VALID-001', 'DP-VALID-002', 'DP-IDEMPOTENT-002', 'DP-COUPLING-003', 'DP-STARTUP-001'].includes(f.ruleId)).map(f => `${f.ruleId} ${f.path}`)).toEqual([
      'DP-VALID-002 kind',
      'DP-IDEMPOTENT-002 spec.template.spec.containers[0].image',
    ]);
  });

  test('fails when a step of an Argo Workflow breaks pod rules: the step\'s container, sidecars and script, and the workflow\'s volumes and security context', () => {
    const wf = workflow({
      entrypoint: 'main',
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, sysctls: [{ name: 'kernel.msgmax', value: '1' }] },
      volumes: [{ name: 'work', hostPath: { path: '/work' } }],
      templates: [
        { name: 'main', steps: [[{ name: 'build', template: 'build' }]] },
        { name: 'build', container: { image: 'golang:1.22', securityContext: HARDENED }, sidecars: [{ name: 'dind', image: 'docker:24-dind', securityContext: { ...HARDENED, privileged: true } }] },
        { name: 'say', script: { image: 'python:3.12', source: 'print(1)', securityContext: HARDENED } },
      ],
    });
    expect(at([wf], 'DP-ATTACK-002', 'DP-ATTACK-004', 'DP-ATTACK-010', 'DP-SMALL-001')).toEqual([
      'DP-ATTACK-010 spec.securityContext.sysctls[0].name',
      'DP-SMALL-001 spec.templates[1].container.image',
      'DP-ATTACK-002 spec.templates[1].sidecars[0].securityContext.privileged',
      'DP-SMALL-001 spec.templates[2].script.image',
      'DP-ATTACK-004 spec.volumes[0].hostPath',
    ]);
  });

  test('fails when a CronWorkflow\'s step runs an image without a tag, at spec.workflowSpec', () => {
    const cron = workflow({ schedule: '0 0 * * *', workflowSpec: { entrypoint: 'run', templates: [{ name: 'run', container: { image: 'alpine', securityContext: HARDENED } }] } }, 'CronWorkflow');
    expect(at([cron], 'DP-IDEMPOTENT-001')).toEqual(['DP-IDEMPOTENT-001 spec.workflowSpec.templates[0].container.image']);
  });

  test('passes when a workflow step is hardened: no probe or token rule applies to steps', () => {
    const wf = workflow({
      entrypoint: 'run',
      securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
      templates: [{ name: 'run', container: goodContainer('main', 'ghcr.io/acme/tool:1.0.0') }],
    });
    expect(lint([wf]).map(f => f.ruleId)).toEqual(['DP-VALID-002']);
  });
});
