import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../../src/app';
import { loadDemoIfEmpty } from '../../src/modules/demo/demo.service';
import { PASSWORD } from './people';
import { createTestDb, type TestDb } from './test-db';
import { freshCodeFor } from './two-factor';

export const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));

/** Debian's Chromium, headless, with no background network traffic (the machine has no network). */
export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('Chromium not found');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface RunningServer {
  url: string;
  db: TestDb;
  close(): Promise<void>;
}

/** The real app on a loopback port, on a fresh database holding the demo register. */
export async function startServerWithDemo(): Promise<RunningServer> {
  return startServer({ demo: true });
}

/** The real app on a loopback port, on a fresh database: with the demo register, or empty for a test that plants its own few entries (much faster). */
export async function startServer(opts: { demo: boolean }): Promise<RunningServer> {
  const db = await createTestDb();
  if (opts.demo) {
    const report = await loadDemoIfEmpty({ db: db.handle.db, taxonomy: db.deps.taxonomy });
    if (!report || report.failed > 0) throw new Error(`demo data failed to load: ${JSON.stringify(report?.errors.slice(0, 3))}`);
  }
  const app = createApp({ ...db.deps, isDemo: () => opts.demo });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page as loaded: "rule: first targets" per violation (empty when clean). */
export async function axeViolations(page: Page, targets = 2): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as {
    violations: Array<{ id: string; nodes: Array<{ target: string[] }> }>;
  };
  return result.violations.map(
    (v) =>
      `${v.id}: ${v.nodes
        .slice(0, targets)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  );
}

/** Clicks the first element `selector` finds and waits for the page it loads. */
export function submit(page: Page, selector: string) {
  return Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator(selector).first().click()]);
}

/**
 * A new page of `context`, signed in through the sign-in form (in `locale`) as `email` (made by `person`, with its password); staff
 * answer the second step with the code their authenticator would show. It ends on the account page.
 */
export async function signIn(server: RunningServer, context: BrowserContext, email: string, locale: 'en' | 'ar' = 'en'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}/${locale}/account/sign-in`);
  await page.fill('#f-email', email);
  await page.fill('#f-password', PASSWORD);
  await submit(page, 'main form button[type=submit]');
  if (page.url().includes('/account/sign-in/code')) {
    await page.fill('#f-code', await freshCodeFor(email));
    await submit(page, 'main form button[type=submit]');
  }
  assert.match(page.url(), new RegExp(`/${locale}/account$`));
  return page;
}
