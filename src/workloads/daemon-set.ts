import { Construct, IConstruct } from 'constructs';
import { checkOptionalPlainObject, checkPlainObject, pathScope } from '../_boundary';
import { checkOptionalCount, INT32_MAX } from './_props';
import { attachPolicy, checkAttached, checkSpeciesProps, containerProps, initContainerProps, speciesProps } from './_species';
import { fail, show } from '../_errors';
import { k8s, kplus, PlusWorkloadInternals } from '../_plus';
import { checkInstance, checkLabels } from '../_validate';
import { PodOptions } from './pod-options';
import { QosPreset } from '../qos/qos-preset';

/**
 * Options of a rolling DaemonSet update.
 */
export interface DaemonSetRollingUpdateOptions {
  /**
   * How many nodes may be without a ready pod during the update.
   * @default PercentOrAbsolute.absolute(1)
   */
  readonly maxUnavailable?: kplus.PercentOrAbsolute;
  /**
   * How many nodes may briefly run the old and the new pod side by side;
   * when set, `maxUnavailable` must be 0.
   * @default PercentOrAbsolute.absolute(0)
   */
  readonly maxSurge?: kplus.PercentOrAbsolute;
}

/**
 * How a DaemonSet replaces its pods when the pod template changes.
 */
export class DaemonSetUpdateStrategy {
  /** Replace pods node by node, keeping most nodes served. */
  public static rollingUpdate(options: DaemonSetRollingUpdateOptions = {}): DaemonSetUpdateStrategy {
    const scope = pathScope('DaemonSetUpdateStrategy.rollingUpdate');
    checkOptionalPlainObject(scope, 'options', options);
    checkPercentOrAbsolute(scope, 'maxUnavailable', options.maxUnavailable);
    checkPercentOrAbsolute(scope, 'maxSurge', options.maxSurge);
    const maxUnavailable = options.maxUnavailable ?? kplus.PercentOrAbsolute.absolute(1);
    const maxSurge = options.maxSurge ?? kplus.PercentOrAbsolute.absolute(0);
    if (!maxSurge.isZero() && !maxUnavailable.isZero()) {
      fail(scope, 'maxSurge', `must be 0 when 'maxUnavailable' is not (a surge needs every node served), got maxSurge ${maxSurge.value} and maxUnavailable ${maxUnavailable.value}`);
    }
    if (maxSurge.isZero() && maxUnavailable.isZero()) {
      fail(scope, 'maxUnavailable', "must be above 0 when 'maxSurge' is 0, or the update can never progress, got both 0");
    }
    return new DaemonSetUpdateStrategy(maxUnavailable, maxSurge);
  }

  /** Replace a pod only when it is deleted by hand. */
  public static onDelete(): DaemonSetUpdateStrategy {
    return new DaemonSetUpdateStrategy();
  }

  private constructor(
    /** Nodes that may be without a ready pod; undefined for OnDelete. */
    public readonly maxUnavailable?: kplus.PercentOrAbsolute,
    /** Nodes that may run old and new pod side by side; undefined for OnDelete. */
    public readonly maxSurge?: kplus.PercentOrAbsolute,
  ) {}

  /** @internal */
  public _toKube(): k8s.DaemonSetUpdateStrategy {
    if (!this.maxUnavailable || !this.maxSurge) return { type: 'OnDelete' };
    return {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: intOrString(this.maxUnavailable), maxSurge: intOrString(this.maxSurge) },
    };
  }
}

function checkPercentOrAbsolute(scope: IConstruct, field: string, v: kplus.PercentOrAbsolute | undefined): void {
  if (v === undefined) return;
  checkInstance(scope, field, v, kplus.PercentOrAbsolute, 'a PercentOrAbsolute such as PercentOrAbsolute.absolute(1)');
  const percent = typeof v.value === 'string' ? /^(\d+)%$/.exec(v.value) : null;
  const ok = percent ? Number(percent[1]) <= 100 : Number.isInteger(v.value) && v.value >= 0 && v.value <= INT32_MAX;
  if (!ok) fail(scope, field, `must be a whole number of pods within 0-${INT32_MAX} or a percentage within 0%-100%, got ${show(v.value)}`);
}

function intOrString(v: kplus.PercentOrAbsolute): k8s.IntOrString {
  return typeof v.value === 'number' ? k8s.IntOrString.fromNumber(v.value) : k8s.IntOrString.fromString(v.value);
}

/**
 * Props of a {@link DaemonSet}.
 */
export interface DaemonSetProps extends kplus.DaemonSetProps, PodOptions {
  /**
   * Run only on nodes that carry all these labels.
   * @default - every node
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * How pods are replaced when the template changes.
   * @default DaemonSetUpdateStrategy.rollingUpdate()
   */
  readonly updateStrategy?: DaemonSetUpdateStrategy;

  /**
   * How many old revisions to keep for `kubectl rollout undo`; at least 1.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
}

/**
 * A DaemonSet: one pod on every node (or every node matching a label), for
 * node-level work such as log collection and monitoring agents. A
 * cdk8s-plus DaemonSet with this library's pod policy.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/
 */
export class DaemonSet extends kplus.DaemonSet implements PlusWorkloadInternals {
  /** The QoS preset of this workload's pod. */
  public readonly qos: QosPreset;
  /**
   * The labels a node must carry, from the props; a Placement renders its
   * node labels together with them.
   * @internal
   */
  public readonly _nodeSelector?: { readonly [key: string]: string };
  private readonly updateStrategy: DaemonSetUpdateStrategy;
  private readonly revisionHistoryLimit: number;

  constructor(scope: Construct, id: string, props: DaemonSetProps = {}) {
    super(scope, id, speciesProps(scope, id, props, checkDaemonSetProps));
    this._nodeSelector = props.nodeSelector && { ...props.nodeSelector };
    this.updateStrategy = props.updateStrategy ?? DaemonSetUpdateStrategy.rollingUpdate();
    this.revisionHistoryLimit = props.revisionHistoryLimit ?? 10;
    this.qos = attachPolicy(this, props).qos;
  }

  /** Adds a container, completed with this workload's QoS and security defaults. */
  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addContainer(containerProps(this, cont));
  }

  /** Attaches a container, refusing a name already used in the pod. */
  public attachContainer(cont: kplus.Container): void {
    checkAttached(this, cont);
    super.attachContainer(cont);
  }

  /** Adds an init container; init containers run in the order they are added. */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addInitContainer(initContainerProps(this, cont));
  }

  /** @internal */
  public _toKube(): k8s.DaemonSetSpec {
    return { ...super._toKube(), revisionHistoryLimit: this.revisionHistoryLimit, updateStrategy: this.updateStrategy._toKube() };
  }

  /** @internal */
  public _toPodSpec(): k8s.PodSpec {
    return { ...super._toPodSpec(), nodeSelector: this._nodeSelector };
  }
}

/** Checks the props cdk8s-plus reads in its constructor, and this library's. */
function checkDaemonSetProps(scope: IConstruct, props: DaemonSetProps): void {
  checkSpeciesProps(scope, props);
  checkOptionalCount(scope, 'minReadySeconds', props.minReadySeconds, 0);
  checkOptionalCount(scope, 'revisionHistoryLimit', props.revisionHistoryLimit, 1);
  if (props.nodeSelector !== undefined) {
    checkPlainObject(scope, 'nodeSelector', props.nodeSelector);
    checkLabels(scope, 'nodeSelector', props.nodeSelector);
  }
  if (props.updateStrategy !== undefined) {
    checkInstance(scope, 'updateStrategy', props.updateStrategy, DaemonSetUpdateStrategy, 'a DaemonSetUpdateStrategy such as DaemonSetUpdateStrategy.rollingUpdate()');
  }
}
