import { kplus } from '../_plus';

/**
 * Kubernetes' name for every capability; cdk8s-plus-27's `Capability` enum
 * has no member for it.
 */
const DROP_ALL = 'ALL' as kplus.Capability;

/**
 * The container security context that makes a container meet the Pod
 * Security Standard "restricted" profile, merged under what the user set.
 */
export function hardenedSecurityContext(user: kplus.ContainerSecurityContextProps = {}): kplus.ContainerSecurityContextProps {
  return {
    ensureNonRoot: true,
    privileged: false,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    ...user,
    capabilities: user.capabilities ?? { drop: [DROP_ALL] },
  };
}

/** The pod-level seccomp profile cdk8s-plus-27 cannot express. */
export const RUNTIME_DEFAULT_SECCOMP = { type: 'RuntimeDefault' };
