import { launchBrowser } from '@roster/testkit/browser';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startStack, type Stack } from './stack.ts';

/** The password the browser tests sign up and sign in with. */
export const PASSWORD = 'correct horse battery';

interface DemoBrowserOptions {
  viewport?: { width: number; height: number };
  /** Each step's wait; generous, for two shared cores. */
  timeout?: number;
}

/**
 * The demo stack and one Chromium for a browser test file: started before its tests, stopped after
 * them. `stack` is readable once the tests run; `newPage` is a fresh browser profile (its own cookies):
 * one person at their computer.
 */
export function useDemoBrowser({
  viewport = { width: 1100, height: 760 },
  timeout = 15_000,
}: DemoBrowserOptions = {}) {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  const started = () => {
    if (!stack || !browser) throw new Error('the demo stack is not started yet');
    return { stack, browser };
  };
  return {
    get stack(): Stack {
      return started().stack;
    },
    async newPage(): Promise<Page> {
      const { stack, browser } = started();
      const context = await browser.newContext({ baseURL: stack.url, viewport });
      const page = await context.newPage();
      page.setDefaultTimeout(timeout);
      return page;
    },
  };
}

export const visible = (locator: Locator, timeout?: number) => locator.waitFor({ state: 'visible', timeout });
export const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
