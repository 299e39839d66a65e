/* HeatBench report: the heatmap gallery. Vanilla JS, no network; data from the JSON element #gallery-data. */
(function () {
  'use strict';
  var el = document.getElementById('gallery-data');
  var grid = document.getElementById('g-grid');
  if (!el || !grid) { return; }
  var data = JSON.parse(el.textContent);
  if (!data.targets || data.targets.length === 0) { return; }
  var selTarget = document.getElementById('g-target');
  var selRecord = document.getElementById('g-record');
  var selLeads = document.getElementById('g-leads');
  var blind = document.getElementById('g-blind');
  var info = document.getElementById('g-info');
  var state = { t: 0, r: 0, leads: 'all', blind: true, order: [] };
  var rater = document.getElementById('g-rater');
  var exportBtn = document.getElementById('g-export');
  var rated = document.getElementById('g-rated');
  var STORE = 'heatbench-ratings:' + (data.run || '');
  /* The blinding key (panel -> method) is not in this page: blinding-key.js beside index.html is loaded on unblind. */
  function withKey(ok, fail) {
    if (window.heatbenchBlindingKey) { ok(); return; }
    var sc = document.createElement('script');
    sc.src = 'blinding-key.js';
    sc.onload = function () { if (window.heatbenchBlindingKey) { ok(); } else { fail(); } };
    sc.onerror = fail;
    document.head.appendChild(sc);
  }
  function loadRatings() {
    try { return JSON.parse(window.localStorage.getItem(STORE) || '[]'); } catch (e) { return []; }
  }
  function saveRatings(list) { window.localStorage.setItem(STORE, JSON.stringify(list)); }
  function rating(target, record, panel) {
    var who = (rater && rater.value.trim()) || '';
    return loadRatings().filter(function (x) {
      return x.rater === who && x.target === target && x.record === record && x.panel === panel;
    })[0];
  }
  function setRating(target, record, panel, patch) {
    var who = (rater && rater.value.trim()) || '';
    if (!who) { rated.textContent = 'enter a rater id first'; return false; }
    var list = loadRatings(), found = null;
    list.forEach(function (x) {
      if (x.rater === who && x.target === target && x.record === record) {
        if (patch.best === true) { x.best = false; }
        if (x.panel === panel) { found = x; }
      }
    });
    if (!found) { found = { rater: who, target: target, record: record, panel: panel, score: null, best: false };
      list.push(found); }
    Object.keys(patch).forEach(function (k) { found[k] = patch[k]; });
    found.time = new Date().toISOString();
    saveRatings(list); updateCount(); return true;
  }
  function updateCount() {
    if (!rated) { return; }
    var who = (rater && rater.value.trim()) || '';
    var n = loadRatings().filter(function (x) { return x.rater === who && x.score !== null; }).length;
    rated.textContent = who ? n + ' panel(s) scored by ' + who : 'no rater id';
  }
  function exportJson() {
    var who = (rater && rater.value.trim()) || '';
    return { format: 'heatbench-ratings/1', run: data.run || '', rater: who, exported: new Date().toISOString(),
      ratings: loadRatings().filter(function (x) { return x.rater === who && x.score !== null; }) };
  }
  var cache = {};
  var FID_DRAWN = ['p_on', 'p_off', 'qrs_on', 'qrs_off', 't_off'];

  function bytes(b64) {
    var s = atob(b64), a = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) { a[i] = s.charCodeAt(i); }
    return a;
  }
  function decoded(ti, ri) {
    var key = ti + ':' + ri;
    if (cache[key]) { return cache[key]; }
    var T = data.targets[ti], R = T.records[ri];
    var eb = bytes(R.ecg), dv = new DataView(eb.buffer), n = eb.length / 2;
    var ecg = new Float32Array(n);
    for (var i = 0; i < n; i++) { ecg[i] = dv.getInt16(2 * i, true); }
    var attr = R.attr.map(function (b) {
      var q = new Int8Array(bytes(b).buffer), a = new Float32Array(q.length);
      for (var j = 0; j < q.length; j++) { var r = q[j] / 127; a[j] = r < 0 ? -r * r : r * r; }
      return a;
    });
    cache[key] = { ecg: ecg, attr: attr };
    return cache[key];
  }
  function v5(T) {
    for (var i = 0; i < T.leads.length; i++) { if (T.leads[i].toUpperCase() === 'V5') { return i; } }
    return T.leads.length - 1;
  }
  /* rows: [{label, trace, rel}] of the chosen leads view */
  function rows(T, d, m) {
    var S = T.samples, L = T.leads.length, out = [], l, i;
    var a = d.attr[m];
    if (state.leads === 'all') {
      for (l = 0; l < L; l++) {
        out.push({ label: T.leads[l], trace: d.ecg.subarray(l * S, (l + 1) * S), rel: a.subarray(l * S, (l + 1) * S) });
      }
    } else {
      var k = v5(T);
      var rel = a.subarray(k * S, (k + 1) * S);
      if (state.leads === 'avg') {
        rel = new Float32Array(S);
        for (l = 0; l < L; l++) { for (i = 0; i < S; i++) { rel[i] += a[l * S + i] / L; } }
      }
      out.push({ label: T.leads[k] + (state.leads === 'avg' ? ' (avg. relevance)' : ''),
        trace: d.ecg.subarray(k * S, (k + 1) * S), rel: rel });
    }
    return out;
  }
  /* Captum's _cumulative_sum_threshold(|a|, 90) over the shown leads */
  function threshold(rs) {
    var v = [];
    rs.forEach(function (r) { for (var i = 0; i < r.rel.length; i++) { v.push(Math.abs(r.rel[i])); } });
    v.sort(function (x, y) { return x - y; });
    var total = 0, i;
    for (i = 0; i < v.length; i++) { total += v[i]; }
    if (!(total > 0)) { return 1; }
    var c = 0;
    for (i = 0; i < v.length; i++) { c += v[i]; if (c >= 0.9 * total) { return v[i] > 0 ? v[i] : 1; } }
    return v[v.length - 1];
  }
  function colour(x) {
    var t = Math.min(1, Math.abs(x)), c = x >= 0 ? [178, 24, 43] : [33, 102, 172];
    var r = Math.round(255 + (c[0] - 255) * t), g = Math.round(255 + (c[1] - 255) * t), b = Math.round(255 + (c[2] - 255) * t);
    return 'rgba(' + r + ',' + g + ',' + b + ',0.7)';
  }
  function draw(canvas, T, R, rs) {
    var dpr = window.devicePixelRatio || 1;
    /* long records (10-s rhythms): at least 0.6 px per sample, the panel scrolls horizontally (report.css) */
    var w = Math.max(160, canvas.parentNode.clientWidth - 2, T.samples > 700 ? Math.round(T.samples * 0.6) + 30 : 0);
    var rowH = rs.length > 1 ? 34 : 150, padL = 30, h = rowH * rs.length + 4;
    canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
    canvas.style.width = w + 'px'; canvas.style.height = h + 'px';
    var g = canvas.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.fillStyle = '#fff'; g.fillRect(0, 0, w, h);
    var thr = threshold(rs), S = T.samples, dx = (w - padL) / S;
    rs.forEach(function (r, k) {
      var top = 2 + k * rowH, i;
      for (i = 0; i < S; i++) {
        var v = r.rel[i] / thr;
        if (Math.abs(v) < 0.02) { continue; }
        g.fillStyle = colour(Math.max(-1, Math.min(1, v)));
        g.fillRect(padL + i * dx, top, dx + 0.6, rowH);
      }
      var lo = Infinity, hi = -Infinity;
      for (i = 0; i < S; i++) { lo = Math.min(lo, r.trace[i]); hi = Math.max(hi, r.trace[i]); }
      var span = Math.max(hi - lo, 200), mid = (hi + lo) / 2;
      g.strokeStyle = '#000'; g.lineWidth = 1; g.beginPath();
      for (i = 0; i < S; i++) {
        var y = top + rowH / 2 - (r.trace[i] - mid) / span * (rowH - 6);
        if (i === 0) { g.moveTo(padL, y); } else { g.lineTo(padL + i * dx, y); }
      }
      g.stroke();
      g.fillStyle = '#333'; g.font = '10px sans-serif'; g.textBaseline = 'middle';
      g.fillText(r.label, 2, top + rowH / 2);
      if (k > 0) { g.strokeStyle = '#ddd'; g.beginPath(); g.moveTo(padL, top); g.lineTo(w, top); g.stroke(); }
    });
    g.setLineDash([3, 3]); g.strokeStyle = 'rgba(0,110,60,0.85)';
    FID_DRAWN.forEach(function (name) {
      var f = T.fiducialNames.indexOf(name), s = f < 0 ? -1 : R.fiducials[f];
      if (s >= 0 && s < S) { g.beginPath(); g.moveTo(padL + s * dx, 0); g.lineTo(padL + s * dx, h); g.stroke(); }
    });
    g.setLineDash([]);
  }
  function fmt(v) { return v === null || v === undefined ? 'n/a' : String(Number(v.toPrecision(4))); }
  function fillRecords() {
    var T = data.targets[state.t];
    while (selRecord.firstChild) { selRecord.removeChild(selRecord.firstChild); }
    T.records.forEach(function (R, i) {
      var o = document.createElement('option'); o.value = String(i);
      o.textContent = (i + 1) + ' / ' + T.records.length + ': ' + R.id; selRecord.appendChild(o);
    });
  }
  function render() {
    var T = data.targets[state.t], R = T.records[state.r], d = decoded(state.t, state.r);
    selTarget.value = String(state.t); selRecord.value = String(state.r);
    var n = T.panels, order = [], i, key = null;
    if (state.blind) {
      for (i = 0; i < n; i++) { order.push(i); }
    } else {
      key = window.heatbenchBlindingKey[T.target];
      var perm = key.order[R.id];
      for (i = 0; i < n; i++) { order.push(perm.indexOf(i)); }
    }
    state.order = order;
    var unit = T.unit ? ' ' + T.unit : '';
    // classification targets carry their followed score as unit: show the label and the predicted probability
    var cls = T.unit === 'probability' || T.unit === 'logit';
    info.textContent = cls
      ? 'Record ' + R.id + ' (store index ' + R.index + ') · label ' + T.target + ': ' +
        (R.truth === null || R.truth === undefined || isNaN(R.truth) ? 'unlabelled' : fmt(R.truth)) +
        ' · predicted ' + T.unit + ': ' + fmt(R.prediction)
      : 'Record ' + R.id + ' (store index ' + R.index + ') · true ' + T.target + ': ' + fmt(R.truth) + unit +
        ' · predicted: ' + fmt(R.prediction) + unit;
    var cols = Math.ceil(Math.sqrt(n));
    grid.style.gridTemplateColumns = 'repeat(' + cols + ', minmax(0, 1fr))';
    while (grid.firstChild) { grid.removeChild(grid.firstChild); }
    grid.classList.toggle('blinded', state.blind);
    var panels = [];
    order.forEach(function (slot, pos) {
      var p = document.createElement('div'); p.className = 'panel';
      var title = document.createElement('div'); title.className = 'panel-title';
      var id = panelId(slot);
      if (state.blind) {
        title.textContent = 'Panel ' + id;
        p.setAttribute('data-panel', id);
      } else {
        var m = key.order[R.id][slot];
        title.textContent = key.methods[m].label; title.title = key.methods[m].spec;
        p.setAttribute('data-method', key.methods[m].spec);
      }
      var c = document.createElement('canvas');
      p.appendChild(title); p.appendChild(c);
      if (state.blind) { p.appendChild(scoreControls(T.target, R.id, id)); }
      grid.appendChild(p); panels.push([c, slot]);
    });
    panels.forEach(function (x) { draw(x[0], T, R, rows(T, d, x[1])); });
    refreshRatings();
  }
  function panelId(k) { return String.fromCharCode(65 + (k % 26)) + (k >= 26 ? String(Math.floor(k / 26)) : ''); }
  function scoreControls(target, record, id) {
    var box = document.createElement('div'); box.className = 'rating';
    box.setAttribute('data-target', target); box.setAttribute('data-record', record); box.setAttribute('data-panel', id);
    for (var v = 1; v <= 5; v++) {
      var b = document.createElement('button'); b.type = 'button'; b.textContent = String(v);
      b.className = 'score'; b.setAttribute('data-score', String(v));
      b.title = v + ' = ' + (v === 1 ? 'no evidence shown' : v === 5 ? 'clearly shows the evidence' : 'in between');
      b.addEventListener('click', (function (val) { return function () {
        if (setRating(target, record, id, { score: val })) { refreshRatings(); } }; })(v));
      box.appendChild(b);
    }
    var best = document.createElement('button'); best.type = 'button'; best.className = 'best-pick';
    best.addEventListener('click', function () {
      var cur = rating(target, record, id) || {};
      if (setRating(target, record, id, { best: !cur.best })) { refreshRatings(); }
    });
    box.appendChild(best);
    return box;
  }
  /* marks the stored scores and best picks of the current rater on the shown panels (no redraw) */
  function refreshRatings() {
    Array.prototype.forEach.call(grid.querySelectorAll('.rating'), function (box) {
      var cur = rating(box.getAttribute('data-target'), box.getAttribute('data-record'), box.getAttribute('data-panel')) || {};
      Array.prototype.forEach.call(box.querySelectorAll('button.score'), function (b) {
        b.classList.toggle('chosen', cur.score === Number(b.getAttribute('data-score')));
      });
      var best = box.querySelector('button.best-pick');
      best.classList.toggle('chosen', !!cur.best); best.textContent = cur.best ? '\u2605 best' : '\u2606 best';
    });
  }
  function go(dr) {
    var n = data.targets[state.t].records.length;
    state.r = ((state.r + dr) % n + n) % n; render();
  }
  selTarget.addEventListener('change', function () { state.t = Number(selTarget.value); state.r = 0; fillRecords(); render(); });
  selRecord.addEventListener('change', function () { state.r = Number(selRecord.value); render(); });
  selLeads.addEventListener('change', function () { state.leads = selLeads.value; render(); });
  blind.addEventListener('change', function () {
    if (blind.checked) { state.blind = true; render(); return; }
    withKey(function () { state.blind = false; render(); }, function () {
      blind.checked = true; state.blind = true;
      info.textContent = 'The blinding key (blinding-key.js beside index.html) is not available: panels stay blinded.';
    });
  });
  if (rater) {
    rater.value = window.localStorage.getItem('heatbench-rater') || '';
    rater.addEventListener('change', function () {
      window.localStorage.setItem('heatbench-rater', rater.value.trim()); updateCount(); refreshRatings(); });
  }
  if (exportBtn) {
    exportBtn.addEventListener('click', function () {
      var j = exportJson();
      var a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([JSON.stringify(j, null, 1)], { type: 'application/json' }));
      a.download = 'ratings-' + (j.rater || 'anonymous') + '.json';
      document.body.appendChild(a); a.click(); document.body.removeChild(a);
    });
  }
  document.getElementById('g-prev').addEventListener('click', function () { go(-1); });
  document.getElementById('g-next').addEventListener('click', function () { go(1); });
  document.addEventListener('keydown', function (e) {
    var tag = (e.target && e.target.tagName) || '';
    if (tag === 'SELECT' || tag === 'INPUT') { return; }
    if (e.key === 'ArrowLeft') { go(-1); } else if (e.key === 'ArrowRight') { go(1); }
  });
  var resizeTimer = null;
  window.addEventListener('resize', function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(render, 150); });
  window.heatbenchGallery = {
    state: function () {
      var T = data.targets[state.t];
      var key = window.heatbenchBlindingKey ? window.heatbenchBlindingKey[T.target] : null;
      return { target: T.target, record: T.records[state.r].id, leads: state.leads, blinded: state.blind,
        order: state.order.slice(), panels: T.panels,
        methods: key ? key.methods.map(function (m) { return m.spec; }) : null };
    },
    ratings: exportJson
  };
  state.blind = true; blind.checked = true; state.leads = selLeads.value;
  fillRecords(); updateCount(); render();
})();
