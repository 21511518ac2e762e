import { RULES } from './_catalog';
import { describe, LintObject, nameOf } from './_model';
import { RawFinding, ResolvedConfig, RuleContext, RuleDefinition } from './_rules/_rule';
import { annotationSuppressions, hasReason, suppressionMatches } from './_suppressions';
import { LintFinding, LintSeverity } from './lint-finding';

/** What a run of the rules gives: the findings that stand, and those suppressed with a reason. */
export interface LintResult {
  readonly findings: LintFinding[];
  readonly suppressed: LintFinding[];
  /** The suppressed findings whose object carries the suppression (the others are the config's). */
  readonly inSource: ReadonlySet<LintFinding>;
}

const SEVERITY_ORDER = [LintSeverity.INFO, LintSeverity.WARNING, LintSeverity.ERROR];

/** Whether a severity is at or above another. */
export function atLeast(severity: LintSeverity, threshold: LintSeverity): boolean {
  return SEVERITY_ORDER.indexOf(severity) >= SEVERITY_ORDER.indexOf(threshold);
}

/** The rule that checks suppressions cannot itself be suppressed. */
const UNSUPPRESSIBLE = 'DP-VALID-003';

function toFinding(rule: RuleDefinition, raw: RawFinding): LintFinding {
  const m = raw.object.manifest;
  const fix = raw.object.library && raw.libraryFix ? raw.libraryFix : raw.fix;
  const namespace = typeof m?.metadata?.namespace === 'string' && m.metadata.namespace !== '' ? m.metadata.namespace : undefined;
  return {
    ruleId: rule.id,
    factor: rule.factor,
    severity: rule.severity,
    apiVersion: typeof m?.apiVersion === 'string' ? m.apiVersion : '<no apiVersion>',
    kind: typeof m?.kind === 'string' ? m.kind : '<no kind>',
    ...(namespace ? { namespace } : {}),
    name: nameOf(m),
    path: raw.path,
    message: `'${raw.path}' ${raw.problem}; ${fix}`,
    fix,
    ...(raw.object.file !== undefined ? { file: raw.object.file } : {}),
    ...(raw.object.file !== undefined ? { line: raw.object.lineOf?.(raw.path) ?? raw.object.line } : {}),
    ...(raw.object.constructPath !== undefined ? { constructPath: raw.object.constructPath } : {}),
  };
}

/** The reason a finding is suppressed with, from the object's annotations or the config. */
function suppressionOf(config: ResolvedConfig, ruleId: string, object: LintObject): { reason: string; inSource: boolean } | undefined {
  if (ruleId === UNSUPPRESSIBLE) return undefined;
  const annotation = annotationSuppressions(object.manifest).find(s => s.ruleId === ruleId && s.reason !== '');
  if (annotation) return { reason: annotation.reason, inSource: true };
  const configured = config.suppressions.find(s => s.ruleId === ruleId && hasReason(s.reason) && suppressionMatches(s, object.manifest));
  return configured ? { reason: configured.reason.trim(), inSource: false } : undefined;
}

/**
 * Runs the enabled rules over the objects, applies the suppressions (with a
 * reason; one without is reported by DP-VALID-003 and does not apply), and
 * sorts the findings: by object, then path, then rule.
 */
export function runRules(objects: readonly LintObject[], config: ResolvedConfig): LintResult {
  const ctx = new RuleContext(objects, config);
  const all: { index: number; finding: LintFinding; suppression?: { reason: string; inSource: boolean } }[] = [];
  const seen = new Set<string>();
  for (const rule of RULES) {
    if (!config.enabled.has(rule.id)) continue;
    for (const raw of rule.check(ctx)) {
      const finding = toFinding(rule, raw);
      const key = `${raw.object.index} ${rule.id} ${finding.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      all.push({ index: raw.object.index, finding, suppression: suppressionOf(config, rule.id, raw.object) });
    }
  }
  all.sort((a, b) => a.index - b.index || compare(a.finding.path, b.finding.path)
    || compare(a.finding.ruleId, b.finding.ruleId) || compare(a.finding.message, b.finding.message));
  const inSource = new Set<LintFinding>();
  const suppressed = all.filter(f => f.suppression !== undefined).map(f => {
    const finding = { ...f.finding, suppressedBecause: f.suppression!.reason };
    if (f.suppression!.inSource) inSource.add(finding);
    return finding;
  });
  return { findings: all.filter(f => f.suppression === undefined).map(f => f.finding), suppressed, inSource };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `Deployment ticketing/api` of a finding. */
export function objectOf(f: LintFinding): string {
  return describe({ kind: f.kind, metadata: { namespace: f.namespace, name: f.name } });
}
