import { App, Chart, Yaml } from 'cdk8s';
import { linkFolder, writeFolderAtomically } from './_atomic-write';
import { helmChartFiles } from '../helm/_chart-files';
import { plainManifests } from '../helm/_render';
import { HelmChart } from '../helm/helm-chart';
import { PodSecurityAudit } from '../security/pod-security-audit';

/**
 * Props of a {@link PatternsApp}.
 */
export interface PatternsAppProps {
  /**
   * The folder the manifests are written to, one `<chart id>.k8s.yaml` per
   * chart, and the Helm charts, one `charts/<name>/` per chart with a
   * {@link HelmChart}.
   * @default 'dist'
   */
  readonly outdir?: string;
  /**
   * Synthesizes the manifests of one Helm release: every object the app
   * defines is named `<releaseName>-<name>`, every reference follows, and
   * pods and their selectors carry `app.kubernetes.io/instance:
   * <releaseName>`. This is what `helm template <releaseName>` renders from
   * the app's Helm chart with default values.
   * @default - the app's own names, no instance label
   */
  readonly releaseName?: string;
}

/**
 * A cdk8s App whose synthesis never leaves a broken output folder: all
 * manifests (and Helm charts) are rendered and validated in memory, written
 * to a staging folder, and only then swapped in for the previous output. A
 * failed synth leaves the previous folder untouched.
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
  /** The release the manifests are synthesized for, if any. */
  public readonly releaseName?: string;

  constructor(props: PatternsAppProps = {}) {
    super({ outdir: props.outdir ?? 'dist' });
    this.releaseName = props.releaseName;
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
   * chart, named after its path (`parent-child.k8s.yaml` for a nested chart),
   * and the files of each Helm chart under `charts/<name>/`.
   * Throws, before anything is written, when a construct fails validation.
   */
  public renderFiles(): { [path: string]: string } {
    const files: { [path: string]: string } = {};
    const owners: { [path: string]: string } = {};
    const claim = (file: string, chart: Chart, what: string) => {
      if (owners[file] !== undefined) {
        throw new Error(`${chart.node.path}: ${what} would be written to '${file}', which chart '${owners[file]}' already writes; give one of them another ${what === 'chart' ? 'id' : 'name'}`);
      }
      owners[file] = chart.node.path;
    };
    const charts = this.charts;
    const manifests = charts.map(chart => plainManifests(chart, this.releaseName));
    checkPodSecurity(manifests.flat());
    charts.forEach((chart, i) => {
      const file = `${chart.node.path.replace(/\//g, '-')}${this.outputFileExtension}`;
      claim(file, chart, 'chart');
      files[file] = Yaml.stringify(...manifests[i]);
      const helm = HelmChart.of(chart);
      if (!helm) return;
      claim(`charts/${helm.name}`, chart, 'Helm chart');
      for (const [path, content] of Object.entries(helmChartFiles(chart, helm))) files[`charts/${helm.name}/${path}`] = content;
    });
    return files;
  }
}

function checkPodSecurity(manifests: any[]): void {
  const problems = PodSecurityAudit.describe(PodSecurityAudit.findings(manifests));
  if (problems.length > 0) {
    throw new Error(`pods break the Pod Security Standard of their namespace; relax the namespace's 'pod-security.kubernetes.io/enforce' label only where a workload needs it, or harden the pod:\n  ${problems.join('\n  ')}`);
  }
}
