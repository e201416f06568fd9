// softswitch console: CSRF header on every htmx request, API errors shown next to their field,
// and the dashboard charts (uPlot). No build step.
(function () {
  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.content : '';
  }
  document.addEventListener('htmx:configRequest', function (e) {
    e.detail.headers['X-CSRF-Token'] = csrf();
    var fd = e.detail.formData;
    var form = e.detail.elt.closest ? e.detail.elt.closest('form') : null;
    if (fd && typeof fd.keys === 'function') {
      Array.from(fd.keys()).forEach(function (k) {
        var input = form ? form.querySelector('[name="' + k + '"][data-was]') : null;
        if (input) {
          // An edit sends what changed: an emptied field goes as Name= and clears it, as the API does.
          if (fd.get(k) === input.getAttribute('data-was')) { fd.delete(k); }
        } else if (fd.get(k) === '') {
          // On a new item an empty optional field means "not given" to the API, as with curl.
          fd.delete(k);
        }
      });
    }
  });
  document.addEventListener('htmx:afterRequest', function (e) {
    var form = e.detail.elt.closest ? e.detail.elt.closest('form[data-api]') : null;
    if (!form) { return; }
    var xhr = e.detail.xhr;
    form.querySelectorAll('.field-error, .form-error').forEach(function (x) { x.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(function (x) { x.removeAttribute('aria-invalid'); });
    if (xhr.status >= 200 && xhr.status < 300) { window.location.reload(); return; }
    var msg = xhr.responseText;
    try { msg = JSON.parse(xhr.responseText).message || msg; } catch (ignored) { /* not JSON */ }
    var target = null;
    form.querySelectorAll('[name]').forEach(function (i) {
      if (msg.indexOf(i.name + ':') === 0 || msg.indexOf(' ' + i.name + ' ') >= 0) { target = i; }
    });
    var box = target ? form.querySelector('[data-error-for="' + target.name + '"]') : form.querySelector('.form-error');
    if (target) { target.setAttribute('aria-invalid', 'true'); target.focus(); }
    if (box) { box.textContent = msg; }
  });

  function chart(id, t, series, labels, yRange) {
    var el = document.getElementById(id);
    if (!el || typeof uPlot === 'undefined') { return; }
    var colors = ['#1f6feb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2'];
    var opts = {
      width: Math.min(560, el.clientWidth || 560), height: 200,
      series: [{}].concat(labels.map(function (l, i) { return { label: l, stroke: colors[i % colors.length], width: 2, spanGaps: true }; })),
      axes: [{}, {}],
      // always the last hour, whatever few points exist yet
      scales: { x: { time: true, range: function () { var end = t.length ? t[t.length - 1] : Date.now() / 1000; return [end - 3600, end + 60]; } },
                y: yRange ? { range: yRange } : { range: function (u, min, max) { return [0, Math.max(1, max || 0) * 1.2]; } } }
    };
    el.innerHTML = '';
    new uPlot(opts, [t].concat(series), el);
  }
  window.consoleDashboard = function () {
    function draw() {
      fetch('/console/dashboard.json', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (d) {
        if (d.t) {
          chart('chart-cps', d.t, [d.cps], ['calls/s']);
          chart('chart-active', d.t, [d.active], ['calls']);
          var names = Object.keys(d.asr_by_carrier);
          chart('chart-asr', d.t, [d.asr].concat(names.map(function (n) { return d.asr_by_carrier[n]; })), ['all'].concat(names), [0, 1]);
          chart('chart-pdd', d.t, [d.pdd_ms], ['ms']);
          chart('chart-relay', d.t, [d.relay_p99_us], ['µs']);
        }
        // per trunk and per carrier: one line per name
        ['trunks', 'carriers'].forEach(function (kind) {
          var prefix = kind === 'trunks' ? 'trunk-' : 'carrier-';
          var ids = { cps: 'cps', active: 'active', asr: 'asr', pdd_ms: 'pdd', relay_p99_us: 'relay' };
          Object.keys(ids).forEach(function (metric) {
            var byName = d.keyed[kind][metric] || {};
            var names = Object.keys(byName);
            chart(prefix + ids[metric], d.keyed.t, names.map(function (n) { return byName[n]; }), names,
                  metric === 'asr' ? [0, 1] : null);
          });
        });
        document.body.setAttribute('data-dashboard', 'drawn');
      });
    }
    document.addEventListener('DOMContentLoaded', draw);
    setInterval(draw, 60000);
  };
})();
