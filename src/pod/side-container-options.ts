import { kplus } from '../_plus';

/**
 * The container of one side of a multi-container pattern (a {@link CqrsPod}
 * side, a {@link ScatterGather} side): the pattern names it and its port
 * after the side, and completes it with the library's secure defaults.
 */
export interface SideContainerOptions {
  /** Image of this side's container; pin a tag or digest. */
  readonly image: string;
  /** The port this side serves on: a container port named after the side. */
  readonly port: number;
  /**
   * Entrypoint of the container.
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * Arguments to the entrypoint.
   * @default - the image's arguments
   */
  readonly args?: string[];
  /**
   * Environment variables of the container, besides the ones the pattern
   * sets (which they must not repeat).
   * @default - only the pattern's
   */
  readonly envVariables?: { [name: string]: kplus.EnvValue };
  /**
   * Resources of the container.
   * @default - the pod's QoS preset
   */
  readonly resources?: kplus.ContainerResources;
}
