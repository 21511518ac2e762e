/**
 * How serious a distillation finding is.
 */
export enum LintSeverity {
  /** The cluster refuses the object, or it is open to attack or loses data: fix it before it ships. */
  ERROR = 'error',
  /** A weakness the course's factors warn about: fix it, or suppress it with a written reason. */
  WARNING = 'warning',
  /** Worth a look; never fails a check unless asked to. */
  INFO = 'info',
}

/**
 * The course's Distillation Pattern: the eight factors that make containers
 * as efficient and secure as possible on Kubernetes, and the two concerns the
 * checks add (availability, and whether the cluster accepts the object at all).
 */
export enum DistillationFactor {
  /** 1. High cohesion: a pod holds only the containers the job at hand needs. */
  HIGH_COHESION = 'high-cohesion',
  /** 2. Low coupling: workloads do not reach into each other's pods. */
  LOW_COUPLING = 'low-coupling',
  /** 3. Immutable: what runs is what was built and configured, and changes roll out as new pods. */
  IMMUTABLE = 'immutable',
  /** 4. Idempotent: applying the same manifests twice runs the same thing (anti-pattern: `latest`). */
  IDEMPOTENT = 'idempotent',
  /** 5. Attack-phobic: least privilege, nothing open that need not be. */
  ATTACK_PHOBIC = 'attack-phobic',
  /** 6. Small images: nothing in the image that the process does not use. */
  SMALL_IMAGES = 'small-images',
  /** 7. Rapid startup (and self-healing): Kubernetes knows when a container is up, ready and alive. */
  RAPID_STARTUP = 'rapid-startup',
  /** 8. Resource frugality: pods sized correctly, the course's top reason clusters fail. */
  RESOURCE_FRUGALITY = 'resource-frugality',
  /** High availability, one of the course's sixteen essentials: replicas, spread and disruption budgets. */
  AVAILABILITY = 'availability',
  /** The API server accepts the object, and suppressions carry their reasons: a precondition of every factor. */
  VALIDITY = 'validity',
}

/**
 * One rule of the distillation checks.
 */
export interface LintRule {
  /** The stable id, e.g. `DP-IDEMPOTENT-002`, used to turn it off and to suppress it. */
  readonly id: string;
  /** The factor it checks. */
  readonly factor: DistillationFactor;
  /** How serious its findings are. */
  readonly severity: LintSeverity;
  /** What it finds, in one line. */
  readonly description: string;
  /** Why it matters. */
  readonly rationale: string;
  /** Where to read more, usually on kubernetes.io. */
  readonly link: string;
  /** Whether it runs unless the config turns it off (otherwise it runs only when the config turns it on). */
  readonly enabledByDefault: boolean;
}

/**
 * One thing a distillation rule found on one object.
 */
export interface LintFinding {
  /** The rule's id, e.g. `DP-IDEMPOTENT-002`. */
  readonly ruleId: string;
  /** The factor the rule checks. */
  readonly factor: DistillationFactor;
  /** How serious it is. */
  readonly severity: LintSeverity;
  /** The object's apiVersion, e.g. `apps/v1`. */
  readonly apiVersion: string;
  /** The object's kind, e.g. `Deployment`. */
  readonly kind: string;
  /**
   * The object's namespace.
   * @default - none: a cluster-scoped object, or one applied to the namespace of the command
   */
  readonly namespace?: string;
  /** The object's name (`<no name>` when it has none). */
  readonly name: string;
  /** The JSON path of the field, e.g. `spec.template.spec.containers[0].image`. */
  readonly path: string;
  /**
   * What is wrong and how to fix it, in the library's style:
   * `'<path>' <what is wrong>, got <value>; <how to fix>`. Secret values are never shown.
   */
  readonly message: string;
  /** How to fix it; in the library's terms when the object came from one of its constructs. */
  readonly fix: string;
  /**
   * The file the object was read from.
   * @default - the object was not read from a file
   */
  readonly file?: string;
  /**
   * The line of the field (or of the object, when the field is absent) in `file`, from 1.
   * @default - the object was not read from a file
   */
  readonly line?: number;
  /**
   * The path of the construct that produced the object, e.g. `ticketing/tickets-api`.
   * @default - unknown: the object was not produced by a cdk8s app, or its construct metadata was not found
   */
  readonly constructPath?: string;
  /**
   * Why the finding is suppressed, for reports that list suppressed findings too.
   * @default - not suppressed
   */
  readonly suppressedBecause?: string;
}
