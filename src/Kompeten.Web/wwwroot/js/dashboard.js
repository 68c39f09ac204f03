// Kompeten dashboard: the regions map (Leaflet, boundaries only — no tile server, works offline)
// and the charts (Chart.js). Figures come from the JSON the page embeds in #dashboard-data.
(function () {
    'use strict';
    var source = document.getElementById('dashboard-data');
    if (!source) return;
    var d = JSON.parse(source.textContent);
    var nf = new Intl.NumberFormat('id-ID');

    function drawMap() {
        var el = document.getElementById('map');
        if (!el || !d.boundariesUrl || typeof L === 'undefined') return;
        var byCode = {};
        d.regions.forEach(function (r) { byCode[r.code] = r; });
        var map = L.map(el, { attributionControl: false, zoomSnap: 0.25, scrollWheelZoom: false, tap: true });
        fetch(d.boundariesUrl, { credentials: 'same-origin' })
            .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
            .then(function (geo) {
                var layer = L.geoJSON(geo, {
                    style: function (f) {
                        var r = byCode[f.properties.code];
                        return { color: '#495057', weight: 1, fillOpacity: 0.9, fillColor: r ? r.colour : '#d9d9d9', className: 'region-shape' };
                    },
                    onEachFeature: function (f, l) {
                        var r = byCode[f.properties.code];
                        var text = f.properties.name + (r ? ': ' + nf.format(r.percent) + '% (' + nf.format(r.certified) + ' dari ' + nf.format(r.staff) + ')' : ': tidak ada data');
                        l.bindTooltip(text, { sticky: true });
                        l.on('click', function () { window.location.href = d.detailUrl.replace('__code__', encodeURIComponent(f.properties.code)); });
                    }
                }).addTo(map);
                // The paths exist once the map has a view (a map without one defers adding its layers).
                map.fitBounds(layer.getBounds(), { padding: [4, 4] });
                layer.eachLayer(function (l) {
                    var e = l.getElement && l.getElement();
                    if (e) e.setAttribute('data-code', l.feature.properties.code);
                });
                el.setAttribute('data-ready', 'true');
            })
            .catch(function () { el.innerHTML = '<p class="p-3 text-muted small">Peta tidak dapat dimuat.</p>'; });

        var legend = document.getElementById('map-legend');
        if (legend) {
            legend.innerHTML = d.legend.map(function (c) {
                return '<span class="me-2 text-nowrap"><span class="legend-swatch" style="background:' + c.colour + '"></span>' + c.label + '</span>';
            }).join('');
        }
    }

    // Long scheme/mentor names would squeeze the bars on a phone; the tooltip keeps the full name.
    function short(label) { return label && label.length > 22 ? label.slice(0, 21) + '…' : label; }

    function chart(id, config) {
        var el = document.getElementById(id);
        if (!el || typeof Chart === 'undefined') return;
        config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
        new Chart(el, config);
    }

    function drawCharts() {
        chart('chart-funnel', {
            type: 'bar',
            data: { labels: d.funnel.labels, datasets: [{ label: 'Jumlah', data: d.funnel.values, backgroundColor: '#198754' }] },
            options: { indexAxis: 'y', plugins: { legend: { display: false } } }
        });
        var cumulative = 0;
        chart('chart-years', {
            type: 'bar',
            data: {
                labels: d.byYear.map(function (y) { return y.year; }),
                datasets: [
                    { label: 'Terbit', data: d.byYear.map(function (y) { return y.count; }), backgroundColor: '#20c997' },
                    { label: 'Kumulatif', type: 'line', data: d.byYear.map(function (y) { cumulative += y.count; return cumulative; }), borderColor: '#0d6efd', backgroundColor: '#0d6efd' }
                ]
            }
        });
        if (d.passRates.length) {
            chart('chart-pass', {
                type: 'bar',
                data: { labels: d.passRates.map(function (p) { return p.scheme; }), datasets: [{ label: '% Kompeten', data: d.passRates.map(function (p) { return p.rate; }), backgroundColor: '#6f42c1' }] },
                options: {
                    indexAxis: 'y', scales: { x: { min: 0, max: 100 }, y: { ticks: { callback: function (v) { return short(this.getLabelForValue(v)); } } } }, plugins: {
                        legend: { display: false },
                        tooltip: { callbacks: { afterLabel: function (c) { var p = d.passRates[c.dataIndex]; return p.passed + ' kompeten dari ' + (p.passed + p.failed) + ' kesempatan uji'; } } }
                    }
                }
            });
        }
        if (d.mentors && d.mentors.length) {
            chart('chart-mentors', {
                type: 'bar',
                data: {
                    labels: d.mentors.map(function (m) { return m.name; }),
                    datasets: [
                        { label: 'Kandidat didampingi', data: d.mentors.map(function (m) { return m.active; }), backgroundColor: '#fd7e14' },
                        { label: 'Kapasitas', data: d.mentors.map(function (m) { return m.capacity; }), backgroundColor: '#adb5bd' }
                    ]
                },
                options: { indexAxis: 'y', scales: { y: { ticks: { callback: function (v) { return short(this.getLabelForValue(v)); } } } } }
            });
        }
        if (d.training.available && d.training.batches.length) {
            chart('chart-gain', {
                type: 'bar',
                data: {
                    labels: d.training.batches.map(function (b) { return b.name; }),
                    datasets: [
                        { label: 'Pre-test', data: d.training.batches.map(function (b) { return b.pre; }), backgroundColor: '#adb5bd' },
                        { label: 'Post-test', data: d.training.batches.map(function (b) { return b.post; }), backgroundColor: '#198754' }
                    ]
                },
                options: { scales: { y: { min: 0, max: 100 } } }
            });
        }
    }

    drawMap();
    drawCharts();
})();
