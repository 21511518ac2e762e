import { ApiObject, JsonPatch } from 'cdk8s';
import { kplus } from '../../src/_plus';
import { podTemplateJsonPointer } from '../../src/_pod-template';

/** The security context every container of this library's workloads gets by default. */
export const HARDENED = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
};

/** The resources of `QosPreset.defaults()`, as rendered. */
export const DEFAULT_RESOURCES = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
};

/** The containers and init containers of a pod spec. */
export const allContainers = (spec: any): any[] => [...spec.containers, ...(spec.initContainers ?? [])];

/** Makes a plain cdk8s-plus workload meet "restricted": the pod seccomp profile cdk8s-plus-27 cannot set. */
export function harden<T extends kplus.AbstractPod>(workload: T): T {
  const resource = ApiObject.of(workload);
  resource.addJsonPatch(JsonPatch.add(`${podTemplateJsonPointer(resource.kind)}/securityContext/seccompProfile`, { type: 'RuntimeDefault' }));
  return workload;
}
