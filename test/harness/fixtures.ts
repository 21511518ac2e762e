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

/** The message cdk8s throws for synth-time validation errors, each `[path] message`. */
export const validationFailed = (...errors: string[]) => `Validation failed with the following errors:\n  ${errors.join('\n  ')}`;

/** The containers and init containers of a pod spec. */
export const allContainers = (spec: any): any[] => [...spec.containers, ...(spec.initContainers ?? [])];
