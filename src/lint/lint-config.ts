import { LintSeverity } from './lint-finding';

/**
 * An image repository known to be large, and what to run instead.
 */
export interface LargeImage {
  /**
   * The repository, as in `docker pull` (`python`, `docker.io/library/python`
   * and `library/python` are the same one). An image of it matches unless its
   * tag names a small variant (`slim`, `alpine`, `minimal`, `distroless`,
   * `micro`, `chiseled`).
   */
  readonly repository: string;
  /** What to run instead, e.g. `python:<version>-slim`. */
  readonly instead: string;
}

/**
 * A finding the team accepts, with the reason, kept in the lint config rather
 * than on the object.
 */
export interface LintSuppression {
  /** The rule it suppresses, e.g. `DP-AVAIL-004`. */
  readonly ruleId: string;
  /** The kind of the objects it applies to, e.g. `DaemonSet`. */
  readonly kind: string;
  /**
   * The namespace of the objects it applies to.
   * @default - objects of every namespace, and cluster-scoped ones
   */
  readonly namespace?: string;
  /**
   * The name of the object it applies to.
   * @default - every object of the kind (and namespace)
   */
  readonly name?: string;
  /**
   * Why the finding is accepted. Required: a suppression without a reason
   * does not apply and is itself an error finding (DP-VALID-003).
   */
  readonly reason: string;
}

/**
 * What the distillation checks run and how: rules on or off, thresholds,
 * suppressions. The same shape is read from the lint command's `--config`
 * file (YAML or JSON) and from the cdk8s validation plugin's `properties`.
 */
export interface LintConfig {
  /**
   * Rules turned on (`true`) or off (`false`) by id, e.g.
   * `{ 'DP-IMMUTABLE-001': true }` to require image digests.
   * @default - every rule that is enabled by default (all but DP-IMMUTABLE-001)
   */
  readonly rules?: { [ruleId: string]: boolean };
  /**
   * The largest ratio of a container's CPU or memory limit to its request
   * before DP-FRUGAL-003 reports it.
   * @default 5
   */
  readonly maxLimitToRequestRatio?: number;
  /**
   * The most containers (init containers not counted) a pod may have before
   * DP-COHESION-001 reports it: a main container and the three helper
   * patterns (sidecar, ambassador, adapter).
   * @default 4
   */
  readonly maxContainersPerPod?: number;
  /**
   * A liveness probe that waits this many seconds or more before its first
   * check (`initialDelaySeconds`) marks an app that is slow to start:
   * DP-STARTUP-003 asks for a startup probe instead.
   * @default 30
   */
  readonly slowStartSeconds?: number;
  /**
   * The images DP-SMALL-001 reports, replacing the built-in list (full OS and
   * language bases: ubuntu, debian, centos, fedora, amazonlinux, node,
   * python, ruby, openjdk, golang, maven, gradle, php).
   * @default - the built-in list
   */
  readonly largeImages?: LargeImage[];
  /**
   * Findings accepted with a reason, matched by rule, kind, namespace and
   * name. Objects can also carry their own:
   * `lint.cdk8s-patterns.io/ignore-<rule id>: "<reason>"` annotations.
   * @default - none
   */
  readonly suppressions?: LintSuppression[];
  /**
   * The severity at or above which findings fail: synth of a
   * `PatternsApp` with `lint`, the validation plugin, the lint command
   * (whose `--fail-on` wins). `Distillation.check` returns every finding.
   * @default LintSeverity.WARNING
   */
  readonly failOn?: LintSeverity;
}
