import { Construct } from 'constructs';
import { fail } from '../_errors';
import { k8s, kplus } from '../_plus';
import { checkInteger, checkLabels } from '../_validate';
import { PodPolicy } from './_pod-policy';
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
    return new DaemonSetUpdateStrategy(
      options.maxUnavailable ?? kplus.PercentOrAbsolute.absolute(1),
      options.maxSurge ?? kplus.PercentOrAbsolute.absolute(0),
    );
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

function checkPercentOrAbsolute(scope: Construct, field: string, v: kplus.PercentOrAbsolute | undefined): void {
  if (v === undefined) return;
  const percent = typeof v.value === 'string' ? /^(\d+)%$/.exec(v.value) : null;
  const ok = percent ? Number(percent[1]) <= 100 : Number.isInteger(v.value) && v.value >= 0;
  if (!ok) fail(scope, field, `must be a whole number of pods of at least 0 or a percentage within 0%-100%, got ${v.value}`);
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
export class DaemonSet extends kplus.DaemonSet {
  /** The QoS preset of this workload's pod. */
  public readonly qos: QosPreset;
  private readonly policy: PodPolicy;
  private readonly nodeSelector?: { [key: string]: string };
  private readonly updateStrategy: DaemonSetUpdateStrategy;
  private readonly revisionHistoryLimit: number;

  constructor(scope: Construct, id: string, props: DaemonSetProps = {}) {
    super(scope, id, PodPolicy.withoutContainers(props));
    this.policy = PodPolicy.attach(this, props);
    this.qos = this.policy.qos;
    if (props.nodeSelector) checkLabels(this, 'nodeSelector', props.nodeSelector);
    this.nodeSelector = props.nodeSelector;
    this.updateStrategy = props.updateStrategy ?? DaemonSetUpdateStrategy.rollingUpdate();
    const { maxSurge, maxUnavailable } = this.updateStrategy;
    checkPercentOrAbsolute(this, 'updateStrategy.maxSurge', maxSurge);
    checkPercentOrAbsolute(this, 'updateStrategy.maxUnavailable', maxUnavailable);
    if (maxSurge && maxUnavailable && !maxSurge.isZero() && !maxUnavailable.isZero()) {
      fail(this, 'updateStrategy', `must have 'maxSurge' or 'maxUnavailable' at 0 (a surge needs every node served), got maxSurge ${maxSurge.value} and maxUnavailable ${maxUnavailable.value}`);
    }
    if (maxSurge && maxUnavailable && maxSurge.isZero() && maxUnavailable.isZero()) {
      fail(this, 'updateStrategy', "must let 'maxSurge' or 'maxUnavailable' be above 0, or the update can never progress, got both 0");
    }
    this.revisionHistoryLimit = props.revisionHistoryLimit ?? 10;
    checkInteger(this, 'revisionHistoryLimit', this.revisionHistoryLimit, 1);
    this.policy.addInitialContainers(this, props);
  }

  /** Adds a container, completed with this workload's QoS and security defaults. */
  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addContainer(this.policy.completeContainerProps(cont, 'containers'));
  }

  /** Attaches a container, refusing a name already used in the pod. */
  public attachContainer(cont: kplus.Container): void {
    this.policy.checkUniqueName(this, cont.name);
    super.attachContainer(cont);
  }

  /** Adds an init container; init containers run in the order they are added. */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addInitContainer(this.policy.completeInitContainerProps(this, cont));
  }

  /** @internal */
  public _toKube(): k8s.DaemonSetSpec {
    const spec = super._toKube();
    return {
      ...spec,
      revisionHistoryLimit: this.revisionHistoryLimit,
      updateStrategy: this.updateStrategy._toKube(),
      template: { ...spec.template, spec: { ...spec.template.spec!, nodeSelector: this.nodeSelector } },
    };
  }
}
