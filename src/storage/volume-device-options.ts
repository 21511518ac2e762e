/**
 * Where one container of the pod sees a raw block volume, as a device.
 *
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#pod-specification-adding-raw-block-device-path-in-container
 */
export interface VolumeDeviceOptions {
  /**
   * Absolute path of the device inside the container, e.g. `/dev/xvda`; a
   * container uses a path for one device or one mount.
   */
  readonly devicePath: string;

  /**
   * Name of the container, or init container, that uses the device.
   * @default - the pod's first container
   */
  readonly container?: string;
}
