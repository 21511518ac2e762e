import { ApiObjectMetadata, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { mountOnce } from '../_attach';
import { checkMetadata, checkPlainObject } from '../_boundary';
import { fail } from '../_errors';
import { kplus } from '../_plus';
import { checkAbsolutePath, checkDnsLabel, checkInstance, checkOneOf, checkPort } from '../_validate';
import { SideContainerOptions } from './side-container-options';
import { Service } from '../network/service';
import { checkSizeLimit } from '../qos/_amounts';
import { QosPreset } from '../qos/qos-preset';
import { PodSecurityLevel } from '../security/pod-security';
import { checkContainerProps } from '../workloads/_container-checks';
import { checkOptionalCount } from '../workloads/_props';
import { Deployment } from '../workloads/deployment';
import { PodOptions } from '../workloads/pod-options';

/**
 * One side of a {@link CqrsPod}: the command (write) model or the query (read) model.
 */
export interface CqrsSideOptions extends SideContainerOptions {}

/**
 * Props of a {@link CqrsPod}.
 */
export interface CqrsPodProps extends PodOptions {
  /** The command (write) side: container `command`, Service `<name>-command`. */
  readonly command: CqrsSideOptions;
  /** The query (read) side: container `query`, Service `<name>-query`. */
  readonly query: CqrsSideOptions;
  /**
   * Metadata of the Deployment. Its name, a DNS-1123 label, is also the base
   * name of the Services (`<name>-command`, `<name>-query`), which share its
   * namespace; its labels and annotations are the Deployment's only.
   * @default - the construct's id as the name, in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Number of pods.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Where both containers see the volume they share (the command side
   * writes, the query side reads).
   * @default '/var/lib/cqrs'
   */
  readonly sharedMountPath?: string;
  /**
   * Size limit of the shared emptyDir volume.
   * @default Size.mebibytes(256)
   */
  readonly sharedVolumeSizeLimit?: Size;
}

/**
 * The CQRS pod: a command container and a query container in one pod, each
 * with its own port, sharing a pod-scoped volume and localhost, and a Service
 * per side so that callers reach the right model.
 */
export class CqrsPod extends Construct {
  /** The Deployment that runs the pods. */
  public readonly workload: Deployment;
  /** The command (write) container. */
  public readonly commandContainer: kplus.Container;
  /** The query (read) container. */
  public readonly queryContainer: kplus.Container;
  /** The Service in front of the command side. */
  public readonly commandService: Service;
  /** The Service in front of the query side. */
  public readonly queryService: Service;

  constructor(scope: Construct, id: string, props: CqrsPodProps) {
    super(scope, id);
    checkPlainObject(this, 'props', props);
    checkMetadata(this, 'metadata', props.metadata, checkDnsLabel);
    const name = props.metadata?.name ?? id;
    checkDnsLabel(this, 'metadata.name', name);
    checkOptionalCount(this, 'replicas', props.replicas, 0);
    if (props.qos !== undefined) checkInstance(this, 'qos', props.qos, QosPreset, 'a QosPreset such as QosPreset.guaranteed(...)');
    if (props.podSecurityLevel !== undefined) checkOneOf(this, 'podSecurityLevel', props.podSecurityLevel, PodSecurityLevel);
    for (const side of ['command', 'query'] as const) {
      if (props[side] === undefined) fail(this, side, 'must be given: a CQRS pod needs both a command and a query side, got undefined');
      checkPlainObject(this, side, props[side]);
      checkPort(this, `${side}.port`, props[side].port);
      const { image, command, args, envVariables, resources } = props[side];
      checkContainerProps(this, prop => `${side}.${prop}`, { image, command, args, envVariables, resources });
    }
    if (props.command.port === props.query.port) {
      fail(this, 'query.port', `must differ from 'command.port', as both containers share the pod's network, got ${props.query.port} twice`);
    }
    if (props.sharedMountPath !== undefined) checkAbsolutePath(this, 'sharedMountPath', props.sharedMountPath);
    const sizeLimit = props.sharedVolumeSizeLimit === undefined ? Size.mebibytes(256) : checkSizeLimit(this, 'sharedVolumeSizeLimit', props.sharedVolumeSizeLimit);
    this.workload = new Deployment(this, 'Deployment', {
      metadata: { ...props.metadata, name },
      replicas: props.replicas ?? 2,
      qos: props.qos,
      podSecurityLevel: props.podSecurityLevel,
    });
    this.commandContainer = this.addSide('command', props.command);
    this.queryContainer = this.addSide('query', props.query);
    const volume = kplus.Volume.fromEmptyDir(this, 'SharedVolume', 'cqrs-shared', { sizeLimit });
    const mountPath = props.sharedMountPath ?? '/var/lib/cqrs';
    mountOnce(this, this.commandContainer, mountPath, volume, false);
    mountOnce(this, this.queryContainer, mountPath, volume, true);
    this.commandService = this.serviceFor('command', name, props.command.port);
    this.queryService = this.serviceFor('query', name, props.query.port);
  }

  private addSide(side: string, options: CqrsSideOptions): kplus.Container {
    return this.workload.addContainer({
      name: side,
      image: options.image,
      command: options.command,
      args: options.args,
      envVariables: options.envVariables,
      resources: options.resources,
      ports: [{ number: options.port, name: side }],
    });
  }

  private serviceFor(side: string, name: string, port: number): Service {
    return new Service(this, `${side}-service`, {
      workload: this.workload,
      metadata: { name: `${name}-${side}`, namespace: this.workload.metadata.namespace },
      ports: [{ name: side, port, targetPortName: side }],
    });
  }

}
