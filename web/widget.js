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
 *
 * Language: the widget speaks Danish or English (STRINGS). The "English" / "Dansk"
 * button in the header asks the assistant to switch (it sends ASK_FOR[lang], which
 * actions/language.py honours) and switches the widget's own texts and the `lang`
 * of the widget and the page, for screen readers. When the assistant answers in the
 * other language by itself (the person wrote English), the widget follows: from a
 * `language` hint on the reply ("da" / "en", also in `custom`) or, without one, from
 * the reply's common words (replyLanguage).
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

  // The widget's own texts. Bot messages come from the server, in the conversation's language.
  var STRINGS = {
    da: {
      launcher: 'Skriv med Vejviser', restart: 'Start forfra', close: 'Luk chatten',
      subtitle: 'Automatisk assistent – ikke et menneske', root: 'Chat med Vejviser',
      privacyTitle: 'Om dine oplysninger', anonymous: 'Du kan være anonym. ', noCpr: 'Skriv aldrig dit CPR-nummer.',
      stored: function (days) {
        return 'Vi gemmer teksten i samtalen og sletter den efter ' + days + ' dage. ' +
          'CPR-numre, telefonnumre og e-mailadresser fjernes automatisk.';
      },
      tab: 'Samtalen huskes i denne fane, til du lukker den eller trykker ”Start forfra”.',
      urgent: 'Er det akut, så ring ', log: 'Samtale med Vejviser', typing: 'Vejviser skriver…',
      placeholder: 'Skriv her …', send: 'Send', label: 'Skriv din besked til Vejviser',
      hint: function (max) { return 'Tryk Enter for at sende og Skift+Enter for ny linje. Højst ' + max + ' tegn.'; },
      you: 'Du skrev: ', bot: 'Vejviser: ', options: 'Svarmuligheder', retry: 'Prøv igen', error: 'Fejl: ',
      newWindow: ' (åbner i et nyt vindue)',
      server: 'Beklager, der skete en fejl hos Vejviser, så jeg kunne ikke svare. Tryk ”Prøv igen”. ',
      interrupted: 'Siden blev genindlæst, før svaret kom. Tryk ”Prøv igen” for at sende din besked igen. ',
      network: 'Beklager, jeg kan ikke få forbindelse til Vejviser lige nu. Tjek din internetforbindelse, ' +
        'og tryk ”Prøv igen”. ',
      unreachable: 'Beklager, jeg kan ikke få forbindelse til Vejviser lige nu. Tryk ”Prøv igen”. ',
      limit: function (max) { return 'Du har nået grænsen på ' + max + ' tegn.'; },
      count: function (n, max) { return n + ' af ' + max + ' tegn'; },
      // The button that switches to the other language is written in that language.
      other: 'en', otherName: 'English', otherLabel: 'Switch to English'
    },
    en: {
      launcher: 'Chat with Vejviser', restart: 'Start over', close: 'Close the chat',
      subtitle: 'Automated assistant – not a person', root: 'Chat with Vejviser',
      privacyTitle: 'About your information', anonymous: 'You can stay anonymous. ',
      noCpr: 'Never write your CPR number.',
      stored: function (days) {
        return 'We keep the text of the conversation and delete it after ' + days + ' days. ' +
          'CPR numbers, phone numbers and e-mail addresses are removed automatically.';
      },
      tab: 'The conversation is kept in this tab until you close it or press “Start over”.',
      urgent: 'In an emergency, call ', log: 'Conversation with Vejviser', typing: 'Vejviser is typing…',
      placeholder: 'Write here …', send: 'Send', label: 'Write your message to Vejviser',
      hint: function (max) { return 'Press Enter to send and Shift+Enter for a new line. At most ' + max + ' characters.'; },
      you: 'You wrote: ', bot: 'Vejviser: ', options: 'Options', retry: 'Try again', error: 'Error: ',
      newWindow: ' (opens in a new window)',
      server: 'Sorry, something went wrong at Vejviser, so I could not answer. Press “Try again”. ',
      interrupted: 'The page was reloaded before the answer came. Press “Try again” to send your message again. ',
      network: 'Sorry, I cannot reach Vejviser right now. Check your internet connection and press “Try again”. ',
      unreachable: 'Sorry, I cannot reach Vejviser right now. Press “Try again”. ',
      limit: function (max) { return 'You have reached the limit of ' + max + ' characters.'; },
      count: function (n, max) { return n + ' of ' + max + ' characters'; },
      other: 'da', otherName: 'Dansk', otherLabel: 'Skift til dansk'
    }
  };
  // What the language button sends: actions/language.py's ASKS_FOR_ENGLISH / ASKS_FOR_DANISH.
  var ASK_FOR = { en: 'English, please', da: 'På dansk, tak' };
  // Common words that tell a Danish reply from an English one (no words the two share).
  var REPLY_WORDS = {
    da: /^(og|er|du|det|der|til|på|kan|ikke|med|har|en|et|af|vi|dig|din|dit|jeg|hvis|eller|også|hvor|hvad|når|ring|kl|adresse|telefon|åbent|lukket|dag)$/,
    en: /^(the|and|is|are|you|your|can|with|not|of|we|if|or|also|where|what|when|call|they|their|it|this|on|address|phone|open|closed|today)$/
  };
  var PAGE_LANG = document.documentElement.getAttribute('lang') || 'da';

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
      return p && !/^(\d+\.?\s*(sal|etage|tv|th|mf)\b.*|stuen\b.*|st\.(\s|$).*|kælder\b.*|\d+(st|nd|rd|th)?\s+floor\b.*|ground floor\b.*|basement\b.*)$/i.test(p);
    });
    return (parts.length ? parts : [address.trim()]).join(', ');
  }

  function mapLink(address, english) {
    return h('a', {
      className: 'vv-link vv-map',
      href: MAP_URL + encodeURIComponent(mapQuery(address)),
      target: '_blank',
      rel: 'noopener noreferrer'
    }, [address, srOnly(english ? ' (map, opens in a new window)' : ' (kort, åbner i et nyt vindue)')]);
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
        }, [trimmed, srOnly(t('newWindow'))]));
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
  // later lines include "Adresse: …" or "Telefon: …" (actions/replies.py) - in
  // English "Address: …" or "Phone: …" (actions/replies_en.py).
  // A first line that is itself such a field ("Adresse: …") is not a name.
  var CARD_FIELD_RE = /^\s*(?:Adresse|Telefon|Address|Phone):/;
  var FIELD_RE = /^\s*(?:Adresse|Telefon|E-mail|Address|Phone|Email):/;

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
      var address = /^(\s*(Adresse|Address):\s*)(\S.*)$/.exec(line);
      // Only a real address (street and number or postcode) becomes a map link,
      // not "Adresse: – (ikke i kilden)".
      if (address && /\d/.test(address[3]) && /[A-Za-z\u00c0-\u024f]{2}/.test(address[3])) {
        target.appendChild(document.createTextNode(address[1]));
        target.appendChild(mapLink(address[3].trim(), address[2] === 'Address'));
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
    return { id: newConversationId(), open: false, messages: [], failed: null, pending: null, lang: initialLang() };
  }

  function initialLang() {
    return /^en\b/i.test(PAGE_LANG) ? 'en' : 'da';
  }

  function t(key) {
    return (STRINGS[state && STRINGS[state.lang] ? state.lang : 'da'])[key];
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
      s.lang = STRINGS[s.lang] ? s.lang : initialLang();
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

  var launcherText = h('span');
  var launcher = h('button', {
    type: 'button', className: 'vv-launcher', 'aria-expanded': 'false', 'aria-controls': ids.panel
  }, [launcherIcon, launcherText]);

  var restartBtn = h('button', { type: 'button', className: 'vv-head-btn vv-restart' });
  // "English" / "Dansk": written in the language it switches to, and marked as such.
  var langBtn = h('button', { type: 'button', className: 'vv-head-btn vv-lang' });
  var closeBtn = h('button', { type: 'button', className: 'vv-head-btn vv-close' },
    [h('span', { 'aria-hidden': 'true', text: '×' })]);

  var privacy = h('section', { className: 'vv-privacy', id: ids.privacy });

  function fillPrivacy() {
    privacy.textContent = '';
    privacy.setAttribute('aria-label', t('privacyTitle'));
    privacy.appendChild(h('p', { className: 'vv-privacy-title' }, [h('strong', { text: t('privacyTitle') })]));
    privacy.appendChild(h('ul', null, [
      h('li', null, [t('anonymous'), h('strong', { text: t('noCpr') })]),
      h('li', { text: t('stored')(RETENTION_DAYS) }),
      h('li', { text: t('tab') })
    ]));
    privacy.appendChild(h('p', null, [t('urgent'), telLink('112'), '.']));
  }

  var log = h('div', {
    className: 'vv-log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions'
  });

  var typingText = h('span');
  var typing = h('div', { className: 'vv-typing', hidden: true }, [
    h('span', { className: 'vv-dots', 'aria-hidden': 'true' }, [h('span'), h('span'), h('span')]),
    typingText
  ]);

  var scroller = h('div', { className: 'vv-scroll' }, [privacy, log, typing]);

  var input = h('textarea', {
    id: ids.input, className: 'vv-input', rows: '1', maxlength: String(MAX_LEN),
    autocomplete: 'off', 'aria-describedby': ids.hint + ' ' + ids.count
  });
  var sendBtn = h('button', { type: 'submit', className: 'vv-send' });
  var hint = h('p', { id: ids.hint, className: 'vv-sr' });
  var count = h('p', { id: ids.count, className: 'vv-count', hidden: true });
  var inputLabel = h('label', { for: ids.input, className: 'vv-sr' });
  var form = h('form', { className: 'vv-form', novalidate: true }, [
    inputLabel,
    h('div', { className: 'vv-form-row' }, [input, sendBtn]),
    hint, count
  ]);

  var subtitle = h('p', { className: 'vv-subtitle' });
  var panel = h('div', {
    id: ids.panel, className: 'vv-panel', role: 'dialog', 'aria-modal': 'false',
    'aria-labelledby': ids.title, 'aria-describedby': ids.privacy, hidden: true
  }, [
    h('div', { className: 'vv-head' }, [
      h('div', { className: 'vv-head-text' }, [
        h('h2', { id: ids.title, className: 'vv-title', text: 'Vejviser' }),
        subtitle
      ]),
      h('div', { className: 'vv-head-actions' }, [langBtn, restartBtn, closeBtn])
    ]),
    scroller,
    form
  ]);

  var root = h('aside', { id: 'vejviser-widget', className: 'vv-root' },
    [panel, launcher]);

  // The widget's texts and `lang` in the conversation's language; the page's `lang` too, so a
  // screen reader reads the chat in the right voice (restored to the page's own when back in it).
  function applyLanguage(lang) {
    state.lang = STRINGS[lang] ? lang : 'da';
    root.setAttribute('lang', state.lang);
    document.documentElement.setAttribute('lang', state.lang === initialLang() ? PAGE_LANG : state.lang);
    launcherText.textContent = t('launcher');
    root.setAttribute('aria-label', t('root'));
    restartBtn.textContent = t('restart');
    closeBtn.setAttribute('aria-label', t('close'));
    langBtn.textContent = t('otherName');
    langBtn.setAttribute('lang', t('other'));
    langBtn.setAttribute('aria-label', t('otherLabel'));
    fillPrivacy();
    log.setAttribute('aria-label', t('log'));
    typingText.textContent = t('typing');
    input.setAttribute('placeholder', t('placeholder'));
    sendBtn.textContent = t('send');
    hint.textContent = t('hint')(MAX_LEN);
    inputLabel.textContent = t('label');
    subtitle.textContent = t('subtitle');
    Array.prototype.forEach.call(log.querySelectorAll('.vv-quick'), function (g) {
      g.setAttribute('aria-label', t('options'));
    });
    if (typeof updateCount === 'function' && !count.hidden) { updateCount(); }
  }

  applyLanguage(state.lang);

  /* ------------------------------------------------------------------ */
  /* Rendering                                                           */
  /* ------------------------------------------------------------------ */

  function messageNode(msg) {
    var bubble = h('div', { className: 'vv-msg ' + (msg.who === 'user' ? 'vv-user' : 'vv-bot') });
    if (msg.who === 'bot' && STRINGS[msg.lang]) { bubble.setAttribute('lang', msg.lang); }
    bubble.appendChild(srOnly(msg.who === 'user' ? t('you') : t('bot')));
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
    var group = h('div', { className: 'vv-quick', role: 'group', 'aria-label': t('options') });
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
    var retry = h('button', { type: 'button', className: 'vv-retry', text: t('retry') });
    retry.addEventListener('click', retryFailed);
    var text = (kind === 'server' || kind === 'interrupted' || kind === 'network') ? t(kind) : t('unreachable');
    var p = h('p', null, [text + t('urgent'), telLink('112'), '.']);
    return h('div', { className: 'vv-msg vv-error' }, [srOnly(t('error')), p, retry]);
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
      var hint = item.language || (item.custom && typeof item.custom === 'object' ? item.custom.language : null);
      return { who: 'bot', text: text, buttons: buttons, lang: STRINGS[hint] ? hint : textLanguage(text) };
    }).filter(Boolean);
  }

  // "da", "en" or null (too few words to tell) for a bot message without a language hint.
  function textLanguage(text) {
    var score = { da: 0, en: 0 };
    String(text).toLowerCase().split(/[^a-zæøå]+/).forEach(function (word) {
      if (REPLY_WORDS.da.test(word)) { score.da += 1; }
      if (REPLY_WORDS.en.test(word)) { score.en += 1; }
    });
    if (score.da >= 2 && score.da > 2 * score.en) { return 'da'; }
    if (score.en >= 2 && score.en > 2 * score.da) { return 'en'; }
    return null;
  }

  // The language of a reply: its messages' hints and words together.
  function replyLanguage(msgs) {
    var votes = { da: 0, en: 0 };
    msgs.forEach(function (m) { if (m.lang) { votes[m.lang] += 1; } });
    if (votes.da === votes.en) { return null; }
    return votes.en > votes.da ? 'en' : 'da';
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
      var lang = replyLanguage(msgs);
      // The assistant switched by itself (the person wrote English): follow it. Not on the
      // greeting of a new conversation, which is Danish until the widget asks for English.
      if (lang && lang !== state.lang && message !== INIT_PAYLOAD && message !== '/restart') { applyLanguage(lang); }
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
    var lang = state.lang;
    state = { id: newConversationId(), open: true, messages: [], failed: null, pending: null, lang: lang };
    saveState();
    renderAll();
    input.value = '';
    updateCount();
    input.focus();
    scroller.scrollTop = 0;
    var myGeneration = generation;
    request('/restart').then(function () {
      // A new conversation starts in Danish: ask for English again, without a bubble.
      if (lang !== 'da' && myGeneration === generation && !state.failed && state.lang === lang) { send(ASK_FOR[lang], null); }
    });
  }

  // The "English" / "Dansk" button: the widget switches at once, and asks the assistant to.
  function switchLanguage() {
    if (busy) { return; }
    var lang = t('other');
    applyLanguage(lang);
    saveState();
    send(ASK_FOR[lang]);
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
      var lang = state.lang;
      request(INIT_PAYLOAD).then(function () {
        if (lang !== 'da' && !state.failed && state.lang === lang) { send(ASK_FOR[lang], null); }
      });
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
      count.textContent = n >= MAX_LEN ? t('limit')(MAX_LEN) : t('count')(n, MAX_LEN);
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
  langBtn.addEventListener('click', switchLanguage);

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
    conversationId: function () { return state.id; },
    language: function () { return state.lang; }
  };

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', mount);
  } else {
    mount();
  }
}());
