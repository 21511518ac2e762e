import { Size } from 'cdk8s';
import { QosPreset } from '../qos/qos-preset';
import { PriorityClass } from '../scheduling/priority-class';
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

  /**
   * The scheduling priority of the pods: a PriorityClass of the app. Name a
   * class created outside the app with `priorityClassName` instead.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
   * @default - the cluster's global default class, or priority 0 without one
   */
  readonly priorityClass?: PriorityClass;

  /**
   * The name of a PriorityClass created outside the app, such as
   * `system-cluster-critical` or `system-node-critical`, which Kubernetes
   * reserves for the pods of the `kube-system` namespace. Not with
   * `priorityClass`.
   *
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#priorityclass
   * @default - the cluster's global default class, or priority 0 without one
   */
  readonly priorityClassName?: string;

  /**
   * Pod condition types (qualified names such as `example.com/load-balancer-ready`)
   * that must be `True`, besides every container being ready, for the pod
   * to count as ready; a controller outside the pod, such as a cloud load
   * balancer's, sets them.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-readiness-gate
   * @default - none: the pod is ready when its containers are
   */
  readonly readinessGates?: string[];

  /**
   * Paths every container of the pod (init and helper containers included)
   * may write to although its root filesystem is read-only, which is this
   * library's secure default: each path is a pod-scoped emptyDir volume,
   * `writable-<path segments>` (`/var/cache/nginx` → `writable-var-cache-nginx`),
   * mounted read-write at that path in every container, and emptied when the
   * pod goes. Stock images need them: nginx writes `/var/cache/nginx` and
   * `/var/run` (`nginxinc/nginx-unprivileged` only `/tmp`), JVM apps such
   * as Spring Boot `/tmp`, most programs `/tmp`. Absolute paths, each listed
   * once, that no container mounts anything else at. A helper that alone
   * needs a writable path takes its own `writablePaths`.
   *
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
   * @default - none: nothing is writable but the volumes the containers mount
   */
  readonly writablePaths?: string[];

  /**
   * The size limit of each emptyDir of `writablePaths`; the pod is evicted
   * when one grows past it.
   *
   * @default Size.mebibytes(256)
   */
  readonly writablePathSizeLimit?: Size;
}
