// report.html in a real headless browser: it loads without errors or network access, and its
// charts are drawn. Needs Debian's chromium; CI installs it, so there a missing browser fails.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../reports/index.ts';
import { sampleDocument } from './fixtures/sample-results.ts';

const kChromium = '/usr/bin/chromium';
const kHave = existsSync(kChromium);
const kArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('report.html in chromium', () => {
  it.runIf(!kHave && !!process.env.CI)('has a browser to run in on CI', () => {
    expect.fail(`${kChromium} is missing: CI must install Debian's chromium (see .ci/run)`);
  });

  describe.skipIf(!kHave)(kHave ? 'rendering' : `skipped: ${kChromium} is not installed (apt-get install chromium)`, () => {
    let browser: Browser;
    let dir: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'pinstress-html-'));
      browser = await chromium.launch({ executablePath: kChromium, args: kArgs });
    });
    afterAll(async () => {
      await browser?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('loads without errors or requests and draws every chart', async () => {
      await writeReports(sampleDocument(), dir);
      const url = pathToFileURL(join(dir, 'report.html')).href;
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      page.on('request', (r) => {
        if (r.url() !== url) requests.push(r.url());
      });
      await page.goto(url, { waitUntil: 'load' });

      const count = (sel: string): Promise<number> => page.locator(sel).count();
      expect(await count('svg.histogram#hist-pause-1 rect.bar')).toBeGreaterThan(0);
      expect(await count('svg.histogram#hist-ttsp-1 rect.bar')).toBeGreaterThan(0);
      expect(await count('svg.timeline#timeline-1 rect.seg')).toBeGreaterThan(0);
      expect(await count('svg.timeline#timeline-1 rect.gc-band')).toBeGreaterThan(0);
      expect(await count('svg.occupancy#occupancy-1 polyline.series')).toBe(3);
      expect(await count('svg.strategies rect.bar')).toBeGreaterThan(0);
      // The hung run's timeline is drawn too, and its thread dump is a table.
      expect(await count('svg.timeline#timeline-2 rect.seg.blocked')).toBeGreaterThan(0);
      expect(await count('#run-2 table.thread-dump tbody tr')).toBe(5);
      // Charts take up real space on the page.
      const box = await page.locator('#timeline-1').boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(300);
      // Nasty strings stay text: the injected <script> in a message never became an element.
      expect(await count('script')).toBe(1);

      // The inline script sorts the runs table.
      await page.locator('#runs-table th', { hasText: 'duration' }).click();
      await page.locator('#runs-table th', { hasText: 'duration' }).click();
      const first = await page.locator('#runs-table tbody tr').first().locator('td').first().textContent();
      expect(first).toBe('nested-init'); // the longest run, 2.03 s

      await mkdir(resolve('test-artifacts'), { recursive: true });
      await page.screenshot({ path: resolve('test-artifacts/report.png'), fullPage: true });
      await page.close();
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
    });
  });
});
