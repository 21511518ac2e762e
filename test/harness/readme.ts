import * as path from 'path';
import * as yaml from 'js-yaml';
import * as ts from 'typescript';

/** A TypeScript block of a Markdown file, with what the file says it produces. */
export interface Snippet {
  /** The line of the block's opening fence (1-based). */
  readonly line: number;
  /** The code of the block. */
  readonly code: string;
  /** Marked `<!-- fragment -->`: neither compiled nor run. */
  readonly fragment: boolean;
  /** Marked `<!-- throws -->`: running it must throw the message of the plain block that follows. */
  readonly throws: boolean;
  /** The ```yaml block that follows it, if any. */
  readonly yaml?: { readonly line: number; readonly text: string };
  /** The plain ``` block that follows it, if any. */
  readonly text?: { readonly line: number; readonly text: string };
}

interface Block { readonly lang: string; readonly line: number; readonly end: number; readonly text: string }

/** How many lines of prose may stand between a snippet and the block that shows its output. */
const MAX_PROSE_LINES = 2;

/** Every TypeScript block of a Markdown text, with the YAML or plain block that follows it. */
export function parseSnippets(markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    i++;
    while (i < lines.length && !/^```\s*$/.test(lines[i])) i++;
    blocks.push({ lang: open[1], line: start + 1, end: i + 1, text: lines.slice(start + 1, i).join('\n') });
  }
  const markBefore = (line: number): string | undefined => {
    let i = line - 2;
    while (i >= 0 && lines[i].trim() === '') i--;
    return i >= 0 ? /^<!--\s*(\S+)\s*-->$/.exec(lines[i].trim())?.[1] : undefined;
  };
  return blocks.flatMap((block, b) => {
    if (block.lang !== 'ts' && block.lang !== 'typescript') return [];
    const next = blocks[b + 1];
    const prose = next ? lines.slice(block.end, next.line - 1).filter(l => l.trim() !== '').length : Infinity;
    const follows = next && prose <= MAX_PROSE_LINES ? next : undefined;
    const mark = markBefore(block.line);
    return [{
      line: block.line,
      code: block.text,
      fragment: mark === 'fragment',
      throws: mark === 'throws',
      yaml: follows?.lang === 'yaml' ? { line: follows.line, text: follows.text } : undefined,
      text: follows?.lang === '' ? { line: follows.line, text: follows.text } : undefined,
    }];
  });
}

/**
 * The prelude of a snippet that uses `chart` without declaring it: an app
 * (writing nowhere) and a chart `app` in it, on one line. Empty otherwise.
 */
export function preludeOf(code: string): string {
  if (!/\bchart\b/.test(code) || /\b(const|let|var)\s+chart\b/.test(code)) return '';
  return "import { Chart as ReadmeChart } from 'cdk8s'; import { PatternsApp as ReadmePatternsApp } from 'cdk8s-patterns'; "
    + "const app = new ReadmePatternsApp({ outdir: '/nonexistent' }); const chart = new ReadmeChart(app, 'app');\n";
}

/** The module a snippet is compiled and run as: prelude, code, and `export {}` so each is a module of its own. */
export function moduleOf(snippet: Snippet): string {
  return `${preludeOf(snippet.code)}${snippet.code}\nexport {};\n`;
}

/** The README line of a line (0-based) of a snippet's module. */
export function readmeLine(snippet: Snippet, moduleLine: number): number {
  return snippet.line + 1 + moduleLine - (preludeOf(snippet.code) ? 1 : 0);
}

/**
 * Type-checks the snippets in one Program, as virtual modules under `root`,
 * against the repo's sources (`'cdk8s-patterns'` is `src/index.ts`).
 * Returns one message per error, naming the README line.
 */
export function typeCheck(root: string, file: string, snippets: readonly Snippet[]): string[] {
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile).config;
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
  const compilerOptions: ts.CompilerOptions = {
    ...options,
    noEmit: true,
    rootDir: root,
    // snippets declare things to show them, not always to use them
    noUnusedLocals: false,
    noUnusedParameters: false,
    types: ['node'],
    baseUrl: root,
    paths: { 'cdk8s-patterns': ['src/index.ts'] },
  };
  const virtual = new Map(snippets.map(s => [path.join(root, 'test', 'readme-snippets', `line-${s.line}.ts`), s]));
  const host = ts.createCompilerHost(compilerOptions);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (name, version, ...rest) => {
    const snippet = virtual.get(path.resolve(name));
    return snippet ? ts.createSourceFile(name, moduleOf(snippet), version) : getSourceFile.call(host, name, version, ...rest);
  };
  const fileExists = host.fileExists;
  host.fileExists = name => virtual.has(path.resolve(name)) || fileExists.call(host, name);
  const program = ts.createProgram([...virtual.keys()], compilerOptions, host);
  // only the snippets are checked: the sources have their own type check
  const files = program.getSourceFiles().filter(f => virtual.has(path.resolve(f.fileName)));
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...files.flatMap(f => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)]),
  ];
  return diagnostics.map(d => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const snippet = d.file ? virtual.get(path.resolve(d.file.fileName)) : undefined;
    if (!d.file || !snippet) return `${d.file ? path.relative(root, d.file.fileName) : 'options'}: ${text}`;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${file}:${readmeLine(snippet, line)}: ${text}`;
  });
}

/** A snippet's module as CommonJS. */
export function transpile(snippet: Snippet): string {
  return ts.transpileModule(moduleOf(snippet), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
}

/** Parses a shown YAML block: its documents, empty ones left out. */
export function parseYaml(text: string): any[] {
  return yaml.loadAll(text).filter(d => d !== null && d !== undefined);
}

/**
 * Where `shown` differs from `produced`, read as a subset: every field shown
 * must equal the produced one; a shown list must match, in order, a
 * subsequence of the produced list. Returns the path of the first differing
 * field and what differs, or undefined when `shown` holds.
 */
export function subsetDiff(shown: any, produced: any, at = ''): string | undefined {
  if (Array.isArray(shown)) {
    if (!Array.isArray(produced)) return `${at || '.'}: shown a list, produced ${JSON.stringify(produced)}`;
    let j = 0;
    for (let i = 0; i < shown.length; i++) {
      while (j < produced.length && subsetDiff(shown[i], produced[j]) !== undefined) j++;
      if (j === produced.length) {
        // report it against the element at the same position, as the likeliest counterpart
        return i < produced.length
          ? subsetDiff(shown[i], produced[i], `${at}[${i}]`) ?? `${at}[${i}]: shown out of order`
          : `${at}[${i}]: shown, produced only ${produced.length} elements`;
      }
      j++;
    }
    return undefined;
  }
  if (shown !== null && typeof shown === 'object') {
    if (produced === null || typeof produced !== 'object' || Array.isArray(produced)) {
      return `${at || '.'}: shown an object, produced ${JSON.stringify(produced)}`;
    }
    for (const key of Object.keys(shown)) {
      const field = /^[A-Za-z_][\w]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`;
      if (!(key in produced)) return `${field}: shown ${JSON.stringify(shown[key])}, not produced`;
      const diff = subsetDiff(shown[key], produced[key], field);
      if (diff !== undefined) return diff;
    }
    return undefined;
  }
  if (shown === null) return undefined; // a key shown with only `# ...` under it
  if (typeof shown === 'string' && typeof produced === 'string' && /^\s*# \.\.\.$/m.test(shown)) {
    // a multi-line string trimmed with a `# ...` line: what comes before it starts the produced one
    const start = shown.slice(0, shown.search(/^\s*# \.\.\.$/m));
    return produced.startsWith(start) ? undefined : `${at || '.'}: shown ${JSON.stringify(start)}..., produced ${JSON.stringify(produced)}`;
  }
  return shown === produced ? undefined : `${at || '.'}: shown ${JSON.stringify(shown)}, produced ${JSON.stringify(produced)}`;
}

/** Every object node of a value, itself included. */
function objectNodes(value: any): any[] {
  if (Array.isArray(value)) return value.flatMap(objectNodes);
  if (value === null || typeof value !== 'object') return [];
  return [value, ...Object.values(value).flatMap(objectNodes)];
}

/**
 * Where a shown document differs from every produced manifest it may
 * stand for: one of the same kind (and name, when shown), or, for a
 * document without `kind` (a part of an object, e.g. a pod spec), any
 * object node of any manifest. Undefined when one matches.
 */
export function documentDiff(shown: any, manifests: readonly any[]): string | undefined {
  const name = shown?.metadata?.name;
  const candidates = shown?.kind === undefined
    ? manifests.flatMap(objectNodes)
    : manifests.filter(m => m.kind === shown.kind && (name === undefined || m.metadata?.name === name));
  if (candidates.length === 0) {
    return `no ${shown.kind}${name === undefined ? '' : ` '${name}'`} produced (produced: ${manifests.map(m => `${m.kind}/${m.metadata?.name}`).join(', ')})`;
  }
  const diffs = candidates.map(c => subsetDiff(shown, c));
  if (diffs.some(d => d === undefined)) return undefined;
  // the candidate that agrees longest: its differing field is the deepest
  const depth = (d: string) => d.split(':')[0].split(/[.[]/).length;
  return diffs.reduce((best, d) => depth(d!) > depth(best!) ? d : best);
}

/** Whether an error message is the one shown, where `...` in the shown text stands for anything. */
export function messageMatches(shown: string, actual: string): boolean {
  const pattern = shown.trim().split('...').map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*');
  return new RegExp(`^${pattern}$`).test(actual.trim());
}
