import { PodFailurePolicyRule } from './pod-failure-policy';

/**
 * How a Job counts its completions.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode
 */
export enum CompletionMode {
  /** Any `completions` pods that succeed complete the Job; the pods are interchangeable. */
  NON_INDEXED = 'NonIndexed',
  /**
   * Each pod gets an index from 0 to `completions - 1` and the Job completes
   * when there is one successful pod per index. Each container of the pod
   * reads its index from the environment variable `JOB_COMPLETION_INDEX`
   * (see `Job.COMPLETION_INDEX_ENV` and `Job.completionIndex()`), and the
   * pod's hostname is `<job name>-<index>`.
   */
  INDEXED = 'Indexed',
}

/**
 * What a Job and each Job of a CronJob share: how many pods must succeed,
 * how many run at once, how completions are counted, and what failures mean.
 */
export interface JobOptions {
  /**
   * How many pods must finish successfully for the Job to complete.
   * @default 1
   */
  readonly completions?: number;

  /**
   * How many pods may run at once (never more than the completions left).
   * @default 1
   */
  readonly parallelism?: number;

  /**
   * How completions are counted: interchangeable pods, or one pod per index
   * from 0 to `completions - 1`.
   * @default - Kubernetes' default, CompletionMode.NON_INDEXED
   */
  readonly completionMode?: CompletionMode;

  /**
   * What to do with a failed pod, by its exit codes or conditions: fail the
   * Job at once, ignore the failure, or count it against `backoffLimit`.
   * 1 to 20 rules, the first that matches applies; the pod's restart policy
   * must be `Never`.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-failure-policy
   * @default - every failure counts against `backoffLimit`
   */
  readonly podFailurePolicy?: PodFailurePolicyRule[];
}
