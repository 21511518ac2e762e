import { Size } from 'cdk8s';
import { kplus } from '../_plus';

/**
 * What every helper container of a pod pattern can be given.
 */
export interface HelperContainerOptions {
  /**
   * The pod the helper container joins.
   */
  readonly workload: kplus.AbstractPod;

  /**
   * Image of the helper container; pin a tag or digest.
   */
  readonly image: string;

  /**
   * Name of the helper container, a DNS-1123 label unique in the pod.
   * @default - the construct's id
   */
  readonly name?: string;

  /**
   * Entrypoint of the helper container.
   * @default - the image's entrypoint
   */
  readonly command?: string[];

  /**
   * Arguments to the entrypoint.
   * @default - the image's arguments
   */
  readonly args?: string[];

  /**
   * Working directory of the helper container's process, an absolute path.
   * @default - the image's working directory
   */
  readonly workingDir?: string;

  /**
   * Environment variables of the helper container.
   * @default - none
   */
  readonly envVariables?: { [name: string]: kplus.EnvValue };

  /**
   * Resources of the helper container.
   * @default - the workload's QoS preset, or `QosPreset.defaults()` for a plain cdk8s-plus workload
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Security context of the helper container, merged over the hardened default
   * (non-root, read-only root filesystem, no privilege escalation, all capabilities dropped).
   * @default - the hardened default
   */
  readonly securityContext?: kplus.ContainerSecurityContextProps;

  /**
   * Paths the helper container alone may write to although its root
   * filesystem is read-only: an emptyDir volume per path,
   * `<name>-writable-<path segments>`, mounted read-write in the helper
   * only (the workload's own `writablePaths` reach every container, helpers
   * included). Absolute paths, each listed once, that the helper mounts
   * nothing else at.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
   * @default - none: the helper writes only to the volumes it mounts
   */
  readonly writablePaths?: string[];

  /**
   * The size limit of each emptyDir of `writablePaths`; the pod is evicted
   * when one grows past it.
   *
   * @default Size.mebibytes(256)
   */
  readonly writablePathSizeLimit?: Size;

  /**
   * The container the helper serves.
   * @default - the workload's first container
   */
  readonly mainContainer?: string;
}
