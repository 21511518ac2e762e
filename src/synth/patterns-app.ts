import { ApiObject, App, Chart } from 'cdk8s';
import { writeFolderAtomically } from './_atomic-write';
import { constructProblems, objectProblems, Rendered, renderedProblems } from './_checks';
import { checkCliOutdir, checkOutdir, linkFolder } from './_folders';
import { show } from '../_errors';
import { RESOLVES_MARKERS } from '../_markers';
import { pathOf } from '../_paths';
import { chartsOf, withoutDependencies } from '../_plus';
import { renderCharts, RenderedChart } from '../_rendered';
import { stringifyManifests } from '../_yaml-writer';
import { helmChartFiles } from '../helm/_chart-files';
import { HelmForm, helmForm, plainManifests, releaseManifests } from '../helm/_render';
import { HelmChart } from '../helm/helm-chart';
import { AppLintConfig, appLintConfig, lintProblems } from '../lint/_synth';
import { LintConfig } from '../lint/lint-config';

/**
 * Props of a {@link PatternsApp}.
 */
export interface PatternsAppProps {
  /**
   * The folder the manifests are written to, one `<chart id>.k8s.yaml` per
   * chart, and the Helm charts, one `charts/<name>/` per chart with a
   * {@link HelmChart}. It may be a symlink (to a deploy checkout, say): the
   * files go into its target. It must not be `''`, the working directory, a
   * folder that contains it, the filesystem root or the home directory.
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
  /**
   * Runs the distillation checks ({@link Distillation}) on the rendered
   * manifests and fails synth, listing them, when a finding is at or above
   * `lint.failOn` (default `LintSeverity.WARNING`).
   * @default - no distillation checks at synth
   */
  readonly lint?: LintConfig;
}

/**
 * A cdk8s App whose synthesis never loses, destroys or half-writes its
 * output folder: all manifests (and Helm charts) are rendered and validated
 * in memory, written to a staging folder inside `outdir`, and only then
 * moved into place. A failed synth leaves the previous output as it was; a
 * synth killed while moving files into place is completed by the next one.
 *
 * PatternsApp replaces and deletes only the files it wrote, which it lists
 * in `<outdir>/.cdk8s-patterns-files`; it never touches `.git` or other
 * files. It writes into a folder that is new, empty or has that list: to
 * adopt a folder with other files in it (a deploy checkout, say), create
 * the empty file `<outdir>/.cdk8s-patterns-files`. While a synth writes,
 * `<outdir>/.cdk8s-patterns-lock` holds its pid, and a second synth of the
 * same folder fails, naming it.
 *
 * Nothing the cluster would refuse is written: synth collects the problems
 * of every construct's own checks, then judges every rendered object, whoever
 * built it (library constructs, plain cdk8s-plus, raw `ApiObject`s, escape
 * hatches), with {@link ManifestValidator} (the Kubernetes 1.26 schema and
 * the API server's own rules), refuses objects defined twice, Secret data
 * not read by an {@link ImmutableSecret}, and pods that break the Pod Security
 * Standard their namespace enforces (see {@link PodSecurityAudit}), and
 * judges what each Helm chart renders with its default values the same way.
 * It throws one Error listing every problem, a line each, in the library's
 * style: `<construct path>: '<field>' <problem>, got <value>`.
 *
 * `cdk8s synth` deletes its own output folder before it runs the app, so
 * point the CLI at a scratch folder (`output: .cdk8s.out` in `cdk8s.yaml`):
 * the app links it to `outdir`, so the CLI lists and validates the same
 * files. The constructor throws if the CLI's folder (`CDK8S_OUTDIR`) is
 * `outdir`, contains it or lies inside it.
 */
export class PatternsApp extends App {
  /** The release the manifests are synthesized for, if any. */
  public readonly releaseName?: string;
  private readonly lint?: AppLintConfig;

  constructor(props: PatternsAppProps = {}) {
    super({ outdir: props.outdir ?? 'dist' });
    (this as any)[RESOLVES_MARKERS] = true;
    this.releaseName = props.releaseName;
    if (props.lint !== undefined) this.lint = appLintConfig(this, props.lint);
    checkOutdir(this.outdir);
    const cliOutdir = process.env.CDK8S_OUTDIR;
    if (cliOutdir) checkCliOutdir(cliOutdir, this.outdir);
  }

  /**
   * Renders every chart, then writes the files into the output folder in
   * place of those the previous synth wrote, and links the cdk8s CLI's
   * output folder (`CDK8S_OUTDIR`), if set, to it.
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
        const [field, value, whose] = what === 'chart' ? ['id', chart.node.id, 'manifests'] : ['name', HelmChart.of(chart)?.name, 'Helm chart'];
        throw new Error(`${chart.node.path}: '${field}' must give the chart a file of its own, got ${show(value)}, whose ${whose} would go to '${file}', which chart '${owners[file]}' already writes; give one of them another ${field}`);
      }
      owners[file] = chart.node.path;
    };
    const edgeless = withoutDependencies(this);
    const charts = chartsOf(this, edgeless);
    // each chart is rendered once; the plain manifests, the Helm chart and its check start from that
    let pass: { charts: RenderedChart[]; problems: string[] };
    try {
      // the constructs' checks run on that rendering
      pass = renderCharts(this, charts, edgeless, () => constructProblems(this));
    } catch (e) {
      // cdk8s stops at the first construct whose checks fail: report those of every construct
      const checks = constructProblems(this);
      throw checks.length > 0 ? new Error(checks.join('\n')) : e;
    }
    if (pass.problems.length > 0) throw new Error(pass.problems.join('\n'));
    const once = pass.charts;
    const rendered = charts.map((chart, i) => withObjects(once[i].objects, plainManifests(chart, this.releaseName, once[i].manifests)));
    const problems = renderedProblems(rendered.flat());
    // each Helm chart's release form, worked out once for its check and its files
    const forms: (HelmForm | undefined)[] = [];
    if (this.releaseName === undefined) {
      // what the Helm chart renders with its default values: the same objects, named for a release
      charts.forEach((chart, i) => {
        if (!HelmChart.of(chart)) return undefined;
        const context = ` (in the Helm chart '${HelmChart.of(chart)!.name}' with default values, as release '${SAMPLE_RELEASE}')`;
        let asRelease: Rendered[];
        try {
          forms[i] = helmForm(chart, once[i].manifests);
          asRelease = withObjects(once[i].objects, releaseManifests(chart, forms[i]!, SAMPLE_RELEASE));
        } catch (e) {
          if (!(e instanceof Error)) throw e;
          return problems.push(...e.message.split('\n').map(line => `${line}${context}`));
        }
        return problems.push(...objectProblems(asRelease, context));
      });
    }
    if (problems.length > 0) throw new Error(problems.join('\n'));
    const findings = this.lint ? lintProblems(rendered.flat(), this.lint) : [];
    if (findings.length > 0) throw new Error(findings.join('\n'));
    charts.forEach((chart, i) => {
      const file = `${chart.node.path.replace(/\//g, '-')}${this.outputFileExtension}`;
      claim(file, chart, 'chart');
      files[file] = stringifyManifests(rendered[i].map(r => r.manifest));
      const helm = HelmChart.of(chart);
      if (!helm) return;
      claim(`charts/${helm.name}`, chart, 'Helm chart');
      for (const [path, content] of Object.entries(helmChartFiles(chart, helm, once[i], forms[i]))) files[`charts/${helm.name}/${path}`] = content;
    });
    // as cdk8s' App does for `cdk8s synth --validate`: plugins and the lint command map each object to its construct
    if (process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true') {
      const resources = Object.fromEntries(rendered.flat().map(r => [r.object.name, { path: pathOf(r.object) }]));
      files['construct-metadata.json'] = JSON.stringify({ version: '1.0.0', resources });
    }
    return files;
  }
}

/** A release name every chart fits, to judge what a Helm chart renders. */
const SAMPLE_RELEASE = 'r';

function withObjects(objects: ApiObject[], manifests: any[]): Rendered[] {
  return objects.map((object, i) => ({ object, manifest: manifests[i] }));
}
