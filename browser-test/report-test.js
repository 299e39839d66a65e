#!/usr/bin/env node
// Browser test of a HeatBench report: node report-test.js PATH/TO/index.html [SCREENSHOT_DIR]
// Opens the page from disk (file://) in headless Chromium (/usr/bin/chromium or $CHROMIUM), fails on console
// errors, page errors, failed requests or images that did not load, drives the heatmap gallery (target, next/prev
// record, leads, blinding) and saves screenshots (default: target/report-screenshots/, git-ignored).
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
      check(panels === s0.methods.length && panels > 0, panels + ' gallery panels, one per method');
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
      const labelsBefore = await page.locator('#g-grid .panel-title').allTextContents();
      await page.check('#g-blind');
      const sb = await state();
      const labelsAfter = await page.locator('#g-grid .panel-title').allTextContents();
      const methodLabels = await page.evaluate(() => JSON.parse(document.getElementById('gallery-data').textContent)
        .targets[0].methods.map((m) => m.label));
      check(sb.blinded, 'blinding on');
      check(labelsAfter.every((t) => !methodLabels.includes(t)) && labelsAfter.every((t) => /^Panel /.test(t)),
        'method labels hidden: ' + labelsAfter.join(', '));
      check(await page.locator('#g-grid .panel[data-method]').count() === 0, 'no method names left in the panels');
      check(sb.order.length < 2 || sb.order.some((m, i) => m !== i), 'panel order shuffled: ' + sb.order.join(','));
      await page.locator('#gallery').screenshot({ path: path.join(shots, 'gallery-blinded.png') });
      await page.uncheck('#g-blind');
      check(JSON.stringify(await page.locator('#g-grid .panel-title').allTextContents()) === JSON.stringify(labelsBefore),
        'blinding off restores the labelled order');
    }
    check(problems.length === 0, 'no console errors, page errors, failed or network requests' +
      (problems.length ? ':\n  ' + problems.join('\n  ') : ''));
    console.log('screenshots: ' + shots);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
})().catch((e) => { console.error(e && e.stack ? e.stack : e); process.exitCode = 1; });
