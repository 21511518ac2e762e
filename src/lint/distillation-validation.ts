import * as fs from 'fs';
import * as path from 'path';
import { pathScope } from '../_boundary';
import { RULES_BY_ID } from './_catalog';
import { resolveConfig } from './_config';
import { atLeast, objectOf, runRules } from './_engine';
import { LintObject } from './_model';
import { parseSource } from './_sources';
import { LintConfig } from './lint-config';
import { LintFinding } from './lint-finding';

/** Construct metadata of one resource, as the cdk8s CLI gives it to validation plugins. */
export interface DistillationResourceMetadata {
  /** The path of the construct that produced the resource. */
  readonly path: string;
}

/** A resource that breaks a rule, as the cdk8s CLI's validation report lists it. */
export interface DistillationViolatingResource {
  /** The resource's name (`metadata.name`): the CLI finds its construct path by it. */
  readonly resourceName: string;
  /** Where in the resource: `<kind> <namespace>/<name> <JSON path> (line <n>): <message>`, one per finding. */
  readonly locations: string[];
  /** The manifest file the resource is in. */
  readonly manifestPath: string;
}

/** One rule's violations, as the cdk8s CLI's validation report takes them. */
export interface DistillationViolation {
  /** `<rule id> (<severity>): <description>`. */
  readonly ruleName: string;
  /** Why the rule matters, and where to read more. */
  readonly recommendation: string;
  /** How to fix the violations. */
  readonly fix: string;
  /** The resources that break it. */
  readonly violatingResources: DistillationViolatingResource[];
}

/** The report a validation plugin fills: the part of the cdk8s CLI's `ValidationReport` the plugin uses. */
export interface IDistillationValidationReport {
  /** Adds one rule's violations. */
  addViolation(violation: DistillationViolation): void;
  /**
   * Ends the report.
   * @param status `success` or `failure`
   * @param metadata counts shown in the report's summary
   */
  submit(status: string, metadata?: { [key: string]: string }): void;
}

/** The logger of a validation plugin. */
export interface IDistillationValidationLogger {
  /** Logs a line. */
  log(message: string): void;
}

/**
 * What the cdk8s CLI passes a validation plugin: the part of its
 * `ValidationContext` the plugin uses. Defined here so that the package
 * needs no cdk8s-cli at run time.
 */
export interface IDistillationValidationContext {
  /** The paths of the synthesized manifests. */
  readonly manifests: string[];
  /**
   * Construct metadata of the resources, by name (recorded when the app writes `construct-metadata.json`).
   * @default - none: findings name resources only
   */
  readonly metadata?: { [name: string]: DistillationResourceMetadata };
  /** The report to fill. */
  readonly report: IDistillationValidationReport;
  /** Where to log. */
  readonly logger: IDistillationValidationLogger;
}

/** Whether a file belongs to a Helm chart (its folder, or a folder up to three above it, holds a Chart.yaml). */
function inHelmChart(file: string): boolean {
  let dir = path.dirname(file);
  for (let i = 0; i < 4; i++, dir = path.dirname(dir)) if (fs.existsSync(path.join(dir, 'Chart.yaml'))) return true;
  return false;
}

/**
 * The distillation checks as a cdk8s validation plugin, run by
 * `cdk8s synth --validate` on the synthesized manifests. In `cdk8s.yaml`:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-patterns
 *     version: 0.0.0
 *     class: DistillationValidation
 *     properties:
 *       failOn: error
 * ```
 *
 * `properties` is a {@link LintConfig}. The report lists each rule broken,
 * with its recommendation, fix and the resources' locations (and their
 * construct paths, where the app recorded construct metadata); it fails
 * when a finding is at or above `failOn`. Helm chart templates among the
 * output files are skipped.
 */
export class DistillationValidation {
  private readonly config: ReturnType<typeof resolveConfig>;

  /**
   * @param properties the `properties` of the validation in `cdk8s.yaml`
   */
  constructor(properties: LintConfig = {}) {
    this.config = resolveConfig(pathScope('DistillationValidation'), 'properties', properties);
  }

  /**
   * Checks the manifests and fills the report.
   *
   * @param context what the cdk8s CLI passes
   */
  public async validate(context: IDistillationValidationContext): Promise<void> {
    const names = new Map(Object.entries(context.metadata ?? {}).map(([name, m]) => [name, m.path]));
    const objects: LintObject[] = [];
    const errors: string[] = [];
    for (const file of context.manifests) {
      if (inHelmChart(file)) {
        context.logger.log(`cdk8s-patterns: skipped ${file}, a Helm chart file`);
        continue;
      }
      const parsed = parseSource(fs.readFileSync(file, 'utf-8'), file, objects.length, names);
      objects.push(...parsed.objects);
      errors.push(...parsed.errors);
    }
    for (const error of errors) context.logger.log(`cdk8s-patterns: ${error}`);
    const result = runRules(objects, this.config);
    for (const violation of violations(result.findings)) context.report.addViolation(violation);
    const failed = errors.length > 0 || result.findings.some(f => atLeast(f.severity, this.config.failOn));
    context.report.submit(failed ? 'failure' : 'success', {
      'objects': String(objects.length),
      'findings': String(result.findings.length),
      'suppressed': String(result.suppressed.length),
      'fails on': this.config.failOn,
      ...(errors.length > 0 ? { 'unreadable documents': String(errors.length) } : {}),
    });
  }
}

/** The findings grouped by rule, and within a rule by object. */
function violations(findings: readonly LintFinding[]): DistillationViolation[] {
  const byRule = new Map<string, LintFinding[]>();
  for (const f of findings) byRule.set(f.ruleId, [...byRule.get(f.ruleId) ?? [], f]);
  return [...byRule].map(([id, found]) => {
    const rule = RULES_BY_ID.get(id)!;
    const byObject = new Map<string, LintFinding[]>();
    for (const f of found) {
      const key = `${f.file} ${objectOf(f)}`;
      byObject.set(key, [...byObject.get(key) ?? [], f]);
    }
    return {
      ruleName: `${id} (${rule.severity}): ${rule.description}`,
      recommendation: `${rule.rationale} See ${rule.link}`,
      fix: [...new Set(found.map(f => f.fix))].join('; or '),
      violatingResources: [...byObject.values()].map(own => ({
        resourceName: own[0].name,
        manifestPath: own[0].file ?? '',
        locations: own.map(f => `${objectOf(f)} ${f.path}${f.line ? ` (line ${f.line})` : ''}: ${f.message}`),
      })),
    };
  });
}
