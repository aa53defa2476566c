/*
 * Vejviser chat widget - vanilla JavaScript, no build step, no framework.
 *
 * Talks to Rasa's REST channel: POST {restUrl} with {"sender", "message"} and
 * renders the JSON list of messages it gets back ({text, buttons}).
 *
 * Safety: every string from the server is put into the page as text
 * (textContent / createTextNode). Links for phone numbers, e-mail addresses
 * and addresses, and the bold unit name of a card, are built with DOM APIs
 * (createElement + text nodes), never with innerHTML.
 *
 * Configuration (all optional) comes from window.VEJVISER_CONFIG, which
 * scripts/serve_web.py serves as /config.js:
 *   restUrl        REST webhook URL (default http://localhost:5005/webhooks/rest/webhook)
 *   initPayload    sent (without a user bubble) the first time the chat opens; "" for none
 *   retentionDays  shown in the privacy notice (default 30)
 *   timeoutMs      how long to wait for an answer before showing the error (default 30000)
 */
(function () {
  'use strict';

  var CONFIG = window.VEJVISER_CONFIG || {};
  var REST_URL = CONFIG.restUrl || 'http://localhost:5005/webhooks/rest/webhook';
  var INIT_PAYLOAD = typeof CONFIG.initPayload === 'string' ? CONFIG.initPayload : '/greet';
  var RETENTION_DAYS = parseInt(CONFIG.retentionDays, 10) > 0 ? parseInt(CONFIG.retentionDays, 10) : 30;
  var TIMEOUT_MS = parseInt(CONFIG.timeoutMs, 10) > 0 ? parseInt(CONFIG.timeoutMs, 10) : 30000;
  var MAX_LEN = 2000;
  var COUNT_FROM = 1800;          // show the character counter from here
  var MAX_STORED = 300;           // messages kept in sessionStorage
  var STORAGE_KEY = 'vejviser.chat.v1';
  var MAP_URL = 'https://www.openstreetmap.org/search?query=';
  var FULLSCREEN_QUERY = '(max-width: 600px)';

  if (window.__vejviserLoaded) { return; }
  window.__vejviserLoaded = true;

  /* ------------------------------------------------------------------ */
  /* Helpers                                                             */
  /* ------------------------------------------------------------------ */

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) { return; }
        if (key === 'text') { node.textContent = value; }
        else if (key === 'className') { node.className = value; }
        else { node.setAttribute(key, value === true ? '' : String(value)); }
      });
    }
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function srOnly(text) {
    return h('span', { className: 'vv-sr', text: text });
  }

  function newConversationId() {
    var c = window.crypto;
    if (c && typeof c.randomUUID === 'function') { return c.randomUUID(); }
    if (c && typeof c.getRandomValues === 'function') {
      var bytes = new Uint8Array(16);
      c.getRandomValues(bytes);
      return Array.prototype.map.call(bytes, function (b) {
        return ('0' + b.toString(16)).slice(-2);
      }).join('');
    }
    return 'vv-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
  }

  /* ------------------------------------------------------------------ */
  /* Text formatting: line breaks, bold card names, tel:, mailto:, map   */
  /* and web links                                                       */
  /* ------------------------------------------------------------------ */

  // Danish phone numbers: 8 digits (first 2-9) written 2-2-2-2, 2-3-3, 4-4 or
  // together, optionally with +45; and the emergency number 112.
  var SP = '[ \\u00a0]';
  var PHONE = '(?:\\+45' + SP + '?)?(?:[2-9]\\d(?:' + SP + '?\\d\\d){3}|[2-9]\\d' + SP +
    '\\d{3}' + SP + '\\d{3}|[2-9]\\d{3}' + SP + '\\d{4})|112';
  var URL_RE = 'https?:\\/\\/[^\\s<>"]+';
  // E-mail addresses: a plain local part (no '%', no leading or trailing dot) and a domain
  // of dot-separated labels (Danish letters allowed) ending in a letters-only top-level domain,
  // so a full stop or comma after the address stays outside the link.
  var DOMAIN_CHAR = 'A-Za-z0-9\\u00c0-\\u024f';
  var EMAIL = '[A-Za-z0-9_+\\-](?:[A-Za-z0-9._+\\-]*[A-Za-z0-9_+\\-])?@' +
    '(?:[' + DOMAIN_CHAR + '](?:[' + DOMAIN_CHAR + '\\-]*[' + DOMAIN_CHAR + '])?\\.)+[A-Za-z]{2,24}';
  var TOKEN_RE = new RegExp('(' + URL_RE + ')|(' + EMAIL + ')|(' + PHONE + ')', 'g');

  function telHref(phone) {
    var digits = phone.replace(/\D/g, '');
    if (digits === '112') { return 'tel:112'; }
    if (digits.length === 10 && digits.indexOf('45') === 0) { digits = digits.slice(2); }
    return 'tel:+45' + digits;
  }

  function mapQuery(address) {
    // Floors and notes in brackets confuse the map search; keep street, number, postcode, town.
    var parts = address.replace(/\([^)]*\)/g, ' ').split(',').map(function (p) {
      return p.replace(/\s+/g, ' ').trim();
    }).filter(function (p) {
      return p && !/^(\d+\.?\s*(sal|etage|tv|th|mf)\b.*|stuen\b.*|st\.(\s|$).*|kælder\b.*)$/i.test(p);
    });
    return (parts.length ? parts : [address.trim()]).join(', ');
  }

  function mapLink(address) {
    return h('a', {
      className: 'vv-link vv-map',
      href: MAP_URL + encodeURIComponent(mapQuery(address)),
      target: '_blank',
      rel: 'noopener noreferrer'
    }, [address, srOnly(' (kort, åbner i et nyt vindue)')]);
  }

  function isWordChar(ch) {
    return !!ch && /[0-9A-Za-z\u00c0-\u024f+]/.test(ch);
  }

  // Phone numbers are links to call (tel:) and never break across lines; the
  // CSS (.vv-tel) gives them a tap target of at least 44 x 44 px.
  function telLink(phone) {
    var href = telHref(phone);
    // "112" is narrower than 44 px: .vv-tel-short lets its box reach into the spaces beside it.
    return h('a', { className: 'vv-link vv-tel' + (href === 'tel:112' ? ' vv-tel-short' : ''), href: href }, [phone]);
  }

  function mailLink(address) {
    return h('a', { className: 'vv-link vv-mail', href: 'mailto:' + address }, [address]);
  }

  function appendInline(container, text) {
    var last = 0;
    var match;
    TOKEN_RE.lastIndex = 0;
    while ((match = TOKEN_RE.exec(text)) !== null) {
      var start = match.index;
      var token = match[0];
      if (match[1]) {
        // Web link: leave trailing punctuation outside the link.
        var trimmed = token.replace(/[.,;:!?)\]]+$/, '');
        if (isWordChar(text.charAt(start - 1)) || trimmed.length < 10) { continue; }
        container.appendChild(document.createTextNode(text.slice(last, start)));
        container.appendChild(h('a', {
          className: 'vv-link', href: trimmed, target: '_blank', rel: 'noopener noreferrer'
        }, [trimmed, srOnly(' (åbner i et nyt vindue)')]));
        last = start + trimmed.length;
        TOKEN_RE.lastIndex = last;
        continue;
      }
      if (match[2]) {
        // E-mail address. Glued to more address-like text ("søren@…" would match only "ren@…",
        // "a@b.dk-x", "a@b@c.dk"): no link at all rather than a link to the wrong address.
        if (/[0-9A-Za-z\u00c0-\u024f_@%\-]/.test(text.charAt(start + token.length)) ||
            /[0-9A-Za-z\u00c0-\u024f_@%]/.test(text.charAt(start - 1))) {
          TOKEN_RE.lastIndex = start + token.length;
          continue;
        }
        container.appendChild(document.createTextNode(text.slice(last, start)));
        container.appendChild(mailLink(token));
        last = start + token.length;
        continue;
      }
      var before = text.charAt(start - 1);
      var after = text.charAt(start + token.length);
      var afterNext = text.charAt(start + token.length + 1);
      var glued = isWordChar(before) || /[\-\/.,]/.test(before) && /\d/.test(text.charAt(start - 2));
      if (glued || /\d/.test(after) || (/[\-\/.,]/.test(after) && /\d/.test(afterNext))) {
        TOKEN_RE.lastIndex = start + 1;
        continue;
      }
      container.appendChild(document.createTextNode(text.slice(last, start)));
      container.appendChild(telLink(token));
      last = start + token.length;
    }
    container.appendChild(document.createTextNode(text.slice(last)));
  }

  // A unit "card" is one message whose first line is the unit's name and whose
  // later lines include "Adresse: …" or "Telefon: …" (actions/replies.py).
  // A first line that is itself such a field ("Adresse: …") is not a name.
  var CARD_FIELD_RE = /^\s*(?:Adresse|Telefon):/;
  var FIELD_RE = /^\s*(?:Adresse|Telefon|E-mail):/;

  function isCard(lines) {
    return lines.length > 1 && /\S/.test(lines[0]) && !FIELD_RE.test(lines[0]) &&
      lines.slice(1).some(function (line) { return CARD_FIELD_RE.test(line); });
  }

  function formatInto(container, text) {
    var lines = String(text).split(/\r?\n/);
    var card = isCard(lines);
    lines.forEach(function (line, i) {
      if (i > 0) { container.appendChild(document.createElement('br')); }
      var target = container;
      if (card && i === 0) {
        // The unit's name in bold: <strong> (importance), not a heading, so the
        // chat log does not add headings to the page's outline.
        target = h('strong', { className: 'vv-card-name' });
        container.appendChild(target);
      }
      var address = /^(\s*Adresse:\s*)(\S.*)$/.exec(line);
      // Only a real address (street and number or postcode) becomes a map link,
      // not "Adresse: – (ikke i kilden)".
      if (address && /\d/.test(address[2]) && /[A-Za-z\u00c0-\u024f]{2}/.test(address[2])) {
        target.appendChild(document.createTextNode(address[1]));
        target.appendChild(mapLink(address[2].trim()));
      } else {
        appendInline(target, line);
      }
    });
    return container;
  }

  /* ------------------------------------------------------------------ */
  /* State (kept in sessionStorage for this browser tab only)            */
  /* ------------------------------------------------------------------ */

  var memoryStore = null;

  function freshState() {
    return { id: newConversationId(), open: false, messages: [], failed: null, pending: null };
  }

  function loadState() {
    var raw = null;
    try { raw = window.sessionStorage.getItem(STORAGE_KEY); } catch (e) { raw = memoryStore; }
    if (!raw) { return freshState(); }
    try {
      var s = JSON.parse(raw);
      if (!s || typeof s.id !== 'string' || !Array.isArray(s.messages)) { return freshState(); }
      s.messages = s.messages.filter(function (m) {
        return m && (m.who === 'user' || m.who === 'bot');
      });
      s.failed = s.failed && typeof s.failed.message === 'string' ? s.failed : null;
      // The page was left while waiting for an answer: offer to send that message again.
      if (typeof s.pending === 'string' && !s.failed &&
          (s.messages.length || (s.pending !== INIT_PAYLOAD && s.pending !== '/restart'))) {
        s.failed = { message: s.pending, kind: 'interrupted' };
      }
      s.pending = null;
      s.open = !!s.open;
      return s;
    } catch (e2) {
      return freshState();
    }
  }

  var state = loadState();

  function saveState() {
    if (state.messages.length > MAX_STORED) {
      state.messages = state.messages.slice(state.messages.length - MAX_STORED);
    }
    var raw = JSON.stringify(state);
    try { window.sessionStorage.setItem(STORAGE_KEY, raw); } catch (e) { memoryStore = raw; }
  }

  /* ------------------------------------------------------------------ */
  /* DOM                                                                 */
  /* ------------------------------------------------------------------ */

  var ids = {
    panel: 'vv-panel', title: 'vv-title', privacy: 'vv-privacy',
    input: 'vv-input', hint: 'vv-hint', count: 'vv-count'
  };

  var launcherIcon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  launcherIcon.setAttribute('viewBox', '0 0 24 24');
  launcherIcon.setAttribute('aria-hidden', 'true');
  launcherIcon.setAttribute('focusable', 'false');
  launcherIcon.setAttribute('class', 'vv-icon');
  var iconPath = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  iconPath.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
  launcherIcon.appendChild(iconPath);

  var launcher = h('button', {
    type: 'button', className: 'vv-launcher', 'aria-expanded': 'false', 'aria-controls': ids.panel
  }, [launcherIcon, h('span', { text: 'Skriv med Vejviser' })]);

  var restartBtn = h('button', { type: 'button', className: 'vv-head-btn vv-restart', text: 'Start forfra' });
  var closeBtn = h('button', { type: 'button', className: 'vv-head-btn vv-close', 'aria-label': 'Luk chatten' },
    [h('span', { 'aria-hidden': 'true', text: '×' })]);

  var privacy = h('section', { className: 'vv-privacy', id: ids.privacy, 'aria-label': 'Om dine oplysninger' }, [
    h('p', { className: 'vv-privacy-title' }, [h('strong', { text: 'Om dine oplysninger' })]),
    h('ul', null, [
      h('li', null, ['Du kan være anonym. ', h('strong', { text: 'Skriv aldrig dit CPR-nummer.' })]),
      h('li', { text: 'Vi gemmer teksten i samtalen og sletter den efter ' + RETENTION_DAYS + ' dage. ' +
        'CPR-numre, telefonnumre og e-mailadresser fjernes automatisk.' }),
      h('li', { text: 'Samtalen huskes i denne fane, til du lukker den eller trykker ”Start forfra”.' })
    ]),
    h('p', null, ['Er det akut, så ring ',
      telLink('112'), '.'])
  ]);

  var log = h('div', {
    className: 'vv-log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions',
    'aria-label': 'Samtale med Vejviser'
  });

  var typing = h('div', { className: 'vv-typing', hidden: true }, [
    h('span', { className: 'vv-dots', 'aria-hidden': 'true' }, [h('span'), h('span'), h('span')]),
    h('span', { text: 'Vejviser skriver…' })
  ]);

  var scroller = h('div', { className: 'vv-scroll' }, [privacy, log, typing]);

  var input = h('textarea', {
    id: ids.input, className: 'vv-input', rows: '1', maxlength: String(MAX_LEN),
    autocomplete: 'off', 'aria-describedby': ids.hint + ' ' + ids.count, placeholder: 'Skriv her …'
  });
  var sendBtn = h('button', { type: 'submit', className: 'vv-send', text: 'Send' });
  var hint = h('p', { id: ids.hint, className: 'vv-sr',
    text: 'Tryk Enter for at sende og Skift+Enter for ny linje. Højst ' + MAX_LEN + ' tegn.' });
  var count = h('p', { id: ids.count, className: 'vv-count', hidden: true });
  var form = h('form', { className: 'vv-form', novalidate: true }, [
    h('label', { for: ids.input, className: 'vv-sr', text: 'Skriv din besked til Vejviser' }),
    h('div', { className: 'vv-form-row' }, [input, sendBtn]),
    hint, count
  ]);

  var panel = h('div', {
    id: ids.panel, className: 'vv-panel', role: 'dialog', 'aria-modal': 'false',
    'aria-labelledby': ids.title, 'aria-describedby': ids.privacy, hidden: true
  }, [
    h('div', { className: 'vv-head' }, [
      h('div', { className: 'vv-head-text' }, [
        h('h2', { id: ids.title, className: 'vv-title', text: 'Vejviser' }),
        h('p', { className: 'vv-subtitle', text: 'Automatisk assistent – ikke et menneske' })
      ]),
      h('div', { className: 'vv-head-actions' }, [restartBtn, closeBtn])
    ]),
    scroller,
    form
  ]);

  var root = h('aside', { id: 'vejviser-widget', className: 'vv-root', 'aria-label': 'Chat med Vejviser' },
    [panel, launcher]);

  /* ------------------------------------------------------------------ */
  /* Rendering                                                           */
  /* ------------------------------------------------------------------ */

  function messageNode(msg) {
    var bubble = h('div', { className: 'vv-msg ' + (msg.who === 'user' ? 'vv-user' : 'vv-bot') });
    bubble.appendChild(srOnly(msg.who === 'user' ? 'Du skrev: ' : 'Vejviser: '));
    var body = h('span', { className: 'vv-msg-text' });
    if (msg.who === 'user') {
      body.textContent = msg.text;          // the person's own words: never linkified
    } else {
      formatInto(body, msg.text);
    }
    bubble.appendChild(body);
    return bubble;
  }

  function quickRepliesNode(buttons) {
    var group = h('div', { className: 'vv-quick', role: 'group', 'aria-label': 'Svarmuligheder' });
    buttons.forEach(function (b) {
      var btn = h('button', { type: 'button', className: 'vv-quick-btn', text: b.title });
      btn.addEventListener('click', function () {
        if (busy) { return; }
        // A "Start forfra" quick reply starts over like the header button: new id, history cleared.
        if (b.payload === '/restart') { restart(); return; }
        send(b.payload, b.title);
      });
      group.appendChild(btn);
    });
    return group;
  }

  function errorNode(kind) {
    var retry = h('button', { type: 'button', className: 'vv-retry', text: 'Prøv igen' });
    retry.addEventListener('click', retryFailed);
    var text = {
      server: 'Beklager, der skete en fejl hos Vejviser, så jeg kunne ikke svare. Tryk ”Prøv igen”. ',
      interrupted: 'Siden blev genindlæst, før svaret kom. Tryk ”Prøv igen” for at sende din besked igen. ',
      network: 'Beklager, jeg kan ikke få forbindelse til Vejviser lige nu. Tjek din internetforbindelse, ' +
        'og tryk ”Prøv igen”. '
    }[kind] || '';
    if (!text) { text = 'Beklager, jeg kan ikke få forbindelse til Vejviser lige nu. Tryk ”Prøv igen”. '; }
    var p = h('p', null, [text + 'Er det akut, så ring ',
      telLink('112'), '.']);
    return h('div', { className: 'vv-msg vv-error' }, [srOnly('Fejl: '), p, retry]);
  }

  function normaliseButtons(buttons) {
    if (!Array.isArray(buttons)) { return []; }
    return buttons.map(function (b) {
      if (!b || typeof b !== 'object') { return null; }
      var title = typeof b.title === 'string' && b.title ? b.title : (typeof b.payload === 'string' ? b.payload : '');
      var payload = typeof b.payload === 'string' && b.payload ? b.payload : title;
      return title ? { title: title.slice(0, 200), payload: payload.slice(0, MAX_LEN) } : null;
    }).filter(Boolean);
  }

  function removeQuickReplies() {
    var groups = log.querySelectorAll('.vv-quick');
    var hadFocus = false;
    Array.prototype.forEach.call(groups, function (g) {
      if (g.contains(document.activeElement)) { hadFocus = true; }
      g.parentNode.removeChild(g);
    });
    return hadFocus;
  }

  function removeError() {
    var err = log.querySelector('.vv-error');
    var hadFocus = !!(err && err.contains(document.activeElement));
    if (err) { err.parentNode.removeChild(err); }
    return hadFocus;
  }

  // Appends messages; quick replies are shown for bot messages after the last user message.
  function appendMessages(msgs, withButtons) {
    var first = null;
    msgs.forEach(function (msg) {
      if (msg.text) {
        var node = messageNode(msg);
        log.appendChild(node);
        if (!first) { first = node; }
      }
      if (withButtons && msg.who === 'bot' && msg.buttons && msg.buttons.length) {
        var group = quickRepliesNode(msg.buttons);
        log.appendChild(group);
        if (!first) { first = group; }
      }
    });
    return first;
  }

  function renderAll() {
    log.textContent = '';
    var lastUser = -1;
    state.messages.forEach(function (m, i) { if (m.who === 'user') { lastUser = i; } });
    appendMessages(state.messages.slice(0, lastUser + 1), false);
    appendMessages(state.messages.slice(lastUser + 1), !state.failed);
    if (state.failed) { log.appendChild(errorNode(state.failed.kind)); }
  }

  function scrollToNew(first, isFirstBatch) {
    if (isFirstBatch) { scroller.scrollTop = 0; return; }   // keep the privacy notice in view
    if (!first) { scrollToEnd(); return; }
    var top = first.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop - 8;
    var newHeight = scroller.scrollHeight - top;
    // Show the start of a long answer rather than its end.
    scroller.scrollTop = newHeight > scroller.clientHeight ? top : scroller.scrollHeight;
  }

  function scrollToEnd() {
    scroller.scrollTop = scroller.scrollHeight;
  }

  /* ------------------------------------------------------------------ */
  /* Talking to the server                                               */
  /* ------------------------------------------------------------------ */

  var busy = false;
  var generation = 0;       // bumped by "Start forfra" so late answers are dropped
  var inflight = null;      // AbortController of the request in flight

  function setBusy(value) {
    busy = value;
    typing.hidden = !value;
    sendBtn.setAttribute('aria-disabled', value ? 'true' : 'false');
    if (value) { scrollToEnd(); }
  }

  function parseReply(data) {
    if (!Array.isArray(data)) { throw new Error('bad reply'); }
    return data.map(function (item) {
      if (!item || typeof item !== 'object') { return null; }
      var text = typeof item.text === 'string' ? item.text : '';
      var buttons = normaliseButtons(item.buttons);
      if (!text && !buttons.length) { return null; }
      return { who: 'bot', text: text, buttons: buttons };
    }).filter(Boolean);
  }

  function request(message) {
    var myGeneration = generation;
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timedOut = false;
    var timer = setTimeout(function () { timedOut = true; if (controller) { controller.abort(); } }, TIMEOUT_MS);
    inflight = controller;
    state.pending = message;
    saveState();
    setBusy(true);
    return fetch(REST_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify({ sender: state.id, message: message }),
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) {
        var err = new Error('HTTP ' + response.status);
        err.kind = 'server';
        throw err;
      }
      return response.json().catch(function () {
        var err = new Error('bad json');
        err.kind = 'server';
        throw err;
      });
    }).then(function (data) {
      clearTimeout(timer);
      if (myGeneration !== generation) { return; }
      inflight = null;
      setBusy(false);
      var msgs = parseReply(data);
      var isFirstBatch = state.messages.length === 0;
      state.pending = null;
      state.messages = state.messages.concat(msgs);
      saveState();
      scrollToNew(appendMessages(msgs, true), isFirstBatch);
    }).catch(function (err) {
      clearTimeout(timer);
      if (myGeneration !== generation) { return; }
      inflight = null;
      setBusy(false);
      state.pending = null;
      state.failed = { message: message, kind: err && err.kind === 'server' && !timedOut ? 'server' : 'network' };
      saveState();
      log.appendChild(errorNode(state.failed.kind));
      scrollToEnd();
    });
  }

  function send(message, display) {
    if (busy) { return; }
    message = String(message || '').slice(0, MAX_LEN);
    if (!message.trim()) { return; }
    var hadFocus = removeQuickReplies();
    if (removeError()) { hadFocus = true; }
    state.failed = null;
    if (display !== null) {
      var msg = { who: 'user', text: (display === undefined ? message : display).slice(0, MAX_LEN) };
      state.messages.push(msg);
      appendMessages([msg], false);
    }
    saveState();
    if (hadFocus) { input.focus(); }
    scrollToEnd();
    request(message);
  }

  function retryFailed() {
    if (busy || !state.failed) { return; }
    var message = state.failed.message;
    state.failed = null;
    removeError();
    saveState();
    input.focus();
    request(message);
  }

  function restart() {
    generation += 1;
    if (inflight) { try { inflight.abort(); } catch (e) { /* already done */ } }
    inflight = null;
    setBusy(false);
    state = { id: newConversationId(), open: true, messages: [], failed: null, pending: null };
    saveState();
    renderAll();
    input.value = '';
    updateCount();
    input.focus();
    scroller.scrollTop = 0;
    request('/restart');
  }

  /* ------------------------------------------------------------------ */
  /* Opening, closing, keyboard                                          */
  /* ------------------------------------------------------------------ */

  var fullscreen = window.matchMedia ? window.matchMedia(FULLSCREEN_QUERY) : null;

  function isFullscreen() {
    return !!(fullscreen && fullscreen.matches);
  }

  function applyMode() {
    var open = !panel.hidden;
    panel.setAttribute('aria-modal', open && isFullscreen() ? 'true' : 'false');
    document.documentElement.classList.toggle('vv-noscroll', open && isFullscreen());
  }

  function openChat(options) {
    var focus = !options || options.focus !== false;
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    root.classList.add('vv-is-open');
    state.open = true;
    saveState();
    applyMode();
    scrollToEnd();
    if (focus) { input.focus(); }
    if (!state.messages.length && !state.failed && !busy && INIT_PAYLOAD) {
      request(INIT_PAYLOAD);
    }
  }

  function closeChat() {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    root.classList.remove('vv-is-open');
    state.open = false;
    saveState();
    applyMode();
    launcher.focus();
  }

  function focusables() {
    return Array.prototype.filter.call(
      panel.querySelectorAll('a[href], button, textarea, input, select, [tabindex]:not([tabindex="-1"])'),
      function (el) { return !el.disabled && !el.hidden && el.offsetParent !== null; });
  }

  function updateCount() {
    var n = input.value.length;
    if (n >= COUNT_FROM) {
      count.hidden = false;
      count.textContent = n >= MAX_LEN
        ? 'Du har nået grænsen på ' + MAX_LEN + ' tegn.'
        : n + ' af ' + MAX_LEN + ' tegn';
    } else {
      count.hidden = true;
      count.textContent = '';
    }
  }

  function autosize() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, 140) + 'px';
  }

  function submitInput() {
    if (busy) { return; }
    var text = input.value.slice(0, MAX_LEN);
    if (!text.trim()) { input.focus(); return; }
    input.value = '';
    updateCount();
    autosize();
    send(text.trim());
  }

  launcher.addEventListener('click', function () {
    if (panel.hidden) { openChat(); } else { closeChat(); }
  });
  closeBtn.addEventListener('click', closeChat);
  restartBtn.addEventListener('click', restart);

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    submitInput();
    input.focus();
  });

  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submitInput();
    }
  });
  input.addEventListener('input', function () {
    if (input.value.length > MAX_LEN) { input.value = input.value.slice(0, MAX_LEN); }
    updateCount();
    autosize();
  });

  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' || event.key === 'Esc') {
      event.preventDefault();
      closeChat();
      return;
    }
    if (event.key === 'Tab' && isFullscreen()) {
      // Full-screen chat covers the page: keep Tab inside it.
      var items = focusables();
      if (!items.length) { return; }
      var firstItem = items[0];
      var lastItem = items[items.length - 1];
      if (event.shiftKey && document.activeElement === firstItem) {
        event.preventDefault();
        lastItem.focus();
      } else if (!event.shiftKey && document.activeElement === lastItem) {
        event.preventDefault();
        firstItem.focus();
      }
    }
  });

  if (fullscreen) {
    var onChange = function () { applyMode(); };
    if (fullscreen.addEventListener) { fullscreen.addEventListener('change', onChange); }
    else if (fullscreen.addListener) { fullscreen.addListener(onChange); }
  }

  function mount() {
    renderAll();                    // before the log is in the page: restoring is not announced
    document.body.appendChild(root);
    Array.prototype.forEach.call(document.querySelectorAll('[data-vejviser-open]'), function (el) {
      el.addEventListener('click', function (event) {
        event.preventDefault();
        openChat();
      });
    });
    if (state.open) { openChat({ focus: false }); }
  }

  // A small, read-only hook for tests and the host page.
  window.Vejviser = {
    open: function () { openChat(); },
    close: closeChat,
    formatText: function (text) { return formatInto(document.createElement('span'), text); },
    mapQuery: mapQuery,
    telHref: telHref,
    conversationId: function () { return state.id; }
  };

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', mount);
  } else {
    mount();
  }
}());
