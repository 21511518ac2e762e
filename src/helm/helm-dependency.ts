/**
 * A chart the Helm chart depends on (`dependencies` in `Chart.yaml`), such as
 * a database or an operator installed with the app. Run
 * `helm dependency build` before installing.
 */
export interface HelmDependency {
  /** The dependency's chart name. */
  readonly name: string;
  /** The versions accepted, a SemVer range such as `~12.1.0`. */
  readonly version: string;
  /** Where the chart comes from: a repository URL, `oci://…` or `file://…`. */
  readonly repository: string;
  /**
   * A boolean value that turns the dependency on, e.g. `postgresql.enabled`.
   * @default - always installed
   */
  readonly condition?: string;
  /**
   * The key of the dependency's values in this chart's values.
   * @default - the dependency's name
   */
  readonly alias?: string;
}
