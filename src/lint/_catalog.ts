import { RuleDefinition } from './_rules/_rule';
import { ACCESS_RULES } from './_rules/access';
import { AVAILABILITY_RULES } from './_rules/availability';
import { COHESION_RULES } from './_rules/cohesion';
import { FRUGALITY_RULES } from './_rules/frugality';
import { IMMUTABLE_RULES } from './_rules/immutable';
import { POD_SECURITY_RULES } from './_rules/pod-security';
import { SMALL_IMAGE_RULES } from './_rules/small-images';
import { STARTUP_RULES } from './_rules/startup';
import { VALIDITY_RULES } from './_rules/validity';

/** Every rule of the distillation checks, by factor. */
export const RULES: readonly RuleDefinition[] = [
  ...VALIDITY_RULES,
  ...IMMUTABLE_RULES,
  ...POD_SECURITY_RULES,
  ...ACCESS_RULES,
  ...SMALL_IMAGE_RULES,
  ...STARTUP_RULES,
  ...FRUGALITY_RULES,
  ...COHESION_RULES,
  ...AVAILABILITY_RULES,
];

/** The rules by id. */
export const RULES_BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(RULES.map(r => [r.id, r]));
