import { Size } from 'cdk8s';
import { Construct } from 'constructs';
import { mainContainer, mountOnce, requireWorkload, sharedEmptyDir } from '../_attach';
import { addHelper, addHelperWritablePaths, checkHelperOptions } from './_helper';
import { HelperContainerOptions } from './helper-container-options';
import { kplus } from '../_plus';
import { checkAbsolutePath, checkOptionalType } from '../_validate';
import { checkSizeLimit } from '../qos/_amounts';

/**
 * Props of a {@link Sidecar}.
 */
export interface SidecarProps extends HelperContainerOptions {
  /**
   * Where the main container sees the shared volume (it writes there, e.g. its logs).
   * @default '/shared'
   */
  readonly mountPath?: string;

  /**
   * Where the sidecar sees the shared volume.
   * @default - the same path as the main container
   */
  readonly sidecarMountPath?: string;

  /**
   * Whether the sidecar only reads the shared volume.
   * @default true
   */
  readonly readOnly?: boolean;

  /**
   * Size limit of the shared emptyDir volume; the pod is evicted past it.
   * @default Size.mebibytes(256)
   */
  readonly sizeLimit?: Size;
}

/**
 * The sidecar pattern: a helper container in the same pod as the main
 * container, sharing a pod-scoped emptyDir volume with it (e.g. a log
 * shipper reading the files the app writes). It is not on the main request
 * path: it declares no port unless given one through `addPort`.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/#how-pods-manage-multiple-containers
 */
export class Sidecar extends Construct {
  /** The sidecar container. */
  public readonly container: kplus.Container;
  /** The emptyDir volume the sidecar shares with the main container. */
  public readonly volume: kplus.Volume;

  constructor(scope: Construct, id: string, props: SidecarProps) {
    super(scope, id);
    checkHelperOptions(this, props);
    checkOptionalType(this, 'readOnly', props.readOnly, 'boolean');
    if (props.mountPath !== undefined) checkAbsolutePath(this, 'mountPath', props.mountPath);
    if (props.sidecarMountPath !== undefined) checkAbsolutePath(this, 'sidecarMountPath', props.sidecarMountPath);
    const sizeLimit = props.sizeLimit === undefined ? Size.mebibytes(256) : checkSizeLimit(this, 'sizeLimit', props.sizeLimit);
    const workload = requireWorkload(this, 'sidecar', props.workload);
    const main = mainContainer(this, workload, props.mainContainer);
    const name = props.name ?? id;
    const mountPath = props.mountPath ?? '/shared';
    this.container = addHelper(this, workload, props, {
      name,
    });
    this.volume = sharedEmptyDir(this, name, sizeLimit);
    mountOnce(this, main, mountPath, this.volume, false);
    mountOnce(this, this.container, props.sidecarMountPath ?? mountPath, this.volume, props.readOnly ?? true);
    addHelperWritablePaths(this, workload, props, this.container);
  }
}
