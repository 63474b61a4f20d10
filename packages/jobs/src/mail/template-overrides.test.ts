import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTemplateOverrides } from './template-overrides.ts';

describe('loadTemplateOverrides', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'roster-templates-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads <locale>.json files (locale lower-cased), ignoring other files', async () => {
    await writeFile(
      join(dir, 'en.json'),
      JSON.stringify({ subject: 'Join {{team}}', body: '{{b}}Hi{{/b}}' }),
    );
    await writeFile(join(dir, 'pt-BR.json'), JSON.stringify({ direction: 'ltr' }));
    await writeFile(join(dir, 'README.md'), 'notes');
    expect(await loadTemplateOverrides(dir)).toEqual({
      en: { subject: 'Join {{team}}', body: '{{b}}Hi{{/b}}' },
      'pt-br': { direction: 'ltr' },
    });
  });

  it('names the file and key of an unknown variable, an unknown key, or unbalanced bold', async () => {
    await writeFile(join(dir, 'de.json'), JSON.stringify({ subject: 'Hallo {{name}}' }));
    await expect(loadTemplateOverrides(dir)).rejects.toThrow(
      /de\.json: "subject" unknown variable \{\{name\}\}/,
    );
    await writeFile(join(dir, 'de.json'), JSON.stringify({ subjekt: 'x' }));
    await expect(loadTemplateOverrides(dir)).rejects.toThrow(/de\.json: .*subjekt/);
    await writeFile(join(dir, 'de.json'), JSON.stringify({ body: '{{b}}x' }));
    await expect(loadTemplateOverrides(dir)).rejects.toThrow(
      /"body" every \{\{b\}\} needs a matching \{\{\/b\}\}/,
    );
  });

  it('refuses bad JSON, a bad file name, and a missing folder', async () => {
    await writeFile(join(dir, 'en.json'), '{ nope');
    await expect(loadTemplateOverrides(dir)).rejects.toThrow(/en\.json: /);
    await rm(join(dir, 'en.json'));
    await writeFile(join(dir, 'english.json'), '{}');
    await expect(loadTemplateOverrides(dir)).rejects.toThrow(/must be a locale code/);
    await expect(loadTemplateOverrides(join(dir, 'missing'))).rejects.toThrow(
      /cannot read mail templates folder/,
    );
  });
});
