import { QosPreset } from '../qos/qos-preset';
import { PodSecurityLevel } from '../security/pod-security';

/**
 * Pod options shared by every workload of this library.
 */
export interface PodOptions {
  /**
   * The Quality of Service preset: resources given to every container of the
   * pod (init and helper containers included) that sets none of its own.
   * Synth fails when the rendered pod does not get this QoS class.
   *
   * @default QosPreset.defaults() - Burstable, requests 100m/128Mi, limits 500m/256Mi
   */
  readonly qos?: QosPreset;

  /**
   * The Pod Security Standard the pod must meet; synth fails otherwise.
   * Relax it only for pods that need it, such as node agents, and only in a
   * namespace whose `pod-security.kubernetes.io/enforce` label allows it.
   *
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly podSecurityLevel?: PodSecurityLevel;
}
