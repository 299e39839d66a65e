#!/usr/bin/env node
// Browser test of a HeatBench report: node report-test.js PATH/TO/index.html [SCREENSHOT_DIR]
// Opens the page from disk (file://) in headless Chromium (/usr/bin/chromium or $CHROMIUM), fails on console
// errors, page errors, failed requests or images that did not load, drives the heatmap gallery (target, next/prev
// record, leads, blinding), rates panels as two raters, exports the ratings, checks that the blinding key is not in
// the page before unblinding, imports the ratings with `heatbench ratings import` ($HEATBENCH or ../heatbench) when the
// report lies in RUN/report/, and saves screenshots (default: target/report-screenshots/, git-ignored).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

function fail(msg) { console.error('FAIL: ' + msg); process.exitCode = 1; throw new Error(msg); }
function check(cond, msg) { if (!cond) { fail(msg); } console.log('ok - ' + msg); }

(async () => {
  const report = process.argv[2];
  if (!report) { console.error('usage: node report-test.js PATH/TO/index.html [SCREENSHOT_DIR]'); process.exit(2); }
  const index = path.resolve(report);
  if (!fs.existsSync(index)) { console.error('no report at ' + index); process.exit(2); }
  const shots = path.resolve(process.argv[3] || path.join(__dirname, 'target', 'report-screenshots'));
  fs.mkdirSync(shots, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'heatbench-chromium-'));
  // a fresh user-data-dir per run (playwright passes it as --user-data-dir)
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems = [];
  try {
    const page = browser.pages()[0] || await browser.newPage();
    page.on('console', (m) => { if (m.type() === 'error') { problems.push('console error: ' + m.text()); } });
    page.on('pageerror', (e) => problems.push('page error: ' + e.message));
    page.on('requestfailed', (r) => problems.push('request failed: ' + r.url() + ' ' + (r.failure() || {}).errorText));
    page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) {
      problems.push('network request: ' + r.url()); } });
    await page.goto('file://' + index, { waitUntil: 'load' });
    // lazy images: scroll through the page so that every image loads
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += 600) { window.scrollTo(0, y); await new Promise((r) => setTimeout(r, 30)); }
      window.scrollTo(0, 0);
      await Promise.all(Array.from(document.images).map((i) => i.complete ? null : new Promise((r) => { i.onload = r; i.onerror = r; })));
    });
    const images = await page.evaluate(() => Array.from(document.images).map((i) => ({ src: i.getAttribute('src'), w: i.naturalWidth })));
    const broken = images.filter((i) => !(i.w > 0));
    check(broken.length === 0, images.length + ' images loaded' + (broken.length ? ', broken: ' + broken.map((b) => b.src).join(' ') : ''));
    await page.screenshot({ path: path.join(shots, 'report-top.png') });
    await page.screenshot({ path: path.join(shots, 'report-full.png'), fullPage: true });
    console.log('banner: ' + ((await page.locator('#warnings').count()) ? 'present' : 'none'));

    const hasGallery = (await page.locator('#g-grid').count()) > 0;
    if (!hasGallery) {
      console.log('no gallery in this report: gallery checks skipped');
    } else {
      const state = () => page.evaluate(() => window.heatbenchGallery.state());
      await page.locator('#gallery').scrollIntoViewIfNeeded();
      const s0 = await state();
      const panels = await page.locator('#g-grid .panel').count();
      check(panels === s0.panels && panels > 0, panels + ' gallery panels, one per method');
      const canvasOk = await page.evaluate(() => Array.from(document.querySelectorAll('#g-grid canvas')).every((c) => c.width > 0 && c.height > 0));
      check(canvasOk, 'every panel is drawn');
      await page.locator('#gallery').screenshot({ path: path.join(shots, 'gallery.png') });
      const records = await page.locator('#g-record option').count();
      await page.click('#g-next');
      const s1 = await state();
      check(records < 2 || s1.record !== s0.record, 'next: record ' + s0.record + ' -> ' + s1.record);
      await page.click('#g-prev');
      check((await state()).record === s0.record, 'previous: back to ' + s0.record);
      const targets = await page.locator('#g-target option').count();
      if (targets > 1) {
        await page.selectOption('#g-target', '1');
        const s2 = await state();
        check(s2.target !== s0.target, 'target switched ' + s0.target + ' -> ' + s2.target);
        await page.selectOption('#g-target', '0');
      }
      for (const v of ['avg', 'v5', 'all']) {
        await page.selectOption('#g-leads', v);
        check((await state()).leads === v, 'leads view ' + v);
        if (v === 'v5') { await page.locator('#gallery').screenshot({ path: path.join(shots, 'gallery-v5.png') }); }
      }
      // blinded from the start: the key (panel -> method) is not in the page until the rater unblinds
      const specs = await page.evaluate(() => Array.from(document.querySelectorAll('#rank-matrix th.method'))
        .map((t) => t.getAttribute('title')));
      const galleryText = await page.evaluate(() => document.getElementById('gallery-data').textContent);
      check(s0.blinded && s0.methods === null, 'gallery starts blinded, no method list');
      check(await page.evaluate(() => window.heatbenchBlindingKey === undefined), 'blinding key not loaded before unblinding');
      check(specs.length > 0 && specs.every((m) => !galleryText.includes(JSON.stringify(m))), 'no method spec in the gallery data');
      check(await page.locator('#g-grid .panel[data-method]').count() === 0, 'no method names in the blinded panels');
      check(await page.evaluate(() => !document.documentElement.outerHTML.includes('heatbenchBlindingKey =')), 'key absent from the DOM');
      const titles = await page.locator('#g-grid .panel-title').allTextContents();
      check(titles.every((t) => /^Panel [A-Z]/.test(t)), 'panels named by letter: ' + titles.join(', '));
      await page.locator('#gallery').screenshot({ path: path.join(shots, 'gallery-blinded.png') });

      // two raters score every panel of the first two records and pick a best one; each exports JSON
      const exported = [];
      for (const [rater, offset] of [['tester-a', 0], ['tester-b', 1]]) {
        await page.fill('#g-rater', rater);
        await page.dispatchEvent('#g-rater', 'change');
        for (let r = 0; r < Math.min(2, records); r++) {
          await page.selectOption('#g-record', String(r));
          const n = await page.locator('#g-grid .panel').count();
          for (let k = 0; k < n; k++) {
            const score = 1 + ((k + offset * (k % 2)) % 5);
            await page.locator('#g-grid .panel').nth(k).locator('button.score[data-score="' + score + '"]').click();
          }
          await page.locator('#g-grid .panel').nth(0).locator('button.best-pick').click();
        }
        const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#g-export')]);
        const file = path.join(shots, 'ratings-' + rater + '.json');
        await dl.saveAs(file);
        const j = JSON.parse(fs.readFileSync(file, 'utf8'));
        const panels = await page.locator('#g-grid .panel').count();
        check(j.rater === rater && j.ratings.length === Math.min(2, records) * panels &&
          j.ratings.every((x) => x.score >= 1 && x.score <= 5 && x.panel && x.record && x.target && x.time),
          rater + ' exported ' + j.ratings.length + ' ratings');
        check(j.ratings.filter((x) => x.best).length === Math.min(2, records), 'one best pick per record');
        exported.push(file);
      }
      await page.selectOption('#g-record', '0');
      check(await page.evaluate(() => window.heatbenchBlindingKey === undefined), 'still no key after rating');

      // unblinding loads blinding-key.js from beside the page
      await page.uncheck('#g-blind');
      await page.waitForFunction(() => window.heatbenchGallery.state().blinded === false);
      const su = await state();
      check(Array.isArray(su.methods) && su.methods.length === panels, 'key loaded on unblind: ' + su.methods.length + ' methods');
      const labelled = await page.locator('#g-grid .panel[data-method]').count();
      check(labelled === panels, 'unblinded panels show their methods');
      await page.locator('#gallery').screenshot({ path: path.join(shots, 'gallery-unblinded.png') });

      // import through the CLI, regenerate the report, find the agreement section
      const runDir = path.dirname(path.dirname(index));
      if (!fs.existsSync(path.join(runDir, 'run.json'))) {
        console.log('report is not inside a run directory: CLI import skipped');
      } else {
        const { execFileSync } = require('child_process');
        const cli = process.env.HEATBENCH || path.join(__dirname, '..', 'heatbench');
        const out = execFileSync(cli, ['ratings', 'import', '--results', runDir].concat(exported), { encoding: 'utf8' });
        check(/imported/.test(out), 'ratings imported through the CLI');
        execFileSync(cli, ['report', '--results', runDir, '--out', path.dirname(index)], { encoding: 'utf8' });
        await page.goto('file://' + index, { waitUntil: 'load' });
        const experts = await page.locator('[id^="experts-"]').count();
        check(experts > 0, experts + ' expert-agreement section(s) in the regenerated report');
        const text = await page.locator('[id^="experts-"]').first().textContent();
        check(/Krippendorff/.test(text) && /Kendall/.test(text) && /2 rater/.test(text), 'agreement shown: ' + text.slice(0, 160));
        await page.locator('#trust').screenshot({ path: path.join(shots, 'trust.png') });
      }
    }
    check(problems.length === 0, 'no console errors, page errors, failed or network requests' +
      (problems.length ? ':\n  ' + problems.join('\n  ') : ''));
    console.log('screenshots: ' + shots);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
})().catch((e) => { console.error(e && e.stack ? e.stack : e); process.exitCode = 1; });
