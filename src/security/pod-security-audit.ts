import { PodSecurity, PodSecurityLevel, PodSecurityViolation } from './pod-security';

/**
 * A pod that breaks the Pod Security Standard its namespace enforces.
 */
export interface PodSecurityFinding {
  /** The object, as `<kind> <namespace>/<name>`. */
  readonly object: string;
  /** The level enforced where the object lives. */
  readonly level: PodSecurityLevel;
  /** What breaks it. */
  readonly violation: PodSecurityViolation;
}

/**
 * Judges a set of manifests as the Pod Security admission controller would:
 * each pod by the level its namespace enforces (the Namespace's
 * `pod-security.kubernetes.io/enforce` label, when the Namespace is among
 * the manifests), and by "restricted" where no level is declared. A workload
 * that relaxes its own security therefore needs a namespace that allows it.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export class PodSecurityAudit {
  /** Every finding in the manifests; empty when all pods meet their namespace's level. */
  public static findings(manifests: any[]): PodSecurityFinding[] {
    const levels = new Map<string, PodSecurityLevel>();
    for (const m of manifests) {
      if (m?.kind !== 'Namespace') continue;
      const level = PodSecurity.levelOfNamespace(m);
      if (level) levels.set(m.metadata?.name, level);
    }
    return manifests.flatMap(m => {
      const namespace = m?.metadata?.namespace ?? 'default';
      const level = levels.get(namespace) ?? PodSecurityLevel.RESTRICTED;
      const object = `${m?.kind} ${namespace}/${m?.metadata?.name}`;
      return PodSecurity.check(m, level).map(violation => ({ object, level, violation }));
    });
  }

  /** The findings as one line each, for an error message. */
  public static describe(findings: PodSecurityFinding[]): string[] {
    return findings.map(f => `${f.object}: ${f.violation.field} breaks the Pod Security Standard '${f.level}' its namespace enforces (${f.violation.rule}): ${f.violation.message}`);
  }

  private constructor() {}
}
