import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { checkMetadata, checkOptionalOneOf } from '../_boundary';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import { checkDnsLabel, checkOneOf, checkType } from '../_validate';
import { PodSecurityLevel } from '../security/pod-security';
import { clusterScoped } from '../storage/_checks';

const PREFIX = 'pod-security.kubernetes.io/';
const LEVELS = [PodSecurityLevel.PRIVILEGED, PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED];
const VERSION = /^(latest|v1\.(0|[1-9][0-9]{0,3}))$/;

/**
 * Props of a {@link Namespace}.
 */
export interface NamespaceProps {
  /**
   * Metadata of the namespace: its name, a DNS-1123 label, and labels such
   * as `{ venue: 'opera', watch: 'cpu' }` and annotations. Leave the Pod
   * Security labels to `podSecurity`: a `pod-security.kubernetes.io/` label
   * that differs from what it renders is refused. A Namespace belongs to no
   * namespace: leave `namespace` unset.
   *
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
   */
  readonly metadata: ApiObjectMetadata;

  /**
   * The Pod Security Standard the namespace enforces: the Pod Security
   * admission controller refuses pods that break it
   * (`pod-security.kubernetes.io/enforce`).
   *
   * @default PodSecurityLevel.RESTRICTED
   * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
   */
  readonly podSecurity?: PodSecurityLevel;

  /**
   * The level whose breaches are recorded in the audit log
   * (`pod-security.kubernetes.io/audit`): `podSecurity` or stricter.
   *
   * @default - the level of `podSecurity`
   * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
   */
  readonly podSecurityAudit?: PodSecurityLevel;

  /**
   * The level whose breaches are returned to the user as warnings
   * (`pod-security.kubernetes.io/warn`): `podSecurity` or stricter, e.g.
   * enforce baseline and warn restricted while migrating.
   *
   * @default - the level of `podSecurity`
   * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
   */
  readonly podSecurityWarn?: PodSecurityLevel;

  /**
   * The version of the Pod Security Standards the three levels are judged
   * by (the `-version` labels): `v1.<minor>` or `latest`. Pinned by default
   * to the version this library checks pods against at synth time, so that
   * the cluster judges pods as synth did, and a cluster upgrade does not
   * start refusing pods until the version is raised on purpose.
   *
   * @default 'v1.26'
   * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
   */
  readonly podSecurityVersion?: string;
}

/**
 * A Namespace with its Pod Security labels: the level it enforces (by
 * default "restricted"), and the levels it audits and warns about (the same,
 * or stricter), pinned to a Pod Security Standards version. Synth judges each
 * pod by the level its namespace enforces, as the cluster will.
 *
 * A cdk8s-plus Namespace, so it selects its pods in network policies.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
 */
export class Namespace extends kplus.Namespace {
  /** The Pod Security Standard the namespace enforces. */
  public readonly podSecurity: PodSecurityLevel;
  /** The level whose breaches are recorded in the audit log. */
  public readonly podSecurityAudit: PodSecurityLevel;
  /** The level whose breaches are returned as warnings. */
  public readonly podSecurityWarn: PodSecurityLevel;
  /** The Pod Security Standards version the levels are judged by. */
  public readonly podSecurityVersion: string;

  constructor(scope: Construct, id: string, props: NamespaceProps) {
    // Only the name before the checks: cdk8s-plus reads the props at once, and a JavaScript caller may pass anything.
    const given: unknown = props?.metadata;
    const name = typeof given === 'object' && given !== null ? (given as { name?: unknown }).name : undefined;
    super(scope, id, { metadata: { name: name as string } });
    checkType(this, 'props', props, 'object');
    checkType(this, 'metadata', props.metadata, 'object');
    clusterScoped(this, 'Namespace', props.metadata, ApiObject.of(this));
    checkMetadata(this, 'metadata', props.metadata, checkDnsLabel);
    checkDnsLabel(this, 'metadata.name', props.metadata.name!);
    const { labels = {}, annotations = {}, finalizers = [], ownerReferences = [] } = props.metadata;
    checkOptionalOneOf(this, 'podSecurity', props.podSecurity, LEVELS);
    this.podSecurity = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
    this.podSecurityAudit = checkAtLeast(this, 'podSecurityAudit', props.podSecurityAudit, this.podSecurity);
    this.podSecurityWarn = checkAtLeast(this, 'podSecurityWarn', props.podSecurityWarn, this.podSecurity);
    const version = props.podSecurityVersion;
    if (version !== undefined && (typeof version !== 'string' || !VERSION.test(version))) {
      fail(this, 'podSecurityVersion', `must be 'latest' or a Kubernetes minor version such as 'v1.26', got ${show(version)}`);
    }
    this.podSecurityVersion = version ?? 'v1.26';
    const rendered = this.podSecurityLabels();
    for (const [key, value] of Object.entries(labels)) {
      if (!key.startsWith(PREFIX)) continue;
      const label = rendered.find(l => l.key === key);
      if (!label) {
        fail(this, `metadata.labels[${key}]`, `must be one of the Pod Security labels (${rendered.map(l => l.key).join(', ')}) since it has the prefix '${PREFIX}', got ${show(key)}; set the levels with 'podSecurity', 'podSecurityAudit', 'podSecurityWarn' and 'podSecurityVersion'`);
      }
      if (value !== label.value) {
        fail(this, `metadata.labels[${key}]`, `must match '${label.prop}' (${show(label.value)}) or be left out, got ${show(value)}; set it with '${label.prop}' instead`);
      }
    }
    for (const [key, value] of Object.entries(labels)) this.metadata.addLabel(key, value);
    for (const { key, value } of rendered) this.metadata.addLabel(key, value);
    for (const [key, value] of Object.entries(annotations)) this.metadata.addAnnotation(key, value);
    this.metadata.addFinalizers(...finalizers);
    for (const owner of ownerReferences) this.metadata.addOwnerReference(owner);
  }

  /** The Pod Security labels, each with the prop that sets it. */
  private podSecurityLabels(): { key: string; value: string; prop: string }[] {
    const label = (mode: string, value: string, prop: string) => ({ key: `${PREFIX}${mode}`, value, prop });
    return [
      label('enforce', this.podSecurity, 'podSecurity'),
      label('enforce-version', this.podSecurityVersion, 'podSecurityVersion'),
      label('audit', this.podSecurityAudit, 'podSecurityAudit'),
      label('audit-version', this.podSecurityVersion, 'podSecurityVersion'),
      label('warn', this.podSecurityWarn, 'podSecurityWarn'),
      label('warn-version', this.podSecurityVersion, 'podSecurityVersion'),
    ];
  }
}

/** An audit or warn level: the enforced level or a stricter one; a looser one could never fire. */
function checkAtLeast(scope: Construct, field: string, level: PodSecurityLevel | undefined, enforced: PodSecurityLevel): PodSecurityLevel {
  if (level === undefined) return enforced;
  checkOneOf(scope, field, level, LEVELS);
  if (LEVELS.indexOf(level) < LEVELS.indexOf(enforced)) {
    fail(scope, field, `must be 'podSecurity' (${show(enforced)}) or stricter: the namespace already refuses every pod a looser level would report, got ${show(level)}`);
  }
  return level;
}
