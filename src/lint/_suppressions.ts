import { isObject, namespaceOf } from './_model';
import { LintSuppression } from './lint-config';

/** The prefix of the annotation that suppresses a rule on an object: `lint.cdk8s-patterns.io/ignore-<rule id>: "<reason>"`. */
export const IGNORE_PREFIX = 'lint.cdk8s-patterns.io/ignore-';

/** A suppression an object carries as an annotation. */
export interface AnnotationSuppression {
  readonly key: string;
  readonly ruleId: string;
  /** The reason, trimmed; '' when it has none. */
  readonly reason: string;
}

/** The suppressions an object's annotations carry. */
export function annotationSuppressions(manifest: any): AnnotationSuppression[] {
  const annotations = manifest?.metadata?.annotations;
  if (!isObject(annotations)) return [];
  return Object.entries(annotations)
    .filter(([key]) => key.startsWith(IGNORE_PREFIX))
    .map(([key, value]) => ({ key, ruleId: key.slice(IGNORE_PREFIX.length), reason: typeof value === 'string' ? value.trim() : '' }));
}

/** Whether a config suppression names the object (its rule aside). */
export function suppressionMatches(s: LintSuppression, manifest: any): boolean {
  return s.kind === manifest?.kind
    && (s.namespace === undefined || s.namespace === namespaceOf(manifest))
    && (s.name === undefined || s.name === manifest?.metadata?.name);
}

/** Whether a suppression's reason says something. */
export const hasReason = (reason: unknown): boolean => typeof reason === 'string' && reason.trim() !== '';
