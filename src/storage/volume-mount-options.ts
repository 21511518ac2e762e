/**
 * Where one container of the pod sees a volume.
 *
 * @see https://kubernetes.io/docs/concepts/storage/volumes/
 */
export interface VolumeMountOptions {
  /**
   * Absolute path inside the container; a container mounts one thing at a
   * path.
   */
  readonly mountPath: string;

  /**
   * Name of the container, or init container, that mounts the volume.
   * @default - the pod's first container
   */
  readonly container?: string;

  /**
   * Whether the container may only read the volume.
   * @default - false for emptyDir volumes and claims, true for hostPath volumes
   */
  readonly readOnly?: boolean;
}
