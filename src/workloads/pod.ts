import { ApiObject, ApiObjectMetadataDefinition, Lazy, Names } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkNoGenerateName } from './_metadata';
import { checkPodProps } from './_props';
import { attachPolicy, checkAttached, containerProps, initContainerProps, speciesProps } from './_species';
import { fail, show } from '../_errors';
import { k8s, kplus, labelSelectorOf, PlusWorkloadInternals } from '../_plus';
import { PodOptions } from './pod-options';
import { QosPreset } from '../qos/qos-preset';

/**
 * Props of a {@link Pod}.
 */
export interface PodProps extends kplus.AbstractPodProps, PodOptions {}

/**
 * A bare Pod: one pod, run once, which nothing recreates when it fails or
 * its node goes (prefer a {@link Deployment} for a service, a {@link Job}
 * for a task; a bare pod suits a one-off debugging or smoke-test pod). The
 * same pod-building API and pod policy as every workload of this library:
 * hardened containers, a QoS preset, a Pod Security level, unique container
 * names, and the pod patterns, `Placement`, `Service` and `AllowTraffic`
 * take it like any other workload.
 *
 * It renders the `v1` Pod cdk8s-plus' `Pod` does, labelled with cdk8s'
 * address label, and selects itself by that label, as cdk8s-plus workloads
 * do: it is built on cdk8s-plus' `Workload` so that the constructs taking a
 * workload take it too.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/
 */
export class Pod extends kplus.Workload implements PlusWorkloadInternals {
  /** The kind's plural, as RBAC rules name it. */
  public readonly resourceType = 'pods';
  /** The QoS preset of the pod. */
  public readonly qos: QosPreset;
  /** @see base.Resource.apiObject */
  protected readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: PodProps = {}) {
    super(scope, id, { ...speciesProps(scope, id, props, checkBarePodProps), select: false, spread: false });
    this.apiObject = new k8s.KubePod(this, 'Resource', {
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toKube() }),
    });
    const address = { [kplus.Pod.ADDRESS_LABEL]: Names.toLabelValue(this) };
    this.metadata.addLabel(kplus.Pod.ADDRESS_LABEL, address[kplus.Pod.ADDRESS_LABEL]);
    this.select(kplus.LabelSelector.of({ labels: address }));
    if (this.isolate) this.connections.isolate();
    this.qos = attachPolicy(this, props).qos;
  }

  /** The metadata of the pod: a bare pod's own. */
  public get podMetadata(): ApiObjectMetadataDefinition {
    return this.metadata;
  }

  /** Adds a container, completed with this pod's QoS and security defaults. */
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

  /**
   * Adds label selectors, as a workload's: a Service or a NetworkPolicy
   * then selects the pod by them too. A bare pod is selected by its own
   * labels: each selector label must be one of `metadata.labels`, and
   * expressions are refused.
   */
  public select(...selectors: kplus.LabelSelector[]): void {
    const labels = this.metadata.toJson().labels ?? {};
    for (const selector of selectors) {
      const kube = labelSelectorOf(selector);
      if ((kube.matchExpressions ?? []).length > 0) {
        fail(this, 'select', 'must select the pod by labels only, got a selector with expressions; a bare pod has no selector of its own: select it by its labels');
      }
      for (const [key, value] of Object.entries(kube.matchLabels ?? {})) {
        if (labels[key] !== value) {
          fail(this, 'select', `must select labels the pod carries, got ${show(`${key}=${value}`)} while the pod has ${labels[key] === undefined ? `no label ${show(key)}` : show(`${key}=${labels[key]}`)}; add it to 'metadata.labels'`);
        }
      }
    }
    super.select(...selectors);
  }

  /** @internal */
  public _toKube(): k8s.PodSpec {
    return this._toPodSpec();
  }
}

/**
 * Checks a bare pod's props: the pod props every workload takes, none of a
 * pod template's, and no `generateName` (checked last: a bare pod's
 * `podMetadata` is refused whatever it holds).
 */
function checkBarePodProps(scope: IConstruct, props: PodProps): void {
  checkPodProps(scope, props);
  const template = props as { podMetadata?: unknown; select?: unknown; spread?: unknown };
  if (template.podMetadata !== undefined) {
    fail(scope, 'podMetadata', "is not allowed on a bare Pod, which has no pod template: give its labels and annotations in 'metadata'");
  }
  for (const field of ['select', 'spread'] as const) {
    if (template[field] !== undefined) fail(scope, field, `is not allowed on a bare Pod, which selects itself by its address label and runs once, got ${show(template[field])}`);
  }
  checkNoGenerateName(scope, props);
}
