import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { resolveConfig } from './_config';
import { atLeast, runRules } from './_engine';
import { appObjects } from './_library';
import { ResolvedConfig } from './_rules/_rule';
import { LintSeverity } from './lint-finding';

/** A lint config of an app, checked when the app is built. */
export type AppLintConfig = ResolvedConfig & { readonly failOn: LintSeverity };

/** Checks the `lint` prop of an app. */
export function appLintConfig(app: IConstruct, config: unknown): AppLintConfig {
  return resolveConfig(app, 'lint', config);
}

/**
 * The findings at or above the config's `failOn` on an app's rendered
 * objects, a line each in the library's style:
 * `<construct path>: '<path>' <problem>; <fix> [<rule id>]`.
 */
export function lintProblems(rendered: readonly { readonly object: ApiObject; readonly manifest: any }[], config: AppLintConfig): string[] {
  return runRules(appObjects(rendered), config).findings
    .filter(f => atLeast(f.severity, config.failOn))
    .map(f => `${f.constructPath}: ${f.message} [${f.ruleId} ${f.severity}]`);
}
