import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchorsOf, brokenReferences, findReferences, headingAnchor, repositoryFiles } from './references.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
// This folder's own examples name documents that do not exist, on purpose.
const files = repositoryFiles(root).filter((file) => !file.startsWith('packages/testkit/src/docs/'));

describe('documents the repository refers to', () => {
  it('every docs/ file and heading named in code or Markdown exists', () => {
    const references = findReferences(root, files);
    expect(references.length).toBeGreaterThan(10);
    expect(brokenReferences(root, references)).toEqual([]);
  });

  it('no code comment cites a document outside the repository (the spec or design.md)', () => {
    const outside = files
      .filter((file) => /\.(ts|tsx)$/.test(file))
      .flatMap((file) =>
        readFileSync(join(root, file), 'utf8')
          .split('\n')
          .map((line, index) => ({ line, at: `${file}:${index + 1}` }))
          .filter(({ line }) => /spec §|design\.md|§\d/.test(line))
          .map(({ at }) => at),
      );
    expect(outside).toEqual([]);
  });
});

describe('heading anchors', () => {
  it("are GitHub's: lower case, punctuation dropped, spaces as hyphens, repeats numbered", () => {
    expect(headingAnchor("Appwrite's quirks and what Roster does")).toBe(
      'appwrites-quirks-and-what-roster-does',
    );
    expect(headingAnchor('The `X-RateLimit` headers (REST)')).toBe('the-x-ratelimit-headers-rest');
    expect([...anchorsOf('# A\n## B c\n```\n# not a heading\n```\n## B c\n')]).toEqual(['a', 'b-c', 'b-c-1']);
  });

  it('a missing file or heading is reported with where it is named', () => {
    const broken = brokenReferences(root, [
      { at: 'x.ts:1', file: 'docs/security.md', anchor: 'no-such-heading' },
      { at: 'y.ts:2', file: 'docs/nothing.md' },
      { at: 'z.ts:3', file: 'docs/security.md', anchor: 'limits-and-their-variables' },
    ]);
    expect(broken).toEqual([
      'x.ts:1: docs/security.md has no heading #no-such-heading',
      'y.ts:2: docs/nothing.md does not exist',
    ]);
  });
});
