import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkOptionalCount, checkOptionalDuration } from './_props';
import { checkSpeciesProps } from './_species';
import { CompletionMode, JobOptions } from './job-options';
import { PodFailurePolicyRule } from './pod-failure-policy';
import { fail, show } from '../_errors';
import { withoutMarkers } from '../_markers';
import { k8s, kplus } from '../_plus';
import { podSpecOf } from '../_pod-template';
import { checkInstance, checkOneOf, checkOptionalType } from '../_validate';
import { PodOptions } from './pod-options';
import { isDnsLabel } from '../_names';
import { renderedJson } from '../_render-pass';

/** Limits of the Kubernetes 1.26 API server. */
const MAX_RULES = 20;
const MAX_INDEXED_PARALLELISM = 100_000;

/** The checks a Job and a CronJob's job template share, made before cdk8s-plus reads the props. */
export function checkJobProps(scope: IConstruct, props: kplus.JobProps & PodOptions & JobOptions): void {
  checkSpeciesProps(scope, props);
  if (props.restartPolicy === kplus.RestartPolicy.ALWAYS) {
    fail(scope, 'restartPolicy', "must be 'Never' or 'OnFailure' for pods that run to completion, got 'Always'");
  }
  checkOptionalCount(scope, 'backoffLimit', props.backoffLimit, 0);
  checkOptionalDuration(scope, 'activeDeadline', props.activeDeadline, 1);
  checkOptionalDuration(scope, 'ttlAfterFinished', props.ttlAfterFinished, 0);
  checkOptionalCount(scope, 'completions', props.completions, 1);
  checkOptionalCount(scope, 'parallelism', props.parallelism, 1);
  if (props.completionMode !== undefined) checkOneOf(scope, 'completionMode', props.completionMode, CompletionMode);
  if (props.completionMode === CompletionMode.INDEXED && (props.parallelism ?? 1) > MAX_INDEXED_PARALLELISM) {
    fail(scope, 'parallelism', `must be at most ${MAX_INDEXED_PARALLELISM} for an Indexed Job, got ${props.parallelism}`);
  }
  checkPodFailurePolicy(scope, props);
}

function checkPodFailurePolicy(scope: IConstruct, props: kplus.JobProps & JobOptions): void {
  const rules = props.podFailurePolicy;
  checkOptionalType(scope, 'podFailurePolicy', rules, 'array');
  if (rules === undefined) return;
  if (rules.length === 0 || rules.length > MAX_RULES) {
    fail(scope, 'podFailurePolicy', `must hold 1 to ${MAX_RULES} rules, got ${rules.length}; leave it unset for every failure to count against 'backoffLimit'`);
  }
  rules.forEach((r, i) => checkInstance(scope, `podFailurePolicy[${i}]`, r, PodFailurePolicyRule, 'a PodFailurePolicyRule such as PodFailurePolicyRule.onExitCodes(...)'));
  const restart = props.restartPolicy ?? kplus.RestartPolicy.NEVER;
  if (restart !== kplus.RestartPolicy.NEVER) {
    fail(scope, 'restartPolicy', `must be 'Never' with a 'podFailurePolicy': with 'OnFailure' the kubelet restarts a failed container in place, so no pod fails for the policy to judge, got ${show(restart)}`);
  }
}

/**
 * Fails when the pods of an Indexed Job would not get a valid hostname:
 * the Job controller names them `<job name>-<index>`, a DNS-1123 label.
 * A CronJob names its Jobs `<name>-<scheduled minute>` (`minuteSuffix`).
 */
export function checkIndexedHostname(scope: IConstruct, options: JobOptions, name: string, minuteSuffix = false): void {
  if (options.completionMode !== CompletionMode.INDEXED) return;
  const last = `${withoutMarkers(name)}${minuteSuffix ? '-xxxxxxxx' : ''}-${(options.completions ?? 1) - 1}`;
  if (!isDnsLabel(last)) {
    const minute = minuteSuffix ? ' (xxxxxxxx: the scheduled minute the CronJob controller appends to name a Job)' : '';
    fail(scope, 'metadata.name', `must leave the pods of an Indexed Job a hostname '<job name>-<index>' that is a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters), got ${show(name)}, whose last pod would be ${show(last)} (${last.length})${minute}; shorten the name`);
  }
}

/** A copy of the job options among props, which the caller may change later. */
export function jobOptionsOf(props: JobOptions): JobOptions {
  const { completions, parallelism, completionMode, podFailurePolicy } = props;
  return { completions, parallelism, completionMode, podFailurePolicy: podFailurePolicy && [...podFailurePolicy] };
}

/** The fields of a job spec the options render. */
export function jobSpecOf(options: JobOptions): Omit<k8s.JobSpec, 'template'> {
  return {
    completions: options.completions ?? 1,
    parallelism: options.parallelism ?? 1,
    completionMode: options.completionMode,
    podFailurePolicy: options.podFailurePolicy && { rules: options.podFailurePolicy.map(r => r._toKube()) },
  };
}

/**
 * The synth-time problems of a Job or a CronJob's job template: a pod
 * failure policy that names a container the pod lacks, and a claim that the
 * pods running at once cannot all mount.
 */
export function jobProblems(job: kplus.AbstractPod, options: JobOptions): string[] {
  const names = [...job.containers, ...job.initContainers].map(c => c.name);
  const problems: string[] = [];
  (options.podFailurePolicy ?? []).forEach((rule, i) => {
    if (rule.containerName !== undefined && !names.includes(rule.containerName)) {
      problems.push(`'podFailurePolicy[${i}].containerName' must name a container or init container of the pod (${names.join(', ') || 'none'}), got ${show(rule.containerName)}`);
    }
  });
  return [...problems, ...sharedClaimProblems(job, options)];
}

/**
 * A claim the pods running at once must share: several pods land on several
 * nodes, and a ReadWriteOnce volume attaches to one node at a time, as for
 * a Deployment with several replicas (see ClaimVolume). A Job runs at most
 * `parallelism` pods at once, and never more than its completions.
 */
function sharedClaimProblems(job: kplus.AbstractPod, options: JobOptions): string[] {
  const pods = Math.min(options.parallelism ?? 1, options.completions ?? 1);
  if (pods <= 1) return [];
  const manifest = renderedJson(ApiObject.of(job));
  const spec = podSpecOf(manifest)?.spec;
  const containers: any[] = [...spec?.containers ?? [], ...spec?.initContainers ?? []];
  const claims = job.node.root.node.findAll().filter(ApiObject.isApiObject)
    .filter(o => o.kind === 'PersistentVolumeClaim' && o.metadata.namespace === manifest.metadata?.namespace);
  const problems: string[] = [];
  for (const volume of spec?.volumes ?? []) {
    const source = volume.persistentVolumeClaim;
    const claim = source && claims.find(c => c.name === source.claimName);
    const modes: string[] = (claim && renderedJson(claim))?.spec?.accessModes ?? [];
    const mounts = containers.flatMap(c => (c.volumeMounts ?? []).filter((m: any) => m.name === volume.name));
    const readOnly = source?.readOnly === true || (mounts.length > 0 && mounts.every(m => m.readOnly === true));
    if (modes.length === 0 || modes.includes('ReadWriteMany') || (readOnly && modes.includes('ReadOnlyMany'))) continue;
    problems.push(`'volumes[${volume.name}]' must be a ReadWriteMany claim, or a ReadOnlyMany one mounted read-only, when mounted by ${pods} pods at once (parallelism ${options.parallelism}, completions ${options.completions ?? 1}), got claim '${source.claimName}' with access modes ${modes.join(', ')}: a ReadWriteOnce volume attaches to one node at a time, so pods on other nodes never start; use a ReadWriteMany claim or run 1 pod at a time ('parallelism' 1)`);
  }
  return problems;
}
