import { createHash } from 'crypto';
import * as path from 'path';
import { RULES } from './_catalog';
import { LintResult, objectOf } from './_engine';
import { LintFinding, LintSeverity } from './lint-finding';

/** The output formats of the lint command: printers over one finding type. */
export const FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
export type Format = typeof FORMATS[number];

/** What a report says besides its findings. */
export interface ReportInfo {
  readonly objects: number;
  readonly files: number;
  /** The rules that ran. */
  readonly enabled: ReadonlySet<string>;
  /** The folder paths in SARIF are relative to. */
  readonly cwd: string;
  readonly version: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function counts(findings: readonly LintFinding[]): { [severity: string]: number } {
  const c: { [severity: string]: number } = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

const where = (f: LintFinding) => (f.file !== undefined ? `${f.file}:${f.line ?? 1}: ` : '');

/** One line per finding, then a summary line. */
export function textReport(result: LintResult, info: ReportInfo): string {
  const lines = result.findings.map(f => `${where(f)}${f.severity} ${f.ruleId} ${objectOf(f)}: ${f.message}${f.constructPath ? ` [${f.constructPath}]` : ''}`);
  const c = counts(result.findings);
  const suppressed = result.suppressed.length > 0 ? `, ${result.suppressed.length} suppressed` : '';
  lines.push(`${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info in ${plural(info.objects, 'object')} from ${plural(info.files, 'source')}${suppressed}`);
  return `${lines.join('\n')}\n`;
}

/** The findings and the suppressed findings, as JSON. */
export function jsonReport(result: LintResult, info: ReportInfo): string {
  return `${JSON.stringify({
    tool: 'cdk8s-patterns lint',
    version: info.version,
    summary: { ...counts(result.findings), suppressed: result.suppressed.length, objects: info.objects, sources: info.files },
    findings: result.findings,
    suppressed: result.suppressed,
  }, null, 2)}\n`;
}

const SARIF_LEVEL: { [s in LintSeverity]: string } = { error: 'error', warning: 'warning', info: 'note' };

/** The SARIF artifact of a file: relative to the working folder when it is inside it. */
function artifactOf(file: string | undefined, cwd: string): { uri: string; uriBaseId?: string } {
  if (file === undefined || file === '<stdin>') return { uri: 'stdin' };
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return { uri: `file://${absolute.split(path.sep).map(encodeURIComponent).join('/')}` };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/** SARIF 2.1.0, as GitHub code scanning reads it: a result per finding at its file and line, suppressed ones marked. */
export function sarifReport(result: LintResult, info: ReportInfo): string {
  const rules = RULES.filter(r => info.enabled.has(r.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const toResult = (f: LintFinding) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId),
    level: SARIF_LEVEL[f.severity],
    message: { text: `${objectOf(f)}: ${f.message}` },
    locations: [{
      physicalLocation: {
        artifactLocation: artifactOf(f.file, info.cwd),
        region: { startLine: f.line ?? 1 },
      },
      logicalLocations: [{
        name: objectOf(f),
        fullyQualifiedName: f.constructPath ?? `${f.kind}/${f.namespace ?? ''}/${f.name}`,
        kind: 'resource',
      }],
    }],
    partialFingerprints: {
      'distillation/v1': createHash('sha256').update([f.ruleId, f.apiVersion, f.kind, f.namespace ?? '', f.name, f.path].join('\n')).digest('hex').slice(0, 32),
    },
    properties: { factor: f.factor, object: objectOf(f), path: f.path, fix: f.fix, ...(f.constructPath ? { constructPath: f.constructPath } : {}) },
    ...(f.suppressedBecause !== undefined ? { suppressions: [{ kind: result.inSource.has(f) ? 'inSource' : 'external', justification: f.suppressedBecause }] } : {}),
  });
  return `${JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-patterns',
          informationUri: 'https://github.com/cdk8s-patterns/cdk8s-patterns',
          version: info.version,
          rules: rules.map(r => ({
            id: r.id,
            shortDescription: { text: r.description },
            fullDescription: { text: r.rationale },
            helpUri: r.link,
            help: { text: `${r.rationale} See ${r.link}` },
            defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
            properties: { factor: r.factor, tags: ['kubernetes', r.factor] },
          })),
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { uri: `file://${info.cwd.split(path.sep).join('/')}/` } },
      results: [...result.findings, ...result.suppressed].map(toResult),
    }],
  }, null, 2)}\n`;
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
  // XML 1.0 cannot carry most control characters, even escaped
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** JUnit XML: a test suite per rule that ran, a failing test case per finding, a skipped one per suppressed finding. */
export function junitReport(result: LintResult, info: ReportInfo): string {
  const rules = RULES.filter(r => info.enabled.has(r.id));
  const caseOf = (f: LintFinding, body: string) => `    <testcase classname="${xml(f.ruleId)}" name="${xml(`${objectOf(f)} ${f.path}`)}"${f.file ? ` file="${xml(f.file)}" line="${f.line ?? 1}"` : ''}>\n      ${body}\n    </testcase>`;
  const suites = rules.map(r => {
    const failures = result.findings.filter(f => f.ruleId === r.id);
    const skipped = result.suppressed.filter(f => f.ruleId === r.id);
    const cases = [
      ...failures.map(f => caseOf(f, `<failure type="${f.severity}" message="${xml(f.message)}">${xml(`${where(f)}${f.message}`)}</failure>`)),
      ...skipped.map(f => caseOf(f, `<skipped message="${xml(`suppressed: ${f.suppressedBecause}`)}"/>`)),
    ];
    if (cases.length === 0) cases.push(`    <testcase classname="${r.id}" name="${plural(info.objects, 'object')}"/>`);
    return `  <testsuite name="${r.id} ${xml(r.description)}" tests="${cases.length}" failures="${failures.length}" skipped="${skipped.length}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const tests = suites.reduce((n, suite) => n + (suite.match(/<testcase /g)?.length ?? 0), 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cdk8s-patterns lint" tests="${tests}" failures="${result.findings.length}">\n${suites.join('\n')}\n</testsuites>\n`;
}
