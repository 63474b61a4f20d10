import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** A place in the repository that names a document, and what it names. */
export interface DocReference {
  /** `path:line` of the reference. */
  at: string;
  /** The document, relative to the repository root (`docs/security.md`). */
  file: string;
  /** The heading's anchor, when the reference names one. */
  anchor?: string;
}

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a Markdown file's headings (fenced code skipped; repeats get `-1`, `-2` as on GitHub). */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*)$/.exec(line);
    const text = heading?.[1];
    if (!text) continue;
    const base = headingAnchor(text);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Files git tracks or would track (untracked, not ignored), relative to `root`. */
export function repositoryFiles(root: string): string[] {
  const output = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  return output.split('\n').filter((file) => file && existsSync(join(root, file)));
}

const CODE = /\.(ts|tsx|js|mjs)$/;
/** `docs/<name>.md` or `docs/<name>.md#anchor` anywhere in code (comments, strings). */
const CODE_REFERENCE = /\bdocs\/([\w./-]+\.md)(?:#([\w-]+))?/g;
/** A Markdown link's target: `(path.md)` or `(path.md#anchor)` or `(#anchor)`. */
const MARKDOWN_LINK = /\]\(([^)\s]*?\.md)?(?:#([\w-]+))?\)/g;

/** Every reference to a Markdown document in the repository's code and Markdown files. */
export function findReferences(root: string, files: string[]): DocReference[] {
  const references: DocReference[] = [];
  for (const file of files) {
    const isMarkdown = file.endsWith('.md');
    if (!isMarkdown && !CODE.test(file)) continue;
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      const at = `${file}:${index + 1}`;
      if (isMarkdown) {
        for (const [, target, anchor] of line.matchAll(MARKDOWN_LINK)) {
          if (target === undefined && anchor === undefined) continue;
          if (target && /^[a-z]+:/i.test(target)) continue;
          const resolved = target ? normalize(join(dirname(file), target)) : file;
          if (resolved.startsWith('..')) continue;
          references.push({ at, file: resolved, ...(anchor ? { anchor } : {}) });
        }
      } else {
        for (const [, name, anchor] of line.matchAll(CODE_REFERENCE)) {
          references.push({ at, file: relative('.', `docs/${name}`), ...(anchor ? { anchor } : {}) });
        }
      }
    });
  }
  return references;
}

/** The references whose document or heading does not exist, as readable lines. */
export function brokenReferences(root: string, references: DocReference[]): string[] {
  const anchors = new Map<string, Set<string> | null>();
  const anchorsOfFile = (file: string) => {
    if (!anchors.has(file)) {
      const path = join(root, file);
      anchors.set(file, existsSync(path) ? anchorsOf(readFileSync(path, 'utf8')) : null);
    }
    return anchors.get(file);
  };
  return references.flatMap((reference) => {
    const found = anchorsOfFile(reference.file);
    if (found === null || found === undefined) return [`${reference.at}: ${reference.file} does not exist`];
    if (reference.anchor && !found.has(reference.anchor)) {
      return [`${reference.at}: ${reference.file} has no heading #${reference.anchor}`];
    }
    return [];
  });
}
