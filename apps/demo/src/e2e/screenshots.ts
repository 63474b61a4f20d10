import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Page } from 'playwright-core';

/** Where `pnpm screenshots` writes the README's pictures. */
const SCREENSHOTS_DIR = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));

/** Set by `pnpm screenshots`; ordinary test runs take no pictures. */
export const takingScreenshots = process.env.ROSTER_SCREENSHOTS === '1';

/** Saves the page as docs/screenshots/<name>.png when taking screenshots. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!takingScreenshots) return;
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  // No caret or focus ring in the pictures; layout settled (fonts, images).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({
    path: `${SCREENSHOTS_DIR}${name}.png`,
    fullPage: true,
    animations: 'disabled',
    caret: 'hide',
  });
}
