import { Size } from 'cdk8s';
import { Construct } from 'constructs';
import { annotatePod, mainContainer, mountOnce, requireWorkload, sharedEmptyDir } from '../_attach';
import { addHelper, addHelperWritablePaths, checkHelperOptions } from './_helper';
import { HelperContainerOptions } from './helper-container-options';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkAbsolutePath, checkOptionalType, checkPort } from '../_validate';
import { checkSizeLimit } from '../qos/_amounts';

/**
 * Props of an {@link Adapter}.
 */
export interface AdapterProps extends HelperContainerOptions {
  /**
   * The port the adapter serves the standardised output on (a port named `metrics`).
   * @default 9102
   */
  readonly port?: number;

  /**
   * The HTTP path of the standardised output.
   * @default '/metrics'
   */
  readonly path?: string;

  /**
   * Whether to add the Prometheus scrape annotations
   * (`prometheus.io/scrape`, `prometheus.io/port`, `prometheus.io/path`) to the pod.
   * @default true
   */
  readonly scrapeAnnotations?: boolean;

  /**
   * When the main container writes its output to files: the path of an
   * emptyDir shared with the adapter (mounted read-only in the adapter).
   * @default - nothing shared: the adapter reads the main container over localhost
   */
  readonly sharedMountPath?: string;

  /**
   * Size limit of the emptyDir shared through `sharedMountPath`; the pod is
   * evicted past it. Only with `sharedMountPath`.
   * @default Size.mebibytes(64)
   */
  readonly sharedVolumeSizeLimit?: Size;
}

/**
 * The adapter pattern: a container that exposes the main container's output
 * in a standard form, e.g. its metrics in Prometheus format on a port of its
 * own, so that every pod looks the same to the monitoring system.
 */
export class Adapter extends Construct {
  /** The adapter container. */
  public readonly container: kplus.Container;
  /** The port the adapter serves on. */
  public readonly port: number;

  constructor(scope: Construct, id: string, props: AdapterProps) {
    super(scope, id);
    checkHelperOptions(this, props);
    const workload = requireWorkload(this, 'adapter', props.workload);
    const main = mainContainer(this, workload, props.mainContainer);
    this.port = props.port ?? 9102;
    checkPort(this, 'port', this.port);
    const path = props.path ?? '/metrics';
    if (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path)) {
      fail(this, 'path', `must be an HTTP path starting with '/' and without spaces, got ${show(path)}`);
    }
    checkOptionalType(this, 'scrapeAnnotations', props.scrapeAnnotations, 'boolean');
    if (props.sharedMountPath !== undefined) checkAbsolutePath(this, 'sharedMountPath', props.sharedMountPath);
    const sizeLimit = props.sharedVolumeSizeLimit === undefined ? Size.mebibytes(64) : checkSizeLimit(this, 'sharedVolumeSizeLimit', props.sharedVolumeSizeLimit);
    if (props.sharedVolumeSizeLimit !== undefined && props.sharedMountPath === undefined) {
      fail(this, 'sharedVolumeSizeLimit', `must come with 'sharedMountPath', the volume it limits, got ${sizeLimit.asString()} and no 'sharedMountPath'`);
    }
    const name = props.name ?? id;
    this.container = addHelper(this, workload, props, {
      name,
      ports: [{ number: this.port, name: 'metrics' }],
    });
    if (props.sharedMountPath !== undefined) {
      const volume = sharedEmptyDir(this, name, sizeLimit);
      mountOnce(this, main, props.sharedMountPath, volume, false);
      mountOnce(this, this.container, props.sharedMountPath, volume, true);
    }
    if (props.scrapeAnnotations ?? true) {
      annotatePod(this, workload, 'prometheus.io/scrape', 'true');
      annotatePod(this, workload, 'prometheus.io/port', String(this.port));
      annotatePod(this, workload, 'prometheus.io/path', path);
    }
    addHelperWritablePaths(this, workload, props, this.container);
  }
}
