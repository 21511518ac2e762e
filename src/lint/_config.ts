import { IConstruct } from 'constructs';
import { checkKeys, checkOptionalOneOf, checkPlainObject } from '../_boundary';
import { fail, show } from '../_errors';
import { checkInteger, checkOptionalType, checkType } from '../_validate';
import { RULES, RULES_BY_ID } from './_catalog';
import { DEFAULT_LARGE_IMAGES } from './_images';
import { ResolvedConfig } from './_rules/_rule';
import { LintConfig } from './lint-config';
import { LintSeverity } from './lint-finding';
import { nearest } from '../validation/_problems';

const CONFIG_KEYS = ['rules', 'maxLimitToRequestRatio', 'maxContainersPerPod', 'slowStartSeconds', 'largeImages', 'suppressions', 'failOn'];
const SUPPRESSION_KEYS = ['ruleId', 'kind', 'namespace', 'name', 'reason'];

/** Defaults of the thresholds, as `LintConfig` documents them. */
export const DEFAULTS = { maxLimitToRequestRatio: 5, maxContainersPerPod: 4, slowStartSeconds: 30 };

export function checkRuleId(scope: IConstruct, field: string, id: unknown): void {
  checkType(scope, field, id, 'string');
  if (!RULES_BY_ID.has(id as string)) {
    const guess = nearest(id as string, [...RULES_BY_ID.keys()]);
    fail(scope, field, `must be the id of a distillation rule (DP-<FACTOR>-<number>, see Distillation.rules()), got ${show(id)}${guess ? ` (did you mean '${guess}'?)` : ''}`);
  }
}

function checkText(scope: IConstruct, field: string, value: unknown): void {
  checkType(scope, field, value, 'string');
  if ((value as string).trim() === '') fail(scope, field, `must not be empty, got ${show(value)}`);
}

/**
 * A lint config as JavaScript callers, YAML files and plugin properties give
 * it, checked field by field (`<prefix>.<field>` in messages), with the
 * defaults applied. A suppression's reason is not required here: one without
 * a reason is a finding (DP-VALID-003), not a bad config.
 */
export function resolveConfig(scope: IConstruct, prefix: string, config: unknown): ResolvedConfig & { failOn: LintSeverity } {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  if (config === undefined) config = {};
  checkPlainObject(scope, prefix || 'config', config);
  checkKeys(scope, prefix || 'config', config, CONFIG_KEYS);
  const c = config as LintConfig;
  const enabled = new Set(RULES.filter(r => r.enabledByDefault !== false).map(r => r.id));
  if (c.rules !== undefined) {
    checkPlainObject(scope, at('rules'), c.rules);
    for (const [id, on] of Object.entries(c.rules)) {
      checkRuleId(scope, `${at('rules')}[${id}]`, id);
      checkType(scope, `${at('rules')}[${id}]`, on, 'boolean');
      if (on) enabled.add(id);
      else enabled.delete(id);
    }
  }
  checkOptionalType(scope, at('maxLimitToRequestRatio'), c.maxLimitToRequestRatio, 'number');
  if (c.maxLimitToRequestRatio !== undefined && c.maxLimitToRequestRatio < 1) {
    fail(scope, at('maxLimitToRequestRatio'), `must be at least 1 (a limit is never below its request), got ${show(c.maxLimitToRequestRatio)}`);
  }
  if (c.maxContainersPerPod !== undefined) checkInteger(scope, at('maxContainersPerPod'), c.maxContainersPerPod, 1);
  if (c.slowStartSeconds !== undefined) checkInteger(scope, at('slowStartSeconds'), c.slowStartSeconds, 1);
  if (c.largeImages !== undefined) {
    checkType(scope, at('largeImages'), c.largeImages, 'array');
    c.largeImages.forEach((image, i) => {
      const field = `${at('largeImages')}[${i}]`;
      checkPlainObject(scope, field, image);
      checkKeys(scope, field, image, ['repository', 'instead']);
      checkText(scope, `${field}.repository`, image.repository);
      checkText(scope, `${field}.instead`, image.instead);
    });
  }
  if (c.suppressions !== undefined) {
    checkType(scope, at('suppressions'), c.suppressions, 'array');
    c.suppressions.forEach((s, i) => {
      const field = `${at('suppressions')}[${i}]`;
      checkPlainObject(scope, field, s);
      checkKeys(scope, field, s, SUPPRESSION_KEYS);
      checkRuleId(scope, `${field}.ruleId`, s.ruleId);
      checkText(scope, `${field}.kind`, s.kind);
      if (s.namespace !== undefined) checkText(scope, `${field}.namespace`, s.namespace);
      if (s.name !== undefined) checkText(scope, `${field}.name`, s.name);
      checkOptionalType(scope, `${field}.reason`, s.reason, 'string');
    });
  }
  checkOptionalOneOf(scope, at('failOn'), c.failOn, LintSeverity);
  return {
    maxLimitToRequestRatio: c.maxLimitToRequestRatio ?? DEFAULTS.maxLimitToRequestRatio,
    maxContainersPerPod: c.maxContainersPerPod ?? DEFAULTS.maxContainersPerPod,
    slowStartSeconds: c.slowStartSeconds ?? DEFAULTS.slowStartSeconds,
    largeImages: c.largeImages ?? DEFAULT_LARGE_IMAGES,
    suppressions: c.suppressions ?? [],
    enabled,
    ruleIds: new Set(RULES_BY_ID.keys()),
    failOn: c.failOn ?? LintSeverity.WARNING,
  };
}
