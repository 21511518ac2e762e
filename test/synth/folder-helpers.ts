/** Helpers of the output folder tests. */
import * as fs from 'fs';
import * as path from 'path';
import { transformFileSync } from '@swc/core';

/** The list of the files PatternsApp wrote into a folder. */
export const LIST = '.cdk8s-patterns-files';

const WRITER = path.join(__dirname, 'folder-writer.ts');
const ROOT = path.join(__dirname, '..', '..');

/**
 * Compiles the writer (`folder-writer.ts`) and the repository modules it
 * imports into `dir` with swc, as jest does, and returns the arguments that
 * run it with plain node: a child then starts in tens of milliseconds, not
 * half a second as under ts-node.
 */
export function compileWriter(dir: string): string[] {
  const compiled = (file: string) => path.join(dir, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
  const pending = [WRITER];
  const done = new Set<string>();
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (done.has(file)) continue;
    done.add(file);
    const { code } = transformFileSync(file, {
      swcrc: false,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    fs.mkdirSync(path.dirname(compiled(file)), { recursive: true });
    fs.writeFileSync(compiled(file), code);
    for (const [, spec] of code.matchAll(/require\("(\.\.?\/[^"]+)"\)/g)) pending.push(path.resolve(path.dirname(file), `${spec}.ts`));
  }
  return [compiled(WRITER)];
}

/** Every file under `dir`, relative path → content; folders as `path/`, links as `path ->` → their target. */
export function readTree(dir: string, prefix = ''): Record<string, string> {
  const tree: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    const rel = `${prefix}${name}`;
    const stat = fs.lstatSync(full);
    if (stat.isSymbolicLink()) tree[`${rel} ->`] = fs.readlinkSync(full);
    else if (stat.isDirectory()) Object.assign(tree, { [`${rel}/`]: '' }, readTree(full, `${rel}/`));
    else tree[rel] = fs.readFileSync(full, 'utf8');
  }
  return tree;
}

/** What {@link readTree} gives for a folder after writing `files` into it, next to `others`: the files, their folders and their list. */
export function written(files: Record<string, string>, others: Record<string, string> = {}): Record<string, string> {
  const tree: Record<string, string> = { ...others, [LIST]: Object.keys(files).sort().map(f => `${f}\n`).join('') };
  for (const [file, content] of Object.entries(files)) {
    tree[file] = content;
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) tree[`${parts.slice(0, i).join('/')}/`] = '';
  }
  return tree;
}
