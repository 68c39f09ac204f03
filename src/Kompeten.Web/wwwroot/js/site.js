// htmx leaves the page as it is when a request fails: without this, a refused filter, an expired
// session or a dropped connection on a phone looks like a button that does nothing. The server's
// answer to an htmx request carries an Indonesian sentence (plain text, or problem details under /api).
(function () {
    function box() { return document.getElementById('request-error'); }
    function show(text) {
        box().querySelector('[data-text]').textContent = text;
        box().classList.remove('d-none');
    }
    document.addEventListener('htmx:responseError', function (e) {
        var xhr = e.detail.xhr, type = xhr.getResponseHeader('Content-Type') || '', text = '';
        if (type.indexOf('text/plain') === 0) text = xhr.responseText.trim();
        else if (type.indexOf('json') >= 0) {
            try { var problem = JSON.parse(xhr.responseText); text = problem.detail || problem.title || ''; } catch (_) { }
        }
        show(text || 'Permintaan gagal (kode ' + xhr.status + '). Muat ulang halaman lalu coba lagi.');
    });
    document.addEventListener('htmx:sendError', function () {
        show('Tidak dapat menghubungi server. Periksa koneksi internet lalu coba lagi.');
    });
    document.addEventListener('htmx:beforeRequest', function () { box().classList.add('d-none'); });
})();
