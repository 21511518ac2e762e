import { App, Chart, Yaml } from 'cdk8s';
import { linkFolder, writeFolderAtomically } from './_atomic-write';
import { PodSecurityAudit } from '../security/pod-security-audit';

/**
 * Props of a {@link PatternsApp}.
 */
export interface PatternsAppProps {
  /**
   * The folder the manifests are written to, one `<chart id>.k8s.yaml` per chart.
   * @default 'dist'
   */
  readonly outdir?: string;
}

/**
 * A cdk8s App whose synthesis never leaves a broken output folder: all
 * manifests are rendered and validated in memory, written to a staging
 * folder, and only then swapped in for the previous output. A failed synth
 * leaves the previous folder untouched.
 *
 * Besides each construct's own validation, synth judges every pod by the
 * Pod Security Standard its namespace enforces (see {@link PodSecurityAudit}).
 *
 * `cdk8s synth` deletes its own output folder before it runs the app, so
 * point the CLI at a scratch folder (`output:` in `cdk8s.yaml`): when it is
 * not `outdir`, the app links it to `outdir`, so the CLI lists and validates
 * the same files.
 */
export class PatternsApp extends App {
  constructor(props: PatternsAppProps = {}) {
    super({ outdir: props.outdir ?? 'dist' });
  }

  /**
   * Renders every chart, then replaces the output folder in one step.
   */
  public synth(): void {
    writeFolderAtomically(this.outdir, this.renderFiles());
    const cliOutdir = process.env.CDK8S_OUTDIR;
    if (cliOutdir) linkFolder(cliOutdir, this.outdir);
  }

  /**
   * The output files, relative path → content, rendered in memory: one per
   * chart, named after its path (`parent-child.k8s.yaml` for a nested chart).
   * Throws, before anything is written, when a construct fails validation.
   */
  public renderFiles(): { [path: string]: string } {
    const files: { [path: string]: string } = {};
    const owners: { [path: string]: string } = {};
    const charts = this.charts;
    checkPodSecurity(charts.flatMap(chart => chart.toJson()));
    for (const chart of charts) {
      const file = `${chart.node.path.replace(/\//g, '-')}${this.outputFileExtension}`;
      if (owners[file] !== undefined) {
        throw new Error(`${chart.node.path}: chart would be written to '${file}', which chart '${owners[file]}' already writes; give one of them another id`);
      }
      owners[file] = chart.node.path;
      files[file] = renderChart(chart);
    }
    return files;
  }
}

function checkPodSecurity(manifests: any[]): void {
  const problems = PodSecurityAudit.describe(PodSecurityAudit.findings(manifests));
  if (problems.length > 0) {
    throw new Error(`pods break the Pod Security Standard of their namespace; relax the namespace's 'pod-security.kubernetes.io/enforce' label only where a workload needs it, or harden the pod:\n  ${problems.join('\n  ')}`);
  }
}

function renderChart(chart: Chart): string {
  return Yaml.stringify(...chart.toJson());
}
