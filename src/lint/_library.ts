import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { pathOf } from '../_paths';
import { LintObject } from './_model';
import { ClusterRole } from '../access/cluster-role';
import { LimitRange } from '../access/limit-range';
import { Namespace } from '../access/namespace';
import { ResourceQuota } from '../access/resource-quota';
import { Role } from '../access/role';
import { ServiceAccount } from '../access/service-account';
import { ImmutableConfigMap } from '../config/immutable-config-map';
import { Service } from '../network/service';
import { PodDisruptionBudget } from '../scaling/pod-disruption-budget';
import { CronJob } from '../workloads/cron-job';
import { DaemonSet } from '../workloads/daemon-set';
import { Deployment } from '../workloads/deployment';
import { Job } from '../workloads/job';
import { Pod } from '../workloads/pod';
import { ReplicaSet } from '../workloads/replica-set';
import { StatefulSet } from '../workloads/stateful-set';

/** The library's constructs whose objects get fixes in the library's terms. */
const LIBRARY_CLASSES: Function[] = [
  Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, ReplicaSet, Service, Namespace, ResourceQuota, LimitRange,
  ServiceAccount, Role, ClusterRole, ImmutableConfigMap, PodDisruptionBudget,
];

/** Whether a construct of this library (the object's own, or one it belongs to) produced the object. */
function isLibraryObject(object: ApiObject): boolean {
  for (let c: IConstruct | undefined = object; c; c = c.node.scope) {
    if (LIBRARY_CLASSES.some(cls => c instanceof cls)) return true;
  }
  return false;
}

/** The objects of a rendered app, in order, named by their construct paths. */
export function appObjects(rendered: readonly { readonly object: ApiObject; readonly manifest: any }[]): LintObject[] {
  return rendered.map((r, index) => ({ manifest: r.manifest, index, constructPath: pathOf(r.object), library: isLibraryObject(r.object) }));
}
