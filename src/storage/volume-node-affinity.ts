import { IConstruct } from 'constructs';
import { fail, show } from '../_errors';
import { k8s } from '../_plus';
import { checkLabelKey, checkLabelValue } from '../_validate';

const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/**
 * The nodes a PersistentVolume can be reached from: pods that use the
 * volume are scheduled only there. Required for a local volume, whose disk
 * is on one node; rendered as a required `nodeAffinity` term of the volume.
 *
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#node-affinity
 */
export class VolumeNodeAffinity {
  /**
   * The nodes of those names, as their `kubernetes.io/hostname` label gives
   * them, e.g. `['worker-1']`; at least one.
   *
   * @param names the nodes' `kubernetes.io/hostname` labels
   */
  public static onNodes(names: string[]): VolumeNodeAffinity {
    return new VolumeNodeAffinity(HOSTNAME_LABEL, names, 'names');
  }

  /**
   * The nodes whose label `key` has one of `values`, e.g. a zone:
   * `withNodeLabel('topology.kubernetes.io/zone', ['eu-west-1a'])`.
   *
   * @param key the node label key
   * @param values the label values, at least one
   */
  public static withNodeLabel(key: string, values: string[]): VolumeNodeAffinity {
    return new VolumeNodeAffinity(key, values, 'values');
  }

  private constructor(private readonly key: string, private readonly values: string[], private readonly valuesField: string) {}

  /**
   * The node affinity of the volume, once checked.
   *
   * @internal
   */
  public _toKube(scope: IConstruct, field: string): k8s.VolumeNodeAffinity {
    const values: unknown = this.values;
    if (!Array.isArray(values) || values.length === 0) {
      fail(scope, `${field}.${this.valuesField}`, `must list at least one ${this.key === HOSTNAME_LABEL ? `node (its '${HOSTNAME_LABEL}' label)` : 'label value'}, got ${show(values)}`);
    }
    checkLabelKey(scope, `${field}.key`, this.key);
    values.forEach((value, i) => {
      checkLabelValue(scope, `${field}.${this.valuesField}[${i}]`, value);
      if (value === '' && this.key === HOSTNAME_LABEL) fail(scope, `${field}.${this.valuesField}[${i}]`, "must name a node, got ''");
    });
    const unique = [...new Set(values as string[])];
    return { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: this.key, operator: 'In', values: unique }] }] } };
  }
}
