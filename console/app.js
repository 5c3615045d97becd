// connql console: a Kafka Connect operator's console on connql serve's own API
// (docs/console.md). Hand-written, no framework, no build step; everything written
// into the page is escaped (names, configs and traces come from users and clusters).
'use strict';

(() => {
  const REFRESH_MS = 5000;        // the connectors list and a connector's status
  const FAST_REFRESH_MS = 1000;   // for a few seconds after an action
  const AUTH_KEY = 'connql.authorization';  // sessionStorage only: gone with the tab

  const main = document.getElementById('main');
  const banner = document.getElementById('banner');
  const who = document.getElementById('who');

  const app = {
    authorization: sessionStorage.getItem(AUTH_KEY),
    session: null,          // {user, role, authentication, version}
    connectors: null,       // the last GET /v1/connectors answer's rows
    refreshedAt: null,
    page: null,             // the current page's cleanup
    sqlText: '',            // kept in memory only: never stored (it may hold secrets)
    // Performance marks of the connectors table (read by bench/console_bench.sh).
    renders: [],
    requests: {connectors: 0},
    listHash: '#/connectors',  // the list as last filtered: the way back to it
  };
  // What bench/console_bench.py and the browser test read; never the credentials or the data.
  window.connqlConsole = Object.freeze({renders: app.renders, requests: app.requests});

  // ------------------------------------------------------------------ text helpers
  const ESCAPES = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'};
  function esc(value) {
    return String(value === undefined || value === null ? '' : value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
  }
  // A name quoted for a statement (docs/language.md): backquotes doubled, and `${`
  // written `$${` so that no variable is substituted inside. The replacement is a
  // function: in a replacement string `$$` would be one `$`, and `${` would stay as it is.
  function quoteName(name) {
    return '`' + String(name).replace(/`/g, '``').replace(/\$\{/g, () => '$${') + '`';
  }
  function quoteString(text) {
    return "'" + String(text).replace(/'/g, "''").replace(/\$\{/g, () => '$${') + "'";
  }
  function shortClass(name) {
    const s = String(name || '');
    return s.slice(s.lastIndexOf('.') + 1);
  }
  // A record's timestamp (ms since the epoch, UTC) as "2024-05-01 12:00:00.000"; "—" for
  // none: Kafka's -1 (no timestamp), missing, or out of a Date's range.
  function recordTime(ms) {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return '—';
    const date = new Date(ms);
    return Number.isNaN(date.getTime()) ? '—' : date.toISOString().replace('T', ' ').slice(0, 23);
  }
  function time(date) {
    return date.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'});
  }
  function canWrite() {
    return app.session && app.session.role === 'write';
  }
  function badge(state) {
    const s = String(state || 'UNKNOWN').toUpperCase();
    return '<span class="badge s-' + esc(s.replace(/[^A-Z]/g, '')) + '">' + esc(s) + '</span>';
  }
  // Markup that is written as it is: only what raw() made, never an object that merely
  // looks like it (a config or a record may be any JSON).
  class Raw {
    constructor(text) { this.text = String(text); }
  }
  const raw = (text) => new Raw(text);
  function html(strings, ...values) {  // html`<b>${x}</b>`: every value escaped but raw()'s
    let out = strings[0];
    values.forEach((value, i) => { out += (value instanceof Raw ? value.text : esc(value)) + strings[i + 1]; });
    return out;
  }

  // ------------------------------------------------------------------ the API
  class ApiError extends Error {
    constructor(message, detail) {
      super(message);
      this.detail = detail || {};
    }
  }

  async function request(method, path, body) {
    const headers = {Accept: 'application/json'};
    if (app.authorization) headers.Authorization = app.authorization;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      // credentials: 'omit': the Authorization header is ours, and a 401 never opens
      // the browser's own password dialog.
      response = await fetch(path, {method, headers, credentials: 'omit', cache: 'no-store',
                                    body: body === undefined ? undefined : JSON.stringify(body)});
    } catch (error) {
      throw new ApiError('connql serve is unreachable', {unreachable: 'connql', message: String(error.message || error)});
    }
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (error) { json = null; }
    if (response.status === 401) {
      showLogin(json && json.message);
      throw new ApiError('sign in needed', {status: 401});
    }
    return {status: response.status, ok: response.ok, json, text};
  }

  // What connql says when no worker of the cluster took the connection (connect/client.cpp:
  // "cannot connect to Kafka Connect at <urls> (<why>)").
  const CONNECT_UNREACHABLE = /cannot connect to Kafka Connect\b/i;

  // A failed answer as an ApiError. Only a Connect that could not be reached is labelled
  // so; any other failure (50000 is every internal error) shows the server's message.
  function failure(answer) {
    const body = Array.isArray(answer.json) ? answer.json[answer.json.length - 1] : answer.json;
    const message = (body && body.message) || answer.text || ('HTTP ' + answer.status);
    const detail = Object.assign({status: answer.status}, body || {});
    if (CONNECT_UNREACHABLE.test(message)) detail.unreachable = 'connect';
    return new ApiError(message, detail);
  }

  // POST /v1/statements: {entities, error} (entities of the statements that ran
  // before a failure are kept: they were applied).
  async function statements(sql) {
    const answer = await request('POST', '/v1/statements', {sql});
    if (answer.ok && Array.isArray(answer.json)) return {entities: answer.json, error: null, status: answer.status};
    let entities = [];
    if (Array.isArray(answer.json)) entities = answer.json.slice(0, -1);
    const error = failure(answer);
    return {entities, error, status: answer.status};
  }

  // ------------------------------------------------------------------ banner
  function showBanner(error) {
    if (!error) {
      banner.hidden = true;
      banner.textContent = '';
      return;
    }
    const d = error.detail || {};
    let title = error.message;
    if (d.unreachable === 'connql') title = 'connql serve is unreachable';
    else if (d.unreachable === 'connect') title = 'Kafka Connect is unreachable';
    const detail = d.unreachable === 'connql' ? d.message : error.message;
    banner.innerHTML = html`${title}${raw(detail && detail !== title ? html`<span class="detail">${detail}</span>` : '')}`;
    banner.hidden = false;
  }

  // ------------------------------------------------------------------ sign in
  let loginShown = false;
  function showLogin(message) {
    // Several requests may be refused at once: the form is shown once (and what was typed in it stays).
    if (loginShown && document.getElementById('login')) return;
    if (app.page && app.page.stop) app.page.stop();
    app.page = null;
    loginShown = true;
    app.authorization = null;
    sessionStorage.removeItem(AUTH_KEY);
    // Nothing of the previous user's stays in memory for the next one.
    app.session = null;
    app.connectors = null;
    app.refreshedAt = null;
    app.sqlText = '';
    app.listHash = '#/connectors';
    delete document.body.dataset.role;
    who.textContent = '';
    showBanner(null);
    main.innerHTML = html`
      <form class="card login" id="login" autocomplete="on">
        <h1>Sign in to connql</h1>
        <p class="muted">This server asks for credentials (a user of <code>--users</code>, or a token of <code>--tokens</code>).</p>
        ${raw(message ? html`<p class="error" id="login-error">${message}</p>` : '')}
        <label for="login-user">User</label>
        <input type="text" id="login-user" name="username" autocomplete="username" required>
        <label for="login-password">Password</label>
        <input type="password" id="login-password" name="password" autocomplete="current-password">
        <label for="login-token">or a bearer token</label>
        <input type="password" id="login-token" name="token" autocomplete="off">
        <p><button type="submit" class="primary" id="login-submit">Sign in</button></p>
      </form>`;
    const form = document.getElementById('login');
    const user = document.getElementById('login-user');
    const token = document.getElementById('login-token');
    token.addEventListener('input', () => { user.required = token.value === ''; });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (token.value) {
        app.authorization = 'Bearer ' + token.value.trim();
      } else {
        const bytes = new TextEncoder().encode(user.value + ':' + document.getElementById('login-password').value);
        let binary = '';
        bytes.forEach((b) => { binary += String.fromCharCode(b); });
        app.authorization = 'Basic ' + btoa(binary);
      }
      sessionStorage.setItem(AUTH_KEY, app.authorization);
      loginShown = false;
      await start();
    });
    user.focus();
  }

  function signOut() {
    showLogin('Signed out.');  // it forgets the credentials, the session and the data
  }

  function renderWho() {
    const s = app.session;
    if (!s) { who.textContent = ''; return; }
    const user = s.authentication ? s.user : 'no authentication';
    who.innerHTML = html`<span id="who-user">${user}</span><span class="badge s-${s.role === 'write' ? 'RUNNING' : 'PAUSED'}" id="who-role">${s.role}</span>` +
      (s.authentication ? '<button type="button" id="sign-out">Sign out</button>' : '');
    const out = document.getElementById('sign-out');
    if (out) out.addEventListener('click', signOut);
  }

  // ------------------------------------------------------------------ routing
  function parseHash() {
    const hash = location.hash.replace(/^#/, '') || '/connectors';
    const [pathPart, queryPart] = hash.split('?');
    const parts = pathPart.split('/').filter((p) => p !== '').map((p) => {
      try { return decodeURIComponent(p); } catch (error) { return p; }
    });
    return {parts, query: new URLSearchParams(queryPart || '')};
  }

  function route() {
    if (loginShown || !app.session) return;
    // Only #/... is a page: another fragment (such as #main) is an anchor in the page shown;
    // with no page shown yet, it opens the connectors.
    if (location.hash && !location.hash.startsWith('#/')) {
      if (app.page) return;
      history.replaceState(null, '', '#/connectors');
    }
    if (app.page && app.page.stop) app.page.stop();
    app.page = null;
    showBanner(null);
    const {parts, query} = parseHash();
    const section = parts[0] || 'connectors';
    document.querySelectorAll('[data-nav]').forEach((a) => {
      if (a.dataset.nav === section) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    if (section === 'connectors' && parts.length > 1) app.page = connectorPage(parts.slice(1).join('/'));
    else if (section === 'connectors') app.page = connectorsPage(query);
    else if (section === 'sql') app.page = sqlPage();
    else if (section === 'plugins' && parts.length > 1) app.page = pluginPage(parts.slice(1).join('/'));
    else if (section === 'plugins') app.page = pluginsPage(query);
    else main.innerHTML = html`<h1>Not found</h1><p>No page <code>${location.hash}</code>. <a href="#/connectors">Connectors</a></p>`;
    // The link that was followed is gone with the old page: the keyboard starts again at the content.
    if (!document.activeElement || document.activeElement === document.body) main.focus({preventScroll: true});
  }

  // A timer that never overlaps its own run: one run at a time, one timer chain. soon()
  // during a run asks for another right after it instead of starting a second one.
  function poller(run, interval) {
    let timer = null;
    let stopped = false;
    let inFlight = false;
    let again = false;
    let fastUntil = 0;
    async function tick() {
      clearTimeout(timer);
      timer = null;
      if (stopped) return;
      if (inFlight) { again = true; return; }
      if (document.hidden) {  // a tab nobody looks at asks nothing; it refreshes when shown again
        document.addEventListener('visibilitychange', tick, {once: true});
        return;
      }
      inFlight = true;
      again = false;
      try { await run(); } finally {
        inFlight = false;
        if (!stopped) timer = setTimeout(tick, again ? 0 : Date.now() < fastUntil ? FAST_REFRESH_MS : interval);
      }
    }
    tick();
    return {
      stop() { stopped = true; clearTimeout(timer); document.removeEventListener('visibilitychange', tick); },
      soon() {
        fastUntil = Date.now() + 8000;
        if (inFlight) again = true; else tick();
      },
    };
  }

  // ------------------------------------------------------------------ connectors
  const STATES = ['FAILED', 'RUNNING', 'PAUSED', 'STOPPED', 'UNASSIGNED', 'RESTARTING'];

  // What the table shows and sorts by: a connector with a failed task counts as failed.
  function shownState(c) {
    const state = c.connectorState || String(c.state || '').split(' ')[0] || 'UNKNOWN';
    return c.tasksFailed > 0 ? 'FAILED' : state;
  }
  function sortConnectors(rows) {
    return rows.slice().sort((a, b) => {
      const fa = shownState(a) === 'FAILED' ? 0 : 1;
      const fb = shownState(b) === 'FAILED' ? 0 : 1;
      if (fa !== fb) return fa - fb;
      return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    });
  }

  function connectorsPage(query) {
    let filter = query.get('q') || '';
    let stateFilter = (query.get('state') || '').toUpperCase();
    app.listHash = location.hash || '#/connectors';
    main.innerHTML = html`
      <div class="toolbar">
        <h1 class="grow">Connectors</h1>
        <span class="muted" id="refreshed" aria-live="polite">Loading…</span>
        <button type="button" id="refresh">Refresh</button>
      </div>
      <div class="toolbar">
        <label for="filter" class="muted">Filter</label>
        <input type="search" id="filter" placeholder="name or class  (press / to focus)" value="${filter}" autocomplete="off">
        <div class="chips" id="chips" role="group" aria-label="State"></div>
      </div>
      <div class="table-wrap" id="connectors-wrap">
        <table id="connectors">
          <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Class</th><th scope="col">State</th><th scope="col" class="num">Tasks running / total</th></tr></thead>
          <tbody id="connector-rows"><tr><td colspan="5" class="loading">Loading connectors…</td></tr></tbody>
        </table>
      </div>`;
    const input = document.getElementById('filter');
    const chips = document.getElementById('chips');
    const tbody = document.getElementById('connector-rows');
    const wrap = document.getElementById('connectors-wrap');
    const refreshed = document.getElementById('refreshed');
    let stopped = false;

    function keepInUrl() {
      const q = new URLSearchParams();
      if (filter) q.set('q', filter);
      if (stateFilter) q.set('state', stateFilter.toLowerCase());
      const text = q.toString();
      app.listHash = '#/connectors' + (text ? '?' + text : '');
      history.replaceState(null, '', app.listHash);
    }

    function render() {
      const started = performance.now();
      const rows = app.connectors;
      if (!rows) return;
      // The chips count what the filter box lets through: each says how many rows
      // clicking it would show.
      const needle = filter.toLowerCase();
      const matching = rows.filter((c) =>
        !needle || c.name.toLowerCase().includes(needle) || String(c.className || '').toLowerCase().includes(needle));
      const counts = {};
      matching.forEach((c) => { const s = shownState(c); counts[s] = (counts[s] || 0) + 1; });
      const states = STATES.concat(Object.keys(counts).filter((s) => !STATES.includes(s)));
      chips.innerHTML = html`<button type="button" class="chip" data-state="" aria-pressed="${!stateFilter}">All<span class="count">${matching.length}</span></button>` +
        states.filter((s) => counts[s] || s === stateFilter).map((s) =>
          html`<button type="button" class="chip" data-state="${s}" aria-pressed="${stateFilter === s}">${s.charAt(0) + s.slice(1).toLowerCase()}<span class="count">${counts[s] || 0}</span></button>`).join('');
      const shown = sortConnectors(matching).filter((c) => !stateFilter || shownState(c) === stateFilter);
      const parts = [];
      for (const c of shown) {
        const state = shownState(c);
        const tasks = c.tasksTotal === undefined ? '' : c.tasksRunning + ' / ' + c.tasksTotal;
        const note = c.tasksFailed > 0 ? ' <span class="muted">' + esc(c.tasksFailed) + ' task' + (c.tasksFailed > 1 ? 's' : '') + ' failed</span>' : '';
        parts.push('<tr data-name="' + esc(c.name) + '" data-state="' + esc(state) + '"' + (state === 'FAILED' ? ' class="failed"' : '') + '>' +
          '<td class="wrap"><a href="#/connectors/' + esc(encodeURIComponent(c.name)) + '">' + esc(c.name) + '</a></td>' +
          '<td>' + esc(c.type) + '</td>' +
          '<td class="cls" title="' + esc(c.className) + '">' + esc(shortClass(c.className)) + '</td>' +
          '<td class="state">' + badge(state) + note + '</td>' +
          '<td class="num">' + esc(tasks) + '</td></tr>');
      }
      if (shown.length === 0) {
        parts.push('<tr><td colspan="5" class="notice">' +
          (rows.length === 0 ? 'No connectors on this cluster yet. Create one on the <a href="#/sql">SQL page</a>.' : 'No connector matches the filter.') + '</td></tr>');
      }
      tbody.innerHTML = parts.join('');
      return performance.now() - started;
    }

    async function load() {
      app.requests.connectors++;
      let answer;
      try {
        answer = await request('GET', '/v1/connectors');
      } catch (error) {
        if (stopped || error.detail.status === 401) return;
        fail(error);
        return;
      }
      if (stopped) return;  // another page by now: its banner and table are not ours
      if (!answer.ok) { fail(failure(answer)); return; }
      performance.mark('connectors:answer');
      const arrived = performance.now();
      app.connectors = (answer.json && answer.json.connectors) || [];
      app.refreshedAt = new Date();
      wrap.classList.remove('stale');
      showBanner(null);
      render();
      performance.mark('connectors:rendered');
      const rendered = performance.now();
      // The frame that shows the table: the time to first render includes style and layout.
      requestAnimationFrame(() => setTimeout(() => {
        app.renders.push({rows: app.connectors.length, build_ms: rendered - arrived, painted_ms: performance.now() - arrived});
      }, 0));
      refreshed.textContent = 'Refreshed ' + time(app.refreshedAt) + ' · ' + app.connectors.length + ' connector' + (app.connectors.length === 1 ? '' : 's');
    }

    function fail(error) {
      showBanner(error);
      wrap.classList.add('stale');
      refreshed.textContent = app.refreshedAt ? 'Stale: last refreshed ' + time(app.refreshedAt) : 'Not loaded';
      if (!app.connectors) tbody.innerHTML = html`<tr><td colspan="5" class="error">Could not list the connectors: ${error.message}</td></tr>`;
    }

    input.addEventListener('input', () => { filter = input.value; keepInUrl(); render(); });
    chips.addEventListener('click', (event) => {
      const chip = event.target.closest('button[data-state]');
      if (!chip) return;
      stateFilter = chip.dataset.state;
      keepInUrl();
      render();
      const again = chips.querySelector('button[data-state="' + CSS.escape(stateFilter) + '"]');
      if (again) again.focus();
    });
    if (app.connectors) render();  // the last answer at once, while the new one comes
    const timer = poller(load, REFRESH_MS);
    document.getElementById('refresh').addEventListener('click', () => timer.soon());
    return {stop() { stopped = true; timer.stop(); }};
  }

  // ------------------------------------------------------------------ one connector
  function connectorPage(name) {
    const q = quoteName(name);
    main.innerHTML = html`
      <p><a href="${app.listHash || '#/connectors'}" id="back">← Connectors</a></p>
      <div class="toolbar"><h1 class="grow" id="connector-name">${name}</h1><span id="connector-state"></span>
        <span class="muted" id="refreshed" aria-live="polite">Loading…</span></div>
      <div class="card" id="actions-card" hidden>
        <h2>Actions</h2>
        <div class="actions" id="actions"></div>
        <div id="confirm"></div>
        <div class="outcome" id="outcome" aria-live="polite"></div>
      </div>
      <div class="grid">
        <section class="card" aria-labelledby="h-status"><h2 id="h-status">Status</h2><div id="status"><p class="loading">Loading…</p></div></section>
        <section class="card" aria-labelledby="h-topics"><h2 id="h-topics">Topics</h2><div id="topics"><p class="loading">Loading…</p></div></section>
      </div>
      <section class="card spaced" aria-labelledby="h-tasks"><h2 id="h-tasks">Tasks</h2><div id="tasks"><p class="loading">Loading…</p></div></section>
      <section class="card" aria-labelledby="h-config"><h2 id="h-config">Config</h2><p class="muted">Secrets are masked by connql; the console never receives them.</p><div id="config"><p class="loading">Loading…</p></div></section>
      <section class="card" aria-labelledby="h-create"><div class="toolbar"><h2 id="h-create" class="grow">SHOW CREATE</h2><button type="button" id="copy-create" disabled>Copy</button></div><div id="create"><p class="loading">Loading…</p></div></section>
      <section class="card" aria-labelledby="h-offsets"><h2 id="h-offsets">Offsets</h2><div id="offsets"><p class="loading">Loading…</p></div></section>
      <section class="card" aria-labelledby="h-dlq"><div class="toolbar"><h2 id="h-dlq" class="grow">Dead letter records</h2>
        <label for="dlq-limit" class="muted">Last</label>
        <select id="dlq-limit"><option>20</option><option>100</option><option>500</option></select>
        <button type="button" id="dlq-reload">Reload</button></div><div id="dlq"><p class="loading">Loading…</p></div></section>`;

    const $ = (id) => document.getElementById(id);
    let lastStatus = '';
    let description = null;
    let lastOk = null;      // the last successful refresh
    let stopped = false;

    function renderStatus(d) {
      const status = d.status || {};
      const connector = status.connector || {};
      const tasks = status.tasks || [];
      const failedTasks = tasks.filter((t) => t.state === 'FAILED').length;
      const state = failedTasks > 0 ? 'FAILED' : (connector.state || 'UNKNOWN');
      $('connector-state').innerHTML = badge(state);
      $('connector-state').dataset.state = connector.state || '';
      $('status').innerHTML = html`<dl class="facts">
          <dt>Connector</dt><dd id="status-state">${raw(badge(connector.state))}</dd>
          <dt>Type</dt><dd>${status.type || d.type || ''}</dd>
          <dt>Class</dt><dd class="mono">${d.connectorClass}</dd>
          <dt>Worker</dt><dd class="mono">${connector.worker_id || ''}</dd>
          <dt>Tasks</dt><dd>${tasks.filter((t) => t.state === 'RUNNING').length} running of ${tasks.length}${failedTasks ? ', ' + failedTasks + ' failed' : ''}</dd>
        </dl>${raw(connector.trace ? html`<details><summary>Connector trace</summary><pre class="trace">${connector.trace}</pre></details>` : '')}`;
      const open = new Set(Array.from(document.querySelectorAll('#tasks details[open]')).map((e) => e.dataset.task));
      if (tasks.length === 0) {
        $('tasks').innerHTML = '<p class="notice">No tasks (a stopped or paused connector, or one not started yet).</p>';
      } else {
        $('tasks').innerHTML = '<div class="table-wrap"><table><thead><tr><th class="num">Task</th><th>State</th><th>Worker</th><th>Trace</th>' +
          (canWrite() ? '<th>Action</th>' : '') + '</tr></thead><tbody>' +
          tasks.map((t) => html`<tr data-task="${t.id}"><td class="num">${t.id}</td><td>${raw(badge(t.state))}</td><td class="mono">${t.worker_id || ''}</td>
            <td>${raw(t.trace ? html`<details data-task="${t.id}"${raw(open.has(String(t.id)) ? ' open' : '')}><summary>${String(t.trace).split('\n')[0].slice(0, 140)}</summary><pre class="trace">${t.trace}</pre></details>` : '<span class="muted">—</span>')}</td>` +
            (canWrite() ? html`<td><button type="button" data-action="task" data-task="${t.id}">Restart task ${t.id}</button></td>` : '') + '</tr>').join('') +
          '</tbody></table></div>';
      }
      const topics = d.topics || [];
      $('topics').innerHTML = topics.length === 0 ? '<p class="notice">No topics recorded yet (Connect records them as records flow).</p>'
        : '<ul>' + topics.map((t) => html`<li class="mono">${t}</li>`).join('') + '</ul>';
      const config = d.config || {};
      const keys = Object.keys(config).sort();
      $('config').innerHTML = keys.length === 0 ? '<p class="notice">No config.</p>'
        : '<div class="table-wrap"><table id="config-table"><thead><tr><th>Key</th><th>Value</th></tr></thead><tbody>' +
          keys.map((k) => html`<tr><td class="mono">${k}</td><td class="mono wrap">${typeof config[k] === 'string' ? config[k] : JSON.stringify(config[k])}</td></tr>`).join('') +
          '</tbody></table></div>';
    }

    function renderActions() {
      if (!canWrite()) return;  // the read role gets no write action at all
      $('actions-card').hidden = false;
      $('actions').innerHTML = [
        ['pause', 'Pause'], ['resume', 'Resume'], ['stop', 'Stop'], ['restart-failed', 'Restart failed'],
        ['restart-all', 'Restart all'], ['delete', 'Delete…'],
      ].map(([action, label]) => html`<button type="button" data-action="${action}" class="${action === 'delete' ? 'danger' : ''}">${label}</button>`).join('');
    }

    const ACTIONS = {
      pause: {sql: () => 'PAUSE CONNECTOR ' + q + ';', done: 'Paused.'},
      resume: {sql: () => 'RESUME CONNECTOR ' + q + ';', done: 'Resumed.'},
      stop: {sql: () => 'STOP CONNECTOR ' + q + ';', done: 'Stopped (the tasks are shut down; Resume starts them again).',
             confirm: 'Stop the connector and shut down its tasks?'},
      'restart-failed': {sql: () => 'RESTART CONNECTOR ' + q + ' WITH TASKS ONLY FAILED;', done: 'Restarted what had failed.'},
      'restart-all': {sql: () => 'RESTART CONNECTOR ' + q + ' WITH TASKS;', done: 'Restarted the connector and all its tasks.',
                      confirm: 'Restart the connector and all its tasks?'},
      delete: {sql: () => 'DROP CONNECTOR ' + q + ';', done: 'Deleted.', typed: true},
    };

    async function run(action, taskId) {
      const spec = action === 'task'
        ? {sql: () => 'RESTART CONNECTOR ' + q + ' TASK ' + Number(taskId) + ';', done: 'Restarted task ' + Number(taskId) + '.'}
        : ACTIONS[action];
      const outcome = $('outcome');
      outcome.className = 'outcome';
      outcome.textContent = 'Running ' + spec.sql() + ' …';
      document.querySelectorAll('#actions button, #tasks button').forEach((b) => { b.disabled = true; });
      let result;
      try {
        result = await statements(spec.sql());
      } catch (error) {
        result = {error};
      }
      if (action === 'delete' && !result.error) { app.connectors = null; app.refreshedAt = null; }
      if (stopped) return;  // another page by now: it is not ours to change
      document.querySelectorAll('#actions button, #tasks button').forEach((b) => { b.disabled = false; });
      if (result.error) {
        outcome.className = 'outcome error';
        outcome.textContent = spec.sql() + ' failed: ' + result.error.message;
        return;
      }
      outcome.className = 'outcome ok';
      outcome.textContent = spec.done;
      if (action === 'delete') {
        location.hash = app.listHash || '#/connectors';
        return;
      }
      status.soon();
    }

    function confirmAction(action) {
      const spec = ACTIONS[action];
      const box = $('confirm');
      if (spec.typed) {
        box.innerHTML = html`<form class="confirm" id="confirm-form">
            <label for="confirm-name">Delete connector <strong>${name}</strong>? Its config and status are removed from the cluster; its topics and offsets stay. Type its name to confirm:</label>
            <input type="text" id="confirm-name" autocomplete="off" spellcheck="false">
            <button type="submit" class="danger primary" id="confirm-yes" disabled>Delete ${name}</button>
            <button type="button" id="confirm-no">Cancel</button></form>`;
        const typed = $('confirm-name');
        typed.addEventListener('input', () => { $('confirm-yes').disabled = typed.value !== name; });
        typed.focus();
      } else {
        box.innerHTML = html`<form class="confirm" id="confirm-form"><label>${spec.confirm} (${name})</label>
            <button type="submit" class="danger primary" id="confirm-yes">${action === 'stop' ? 'Stop' : 'Restart all'}</button>
            <button type="button" id="confirm-no">Cancel</button></form>`;
        $('confirm-yes').focus();
      }
      $('confirm-form').addEventListener('submit', (event) => {
        event.preventDefault();
        if (spec.typed && $('confirm-name').value !== name) return;
        box.innerHTML = '';
        run(action);
      });
      $('confirm-no').addEventListener('click', () => { box.innerHTML = ''; });
    }

    main.addEventListener('click', onClick);
    function onClick(event) {
      const button = event.target.closest('button[data-action]');
      if (!button || !canWrite()) return;
      const action = button.dataset.action;
      if (action === 'task') run('task', button.dataset.task);
      else if (ACTIONS[action].confirm || ACTIONS[action].typed) confirmAction(action);
      else run(action);
    }

    // A failed refresh: the banner says why, the page keeps what it showed, greyed.
    function stale(error) {
      showBanner(error);
      main.classList.add('stale');
      $('refreshed').textContent = 'Stale: last refreshed ' + (lastOk ? time(lastOk) : 'never');
    }

    // True when the status was read (and, the first time, SHOW CREATE, the offsets and
    // the dead letters were asked for); false when it has to be asked again.
    async function loadStatus(first) {
      let result;
      try {
        result = await statements('DESCRIBE CONNECTOR ' + q + ' EXTENDED;' + (first ? '\nSHOW CREATE CONNECTOR ' + q + ';\nSHOW CONNECTOR OFFSETS ' + q + ';' : ''));
      } catch (error) {
        if (!stopped && error.detail.status !== 401) stale(error);
        return false;
      }
      if (stopped) return false;
      const byType = {};
      result.entities.forEach((e) => { byType[e['@type']] = e; });
      if (result.error && !byType.connector_description) {
        if (result.error.detail.status === 404) {
          showBanner(null);
          main.classList.remove('stale');
          $('status').innerHTML = html`<p class="error" id="missing">Connector ${name} does not exist (any longer): ${result.error.message}</p>`;
          $('refreshed').textContent = '';
          return false;
        }
        stale(result.error);
        return false;
      }
      showBanner(null);
      main.classList.remove('stale');
      lastOk = new Date();
      description = byType.connector_description;
      const text = JSON.stringify(description);
      if (text !== lastStatus) { lastStatus = text; renderStatus(description); }
      $('refreshed').textContent = 'Refreshed ' + time(lastOk);
      if (first) {
        renderActions();
        const create = byType.connector_statement;
        if (create) {
          $('create').innerHTML = html`<pre id="create-sql">${create.statement}</pre>`;
          $('copy-create').disabled = false;
        } else {
          $('create').innerHTML = html`<p class="error">${result.error ? result.error.message : 'not available'}</p>`;
        }
        const offsets = byType.connector_offsets;
        if (offsets) renderOffsets(offsets.offsets);
        else $('offsets').innerHTML = html`<p class="error">${result.error ? result.error.message : 'not available'}</p>`;
        loadErrors();
      }
      return true;
    }

    function renderOffsets(value) {
      const list = value && Array.isArray(value.offsets) ? value.offsets : null;
      if (list && list.length === 0) { $('offsets').innerHTML = '<p class="notice">No offsets committed yet.</p>'; return; }
      if (!list) { $('offsets').innerHTML = html`<pre>${JSON.stringify(value, null, 2)}</pre>`; return; }
      $('offsets').innerHTML = '<div class="table-wrap"><table><thead><tr><th>Partition</th><th>Offset</th></tr></thead><tbody>' +
        list.map((o) => html`<tr><td class="mono wrap">${JSON.stringify(o.partition)}</td><td class="mono wrap">${JSON.stringify(o.offset)}</td></tr>`).join('') +
        '</tbody></table></div>';
    }

    async function loadErrors() {
      const box = $('dlq');
      if (description && (description.status || {}).type === 'source') {
        box.innerHTML = '<p class="notice" id="dlq-none">A source connector has no dead letter queue (Connect sends only a sink\'s failed records to one).</p>';
        $('dlq-reload').disabled = true;
        return;
      }
      box.innerHTML = '<p class="loading">Reading the dead letter topic…</p>';
      let result;
      try {
        result = await statements('SHOW ERRORS FOR CONNECTOR ' + q + ' LIMIT ' + Number($('dlq-limit').value) + ';');
      } catch (error) {
        if (!stopped) box.innerHTML = html`<p class="error">${error.message}</p>`;
        return;
      }
      if (stopped) return;
      if (result.error) {
        const none = /no dead letter topic/.test(result.error.message);
        box.innerHTML = html`<p class="${none ? 'notice' : 'error'}" id="${none ? 'dlq-none' : 'dlq-error'}">${result.error.message}</p>`;
        return;
      }
      const e = result.entities[0];
      if (!e.records || e.records.length === 0) {
        box.innerHTML = html`<p class="notice" id="dlq-empty">No record in the dead letter topic <code>${e.topic}</code>.</p>`;
        return;
      }
      box.innerHTML = html`<p class="muted">${e.records.length} record(s) of <code>${e.topic}</code>, oldest first.</p>` +
        '<div class="table-wrap"><table id="dlq-records"><thead><tr><th>Time (UTC)</th><th>Origin</th><th>Stage</th><th>Exception</th><th>Key</th><th>Value</th></tr></thead><tbody>' +
        e.records.map((r) => {
          const c = r.context || {};
          const origin = r.hasContext ? c.topic + '/' + c.partition + '@' + c.offset : '';
          return html`<tr><td class="nowrap">${recordTime(r.timestamp)}</td><td class="mono">${origin}</td>
            <td>${c.stage || ''}</td><td>${raw(r.hasContext ? html`<details><summary>${shortClass(c.exceptionClassName)}: ${String(c.exceptionMessage || '').slice(0, 120)}</summary><pre class="trace">${c.stacktrace}</pre></details>` : '<span class="muted">no context headers</span>')}</td>
            <td class="mono wrap">${r.key === null ? '' : r.key}</td><td class="mono wrap">${r.value === null ? '' : r.value}</td></tr>`;
        }).join('') + '</tbody></table></div>';
    }

    $('copy-create').addEventListener('click', async () => {
      const text = ($('create-sql') || {}).textContent || '';
      try {
        await navigator.clipboard.writeText(text);
        $('copy-create').textContent = 'Copied';
      } catch (error) {
        const range = document.createRange();  // no clipboard (plain HTTP): select it for Ctrl+C
        range.selectNodeContents($('create-sql'));
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        $('copy-create').textContent = 'Selected: press Ctrl+C';
      }
    });
    $('dlq-reload').addEventListener('click', loadErrors);
    $('dlq-limit').addEventListener('change', loadErrors);

    let first = true;  // until a refresh succeeds: then the actions, SHOW CREATE, offsets and dead letters load
    const status = poller(async () => { if (await loadStatus(first)) first = false; }, REFRESH_MS);
    return {stop() { stopped = true; status.stop(); main.removeEventListener('click', onClick); main.classList.remove('stale'); }};
  }

  // ------------------------------------------------------------------ results as tables
  function cell(value) {
    if (value === null || value === undefined) return '';
    if (typeof value === 'object') return html`<pre>${JSON.stringify(value, null, 2)}</pre>`;
    return esc(value);
  }
  function table(rows, id) {
    const columns = [];
    rows.forEach((r) => Object.keys(r || {}).forEach((k) => { if (!columns.includes(k)) columns.push(k); }));
    return '<div class="table-wrap"><table' + (id ? ' id="' + esc(id) + '"' : '') + '><thead><tr>' +
      columns.map((c) => html`<th>${c}</th>`).join('') + '</tr></thead><tbody>' +
      rows.map((r) => '<tr>' + columns.map((c) => '<td class="wrap">' + cell((r || {})[c]) + '</td>').join('') + '</tr>').join('') +
      '</tbody></table></div>';
  }
  function renderEntity(entity, index) {
    const skip = new Set(['@type', 'statementText', 'warnings']);
    let body = '';
    const facts = [];
    for (const [key, value] of Object.entries(entity)) {
      if (skip.has(key)) continue;
      if (Array.isArray(value) && value.length > 0 && value.every((v) => v && typeof v === 'object' && !Array.isArray(v))) {
        body += html`<p class="muted">${key}: ${value.length}</p>` + table(value);
      } else if (Array.isArray(value) && value.length === 0) {
        facts.push(html`<dt>${key}</dt><dd class="muted">none</dd>`);
      } else {
        facts.push(html`<dt>${key}</dt><dd>${raw(cell(value))}</dd>`);
      }
    }
    const warnings = (entity.warnings || []).map((w) => html`<p class="notice">⚠ ${w.message}</p>`).join('');
    return html`<section class="card entity" data-type="${entity['@type']}" id="result-${index}"><h3>${entity['@type']}</h3>
      <pre class="statement">${entity.statementText || ''}</pre>${raw(warnings)}
      ${raw(facts.length ? '<dl class="facts">' + facts.join('') + '</dl>' : '')}${raw(body)}</section>`;
  }

  // ------------------------------------------------------------------ SQL
  function sqlPage() {
    main.innerHTML = html`
      <h1>SQL</h1>
      <div class="card editor">
        <label for="sql-editor" class="muted">Statements, run through <code>POST /v1/statements</code> in one request (the first failure stops it).
          ${raw(canWrite() ? '' : 'Your role is <strong>read</strong>: statements that change the cluster are refused.')}</label>
        <textarea id="sql-editor" spellcheck="false" aria-describedby="sql-help">${app.sqlText}</textarea>
        <div class="toolbar under">
          <button type="button" class="primary" id="sql-run">Run</button>
          <span class="muted" id="sql-help"><span class="kbd">Ctrl</span>+<span class="kbd">Enter</span> runs · text is kept only while this tab is open, never stored</span>
          <span class="grow"></span><span class="muted" id="sql-took" aria-live="polite"></span>
        </div>
        <div id="sql-error" aria-live="assertive"></div>
      </div>
      <div id="sql-results"></div>`;
    const editor = document.getElementById('sql-editor');
    const results = document.getElementById('sql-results');
    const errorBox = document.getElementById('sql-error');
    const took = document.getElementById('sql-took');
    editor.addEventListener('input', () => { app.sqlText = editor.value; });
    let stopped = false;

    function showError(error, text) {
      const d = error.detail || {};
      let view = '';
      if (d.line > 0) {
        const lines = text.split('\n');
        const from = Math.max(0, d.line - 3);
        const to = Math.min(lines.length, d.line + 2);
        let rows = '';
        for (let i = from; i < to; i++) {
          rows += html`<div class="ln${raw(i + 1 === d.line ? ' err' : '')}"${raw(i + 1 === d.line ? ' id="error-line"' : '')}><span class="no">${i + 1}</span><span>${lines[i]}</span></div>`;
          if (i + 1 === d.line) {
            rows += html`<div class="ln caret" id="error-caret"><span class="no"></span><span>${' '.repeat(Math.max(0, (d.column || 1) - 1))}^</span></div>`;
          }
        }
        view = '<div class="gutter" aria-label="where the error is">' + rows + '</div>';
        // The cursor goes where the error is.
        let offset = 0;
        for (let i = 0; i < d.line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
        offset += Math.max(0, (d.column || 1) - 1);
        editor.focus();
        editor.setSelectionRange(offset, Math.min(text.length, offset + 1));
      }
      const where = d.line > 0 ? html`<strong id="error-position">line ${d.line}, column ${d.column}</strong>: ` : '';
      errorBox.innerHTML = html`<div class="card failure"><p class="error" id="sql-error-message">${raw(where)}${error.message}</p>` +
        (d.hint ? html`<p class="muted">${d.hint}</p>` : '') +
        (d.mayHaveBeenApplied ? '<p class="notice">The failing statement may have reached the cluster.</p>' : '') + view + '</div>';
    }

    async function runSql() {
      const text = editor.value;
      if (!text.trim()) return;
      errorBox.innerHTML = '';
      results.innerHTML = '<p class="loading">Running…</p>';
      took.textContent = '';
      const button = document.getElementById('sql-run');
      button.disabled = true;
      const started = performance.now();
      let result;
      try {
        result = await statements(text);
      } catch (error) {
        result = {entities: [], error};
      } finally {
        button.disabled = false;
      }
      app.connectors = null;  // a statement may have changed them
      app.refreshedAt = null;
      if (stopped) return;  // another page by now: the banner is its own
      took.textContent = Math.round(performance.now() - started) + ' ms';
      results.innerHTML = result.entities.map(renderEntity).join('') ||
        (result.error ? '' : '<p class="notice" id="sql-nothing">Done: the statements returned nothing to show.</p>');
      if (result.error) {
        if (result.error.detail.unreachable) showBanner(result.error); else showBanner(null);
        showError(result.error, text);
      } else {
        showBanner(null);
      }
    }

    document.getElementById('sql-run').addEventListener('click', runSql);
    editor.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); runSql(); }
    });
    editor.focus();
    return {stop() { stopped = true; }};
  }

  // ------------------------------------------------------------------ plugins
  function pluginsPage(query) {
    const all = query.get('all') === '1';
    main.innerHTML = html`
      <div class="toolbar"><h1 class="grow">Plugins</h1>
        <label><input type="checkbox" id="all-plugins"${raw(all ? ' checked' : '')}> transforms, converters and predicates too</label></div>
      <div id="plugins"><p class="loading">Loading plugins…</p></div>`;
    document.getElementById('all-plugins').addEventListener('change', (event) => {
      location.hash = event.target.checked ? '#/plugins?all=1' : '#/plugins';
    });
    let stopped = false;
    (async () => {
      let result;
      try { result = await statements(all ? 'SHOW ALL PLUGINS;' : 'SHOW CONNECTOR PLUGINS;'); } catch (error) { result = {error}; }
      if (stopped) return;
      const box = document.getElementById('plugins');
      if (result.error) { showBanner(result.error); box.innerHTML = html`<p class="error">${result.error.message}</p>`; return; }
      const plugins = (result.entities[0] || {}).connectorsPlugins || [];
      box.innerHTML = '<div class="table-wrap"><table id="plugin-table"><thead><tr><th>Class</th><th>Type</th><th>Version</th></tr></thead><tbody>' +
        plugins.map((p) => html`<tr><td class="wrap"><a href="#/plugins/${encodeURIComponent(p.className)}">${p.className}</a></td><td>${p.type}</td><td>${p.version}</td></tr>`).join('') +
        '</tbody></table></div>';
    })();
    return {stop() { stopped = true; }};
  }

  function pluginPage(className) {
    main.innerHTML = html`<p><a href="#/plugins">← Plugins</a></p><h1>${className}</h1>
      <div class="toolbar"><label for="def-filter" class="muted">Filter</label><input type="search" id="def-filter" placeholder="key or documentation"></div>
      <div id="definitions"><p class="loading">Loading the config definitions…</p></div>`;
    let stopped = false;
    let defs = [];
    function render() {
      const needle = document.getElementById('def-filter').value.toLowerCase();
      const shown = defs.filter((d) => !needle || String(d.name).toLowerCase().includes(needle) || String(d.documentation || '').toLowerCase().includes(needle));
      document.getElementById('definitions').innerHTML = '<div class="table-wrap"><table id="definition-table"><thead><tr><th>Key</th><th>Type</th><th>Required</th><th>Default</th><th>Importance</th><th>Documentation</th></tr></thead><tbody>' +
        shown.map((d) => html`<tr><td class="mono nowrap">${d.name}</td><td>${d.type}</td><td>${d.required ? 'yes' : ''}</td><td class="mono wrap">${d.default_value === null || d.default_value === undefined ? '' : d.default_value}</td><td>${d.importance || ''}</td><td>${d.documentation || ''}</td></tr>`).join('') +
        '</tbody></table></div>';
    }
    document.getElementById('def-filter').addEventListener('input', render);
    (async () => {
      let result;
      try { result = await statements('DESCRIBE PLUGIN ' + quoteString(className) + ';'); } catch (error) { result = {error}; }
      if (stopped) return;
      if (result.error) { showBanner(result.error); document.getElementById('definitions').innerHTML = html`<p class="error">${result.error.message}</p>`; return; }
      const entity = result.entities[0] || {};
      defs = Array.isArray(entity.configs) ? entity.configs : [];
      render();
    })();
    return {stop() { stopped = true; }};
  }

  // ------------------------------------------------------------------ start
  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) return;
    const filter = document.getElementById('filter') || document.getElementById('def-filter');
    if (filter) { event.preventDefault(); filter.focus(); filter.select(); }
  });

  async function start() {
    main.innerHTML = '<p class="loading">Connecting to connql serve…</p>';
    let answer;
    try {
      answer = await request('GET', '/v1/session');
    } catch (error) {
      if (error.detail.status === 401) return;
      showBanner(error);
      main.innerHTML = html`<p class="error">The console could not reach connql serve: ${error.detail.message || error.message}</p><p><button type="button" id="retry">Try again</button></p>`;
      document.getElementById('retry').addEventListener('click', start);
      return;
    }
    if (!answer.ok) {
      const error = failure(answer);
      showBanner(error);
      main.innerHTML = html`<p class="error">${error.message}</p>`;
      return;
    }
    app.session = answer.json;
    document.body.dataset.role = app.session.role;
    renderWho();
    route();
  }

  window.addEventListener('hashchange', route);
  // The skip link moves the keyboard to the content without changing the URL.
  document.querySelector('a.skip').addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });
  start();
})();
