import { get, goodContainer, webPod } from './fixtures';
import { LintConfig } from '../../src';

/** A change to the good set, and the config to check it with. */
export interface Case {
  /** What the case is, after "fails when" or "passes when". */
  readonly when: string;
  readonly change: (set: any[]) => void;
  readonly config?: LintConfig;
}

/** A rule's failing case (with the message of its one finding of that rule) and passing case. */
export interface RuleCases {
  readonly id: string;
  readonly fails: Case & { readonly message: string };
  readonly passes: Case;
}

const web = (set: any[]) => webPod(set).containers[0];
const deployment = (set: any[]) => get(set, 'Deployment', 'web');
const remove = (set: any[], kind: string, name?: string) => set.splice(set.indexOf(get(set, kind, name)), 1);
const harden = (set: any[], change: (sc: any) => void) => {
  web(set).securityContext = { ...web(set).securityContext };
  change(web(set).securityContext);
};
const podSc = (set: any[], change: (sc: any) => void) => {
  webPod(set).securityContext = { ...webPod(set).securityContext };
  change(webPod(set).securityContext);
};
const DIGEST = 'sha256:0f5c3e5a1d8f1e6a4c1d2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f3e';
const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'rollouts.argoproj.io' },
  spec: {
    group: 'argoproj.io',
    scope: 'Namespaced',
    names: { kind: 'Rollout', plural: 'rollouts', singular: 'rollout', listKind: 'RolloutList' },
    versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
};
/** The web Deployment as an Argo Rollout (its replicas behind the same Service, budget and autoscaler left to the Deployment). */
const rolloutOf = (set: any[]) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'web-rollout', namespace: 'shop' },
  spec: { ...JSON.parse(JSON.stringify(deployment(set).spec)), replicas: 2, selector: { matchLabels: { app: 'web-rollout' } }, strategy: { canary: {} } },
});
const withRollout = (set: any[]) => {
  const rollout = rolloutOf(set);
  rollout.spec.template.metadata.labels = { app: 'web-rollout' };
  set.push(rollout);
};
const clusterRole = (rules: any[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules });
const binding = (kind: 'ClusterRoleBinding' | 'RoleBinding', role: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name: `to-${role}`, ...(kind === 'RoleBinding' ? { namespace: 'shop' } : {}) },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }],
});
const secondDeployment = (name: string, labels: { [key: string]: string }, selector = labels) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop' },
  spec: { replicas: 1, selector: { matchLabels: selector }, template: { metadata: { labels }, spec: goodPodOfWorker() } },
});
const goodPodOfWorker = () => ({
  automountServiceAccountToken: false,
  securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [{ ...goodContainer('worker', 'ghcr.io/acme/worker:1.0.0'), livenessProbe: { exec: { command: ['true'] } } }],
});

export const RULE_CASES: RuleCases[] = [
  {
    id: 'DP-VALID-001',
    fails: { when: 'a Deployment has negative replicas', change: s => { deployment(s).spec.replicas = -1; }, message: "'spec.replicas' must be at least 0, got -1; change the field so that a Kubernetes 1.26 API server accepts it" },
    passes: { when: 'a Deployment has 3 replicas', change: s => { deployment(s).spec.replicas = 3; } },
  },
  {
    id: 'DP-VALID-002',
    fails: { when: 'an Argo Rollout comes without its CustomResourceDefinition', change: withRollout, message: "'kind' is not defined by any CustomResourceDefinition among the objects, got 'Rollout' of group 'argoproj.io'; lint the CustomResourceDefinition's manifest with the object (add its file to the paths)" },
    passes: { when: 'the Rollout comes with its CustomResourceDefinition', change: s => { withRollout(s); s.push(CRD); } },
  },
  {
    id: 'DP-VALID-003',
    fails: { when: 'a suppression annotation has no reason', change: s => { deployment(s).metadata.annotations = { 'lint.cdk8s-patterns.io/ignore-DP-AVAIL-001': ' ' }; }, message: "'metadata.annotations['lint.cdk8s-patterns.io/ignore-DP-AVAIL-001']' must give the reason the finding is accepted, got ' '; the suppression does not apply; write why the finding is accepted as the annotation's value" },
    passes: { when: 'the suppression annotation gives a reason', change: s => { deployment(s).metadata.annotations = { 'lint.cdk8s-patterns.io/ignore-DP-AVAIL-001': 'scaled by the autoscaler' }; } },
  },
  {
    id: 'DP-IDEMPOTENT-001',
    fails: { when: 'an image has no tag', change: s => { web(s).image = 'ghcr.io/acme/web'; }, message: "'spec.template.spec.containers[0].image' must name a version (a tag such as ':1.4.2', or a digest), got 'ghcr.io/acme/web' for container 'web', which means 'latest'; pin the image to a release tag, or to a digest (image@sha256:...)" },
    passes: { when: 'an image on a registry with a port has a tag', change: s => { web(s).image = 'registry.local:5000/acme/web:1.2.3'; } },
  },
  {
    id: 'DP-IDEMPOTENT-002',
    fails: { when: "an image is tagged 'latest'", change: s => { web(s).image = 'ghcr.io/acme/web:latest'; }, message: "'spec.template.spec.containers[0].image' must not be tagged 'latest', got 'ghcr.io/acme/web:latest' for container 'web'; pin the image to a release tag, or to a digest (image@sha256:...)" },
    passes: { when: "an image tagged 'latest' is pinned by a digest", change: s => { web(s).image = `ghcr.io/acme/web:latest@${DIGEST}`; } },
  },
  {
    id: 'DP-IMMUTABLE-001',
    fails: { when: 'digests are required and an image has a tag only', change: () => undefined, config: { rules: { 'DP-IMMUTABLE-001': true } }, message: "'spec.template.spec.containers[0].image' must be pinned by a digest, got 'ghcr.io/acme/web:1.2.3' for container 'web'; append the digest of the image the tag points to (image:tag@sha256:...)" },
    passes: { when: 'digests are required and every image has one', change: s => { for (const c of webPod(s).containers) c.image = `${c.image}@${DIGEST}`; }, config: { rules: { 'DP-IMMUTABLE-001': true } } },
  },
  {
    id: 'DP-IMMUTABLE-002',
    fails: { when: 'an image pinned by a digest is pulled Always', change: s => { web(s).image = `ghcr.io/acme/web@${DIGEST}`; web(s).imagePullPolicy = 'Always'; }, message: "'spec.template.spec.containers[0].imagePullPolicy' must not be 'Always' for an image pinned by a digest, got 'Always' for container 'web' ('ghcr.io/acme/web@sha256:0f5c3e5a1d8f1e6a4c1d2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f3e'); set imagePullPolicy to IfNotPresent, or leave it unset (Kubernetes then picks IfNotPresent for a digest)" },
    passes: { when: 'an image pinned by a digest is pulled IfNotPresent', change: s => { web(s).image = `ghcr.io/acme/web@${DIGEST}`; } },
  },
  {
    id: 'DP-IMMUTABLE-003',
    fails: { when: 'a mutable ConfigMap is read as environment variables', change: s => { get(s, 'ConfigMap', 'web-config-5g7h8k').immutable = false; }, message: "'spec.template.spec.containers[0].envFrom[0].configMapRef.name' names the mutable ConfigMap 'web-config-5g7h8k', read when the container starts, got a ConfigMap without 'immutable: true'; a change reaches only pods started after it; make the ConfigMap immutable with a hash of its data in its name (kustomize's configMapGenerator does it), so that a change rolls the pods" },
    passes: { when: 'the ConfigMap read as environment variables is immutable', change: () => undefined },
  },
  {
    id: 'DP-IMMUTABLE-004',
    fails: { when: 'a mutable ConfigMap is mounted as files', change: s => { delete get(s, 'ConfigMap', 'web-settings-2b4d6f').immutable; }, message: "'spec.template.spec.volumes[2].configMap.name' names the mutable ConfigMap 'web-settings-2b4d6f', whose files change in running pods, got a ConfigMap without 'immutable: true'; if the app reads the files only at startup, make the ConfigMap immutable with a hash of its data in its name; if it re-reads them, suppress this finding saying so" },
    passes: { when: 'the mounted ConfigMap is immutable', change: () => undefined },
  },
  {
    id: 'DP-IMMUTABLE-005',
    fails: { when: 'a hostPath volume is mounted writable', change: s => { webPod(s).volumes[1] = { name: 'logs', hostPath: { path: '/var/log/web' } }; }, message: "'spec.template.spec.volumes[1].hostPath' must not be mounted writable, got volume 'logs' on the node's '/var/log/web' mounted without readOnly; mount it with readOnly: true, or keep the state in a PersistentVolumeClaim (scratch space in an emptyDir)" },
    passes: {
      when: 'every container mounts the hostPath volume read-only',
      change: s => {
        webPod(s).volumes[1] = { name: 'logs', hostPath: { path: '/var/log/web' } };
        web(s).volumeMounts[1].readOnly = true;
      },
    },
  },
  {
    id: 'DP-ATTACK-001',
    fails: { when: 'a pod uses the host network', change: s => { webPod(s).hostNetwork = true; }, message: "'spec.template.spec.hostNetwork' breaks the Pod Security Standard 'baseline' (hostNamespaces): pod must leave hostNetwork unset or false, got true; leave hostNetwork, hostPID and hostIPC unset; keep a workload that needs it in a namespace whose pod-security.kubernetes.io/enforce label allows it, and suppress this finding with the reason" },
    passes: { when: 'a pod sets hostNetwork to false', change: s => { webPod(s).hostNetwork = false; } },
  },
  {
    id: 'DP-ATTACK-002',
    fails: { when: 'a container is privileged', change: s => harden(s, c => { c.privileged = true; }), message: "'spec.template.spec.containers[0].securityContext.privileged' breaks the Pod Security Standard 'baseline' (privileged): container 'web' must leave securityContext.privileged unset or false, got true; leave securityContext.privileged unset or false, and add only the capabilities the process needs; keep a workload that needs it in a namespace whose pod-security.kubernetes.io/enforce label allows it, and suppress this finding with the reason" },
    passes: { when: 'a container sets privileged to false', change: s => harden(s, c => { c.privileged = false; }) },
  },
  {
    id: 'DP-ATTACK-003',
    fails: { when: 'a container adds SYS_ADMIN', change: s => harden(s, c => { c.capabilities = { drop: ['ALL'], add: ['SYS_ADMIN'] }; }), message: "'spec.template.spec.containers[0].securityContext.capabilities.add' breaks the Pod Security Standard 'baseline' (capabilities): container 'web' may only add the baseline capabilities (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT) to securityContext.capabilities.add, got SYS_ADMIN; add only capabilities of the baseline set (e.g. NET_BIND_SERVICE, CHOWN); keep a workload that needs it in a namespace whose pod-security.kubernetes.io/enforce label allows it, and suppress this finding with the reason" },
    passes: { when: 'a container adds NET_BIND_SERVICE', change: s => harden(s, c => { c.capabilities = { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }; }) },
  },
  {
    id: 'DP-ATTACK-004',
    fails: { when: 'a pod has a hostPath volume', change: s => { webPod(s).volumes[0] = { name: 'tmp', hostPath: { path: '/tmp' } }; }, message: "'spec.template.spec.volumes[0].hostPath' breaks the Pod Security Standard 'baseline' (hostPathVolumes): volume 'tmp' must not be a hostPath volume, got hostPath '/tmp'; use a PersistentVolumeClaim or an emptyDir; keep a workload that needs it in a namespace whose pod-security.kubernetes.io/enforce label allows it, and suppress this finding with the reason" },
    passes: { when: 'the volume is an emptyDir', change: () => undefined },
  },
  {
    id: 'DP-ATTACK-005',
    fails: { when: 'a container binds a host port', change: s => { web(s).ports[0].hostPort = 8080; }, message: "'spec.template.spec.containers[0].ports[0].hostPort' breaks the Pod Security Standard 'baseline' (hostPorts): container 'web' must leave ports[0].hostPort unset or 0, got 8080; leave hostPort unset and expose the port through a Service" },
    passes: { when: 'a container binds no host port', change: () => undefined },
  },
  {
    id: 'DP-ATTACK-006',
    fails: { when: 'a pod runs unconfined by AppArmor', change: s => { deployment(s).spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/web': 'unconfined' }; }, message: "'spec.template.metadata.annotations['container.apparmor.security.beta.kubernetes.io/web']' breaks the Pod Security Standard 'baseline' (appArmorProfile): annotation 'container.apparmor.security.beta.kubernetes.io/web' must be 'runtime/default' or 'localhost/<profile>', got 'unconfined'; set the AppArmor annotation to 'runtime/default' or 'localhost/<profile>', or remove it" },
    passes: { when: "a pod's AppArmor profile is runtime/default", change: s => { deployment(s).spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/web': 'runtime/default' }; } },
  },
  {
    id: 'DP-ATTACK-007',
    fails: { when: 'a container sets an SELinux user', change: s => harden(s, c => { c.seLinuxOptions = { user: 'sysadm_u' }; }), message: "'spec.template.spec.containers[0].securityContext.seLinuxOptions.user' breaks the Pod Security Standard 'baseline' (seLinuxOptions): container 'web' must leave securityContext.seLinuxOptions.user unset, got 'sysadm_u'; leave seLinuxOptions.user and role unset, and the type unset or one of container_t, container_init_t, container_kvm_t" },
    passes: { when: 'a container sets the SELinux type container_t', change: s => harden(s, c => { c.seLinuxOptions = { type: 'container_t' }; }) },
  },
  {
    id: 'DP-ATTACK-008',
    fails: { when: 'a container unmasks /proc', change: s => harden(s, c => { c.procMount = 'Unmasked'; }), message: "'spec.template.spec.containers[0].securityContext.procMount' breaks the Pod Security Standard 'baseline' (procMount): container 'web' must leave securityContext.procMount unset or 'Default', got 'Unmasked'; leave securityContext.procMount unset or 'Default'" },
    passes: { when: "a container's procMount is Default", change: s => harden(s, c => { c.procMount = 'Default'; }) },
  },
  {
    id: 'DP-ATTACK-009',
    fails: { when: 'a pod turns seccomp off', change: s => podSc(s, p => { p.seccompProfile = { type: 'Unconfined' }; }), message: "'spec.template.spec.securityContext.seccompProfile.type' breaks the Pod Security Standard 'baseline' (seccompProfile): pod must not set securityContext.seccompProfile.type to 'Unconfined', got 'Unconfined'; set securityContext.seccompProfile.type to 'RuntimeDefault'" },
    passes: { when: 'a pod uses a localhost seccomp profile', change: s => podSc(s, p => { p.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/web.json' }; }) },
  },
  {
    id: 'DP-ATTACK-010',
    fails: { when: 'a pod sets an unsafe sysctl', change: s => podSc(s, p => { p.sysctls = [{ name: 'kernel.msgmax', value: '65536' }]; }), message: "'spec.template.spec.securityContext.sysctls[0].name' breaks the Pod Security Standard 'baseline' (sysctls): pod may only set the safe sysctls (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range), got 'kernel.msgmax'; set only the safe sysctls, or configure the node instead" },
    passes: { when: 'a pod sets a safe sysctl', change: s => podSc(s, p => { p.sysctls = [{ name: 'net.ipv4.tcp_syncookies', value: '1' }]; }) },
  },
  {
    id: 'DP-ATTACK-011',
    fails: { when: 'a container is a Windows HostProcess container', change: s => harden(s, c => { c.windowsOptions = { hostProcess: true }; }), message: "'spec.template.spec.containers[0].securityContext.windowsOptions.hostProcess' breaks the Pod Security Standard 'baseline' (windowsHostProcess): container 'web' must leave securityContext.windowsOptions.hostProcess unset or false, got true; leave windowsOptions.hostProcess unset; keep a workload that needs it in a namespace whose pod-security.kubernetes.io/enforce label allows it, and suppress this finding with the reason" },
    passes: { when: 'a container sets hostProcess to false', change: s => harden(s, c => { c.windowsOptions = { hostProcess: false }; }) },
  },
  {
    id: 'DP-ATTACK-012',
    fails: { when: 'a pod mounts an NFS volume', change: s => { webPod(s).volumes[0] = { name: 'tmp', nfs: { server: 'nfs.local', path: '/exports/tmp' } }; }, message: "'spec.template.spec.volumes[0].nfs' breaks the Pod Security Standard 'restricted' (volumeTypes): volume 'tmp' must be of type configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret, got nfs; use configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret volumes (a PersistentVolumeClaim for other storage)" },
    passes: { when: 'the pod mounts a PersistentVolumeClaim', change: s => { webPod(s).volumes[0] = { name: 'tmp', persistentVolumeClaim: { claimName: 'tmp' } }; } },
  },
  {
    id: 'DP-ATTACK-013',
    fails: { when: 'a container may escalate privileges', change: s => harden(s, c => { delete c.allowPrivilegeEscalation; }), message: "'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation' breaks the Pod Security Standard 'restricted' (allowPrivilegeEscalation): container 'web' must set securityContext.allowPrivilegeEscalation to false, got undefined; set securityContext.allowPrivilegeEscalation: false on every container" },
    passes: { when: 'every container sets allowPrivilegeEscalation to false', change: () => undefined },
  },
  {
    id: 'DP-ATTACK-014',
    fails: { when: 'a container sets runAsNonRoot to false', change: s => harden(s, c => { c.runAsNonRoot = false; }), message: "'spec.template.spec.containers[0].securityContext.runAsNonRoot' breaks the Pod Security Standard 'restricted' (runAsNonRoot): container 'web' must set securityContext.runAsNonRoot to true, got false; set securityContext.runAsNonRoot: true (on the pod or every container), with a non-root runAsUser if the image has no non-root user" },
    passes: { when: 'a container inherits runAsNonRoot from the pod', change: s => harden(s, c => { delete c.runAsNonRoot; }) },
  },
  {
    id: 'DP-ATTACK-015',
    fails: { when: 'a container runs as user 0', change: s => harden(s, c => { c.runAsUser = 0; }), message: "'spec.template.spec.containers[0].securityContext.runAsUser' breaks the Pod Security Standard 'restricted' (runAsUser): container 'web' must set securityContext.runAsUser to a non-zero user id or leave it unset, got 0; set securityContext.runAsUser to a non-zero user id" },
    passes: { when: 'a container runs as user 1000', change: s => harden(s, c => { c.runAsUser = 1000; }) },
  },
  {
    id: 'DP-ATTACK-016',
    fails: { when: 'a pod has no seccomp profile', change: s => podSc(s, p => { delete p.seccompProfile; }), message: "'spec.template.spec.containers[0].securityContext.seccompProfile.type' breaks the Pod Security Standard 'restricted' (seccompProfile): container 'web' must set securityContext.seccompProfile.type to 'RuntimeDefault' or 'Localhost' (or the pod must), got undefined; set the pod's securityContext.seccompProfile.type to 'RuntimeDefault'" },
    passes: {
      when: 'every container sets the RuntimeDefault profile itself',
      change: s => {
        podSc(s, p => { delete p.seccompProfile; });
        for (const c of webPod(s).containers) c.securityContext = { ...c.securityContext, seccompProfile: { type: 'RuntimeDefault' } };
      },
    },
  },
  {
    id: 'DP-ATTACK-017',
    fails: { when: 'a container drops no capabilities', change: s => harden(s, c => { c.capabilities = { drop: ['NET_RAW'] }; }), message: "'spec.template.spec.containers[0].securityContext.capabilities.drop' breaks the Pod Security Standard 'restricted' (capabilities): container 'web' must drop ALL in securityContext.capabilities.drop, got [\"NET_RAW\"]; set securityContext.capabilities.drop: ['ALL'] and add at most NET_BIND_SERVICE" },
    passes: { when: 'a container drops ALL and adds NET_BIND_SERVICE', change: s => harden(s, c => { c.capabilities = { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }; }) },
  },
  {
    id: 'DP-ATTACK-018',
    fails: { when: 'a container has a writable root filesystem', change: s => harden(s, c => { c.readOnlyRootFilesystem = false; }), message: "'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem' must be true, got false for container 'web'; set securityContext.readOnlyRootFilesystem: true, and mount an emptyDir at each path the program writes (/tmp, caches)" },
    passes: { when: 'every container has a read-only root filesystem', change: () => undefined },
  },
  {
    id: 'DP-ATTACK-019',
    fails: { when: 'a pod mounts the token of a service account granted nothing', change: s => { webPod(s).automountServiceAccountToken = true; remove(s, 'RoleBinding'); }, message: "'spec.template.spec.automountServiceAccountToken' must be false where no RoleBinding or ClusterRoleBinding among the objects grants the service account 'web' anything, got true: the pod carries an API token it has no use for; set automountServiceAccountToken: false on the pod (or on its ServiceAccount), or bind the ServiceAccount to the Role it needs" },
    passes: { when: 'the pod mounts the token of a service account bound to a Role', change: s => { webPod(s).automountServiceAccountToken = true; } },
  },
  {
    id: 'DP-ATTACK-020',
    fails: { when: 'a Role grants every verb', change: s => { get(s, 'Role').rules[0].verbs = ['*']; }, message: "'rules[0].verbs' must name each verb, got [\"*\"]; replace '*' with the verbs the subject needs" },
    passes: { when: 'a Role names its verbs', change: s => { get(s, 'Role').rules[0].verbs = ['get', 'watch']; } },
  },
  {
    id: 'DP-ATTACK-021',
    fails: { when: 'a Role grants bind and impersonate', change: s => { get(s, 'Role').rules[0].verbs = ['get', 'bind', 'impersonate']; }, message: "'rules[0].verbs' must not grant bind, impersonate, got [\"get\",\"bind\",\"impersonate\"]; remove the verbs; a controller that must create bindings should be granted bind on the named roles only (resourceNames)" },
    passes: { when: 'a Role grants get and list', change: s => { get(s, 'Role').rules[0].verbs = ['get', 'list']; } },
  },
  {
    id: 'DP-ATTACK-022',
    fails: { when: 'a ClusterRoleBinding grants a role that lists Secrets', change: s => { s.push(clusterRole([{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }]), binding('ClusterRoleBinding', 'reader')); }, message: "'roleRef.name' must not grant reading Secrets in every namespace, got ClusterRole 'reader', which reads them; bind the role with a RoleBinding in the namespaces that need it, or narrow the rule with resourceNames" },
    passes: { when: 'a RoleBinding grants the role in one namespace', change: s => { s.push(clusterRole([{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }]), binding('RoleBinding', 'reader')); } },
  },
  {
    id: 'DP-ATTACK-023',
    fails: { when: 'a ClusterRoleBinding binds cluster-admin', change: s => { s.push(binding('ClusterRoleBinding', 'cluster-admin')); }, message: "'roleRef.name' must not bind 'cluster-admin', got 'cluster-admin'; bind a role that grants the verbs and resources the subject needs" },
    passes: { when: 'a ClusterRoleBinding binds view', change: s => { s.push(binding('ClusterRoleBinding', 'view')); } },
  },
  {
    id: 'DP-ATTACK-024',
    fails: { when: 'a NodePort Service is in a namespace without a NetworkPolicy', change: s => { get(s, 'Service').spec.type = 'NodePort'; remove(s, 'NetworkPolicy'); }, message: "'spec.type' must be ClusterIP in namespace 'shop', which has no NetworkPolicy, got 'NodePort'; add a default-deny NetworkPolicy to the namespace and allow the traffic the Service needs, or make the Service ClusterIP behind an Ingress" },
    passes: { when: 'the NodePort Service is in a namespace with a NetworkPolicy', change: s => { get(s, 'Service').spec.type = 'NodePort'; } },
  },
  {
    id: 'DP-ATTACK-025',
    fails: { when: 'a password is written in an environment variable', change: s => { web(s).env = [{ name: 'DB_PASSWORD', value: 'hunter2' }]; }, message: "'spec.template.spec.containers[0].env[0].value' must not hold a secret, got a literal value for 'DB_PASSWORD' of container 'web'; put the value in a Secret created outside the manifests and read it with valueFrom.secretKeyRef" },
    passes: { when: 'an environment variable names the password file', change: s => { web(s).env = [{ name: 'DB_PASSWORD_FILE', value: '/run/secrets/db' }]; } },
  },
  {
    id: 'DP-ATTACK-026',
    fails: { when: 'a Secret holds data', change: s => { s.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, data: { password: 'aHVudGVyMg==' } }); }, message: "'data' must not hold secret values in the manifests, got the keys 'password'; create the Secret outside the manifests (kubectl, a sealed or external secret) and refer to it by name" },
    passes: { when: 'a Secret holds no data', change: s => { s.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, type: 'Opaque' }); } },
  },
  {
    id: 'DP-SMALL-001',
    fails: { when: 'an image is a full python image', change: s => { web(s).image = 'docker.io/library/python:3.12'; }, message: "'spec.template.spec.containers[0].image' must be a small image, got 'docker.io/library/python:3.12' for container 'web', a full python image; run python:<version>-slim or python:<version>-alpine" },
    passes: { when: 'the image is python slim', change: s => { web(s).image = 'python:3.12-slim'; } },
  },
  {
    id: 'DP-STARTUP-001',
    fails: { when: 'the serving container has no readiness probe', change: s => { delete web(s).readinessProbe; }, message: "'spec.template.spec.containers[0].readinessProbe' must be set for container 'web', which serves port 8080, got none; add a readinessProbe that answers only when the container can serve" },
    passes: { when: 'only a helper without ports has no readiness probe', change: () => undefined },
  },
  {
    id: 'DP-STARTUP-002',
    fails: { when: 'the main container has no liveness probe', change: s => { delete web(s).livenessProbe; }, message: "'spec.template.spec.containers[0].livenessProbe' must be set for container 'web', the main container, got none; add a livenessProbe that fails only when a restart would help" },
    passes: { when: 'a Job has no liveness probe', change: s => { s.push({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'shop' }, spec: { template: { spec: { ...goodPodOfWorker(), restartPolicy: 'Never', containers: [goodContainer('migrate', 'ghcr.io/acme/web:1.2.3')] } } } }); } },
  },
  {
    id: 'DP-STARTUP-003',
    fails: { when: 'a liveness probe waits 60 s without a startup probe', change: s => { delete web(s).startupProbe; web(s).livenessProbe = { ...web(s).livenessProbe, initialDelaySeconds: 60 }; }, message: "'spec.template.spec.containers[0].livenessProbe.initialDelaySeconds' must be below 30 without a startupProbe, got 60 for container 'web'; add a startupProbe (failureThreshold x periodSeconds covering the slowest start) and drop the initialDelaySeconds" },
    passes: { when: 'the liveness probe waits 60 s with a startup probe', change: s => { web(s).livenessProbe = { ...web(s).livenessProbe, initialDelaySeconds: 60 }; } },
  },
  {
    id: 'DP-STARTUP-004',
    fails: { when: 'the liveness probe is the readiness probe', change: s => { web(s).livenessProbe = { ...web(s).readinessProbe, failureThreshold: 5 }; }, message: "'spec.template.spec.containers[0].livenessProbe' must check something other than the readiness probe, got the same check for container 'web'; let liveness check only that the process responds (e.g. /healthz), and readiness that it can serve (e.g. /ready)" },
    passes: { when: 'the probes check different endpoints', change: () => undefined },
  },
  {
    id: 'DP-STARTUP-005',
    fails: { when: 'an image pinned to a version is pulled Always', change: s => { web(s).imagePullPolicy = 'Always'; }, message: "'spec.template.spec.containers[0].imagePullPolicy' must be IfNotPresent for the pinned image 'ghcr.io/acme/web:1.2.3', got 'Always' for container 'web'; set imagePullPolicy: IfNotPresent, or leave it unset" },
    passes: { when: 'the pinned image is pulled IfNotPresent', change: () => undefined },
  },
  {
    id: 'DP-STARTUP-006',
    fails: { when: 'a probe names a port the container does not declare', change: s => { web(s).readinessProbe = { httpGet: { path: '/ready', port: 'web' } }; }, message: "'spec.template.spec.containers[0].readinessProbe.httpGet.port' must name a port of container 'web' (http), got 'web'; name the port in the container's ports, or probe the port by number" },
    passes: { when: 'the probe names a port the container declares', change: s => { web(s).readinessProbe = { httpGet: { path: '/ready', port: 'http' } }; } },
  },
  {
    id: 'DP-FRUGAL-001',
    fails: { when: 'a container requests nothing and no LimitRange gives defaults', change: s => { remove(s, 'LimitRange'); delete web(s).resources.requests; web(s).resources = { limits: { memory: '256Mi' } }; }, message: "'spec.template.spec.containers[0].resources.requests' must request cpu, got undefined for container 'web' (and no LimitRange default); set resources.requests.cpu and .memory to what the container uses under normal load" },
    passes: { when: "a container requests nothing but the namespace's LimitRange gives defaults", change: s => { delete web(s).resources; } },
  },
  {
    id: 'DP-FRUGAL-002',
    fails: { when: 'a container has no memory limit and no LimitRange gives one', change: s => { remove(s, 'LimitRange'); web(s).resources = { requests: { cpu: '100m', memory: '128Mi' } }; }, message: "'spec.template.spec.containers[0].resources.limits.memory' must be set, got undefined for container 'web' (and no LimitRange default); set resources.limits.memory" },
    passes: { when: "the namespace's LimitRange gives the memory limit", change: s => { web(s).resources = { requests: { cpu: '100m', memory: '128Mi' } }; } },
  },
  {
    id: 'DP-FRUGAL-003',
    fails: { when: 'a CPU limit is 10 times the request', change: s => { web(s).resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } }; }, message: "'spec.template.spec.containers[0].resources.limits.cpu' must be at most 5 times the request (100m), got '1' for container 'web'; raise the request to what the container uses, or lower the limit" },
    passes: { when: 'the CPU limit is 10 times the request and the config allows 10', change: s => { web(s).resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } }; }, config: { maxLimitToRequestRatio: 10 } },
  },
  {
    id: 'DP-FRUGAL-004',
    fails: { when: 'a BestEffort pod is in a namespace with a ResourceQuota', change: s => { remove(s, 'LimitRange'); for (const c of webPod(s).containers) delete c.resources; }, message: "'spec.template.spec.containers' must request resources in namespace 'shop', which has a ResourceQuota, got a BestEffort pod; give every container requests and limits" },
    passes: { when: 'the BestEffort pod is in a namespace without a ResourceQuota', change: s => { remove(s, 'LimitRange'); remove(s, 'ResourceQuota'); for (const c of webPod(s).containers) delete c.resources; } },
  },
  {
    id: 'DP-FRUGAL-005',
    fails: { when: 'a Namespace has no ResourceQuota', change: s => { remove(s, 'ResourceQuota'); }, message: "'metadata.name' must have a ResourceQuota, got namespace 'shop' without one; add a ResourceQuota on requests.cpu, requests.memory and pods to the namespace" },
    passes: { when: 'the Namespace has a ResourceQuota', change: () => undefined },
  },
  {
    id: 'DP-FRUGAL-006',
    fails: { when: 'a Namespace has no LimitRange', change: s => { remove(s, 'LimitRange'); }, message: "'metadata.name' must have a LimitRange, got namespace 'shop' without one; add a LimitRange with default requests and limits for containers" },
    passes: { when: 'the Namespace has a LimitRange', change: () => undefined },
  },
  {
    id: 'DP-FRUGAL-007',
    fails: { when: 'the pods request more CPU than the quota holds', change: s => { get(s, 'ResourceQuota').spec.hard['requests.cpu'] = '300m'; }, message: "'spec.hard['requests.cpu']' must hold the cpu requests of the pods of namespace 'shop' at their declared replicas, got '300m' while they come to 400m (2 pods); raise the quota, or lower the requests, limits or replicas of the workloads; Kubernetes refuses the pods that do not fit" },
    passes: { when: 'the quota holds exactly what the pods request', change: s => { get(s, 'ResourceQuota').spec.hard['requests.cpu'] = '400m'; } },
  },
  {
    id: 'DP-FRUGAL-008',
    fails: { when: 'an emptyDir has no sizeLimit', change: s => { webPod(s).volumes[0] = { name: 'tmp', emptyDir: {} }; }, message: "'spec.template.spec.volumes[0].emptyDir' must set a sizeLimit, got volume 'tmp' without one; set emptyDir.sizeLimit to what the pod may write there" },
    passes: { when: 'every emptyDir has a sizeLimit', change: () => undefined },
  },
  {
    id: 'DP-COHESION-001',
    fails: {
      when: 'a pod has 5 containers',
      change: s => {
        for (const n of ['a', 'b', 'c']) webPod(s).containers.push({ ...goodContainer(`helper-${n}`, 'fluent/fluent-bit:2.2.2'), volumeMounts: [{ name: 'logs', mountPath: '/logs' }] });
      },
      message: "'spec.template.spec.containers' must hold at most 4 containers, got 5; move the containers that do not share the main container's lifecycle into workloads of their own",
    },
    passes: {
      when: 'a pod has 5 containers and the config allows 5',
      change: s => {
        for (const n of ['a', 'b', 'c']) webPod(s).containers.push({ ...goodContainer(`helper-${n}`, 'fluent/fluent-bit:2.2.2'), volumeMounts: [{ name: 'logs', mountPath: '/logs' }] });
      },
      config: { maxContainersPerPod: 5 },
    },
  },
  {
    id: 'DP-COHESION-002',
    fails: { when: 'a helper shares neither a volume nor a port with the main container', change: s => { webPod(s).containers[1].volumeMounts = []; }, message: "'spec.template.spec.containers[1]' must share a volume or a localhost port with the main container 'web', got container 'log-shipper', which shares neither; run the helper as a workload of its own (it scales, fails and rolls out on its own), or share what it works on through a volume" },
    passes: {
      when: "a helper calls the main container's port on localhost",
      change: s => {
        webPod(s).containers[1].volumeMounts = [];
        webPod(s).containers[1].args = ['--scrape', 'http://localhost:8080/metrics'];
      },
    },
  },
  {
    id: 'DP-COUPLING-001',
    fails: { when: "a workload's selector matches another workload's pods", change: s => { s.push(secondDeployment('web-canary', { app: 'web', track: 'canary' })); }, message: "'spec.selector' must select only its own pods, got a selector that matches the pods of Deployment shop/web-canary; give each workload a label of its own (e.g. app.kubernetes.io/name) and select on it" },
    passes: { when: 'each workload selects its own label', change: s => { s.push(secondDeployment('web-canary', { app: 'web-canary', track: 'canary' })); } },
  },
  {
    id: 'DP-COUPLING-002',
    fails: {
      when: 'a Service selects the pods of two workloads',
      change: s => {
        deployment(s).spec.template.metadata.labels.tier = 'front';
        s.push(secondDeployment('worker', { app: 'worker', tier: 'front' }));
        get(s, 'Service').spec.selector = { tier: 'front' };
      },
      message: "'spec.selector' must select the pods of one workload, got {\"tier\":\"front\"}, which matches Deployment shop/web, Deployment shop/worker; add a label of the workload to the selector",
    },
    passes: { when: 'the Service selects one workload', change: s => { s.push(secondDeployment('worker', { app: 'worker', tier: 'front' })); } },
  },
  {
    id: 'DP-COUPLING-003',
    fails: { when: "a Service's selector matches no pods", change: s => { get(s, 'Service').spec.selector = { app: 'wbe' }; }, message: "'spec.selector' must match the pods of a workload in namespace 'shop', got {\"app\":\"wbe\"}, which matches none; correct the selector (or the pods' labels), or lint the Service with the workload it fronts" },
    passes: { when: 'a Service has no selector', change: s => { delete get(s, 'Service').spec.selector; } },
  },
  {
    id: 'DP-COUPLING-004',
    fails: { when: "an autoscaler's target is not among the objects", change: s => { get(s, 'HorizontalPodAutoscaler').spec.scaleTargetRef.name = 'webb'; }, message: "'spec.scaleTargetRef' must name a workload among the objects, got {\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"webb\"}; correct the kind and name of the target" },
    passes: { when: "the autoscaler's target is among the objects", change: () => undefined },
  },
  {
    id: 'DP-AVAIL-001',
    fails: { when: 'a Deployment behind a Service runs 1 replica', change: s => { remove(s, 'HorizontalPodAutoscaler'); deployment(s).spec.replicas = 1; }, message: "'spec.replicas' must be at least 2 behind Service shop/web, got 1; run at least 2 replicas (or an autoscaler with minReplicas: 2)" },
    passes: { when: 'the Deployment runs 2 replicas', change: s => { remove(s, 'HorizontalPodAutoscaler'); deployment(s).spec.replicas = 2; } },
  },
  {
    id: 'DP-AVAIL-002',
    fails: { when: 'an autoscaled Deployment has no PodDisruptionBudget', change: s => { remove(s, 'PodDisruptionBudget'); }, message: "'spec.scaleTargetRef' must have a PodDisruptionBudget for its pods, got Deployment shop/web without one; add a PodDisruptionBudget with maxUnavailable: 1 that selects the pods" },
    passes: { when: 'the autoscaled Deployment has a PodDisruptionBudget', change: () => undefined },
  },
  {
    id: 'DP-AVAIL-003',
    fails: { when: 'a PodDisruptionBudget allows no eviction', change: s => { get(s, 'PodDisruptionBudget').spec.maxUnavailable = 0; }, message: "'spec.maxUnavailable' must allow at least one pod to be evicted, got 0: no node running its pods can be drained; set maxUnavailable to 1 (or a percentage above 0)" },
    passes: { when: 'the PodDisruptionBudget keeps 1 of 2 replicas', change: s => { const b = get(s, 'PodDisruptionBudget'); delete b.spec.maxUnavailable; b.spec.minAvailable = 1; } },
  },
  {
    id: 'DP-AVAIL-004',
    fails: { when: '2 replicas are not spread across nodes', change: s => { webPod(s).topologySpreadConstraints.shift(); }, message: "'spec.template.spec.topologySpreadConstraints' must spread the 2 replicas across nodes, got no topologySpreadConstraints or podAntiAffinity on 'kubernetes.io/hostname'; add a topologySpreadConstraint with topologyKey 'kubernetes.io/hostname'" },
    passes: {
      when: 'pod anti-affinity spreads them across nodes',
      change: s => {
        webPod(s).topologySpreadConstraints.shift();
        webPod(s).affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } } }] } };
      },
    },
  },
  {
    id: 'DP-AVAIL-005',
    fails: { when: '2 replicas are not spread across zones', change: s => { webPod(s).topologySpreadConstraints.pop(); }, message: "'spec.template.spec.topologySpreadConstraints' must spread the 2 replicas across zones, got no topologySpreadConstraints or podAntiAffinity on 'topology.kubernetes.io/zone'; add a topologySpreadConstraint with topologyKey 'topology.kubernetes.io/zone'" },
    passes: { when: 'a topology spread constraint spreads them across zones', change: () => undefined },
  },
  {
    id: 'DP-AVAIL-006',
    fails: { when: 'a VPA updates the CPU an HPA scales on', change: s => { get(s, 'VerticalPodAutoscaler').spec.updatePolicy.updateMode = 'Auto'; }, message: "'spec.targetRef' must not act on what HorizontalPodAutoscaler shop/web scales on, got both on cpu of 'Deployment/web'; set the VPA's updatePolicy.updateMode to 'Off' (recommendations only), or scale the HPA on another metric" },
    passes: {
      when: 'the VPA controls only memory',
      change: s => {
        const vpa = get(s, 'VerticalPodAutoscaler');
        vpa.spec.updatePolicy.updateMode = 'Auto';
        vpa.spec.resourcePolicy = { containerPolicies: [{ containerName: '*', controlledResources: ['memory'] }] };
      },
    },
  },
];

