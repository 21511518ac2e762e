import { show } from '../../_errors';
import { catalog } from '../../validation/_catalog';
import { customKinds } from '../../validation/_custom-kinds';
import { ManifestValidator } from '../../validation/manifest-validator';
import { child, describe, groupOf, LintObject } from '../_model';
import { annotationSuppressions, hasReason, suppressionMatches } from '../_suppressions';
import { DistillationFactor, LintSeverity } from '../lint-finding';
import { found, RawFinding, RuleContext, RuleDefinition } from './_rule';

const factor = DistillationFactor.VALIDITY;

let served: Set<string> | undefined;

/** The API groups Kubernetes 1.26 itself serves. */
function servedGroups(): Set<string> {
  served ??= new Set([...catalog().byGvk.keys()].map(key => groupOf({ apiVersion: key.split(' ')[0] })));
  return served;
}

/**
 * Whether an object is a custom resource of a kind no definition among the
 * objects (nor the library) describes: of a group Kubernetes 1.26 does not
 * serve (a Knative `Service` included), whose kind no definition gives. A
 * removed version of a served group (`networking.k8s.io/v1beta1 Ingress`)
 * is refused as any invalid object.
 */
function isUndefinedCustomKind(o: LintObject, definitions: readonly any[]): boolean {
  const group = groupOf(o.manifest);
  if (!group.includes('.') || servedGroups().has(group)) return false;
  return !customKinds(definitions).has(`${group} ${o.manifest?.kind}`);
}

/** The validator's problems of each object, and the objects defined twice, computed once per run. */
const cache = new WeakMap<RuleContext, { object: LintObject; path: string; reason: string; undefinedKind?: boolean }[]>();

function problemsOf(ctx: RuleContext) {
  let problems = cache.get(ctx);
  if (problems) return problems;
  const definitions = ctx.ofKind('apiextensions.k8s.io', 'CustomResourceDefinition').map(o => o.manifest);
  problems = ctx.objects.flatMap(object => {
    const undefinedKind = isUndefinedCustomKind(object, definitions);
    return ManifestValidator.validate(object.manifest, definitions).map(p => ({ object, path: p.path, reason: p.reason, undefinedKind }));
  });
  const seen = new Map<string, LintObject>();
  for (const object of ctx.objects) {
    const key = ManifestValidator.identity(object.manifest);
    if (key === undefined) continue;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, object);
      continue;
    }
    const where = first.file ? ` (${first.file}${first.line ? `:${first.line}` : ''})` : first.constructPath ? ` (${first.constructPath})` : '';
    problems.push({ object, path: 'metadata.name', reason: `must be unique, got ${describe(object.manifest)} which an earlier object${where} defines too: one would overwrite the other in the cluster` });
  }
  cache.set(ctx, problems);
  return problems;
}

function suppressionProblems(ctx: RuleContext): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const object of ctx.objects) {
    for (const s of annotationSuppressions(object.manifest)) {
      const path = child('metadata.annotations', s.key);
      if (!ctx.config.ruleIds.has(s.ruleId)) {
        findings.push(found(object, path, `must name a rule of the distillation checks, got ${show(s.ruleId)}`,
          'correct the rule id (see the rule list), or remove the annotation'));
      } else if (!s.reason) {
        findings.push(found(object, path, `must give the reason the finding is accepted, got ${show(object.manifest.metadata.annotations[s.key])}; the suppression does not apply`,
          'write why the finding is accepted as the annotation\'s value', `write why the finding is accepted: Distillation.suppress(construct, '${s.ruleId}', '<reason>')`));
      }
    }
    ctx.config.suppressions.forEach((s, i) => {
      if (hasReason(s.reason) || !suppressionMatches(s, object.manifest)) return;
      findings.push(found(object, 'metadata.name', `is matched by 'suppressions[${i}]' of the lint config (${s.ruleId}), whose 'reason' is empty, got ${show(s.reason)}; the suppression does not apply`,
        'write why the finding is accepted in the suppression\'s reason'));
    });
  }
  return findings;
}

export const VALIDITY_RULES: RuleDefinition[] = [
  {
    id: 'DP-VALID-001',
    factor,
    severity: LintSeverity.ERROR,
    description: 'the API server refuses the object',
    rationale: 'An object that breaks the Kubernetes 1.26 schema or the API server\'s own rules (names, labels, ranges, quantities), or that another object of the set overwrites, is never applied as written: nothing else about it matters until it is fixed. The same validator judges every manifest the library synthesizes.',
    link: 'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation',
    check: ctx => problemsOf(ctx)
      .filter(p => !p.undefinedKind)
      .map(p => found(p.object, p.path || 'metadata', p.reason, 'change the field so that a Kubernetes 1.26 API server accepts it')),
  },
  {
    id: 'DP-VALID-002',
    factor,
    severity: LintSeverity.WARNING,
    description: 'a custom resource whose CustomResourceDefinition is not among the objects, so its schema is not checked',
    rationale: 'The API server refuses a custom resource unless its definition is installed, and judges it by that definition\'s schema. Without the definition the checks cannot tell whether the object is valid; rules that look inside well-known custom resources (Argo Rollouts, Knative Services, Argo Workflows) still run.',
    link: 'https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/',
    check: ctx => problemsOf(ctx)
      .filter(p => p.undefinedKind)
      .map(p => found(p.object, 'kind', `is not defined by any CustomResourceDefinition among the objects, got ${show(p.object.manifest.kind)} of group '${groupOf(p.object.manifest)}'`,
        'lint the CustomResourceDefinition\'s manifest with the object (add its file to the paths)',
        'define it with CustomResourceDefinition, or import the vendor\'s definition with ImportedCustomResourceDefinitions')),
  },
  {
    id: 'DP-VALID-003',
    factor,
    severity: LintSeverity.ERROR,
    description: 'a suppression without a reason, or naming no rule',
    rationale: 'A finding is accepted for a reason that the next reader must be able to judge; a suppression without one hides a finding and explains nothing, so it does not apply.',
    link: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/',
    check: suppressionProblems,
  },
];
