import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { DaemonSet, PatternsApp, PodSecurityAudit, PodSecurityLevel } from '../../src';
import { kplus } from '../../src/_plus';
import { newChart, synth } from '../harness';

const IMAGE = 'fluent/fluent-bit:2.2.2';

/** A node agent reading the node's logs through a hostPath volume, as root. */
function nodeAgent(chart: Chart, ns: string): DaemonSet {
  const agent = new DaemonSet(chart, 'agent', {
    metadata: { name: 'agent', namespace: ns },
    podSecurityLevel: PodSecurityLevel.PRIVILEGED,
    containers: [{ name: 'agent', image: IMAGE, securityContext: { ensureNonRoot: false, user: 0 } }],
  });
  const logs = kplus.Volume.fromHostPath(chart, 'logs', 'node-logs', { path: '/var/log' });
  agent.containers[0].mount('/var/log', logs, { readOnly: true });
  return agent;
}

function namespace(chart: Chart, name: string, level?: PodSecurityLevel): void {
  new kplus.Namespace(chart, name, {
    metadata: { name, labels: level ? { 'pod-security.kubernetes.io/enforce': level } : {} },
  });
}

describe('PodSecurityAudit', () => {
  test('accepts a privileged node agent in a namespace that enforces privileged', () => {
    // GIVEN
    const chart = newChart();
    namespace(chart, 'logging', PodSecurityLevel.PRIVILEGED);
    nodeAgent(chart, 'logging');

    // WHEN
    const findings = PodSecurityAudit.findings(synth(chart));

    // THEN
    expect(findings).toEqual([]);
  });

  test('judges a pod by the restricted level when its namespace declares none', () => {
    // GIVEN
    const chart = newChart();
    namespace(chart, 'logging');
    nodeAgent(chart, 'logging');

    // WHEN
    const findings = PodSecurityAudit.findings(chart.toJson());

    // THEN
    expect(findings.map(f => f.level)).toContain(PodSecurityLevel.RESTRICTED);
    expect(findings.map(f => f.violation.rule)).toEqual(expect.arrayContaining(['hostPathVolumes', 'runAsNonRoot', 'runAsUser']));
    expect(findings[0].object).toBe('DaemonSet logging/agent');
  });

  test('judges a pod in a namespace outside the manifests as restricted', () => {
    // GIVEN
    const chart = newChart();
    nodeAgent(chart, 'kube-system');

    // WHEN
    const findings = PodSecurityAudit.findings(chart.toJson());

    // THEN
    expect(new Set(findings.map(f => f.level))).toEqual(new Set([PodSecurityLevel.RESTRICTED]));
  });

  test('lets a baseline namespace refuse hostPath but allow what only restricted forbids', () => {
    // GIVEN
    const chart = newChart();
    namespace(chart, 'tools', PodSecurityLevel.BASELINE);
    nodeAgent(chart, 'tools');

    // WHEN
    const rules = PodSecurityAudit.findings(chart.toJson()).map(f => f.violation.rule);

    // THEN
    expect(rules).toEqual(['hostPathVolumes']);
  });

  test('describes each finding with the object, field, level and rule', () => {
    // GIVEN
    const chart = newChart();
    namespace(chart, 'tools', PodSecurityLevel.BASELINE);
    nodeAgent(chart, 'tools');

    // WHEN
    const lines = PodSecurityAudit.describe(PodSecurityAudit.findings(chart.toJson()));

    // THEN
    expect(lines).toEqual([
      "DaemonSet tools/agent: .spec.template.spec.volumes[0].hostPath breaks the Pod Security Standard 'baseline' its namespace enforces (hostPathVolumes): volume 'node-logs' must not be a hostPath volume, got hostPath '/var/log'",
    ]);
  });

  test('fails synth when a hostPath pod is in a restricted namespace, leaving the previous output untouched', () => {
    // GIVEN
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pod-security-audit-'));
    const good = new PatternsApp({ outdir });
    namespace(new Chart(good, 'logging'), 'logging', PodSecurityLevel.PRIVILEGED);
    good.synth();
    const before = fs.readFileSync(path.join(outdir, 'logging.k8s.yaml'));
    const bad = new PatternsApp({ outdir });
    const chart = new Chart(bad, 'logging');
    namespace(chart, 'logging', PodSecurityLevel.RESTRICTED);
    nodeAgent(chart, 'logging');

    // WHEN / THEN
    try {
      expect(() => bad.synth()).toThrow("logging/agent: 'spec.template.spec.volumes[0].hostPath' breaks the Pod Security Standard 'restricted' its namespace enforces (hostPathVolumes): volume 'node-logs' must not be a hostPath volume, got hostPath '/var/log'; harden the pod, or relax the namespace's 'pod-security.kubernetes.io/enforce' label only where a workload needs it\n");
      expect(fs.readFileSync(path.join(outdir, 'logging.k8s.yaml'))).toEqual(before);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
