/**
 * The reviewer UI's only client code, inlined into every page: keyboard shortcuts, the queue
 * cursor, and posting labels / skips / proposals to the JSON API (the sign-in cookie authenticates).
 * Plain ES2020, no framework; page data comes from `data-*` attributes on <body>.
 */
export const clientScript = `
(() => {
  'use strict';
  const body = document.body;
  const page = body.dataset.page;
  const $ = (sel) => document.querySelector(sel);
  const help = $('#help');

  const isTyping = (el) => {
    if (!el || !el.tagName) return false;
    if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
    return el.tagName === 'INPUT' && !['radio', 'checkbox', 'range', 'button', 'submit'].includes(el.type);
  };

  const uuid = () => {
    if (window.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  };

  const api = async (method, path, payload) => {
    const res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      if (res.status === 401) location.href = '/login?next=' + encodeURIComponent(location.pathname);
      const msg = data && data.error ? data.error.message : 'HTTP ' + res.status;
      throw new Error(msg);
    }
    return data;
  };

  // A table wider than the screen scrolls inside itself (styles.ts): it takes focus so the keyboard can scroll it.
  const markScrollers = () => {
    for (const t of document.querySelectorAll('main table')) {
      const scrolls = t.scrollWidth > t.clientWidth + 1;
      if (scrolls && !t.hasAttribute('tabindex')) {
        t.setAttribute('tabindex', '0');
        t.dataset.scroller = '';
      } else if (!scrolls && t.dataset.scroller !== undefined) {
        t.removeAttribute('tabindex');
        delete t.dataset.scroller;
      }
    }
  };
  markScrollers();
  window.addEventListener('resize', markScrollers);

  const handlers = {};

  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.isComposing) return;
    const typing = isTyping(e.target);
    if (e.key === 'Escape' && typing) {
      e.target.blur();
      e.preventDefault();
      return;
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && handlers.submit) {
      e.preventDefault();
      handlers.submit();
      return;
    }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (help && help.open) return;
    if (e.key === '?') {
      e.preventDefault();
      if (help) help.showModal();
      return;
    }
    const fn = handlers[e.key];
    if (fn && fn(e) !== false) e.preventDefault();
  });

  // Large traces: a span's content is fetched (redacted, server-rendered) when its row is opened.
  const loadSpan = async (d) => {
    if (!d.open || d.dataset.loaded) return;
    d.dataset.loaded = 'loading';
    const slot = d.querySelector('.body');
    try {
      const res = await fetch(d.dataset.spanSrc, { credentials: 'same-origin' });
      if (res.status === 401) location.href = '/login?next=' + encodeURIComponent(location.pathname);
      if (!res.ok) throw new Error('HTTP ' + res.status);
      const tpl = document.createElement('template');
      tpl.innerHTML = await res.text();
      slot.replaceWith(tpl.content);
      d.dataset.loaded = 'yes';
    } catch (err) {
      slot.textContent = 'Could not load this span: ' + err.message + '. Close and open it to retry.';
      delete d.dataset.loaded;
    }
  };
  document.querySelectorAll('details[data-span-src]').forEach((d) => d.addEventListener('toggle', () => loadSpan(d)));
  // A link to a span (#span-…) opens it.
  const openTarget = () => {
    const el = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (el && el.tagName === 'DETAILS') el.open = true;
  };
  window.addEventListener('hashchange', openTarget);
  openTarget();

  if (page === 'queue') {
    const rows = Array.from(document.querySelectorAll('tr[data-row]'));
    let current = rows.findIndex((r) => !r.classList.contains('done'));
    const show = (i) => {
      if (rows.length === 0) return;
      current = Math.max(0, Math.min(rows.length - 1, i));
      rows.forEach((r, j) => r.classList.toggle('current', j === current));
      rows[current].scrollIntoView({ block: 'nearest' });
    };
    if (current < 0) current = 0;
    show(current);
    handlers.j = handlers.ArrowDown = () => show(current + 1);
    handlers.k = handlers.ArrowUp = () => show(current - 1);
    handlers.Enter = (e) => {
      if (e.target && e.target.tagName === 'A') return false;
      if (rows[current]) location.href = rows[current].dataset.href;
    };
    const picker = $('#cycle');
    if (picker) picker.addEventListener('change', () => picker.form.submit());
    const edit = $('#instructions-form');
    if (edit) {
      edit.addEventListener('submit', async (e) => {
        e.preventDefault();
        const out = $('#instructions-status');
        try {
          await api('PUT', '/api/queue/instructions', { instructions: $('#instructions-text').value });
          out.textContent = 'Saved.';
          out.className = 'status ok';
          location.reload();
        } catch (err) {
          out.textContent = 'Not saved: ' + err.message;
          out.className = 'status error';
        }
      });
    }
  }

  if (page === 'task') {
    const d = body.dataset;
    const form = $('#label-form');
    const statusEl = $('#status');
    const critique = $('#critique');
    const score = $('#score');
    const scoreOut = $('#score-out');
    const canLabel = d.canLabel === 'true';
    let busy = false;
    let last = null;

    const status = (text, kind) => {
      statusEl.textContent = text;
      statusEl.className = 'status ' + (kind || '');
    };
    const modeInputs = () => Array.from(form.querySelectorAll('input[name=mode]'));
    const noFailure = () => modeInputs().find((i) => i.value === '');
    const marked = () => modeInputs().filter((i) => i.checked && i.value !== '');
    const syncMode = (changed) => {
      const none = noFailure();
      if (changed && changed.checked) {
        // "No failure" and failure modes exclude each other.
        if (changed === none) marked().forEach((i) => (i.checked = false));
        else if (none) none.checked = false;
      }
      const graded = marked().filter((i) => i.dataset.graded === 'true');
      $('#score-row').hidden = graded.length === 0;
    };
    form.addEventListener('change', (e) => {
      if (e.target && e.target.name === 'mode') syncMode(e.target);
    });
    score.addEventListener('input', () => (scoreOut.textContent = Number(score.value).toFixed(2)));

    const go = (url) => {
      if (url) location.href = url;
    };
    const pending = d.status === 'pending';
    const leave = async (url) => {
      if (!url) return;
      if (canLabel && pending) await api('POST', '/api/queue/' + d.taskId + '/release').catch(() => {});
      go(url);
    };
    // The server locks the next task of the cycle and redirects to it (or to the queue when none is left).
    const goNext = () => go('/next?cycle=' + encodeURIComponent(d.cycle));

    const submit = async () => {
      if (!canLabel || busy) return;
      const modes = marked();
      const none = noFailure();
      if (modes.length === 0 && !(none && none.checked)) {
        return status('Mark the failure modes the trace shows (1–9), or 0 for no failure.', 'error');
      }
      // The label judges every active mode shown here (marked = fail, unmarked = pass) and any proposed one marked.
      const covered = modeInputs()
        .filter((i) => i.value !== '' && (i.dataset.status === 'active' || i.checked))
        .map((i) => i.value);
      const payload = { traceId: d.traceId, taskId: d.taskId, failureModes: modes.map((i) => i.value), covered };
      if (modes.length === 0) payload.noFailure = true;
      const graded = modes.filter((i) => i.dataset.graded === 'true');
      if (graded.length) {
        const value = Math.round(Number(score.value) * 100) / 100;
        if (value >= 0.5) return status('A failing graded mode needs a score below 0.50: press [ to lower it.', 'error');
        payload.scores = Object.fromEntries(graded.map((i) => [i.value, value]));
      }
      const text = critique.value.trim();
      if (text) payload.critique = text;
      if (d.supersedes) payload.supersedes = d.supersedes;
      // The same label sent again (a retry) keeps its id, so the server stores it once.
      const key = JSON.stringify(payload);
      if (!last || last.key !== key) last = { key, id: uuid() };
      payload.id = last.id;
      busy = true;
      status('Saving…');
      try {
        await api('POST', '/api/labels', payload);
        if (pending) {
          status('Saved. Opening the next trace…', 'ok');
          goNext();
        } else {
          // A correction (or a second opinion on a labeled task): stay and show it in the history.
          status('Saved.', 'ok');
          location.replace(location.pathname);
        }
      } catch (err) {
        status('Not saved: ' + err.message, 'error');
      } finally {
        busy = false;
      }
    };

    const unskip = async () => {
      if (busy) return;
      busy = true;
      status('Un-skipping…');
      try {
        await api('POST', '/api/queue/' + d.taskId + '/unskip');
        location.replace(location.pathname);
      } catch (err) {
        status('Not un-skipped: ' + err.message, 'error');
      } finally {
        busy = false;
      }
    };

    const skip = async () => {
      if (d.status === 'skipped') return unskip();
      if (!canLabel || !pending || busy) return;
      busy = true;
      status('Skipping…');
      try {
        await api('POST', '/api/queue/' + d.taskId + '/skip');
        goNext();
      } catch (err) {
        status('Not skipped: ' + err.message, 'error');
      } finally {
        busy = false;
      }
    };

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      submit();
    });
    if ($('#skip')) $('#skip').addEventListener('click', skip);
    if ($('#unskip')) $('#unskip').addEventListener('click', unskip);
    handlers.submit = submit;
    handlers.Enter = (e) => {
      const t = e.target;
      if (t && (t.tagName === 'A' || t.tagName === 'BUTTON' || t.tagName === 'SUMMARY')) return false;
      submit();
    };
    for (const digit of '0123456789') {
      handlers[digit] = () => {
        if (!canLabel) return;
        const el = modeInputs().find((i) => i.dataset.digit === digit);
        if (!el) return status('No failure mode ' + digit + '.', 'error');
        el.checked = digit === '0' ? true : !el.checked;
        syncMode(el);
        el.focus();
        status('');
      };
    }
    const nudge = (delta) => {
      if ($('#score-row').hidden) return;
      score.value = String(Math.min(1, Math.max(0, Math.round((Number(score.value) + delta) * 100) / 100)));
      scoreOut.textContent = Number(score.value).toFixed(2);
    };
    handlers['['] = () => nudge(-0.1);
    handlers[']'] = () => nudge(0.1);
    handlers.c = () => canLabel && critique.focus();
    handlers.s = skip;
    handlers.n = () => leave(d.nextUrl);
    handlers.p = () => leave(d.prevUrl);
    handlers.u = () => leave(d.queueUrl);
    handlers.m = () => {
      const details = $('#propose');
      details.open = true;
      $('#mode-key').focus();
    };

    const propose = $('#propose-form');
    propose.addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = new FormData(propose);
      const out = $('#propose-status');
      try {
        const res = await api('POST', '/api/failure-modes', {
          key: String(f.get('key')),
          title: String(f.get('title')),
          rubric: String(f.get('rubric')),
          graded: f.get('graded') === 'on',
        });
        const mode = res.failureMode;
        const label = document.createElement('label');
        const input = document.createElement('input');
        Object.assign(input, { type: 'checkbox', name: 'mode', value: mode.key });
        input.dataset.graded = String(mode.graded);
        input.dataset.status = mode.status;
        input.dataset.rubric = mode.rubric;
        input.dataset.digit = '';
        const title = document.createElement('span');
        title.textContent = ' ' + mode.title + ' (' + mode.status + ')';
        label.append(input, title);
        const definition = document.createElement('div');
        definition.className = 'small muted definition';
        definition.textContent = mode.rubric;
        const row = document.createElement('div');
        row.className = 'mode';
        row.append(label, definition);
        form.querySelector('.modes').append(row);
        out.textContent = 'Proposed "' + mode.key + '" (' + mode.status + '); it is in the list above.';
        out.className = 'status ok';
        propose.reset();
      } catch (err) {
        out.textContent = 'Not proposed: ' + err.message;
        out.className = 'status error';
      }
    });

    if (canLabel && pending && Number(d.lockSeconds) > 0) {
      // Keeps the lock while the page is open (renewed at half its lifetime).
      setInterval(() => api('POST', '/api/queue/' + d.taskId + '/lock').catch(() => {}), Number(d.lockSeconds) * 500);
    }
  }
})();
`;
