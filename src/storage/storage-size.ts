import { Size } from 'cdk8s';
import { pathScope } from '../_boundary';
import { fail, show } from '../_errors';

/**
 * An amount of storage, as a PersistentVolumeClaim requests it and a
 * PersistentVolume offers it: a Kubernetes quantity of bytes, binary
 * (`10Gi`, 10 × 2^30 bytes) or decimal (`10G`, 10 × 10^9 bytes). The
 * construct that uses it checks that it is a positive whole number of bytes.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
export class StorageSize {
  /**
   * A quantity as Kubernetes writes it, e.g. `'10Gi'`, `'500M'` or `'1Ti'`;
   * rendered as given.
   */
  public static fromQuantity(quantity: string): StorageSize {
    return new StorageSize(quantity);
  }

  /** A cdk8s size, e.g. `Size.gibibytes(10)`, rendered as `10Gi`. */
  public static fromSize(size: Size): StorageSize {
    if (!(size instanceof Size)) fail(pathScope('StorageSize.fromSize'), 'size', `must be a Size such as Size.gibibytes(10), got ${show(size)}`);
    return new StorageSize(size.asString());
  }

  /** The quantity as rendered in the manifest. */
  public readonly quantity: string;

  private constructor(quantity: string) {
    this.quantity = quantity;
  }
}
