import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { stringify } from 'yaml';
import { goodSet } from './fixtures';
import { Deployment, PatternsApp } from '../../src';
import { main } from '../../src/lint/_cli';
import { scratchDir } from '../harness/tmp';

const ROOT = path.resolve(__dirname, '..', '..');
const CORPUS = path.join(__dirname, 'corpus');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command as `cdk8s-patterns <args>` in `cwd`, with `stdin` on standard input. */
async function run(args: string[], options: { cwd?: string; stdin?: string } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    cwd: options.cwd ?? ROOT,
    readStdin: async () => options.stdin ?? '',
    stdout: t => { stdout += t; },
    stderr: t => { stderr += t; },
  });
  return { code, stdout, stderr };
}

/** A scratch folder holding the files, by relative path. */
function folder(files: { [file: string]: string }): string {
  const dir = scratchDir('lint');
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

// written as kubectl reads YAML (1.1), where an unquoted Off is false
const yamlOf = (...manifests: any[]) => manifests.map(m => stringify(m, { version: '1.1' })).join('---\n');

/** A Deployment that no one hardened: the README's example of the text output. */
const BAD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:latest
          securityContext:
            privileged: true
`;

describe('cdk8s-patterns lint', () => {
  test('passes when every object meets every rule: exit 0 and a summary', async () => {
    const dir = folder({ 'shop.yaml': yamlOf(...goodSet()) });
    expect(await run(['lint', 'shop.yaml'], { cwd: dir })).toEqual({ code: 0, stdout: '0 errors, 0 warnings, 0 info in 14 objects from 1 source\n', stderr: '' });
  });

  test('fails when findings are at or above --fail-on: exit 1, a line per finding with file and line', async () => {
    const dir = folder({ 'web.yaml': BAD });
    const { code, stdout } = await run(['lint', 'web.yaml'], { cwd: dir });
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toContain("web.yaml:15: error DP-IDEMPOTENT-002 Deployment web: 'spec.template.spec.containers[0].image' must not be tagged 'latest', got 'nginx:latest' for container 'web'; pin the image to a release tag, or to a digest (image@sha256:...)");
    expect(lines).toContain("web.yaml:17: error DP-ATTACK-002 Deployment web: 'spec.template.spec.containers[0].securityContext.privileged' breaks the Pod Security Standard 'baseline' (privileged): container 'web' must leave securityContext.privileged unset or false, got true; leave securityContext.privileged unset or false, and add only the capabilities the process needs; keep a workload that needs it in a namespace whose pod-security.kubernetes.io/enforce label allows it, and suppress this finding with the reason");
    expect(lines[lines.length - 1]).toBe('2 errors, 9 warnings, 0 info in 1 object from 1 source');
  });

  test('passes when every finding is below --fail-on', async () => {
    const dir = folder({ 'web.yaml': BAD.replace('nginx:latest', 'nginx:1.25.3').replace('privileged: true', 'privileged: false') });
    expect((await run(['lint', '--fail-on', 'error', 'web.yaml'], { cwd: dir })).code).toBe(0);
    expect((await run(['lint', '--fail-on=warning', 'web.yaml'], { cwd: dir })).code).toBe(1);
  });

  test('reads standard input for -, as helm template pipes it', async () => {
    const { code, stdout } = await run(['lint', '-'], { stdin: BAD });
    expect(code).toBe(1);
    expect(stdout).toContain("<stdin>:15: error DP-IDEMPOTENT-002 Deployment web: 'spec.template.spec.containers[0].image' must not be tagged 'latest'");
  });

  test('writes JSON with the findings, the suppressed findings and a summary', async () => {
    const suppressed = BAD.replace('  name: web\n', '  name: web\n  annotations:\n    lint.cdk8s-patterns.io/ignore-DP-STARTUP-002: "a batch worker: it exits when stuck"\n');
    const { stdout } = await run(['lint', '--format', 'json', '-'], { stdin: suppressed });
    const report = JSON.parse(stdout);
    expect(report.summary).toEqual({ error: 2, warning: 8, info: 0, suppressed: 1, objects: 1, sources: 1 });
    expect(report.findings[0]).toEqual(expect.objectContaining({ ruleId: 'DP-ATTACK-019', factor: 'attack-phobic', severity: 'warning', apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', file: '<stdin>', line: 15 }));
    expect(report.suppressed.map((f: any) => [f.ruleId, f.suppressedBecause])).toEqual([['DP-STARTUP-002', 'a batch worker: it exits when stuck']]);
  });

  test('lists suppressed findings with their reasons in JSON', async () => {
    const dir = folder({ 'shop.yaml': yamlOf(...goodSet().filter(m => m.kind !== 'LimitRange').map(m => (m.kind === 'Namespace' ? { ...m, metadata: { ...m.metadata, annotations: { 'lint.cdk8s-patterns.io/ignore-DP-FRUGAL-006': 'workloads set their own resources' } } } : m))) });
    const report = JSON.parse((await run(['lint', '--format', 'json', 'shop.yaml'], { cwd: dir })).stdout);
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((f: any) => [f.ruleId, f.suppressedBecause])).toEqual([['DP-FRUGAL-006', 'workloads set their own resources']]);
  });

  test('writes SARIF that points at the file and line, and at the construct path cdk8s recorded', async () => {
    const dir = folder({
      'dist/app.k8s.yaml': BAD,
      'dist/construct-metadata.json': JSON.stringify({ version: '1.0.0', resources: { web: { path: 'app/web/Resource' } } }),
    });
    const { code, stdout } = await run(['lint', '--format', 'sarif', 'dist'], { cwd: dir });
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe('2.1.0');
    const run0 = sarif.runs[0];
    const result = run0.results.find((r: any) => r.ruleId === 'DP-IDEMPOTENT-002');
    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'dist/app.k8s.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 15 } });
    expect(result.locations[0].logicalLocations).toEqual([{ name: 'Deployment web', fullyQualifiedName: 'app/web/Resource', kind: 'resource' }]);
    expect(run0.tool.driver.rules[result.ruleIndex].id).toBe('DP-IDEMPOTENT-002');
    expect(run0.tool.driver.rules[result.ruleIndex].helpUri).toMatch(/^https:\/\/kubernetes\.io\//);
  });

  test('points SARIF at the construct path of a PatternsApp object, from the metadata synth records for cdk8s synth --validate', async () => {
    const dir = folder({});
    const app = new PatternsApp({ outdir: path.join(dir, 'dist') });
    new Deployment(new Chart(app, 'shop'), 'web', { metadata: { name: 'web' }, containers: [{ name: 'web', image: 'nginx:latest', portNumber: 8080 }] });
    process.env.CDK8S_RECORD_CONSTRUCT_METADATA = 'true';
    try {
      app.synth();
    } finally {
      delete process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
    }
    const sarif = JSON.parse((await run(['lint', '--format', 'sarif', 'dist'], { cwd: dir })).stdout);
    const result = sarif.runs[0].results.find((r: any) => r.ruleId === 'DP-IDEMPOTENT-002');
    expect(result.locations[0].logicalLocations).toEqual([{ name: 'Deployment web', fullyQualifiedName: 'shop/web', kind: 'resource' }]);
  });

  test('marks suppressed findings in SARIF, in source for an annotation and external for the config', async () => {
    const dir = folder({
      'web.yaml': BAD.replace('  name: web\n', '  name: web\n  annotations:\n    lint.cdk8s-patterns.io/ignore-DP-STARTUP-002: "a batch worker: it exits when stuck"\n'),
      'lint.yaml': 'suppressions:\n  - ruleId: DP-ATTACK-019\n    kind: Deployment\n    name: web\n    reason: the token is used by the app\n',
    });
    const sarif = JSON.parse((await run(['lint', '--format', 'sarif', '--config', 'lint.yaml', 'web.yaml'], { cwd: dir })).stdout);
    const suppressions = sarif.runs[0].results.filter((r: any) => r.suppressions).map((r: any) => [r.ruleId, r.suppressions]);
    expect(suppressions).toEqual([
      ['DP-ATTACK-019', [{ kind: 'external', justification: 'the token is used by the app' }]],
      ['DP-STARTUP-002', [{ kind: 'inSource', justification: 'a batch worker: it exits when stuck' }]],
    ]);
  });

  test('writes JUnit XML: a suite per rule, a failing case per finding', async () => {
    const { stdout } = await run(['lint', '--format', 'junit', '-'], { stdin: BAD });
    expect(stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="cdk8s-patterns lint" tests="\d+" failures="11">/);
    expect(stdout).toContain('<testcase classname="DP-IDEMPOTENT-002" name="Deployment web spec.template.spec.containers[0].image" file="&lt;stdin&gt;" line="15">');
    expect(stdout).toContain('<failure type="error" message="\'spec.template.spec.containers[0].image\' must not be tagged \'latest\', got \'nginx:latest\' for container \'web\'; pin the image to a release tag, or to a digest (image@sha256:...)">');
  });

  test('reads the rules, thresholds and suppressions of --config', async () => {
    const dir = folder({ 'web.yaml': BAD, 'lint.yaml': 'rules:\n  DP-ATTACK-002: false\nsuppressions:\n  - {ruleId: DP-IDEMPOTENT-002, kind: Deployment, reason: pinned by the deploy pipeline}\n' });
    const { code, stdout } = await run(['lint', '--config', 'lint.yaml', '--fail-on', 'error', 'web.yaml'], { cwd: dir });
    expect(stdout.trimEnd().split('\n').pop()).toBe('0 errors, 9 warnings, 0 info in 1 object from 1 source, 1 suppressed');
    expect(code).toBe(0);
  });

  test('fails when --config is not a lint config: exit 2', async () => {
    const dir = folder({ 'web.yaml': BAD, 'lint.yaml': 'rules:\n  DP-ATTACK-2: false\n' });
    expect(await run(['lint', '--config', 'lint.yaml', 'web.yaml'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: "cdk8s-patterns lint: lint.yaml: 'rules[DP-ATTACK-2]' must be the id of a distillation rule (DP-<FACTOR>-<number>, see Distillation.rules()), got 'DP-ATTACK-2' (did you mean 'DP-ATTACK-002'?)\n",
    });
  });

  test('fails when a file is not YAML: exit 2, naming the file and line', async () => {
    const dir = folder({ 'broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: {\n' });
    const { code, stderr } = await run(['lint', 'broken.yaml'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^cdk8s-patterns lint: the input is not a set of Kubernetes objects:\n {2}broken\.yaml:5: is not YAML: /);
  });

  test('fails when an object has no kind: exit 2', async () => {
    const dir = folder({ 'values.yaml': 'replicaCount: 1\nimage:\n  tag: 1.2.3\n' });
    expect(await run(['lint', 'values.yaml'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: "cdk8s-patterns lint: the input is not a set of Kubernetes objects:\n  values.yaml:1: 'kind' is required in every Kubernetes object, got an object without one (keys: replicaCount, image)\n",
    });
  });

  test('fails when there is nothing to check: exit 2', async () => {
    const dir = folder({ 'empty.yaml': '---\n# nothing\n---\n' });
    expect(await run(['lint', 'empty.yaml'], { cwd: dir })).toEqual({ code: 2, stdout: '', stderr: 'cdk8s-patterns lint: nothing to check: empty.yaml holds no Kubernetes objects\n' });
  });

  test('fails when a path does not exist, no path is given, or an option is unknown: exit 2', async () => {
    expect(await run(['lint', 'nope.yaml'], { cwd: folder({}) })).toEqual({ code: 2, stdout: '', stderr: 'cdk8s-patterns lint: nope.yaml: no such file or folder\n' });
    expect((await run(['lint'])).stderr).toMatch(/^cdk8s-patterns lint: no PATH given: name files or folders to check, or - for standard input\nusage: /);
    expect((await run(['lint', '--format', 'xml', '-'])).stderr).toMatch(/^cdk8s-patterns lint: '--format' must be one of text, json, sarif, junit, got 'xml'\n/);
    expect((await run(['lint', '--strict', '-'])).code).toBe(2);
    expect((await run(['check'])).code).toBe(2);
  });

  test('walks a folder: YAML files only, Helm chart folders, kustomization files and hidden folders skipped', async () => {
    const { code, stdout, stderr } = await run(['lint', '--format', 'json', 'test/lint/corpus/gitops']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).findings.map((f: any) => f.file).filter((f: string, i: number, all: string[]) => all.indexOf(f) === i)).toEqual(['test/lint/corpus/gitops/base/deployment.yaml']);
    expect(stderr).toBe('skipped test/lint/corpus/gitops/charts/demo: a Helm chart folder; check what it renders: helm template RELEASE test/lint/corpus/gitops/charts/demo | cdk8s-patterns lint -\n');
  });

  test('never crashes on the corpus of other tools\' output, and reads every file as Kubernetes objects', async () => {
    const files = fs.readdirSync(CORPUS).filter(f => /\.(ya?ml|json)$/.test(f)).map(f => path.join('test/lint/corpus', f));
    for (const file of [...files, 'test/lint/corpus']) {
      for (const format of ['text', 'json', 'sarif', 'junit']) {
        const { code, stderr } = await run(['lint', '--format', format, file]);
        expect([file, format, code, stderr.replace(/^skipped .*\n/gm, '')]).toEqual([file, format, 1, '']);
      }
    }
    const { stdout } = await run(['lint', '--format', 'json', 'test/lint/corpus']);
    expect(JSON.parse(stdout).summary.objects).toBe(23);
  });

  test('reads Windows line endings and a byte-order mark, with the right lines', async () => {
    const { stdout } = await run(['lint', '--format', 'json', 'test/lint/corpus/windows-crlf.yaml']);
    expect(JSON.parse(stdout).findings.find((f: any) => f.ruleId === 'DP-ATTACK-024')).toEqual(expect.objectContaining({ kind: 'Service', name: 'legacy-api', line: 7 }));
  });

  test('fails when an unquoted Off reads as false, as kubectl reads YAML 1.1', async () => {
    const vpa = 'apiVersion: autoscaling.k8s.io/v1\nkind: VerticalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  updatePolicy:\n    updateMode: Off\n';
    const { stdout } = await run(['lint', '-'], { stdin: vpa });
    expect(stdout).toContain('<stdin>:8: error DP-VALID-001 VerticalPodAutoscaler web: \'spec.updatePolicy.updateMode\' must be one of "Off", "Initial", "Recreate", "Auto", got false; change the field so that a Kubernetes 1.26 API server accepts it');
  });

  test('expands kind: List, each item at its own line', async () => {
    const { stdout } = await run(['lint', '--format', 'json', 'test/lint/corpus/kubectl-list.yaml']);
    expect(JSON.parse(stdout).findings.find((f: any) => f.ruleId === 'DP-ATTACK-001')).toEqual(expect.objectContaining({ kind: 'DaemonSet', name: 'node-exporter', line: 51 }));
  });

  test('runs as a command: the entry of src/lint/_cli.ts', () => {
    const dir = folder({ 'web.yaml': BAD });
    const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js'), '--transpile-only', '--swc', path.join(ROOT, 'src', 'lint', '_cli.ts'), 'lint', '--fail-on', 'error', 'web.yaml'], { cwd: dir, encoding: 'utf-8' });
    expect([result.status, result.stderr]).toEqual([1, '']);
    expect(result.stdout.trimEnd().split('\n').pop()).toBe('2 errors, 9 warnings, 0 info in 1 object from 1 source');
  });
});
