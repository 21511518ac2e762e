import { Construct } from 'constructs';
import { kplus } from '../_plus';
import { checkDnsSubdomain } from '../_validate';
import { PodPolicy } from './_pod-policy';
import { PodOptions } from './pod-options';
import { QosPreset } from '../qos/qos-preset';

/**
 * Props of a {@link Deployment}.
 */
export interface DeploymentProps extends kplus.DeploymentProps, PodOptions {}

/**
 * A cdk8s-plus Deployment with this library's pod policy: every container is
 * hardened to the Pod Security Standard "restricted" profile, sized by a QoS
 * preset, and checked (unique DNS-1123 names, port ranges and clashes,
 * request ≤ limit) when it is added.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
export class Deployment extends kplus.Deployment {
  /** The QoS preset of this workload's pod. */
  public readonly qos: QosPreset;
  private readonly policy: PodPolicy;

  constructor(scope: Construct, id: string, props: DeploymentProps = {}) {
    super(scope, id, { ...props, containers: undefined, initContainers: undefined });
    if (props.metadata?.name !== undefined) checkDnsSubdomain(this, 'metadata.name', props.metadata.name);
    this.policy = PodPolicy.attach(this, props);
    this.qos = this.policy.qos;
    props.initContainers?.forEach(c => this.addInitContainer(c));
    props.containers?.forEach(c => this.addContainer(c));
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
    const props = this.policy.completeInitContainerProps(cont, this.initContainers.length);
    this.policy.checkUniqueName(this, props.name!);
    return super.addInitContainer(props);
  }
}
