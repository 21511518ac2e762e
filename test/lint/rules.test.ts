import { RULE_CASES } from './cases';
import { goodSet, goodSetWith, lint, messagesOf } from './fixtures';
import { Distillation, DistillationFactor, LintSeverity } from '../../src';

const ALL_ON = { rules: Object.fromEntries(Distillation.rules().map(r => [r.id, true])) };

describe('Distillation rules', () => {
  test('there are at least 40, each with a stable id, a factor, a severity, a description, a rationale and a link', () => {
    const rules = Distillation.rules();
    expect(rules.length).toBeGreaterThanOrEqual(40);
    expect(new Set(rules.map(r => r.id)).size).toBe(rules.length);
    for (const r of rules) {
      expect(r.id).toMatch(/^DP-(VALID|IDEMPOTENT|IMMUTABLE|ATTACK|SMALL|STARTUP|FRUGAL|COHESION|COUPLING|AVAIL)-\d{3}$/);
      expect(Object.values(DistillationFactor)).toContain(r.factor);
      expect(Object.values(LintSeverity)).toContain(r.severity);
      expect(r.description).not.toMatch(/\n/);
      expect(r.rationale.length).toBeGreaterThan(40);
      expect(r.link).toMatch(/^https:\/\//);
    }
  });

  test('every factor of the course has rules', () => {
    const factors = new Set(Distillation.rules().map(r => r.factor));
    expect([...factors].sort()).toEqual(Object.values(DistillationFactor).sort());
  });

  test('every rule has a failing and a passing case', () => {
    expect(RULE_CASES.map(c => c.id).sort()).toEqual(Distillation.rules().map(r => r.id).sort());
  });

  test('the good set triggers no rule, all of them on', () => {
    expect(lint(goodSet(), ALL_ON).filter(f => f.ruleId !== 'DP-IMMUTABLE-001')).toEqual([]);
  });

  test('the bad cases together trigger every rule', () => {
    const triggered = new Set(RULE_CASES.flatMap(c => lint(goodSetWith(c.fails.change), { ...ALL_ON, ...c.fails.config }).map(f => f.ruleId)));
    expect([...triggered].sort()).toEqual(Distillation.rules().map(r => r.id).sort());
  });

  describe.each(RULE_CASES.map(c => [c.id, c] as const))('%s', (id, cases) => {
    test(`fails when ${cases.fails.when}`, () => {
      expect(messagesOf(id, goodSetWith(cases.fails.change), cases.fails.config)).toContain(cases.fails.message);
    });

    test(`passes when ${cases.passes.when}`, () => {
      expect(messagesOf(id, goodSetWith(cases.passes.change), cases.passes.config)).toEqual([]);
    });
  });
});
