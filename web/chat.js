/*
 * Starts the official Web Chat against this server's Direct Line. Works on our own page and, through
 * the embed snippet (web/embed.md), on another site: the API origin is the origin this script came from.
 * The conversation survives reloads: its id and token stay in sessionStorage (this tab only, so a
 * shared computer does not show the next visitor someone else's conversation after the tab closes).
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var base = script.getAttribute('data-banshi-base') || new URL(script.src, location.href).origin;
  var domain = base + '/v3/directline';
  var target = document.getElementById(script.getAttribute('data-target') || 'webchat');
  var statusEl = document.getElementById(script.getAttribute('data-status') || '');
  var resetEl = document.getElementById(script.getAttribute('data-reset') || '');
  var storageKey = 'banshi.webchat:' + base;

  function setStatus(text) {
    if (statusEl) statusEl.textContent = text;
  }

  function load() {
    try {
      return JSON.parse(sessionStorage.getItem(storageKey) || 'null');
    } catch {
      return null;
    }
  }
  function save(session) {
    try {
      sessionStorage.setItem(storageKey, JSON.stringify(session));
    } catch {
      /* private mode: no resume */
    }
  }

  function call(path, token, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(domain + path, { method: 'POST', headers: headers, body: JSON.stringify(body || {}) }).then(
      function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      },
    );
  }

  function randomId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return (
      'r_' +
      Array.prototype.map
        .call(bytes, function (b) {
          return ('0' + b.toString(16)).slice(-2);
        })
        .join('')
    );
  }

  /* Resume the saved conversation when its token can still be refreshed; otherwise start a new one. */
  function openSession() {
    var saved = load();
    var fresh = function () {
      var userId = randomId();
      return call('/tokens/generate', null, { user: { id: userId }, locale: 'zh-CN' }).then(function (t) {
        var s = { conversationId: t.conversationId, token: t.token, userId: userId, resumed: false };
        save(s);
        return s;
      });
    };
    if (!saved || !saved.token || !saved.conversationId) return fresh();
    return call('/tokens/refresh', saved.token).then(function (t) {
      if (t.conversationId !== saved.conversationId) return fresh();
      var s = { conversationId: t.conversationId, token: t.token, userId: saved.userId, resumed: true };
      save(s);
      return s;
    }, fresh);
  }

  /*
   * Replies arrive over the conversation's WebSocket (streamUrl) as soon as they are stored; where a
   * socket cannot be opened (an old browser, a proxy that drops upgrades) the page polls every 300 ms.
   */
  function start(session, polling) {
    var socket = !polling && typeof window.WebSocket === 'function';
    var options = { domain: domain, token: session.token, webSocket: socket, pollingInterval: 300 };
    if (session.resumed) options.conversationId = session.conversationId;
    var directLine = window.WebChat.createDirectLine(options);
    // DirectLineJS refreshes the token itself every 15 minutes; keep the saved copy current for reloads.
    setInterval(function () {
      if (directLine.token && directLine.token !== session.token) {
        session.token = directLine.token;
        save(session);
      }
    }, 30000);
    directLine.connectionStatus$.subscribe(function (status) {
      // 2 = Online, 3 = ExpiredToken, 4 = FailedToConnect, 5 = Ended (DirectLineJS ConnectionStatus).
      if (status === 4 && socket) {
        directLine.end();
        session.resumed = true;
        start(session, true);
        return;
      }
      if (status === 2) setStatus('已连接');
      else if (status === 3 || status === 4 || status === 5) setStatus('连接已断开，请刷新页面。');
    });
    // The assistant writes plain Chinese text with line breaks; as markdown (Web Chat's default) a
    // single line break would collapse into a space, so bot messages without a format show as plain text.
    var store = window.WebChat.createStore({}, function () {
      return function (next) {
        return function (action) {
          var activity = action.payload && action.payload.activity;
          if (
            action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' &&
            activity &&
            activity.type === 'message' &&
            activity.from &&
            activity.from.role === 'bot' &&
            !activity.textFormat
          ) {
            action = Object.assign({}, action, {
              payload: Object.assign({}, action.payload, {
                activity: Object.assign({}, activity, { textFormat: 'plain' }),
              }),
            });
          }
          return next(action);
        };
      };
    });
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        store: store,
        userID: session.userId,
        locale: 'zh-CN',
        styleOptions: {
          accent: '#1d4e89',
          primaryFont: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif',
          bubbleBorderRadius: 6,
          bubbleFromUserBorderRadius: 6,
          bubbleFromUserBackground: '#e8eef6',
          suggestedActionLayout: 'flow',
          // Photos and scans of materials go to POST …/upload; the server checks the real type by content.
          hideUploadButton: false,
          uploadAccept: 'image/jpeg,image/png,image/webp,image/gif',
          uploadMultiple: false,
          // A chosen file goes out at once; Web Chat's default stages it until Send, which residents miss.
          // The echo names a file only this conversation's token reads: Web Chat shows it as a card with the
          // name and size, without a link (a relative URL is not one it opens).
          sendAttachmentOn: 'attach',
          sendBoxTextWrap: true,
        },
      },
      target,
    );
  }

  if (resetEl) {
    resetEl.addEventListener('click', function () {
      try {
        sessionStorage.removeItem(storageKey);
      } catch {
        /* nothing saved */
      }
      location.reload();
    });
  }

  if (!window.WebChat || !window.fetch) {
    setStatus('');
    target.innerHTML =
      '<p class="chat__error" role="alert">您的浏览器版本过低，无法使用在线咨询。请更换浏览器后再试。</p>';
    return;
  }
  openSession().then(start, function () {
    setStatus('');
    target.innerHTML = '<p class="chat__error" role="alert">暂时无法连接办事助手，请稍后刷新页面再试。</p>';
  });
})();
