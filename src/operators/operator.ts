import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { checkMetadata, checkPlainObject } from '../_boundary';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkImage, checkInteger, checkOptionalType, checkType } from '../_validate';
import { ICustomResourceDefinition } from './custom-resource-kind';
import { checkRoleRule } from '../access/_rules';
import { ClusterRole } from '../access/cluster-role';
import { Role } from '../access/role';
import { ServiceAccount } from '../access/service-account';
import { QosPreset } from '../qos/qos-preset';
import { DisruptionBudget, PodDisruptionBudget } from '../scaling/pod-disruption-budget';
import { Deployment } from '../workloads/deployment';

/** What else an operator's controller may do: verbs on resources, as RBAC grants them. */
export interface OperatorPermission {
  /** The verbs, e.g. `['get', 'list', 'watch']`; never `*`. */
  readonly verbs: string[];
  /** The resources, e.g. `kplus.ApiResource.CONFIG_MAPS`. */
  readonly resources: kplus.ApiResource[];
}

/** Props of an {@link Operator}. */
export interface OperatorProps {
  /** The kinds the controller reconciles. */
  readonly definitions: ICustomResourceDefinition[];
  /** The controller's container: image, args, env, ports, probes (its name defaults to `manager`). */
  readonly container: kplus.ContainerProps;
  /** Metadata of the controller's Deployment; its ServiceAccount and roles share the name and namespace. @default - a generated name */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Controller replicas. More than one needs leader election: the
   * controller gets Lease permissions in its namespace, and a
   * PodDisruptionBudget keeps one replica through drains.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Whether the controller watches its own namespace only: a Role instead
   * of a ClusterRole. Every kind it reconciles must then be namespaced.
   * @default false
   */
  readonly namespaced?: boolean;
  /** What else the controller reads or writes (e.g. the ConfigMaps and pods it watches). @default - none */
  readonly permissions?: OperatorPermission[];
  /** The controller's QoS preset. @default - the Deployment's default preset */
  readonly qos?: QosPreset;
}

/** What a controller does to the objects it reconciles, as controller-runtime and client-go informers need. */
const OWN_VERBS = ['get', 'list', 'watch', 'update', 'patch'];
const STATUS_VERBS = ['get', 'update', 'patch'];
/** Owner references with blockOwnerDeletion set a finalizer of the owner: update on `<plural>/finalizers`. */
const FINALIZER_VERBS = ['update'];
/** client-go's LeaseLock: get the Lease, create it, renew it. */
const LEASE_VERBS = ['get', 'create', 'update'];
const EVENT_VERBS = ['create', 'patch'];

/**
 * The operator pattern: a controller that reconciles custom resources. The
 * controller runs as the library's Deployment (hardened, QoS preset) with a
 * ServiceAccount of its own, whose ClusterRole (or Role, when `namespaced`)
 * grants exactly what a controller needs on its kinds (get, list, watch,
 * update, patch; status get, update, patch; finalizers update), recording
 * events, and what `permissions` adds; never a wildcard. With more than
 * one replica, it also gets the Lease permissions of leader election and a
 * PodDisruptionBudget. The CustomResourceDefinitions themselves are the
 * app's {@link CustomResourceDefinition}s, or a vendor's.
 *
 * @see https://kubernetes.io/docs/concepts/extend-kubernetes/operator/
 */
export class Operator extends Construct {
  /** The controller. */
  public readonly deployment: Deployment;
  /** The controller's identity. */
  public readonly serviceAccount: ServiceAccount;
  /** The permissions of the controller across namespaces, unless namespaced. */
  public readonly clusterRole?: ClusterRole;
  /** The permissions of the controller in its namespace: its kinds when namespaced, leader election with several replicas. */
  public readonly role?: Role;
  /** The disruption budget, with more than one replica. */
  public readonly podDisruptionBudget?: PodDisruptionBudget;

  constructor(scope: Construct, id: string, props: OperatorProps) {
    super(scope, id);
    checkPlainObject(this, 'props', props);
    checkType(this, 'definitions', props.definitions, 'array');
    if (props.definitions.length === 0) fail(this, 'definitions', 'must list at least one kind the controller reconciles, got none');
    props.definitions.forEach((d, i) => {
      if (typeof d?.apiVersionOf !== 'function' || typeof d.plural !== 'string') fail(this, `definitions[${i}]`, `must be a CustomResourceDefinition or an imported definition, got ${show(d)}`);
    });
    checkType(this, 'container', props.container, 'object');
    checkImage(this, 'container.image', props.container.image);
    checkMetadata(this, 'metadata', props.metadata);
    checkOptionalType(this, 'replicas', props.replicas, 'number');
    const replicas = props.replicas ?? 1;
    checkInteger(this, 'replicas', replicas, 1, 2 ** 31 - 1);
    checkOptionalType(this, 'namespaced', props.namespaced, 'boolean');
    checkOptionalType(this, 'permissions', props.permissions, 'array');
    const permissions = props.permissions ?? [];
    permissions.forEach((p, i) => {
      checkPlainObject(this, `permissions[${i}]`, p);
      checkType(this, `permissions[${i}].resources`, p.resources, 'array');
      checkRoleRule(this, `permissions[${i}]`, p.verbs, p.resources, false);
    });
    const clusterScoped = props.definitions.find(d => !d.namespaced);
    if (props.namespaced && clusterScoped) {
      fail(this, 'namespaced', `must be false when the controller reconciles a cluster-scoped kind, got true with ${clusterScoped.kind}.${clusterScoped.group}; a Role cannot grant cluster-scoped objects`);
    }
    const metadata = props.metadata ?? {};
    this.serviceAccount = new ServiceAccount(this, 'service-account', { metadata });
    this.deployment = new Deployment(this, 'controller', {
      metadata,
      replicas,
      qos: props.qos,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: true,
      containers: [{ name: 'manager', ...props.container }],
    });
    const grants: { verbs: string[]; resources: kplus.ApiResource[] }[] = [
      ...props.definitions.flatMap(d => [
        { verbs: OWN_VERBS, resources: [kplus.ApiResource.custom({ apiGroup: d.group, resourceType: d.plural })] },
        { verbs: STATUS_VERBS, resources: [kplus.ApiResource.custom({ apiGroup: d.group, resourceType: `${d.plural}/status` })] },
        { verbs: FINALIZER_VERBS, resources: [kplus.ApiResource.custom({ apiGroup: d.group, resourceType: `${d.plural}/finalizers` })] },
      ]),
      { verbs: EVENT_VERBS, resources: [kplus.ApiResource.custom({ apiGroup: '', resourceType: 'events' })] },
      ...permissions.map(p => ({ verbs: [...p.verbs], resources: [...p.resources] })),
    ];
    const namespace = this.deployment.metadata.namespace;
    if (namespace === undefined && !props.namespaced) {
      fail(this, 'metadata.namespace', "must be given, or the chart's namespace: the ClusterRoleBinding names the controller's ServiceAccount by its namespace, got none");
    }
    if (props.namespaced) {
      this.role = new Role(this, 'role', { metadata: { ...metadata, namespace } });
      for (const g of grants) this.role.allow(g.verbs, ...g.resources);
    } else {
      this.clusterRole = new ClusterRole(this, 'cluster-role', { metadata: { ...metadata, namespace: undefined } });
      for (const g of grants) this.clusterRole.allow(g.verbs, ...g.resources);
      this.clusterRole.bind(this.serviceAccount);
    }
    if (replicas > 1) {
      const role = this.role ?? new Role(this, 'leader-election', { metadata: { ...metadata, namespace, ...(metadata.name && { name: `${metadata.name}-leader-election` }) } });
      role.allow(LEASE_VERBS, kplus.ApiResource.custom({ apiGroup: 'coordination.k8s.io', resourceType: 'leases' }));
      this.role = role;
      this.podDisruptionBudget = new PodDisruptionBudget(this, 'disruption-budget', { workload: this.deployment, budget: DisruptionBudget.maxUnavailable(1) });
    }
    this.role?.bind(this.serviceAccount);
  }
}
