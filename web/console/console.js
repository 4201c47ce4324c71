/*
 * The staff console: plain DOM, no framework. Everything shown comes from /console/api; text is always
 * set with textContent, so nothing a resident types can run as markup here.
 * Live updates: server-sent events say *that* something changed; the page then fetches it (masked).
 * If the event stream drops, the page polls every 2 s until it is back.
 */
(function () {
  'use strict';
  var API = '/console/api';
  var $ = function (id) {
    return document.getElementById(id);
  };
  var state = {
    me: null,
    open: null,
    lastSeq: '',
    revealed: false,
    tab: 'queue',
    staff: [],
    events: null,
    pollTimer: null,
  };
  var SPEAKER = { resident: '居民', bot: '办事助手', staff: '工作人员', system: '系统' };
  var ACTION = {
    login: '登录',
    loginFailed: '登录失败',
    logout: '退出',
    claim: '接入',
    reveal: '查看个人信息',
    send: '发送消息',
    resolve: '结束人工',
    transfer: '转给同事',
    ticketStatus: '工单状态',
    staffCreated: '创建账号',
  };
  var TICKET = { open: '待回电', calledBack: '已回电', closed: '已关闭' };

  function api(method, path, body) {
    var init = { method: method, headers: {}, credentials: 'same-origin' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(API + path, init).then(function (res) {
      return res
        .json()
        .catch(function () {
          return {};
        })
        .then(function (data) {
          if (res.status === 401 && path !== '/login') {
            showLogin();
          }
          if (!res.ok) {
            var e = new Error((data.error && data.error.message) || 'HTTP ' + res.status);
            e.status = res.status;
            throw e;
          }
          return data;
        });
    });
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = text;
    return n;
  }

  function minutes(seconds) {
    if (seconds < 60) return seconds + ' 秒';
    return Math.floor(seconds / 60) + ' 分钟';
  }
  function time(iso) {
    return new Date(iso).toLocaleString('zh-CN', { hour12: false });
  }
  var CITY = { shanghai: '上海', chengdu: '成都' };

  /* ---------- login ---------- */
  function showLogin() {
    stopLive();
    $('app-view').hidden = true;
    $('login-view').hidden = false;
    $('login-username').focus();
  }
  $('login-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    $('login-error').textContent = '';
    api('POST', '/login', { username: $('login-username').value, password: $('login-password').value })
      .then(function (me) {
        $('login-password').value = '';
        start(me);
      })
      .catch(function (e) {
        $('login-error').textContent = e.status === 401 ? '用户名或密码不对' : e.message;
      });
  });
  $('logout').addEventListener('click', function () {
    api('POST', '/logout')
      .catch(function () {})
      .then(showLogin);
  });

  function start(me) {
    state.me = me;
    $('login-view').hidden = true;
    $('app-view').hidden = false;
    $('me').textContent = me.displayName + (me.role === 'admin' ? '（管理员）' : '');
    $('audit-tab').hidden = me.role !== 'admin';
    api('GET', '/staff').then(function (r) {
      state.staff = r.staff;
      fillTransfer();
    });
    refreshQueue();
    startLive();
  }

  /* ---------- tabs ---------- */
  Array.prototype.forEach.call(document.querySelectorAll('[data-tab]'), function (b) {
    b.addEventListener('click', function () {
      showTab(b.getAttribute('data-tab'));
    });
  });
  function showTab(tab) {
    state.tab = tab;
    Array.prototype.forEach.call(document.querySelectorAll('[data-tab]'), function (b) {
      b.classList.toggle('is-active', b.getAttribute('data-tab') === tab);
    });
    ['queue', 'tickets', 'audit'].forEach(function (t) {
      $('tab-' + t).hidden = t !== tab;
    });
    $('conversation').hidden = tab !== 'queue' || !state.open;
    if (tab === 'tickets') loadTickets();
    if (tab === 'audit') loadAudit();
  }

  /* ---------- queue ---------- */
  function item(s) {
    var li = el('li');
    li.dataset.conversation = s.conversationId;
    if (state.open === s.conversationId) li.classList.add('is-open');
    // A real button, so the queue works from the keyboard (Tab, Enter) and screen readers announce it.
    var open = el('button', 'item-open');
    open.type = 'button';
    if (state.open === s.conversationId) open.setAttribute('aria-current', 'true');
    open.appendChild(
      el(
        'span',
        'line',
        (s.city ? (CITY[s.city] || s.city) + ' · ' : '') + s.topic + (s.position ? ' · 第' + s.position + '位' : ''),
      ),
    );
    open.appendChild(
      el(
        'span',
        'line sub',
        (s.status === 'waiting' ? '已等待 ' + minutes(s.waitingSeconds) : '处理人：' + s.claimedBy) + ' · ' + s.channel,
      ),
    );
    if (s.lastResidentMessage) open.appendChild(el('span', 'line sub last', '“' + s.lastResidentMessage + '”'));
    open.addEventListener('click', function () {
      openConversation(s.conversationId);
    });
    li.appendChild(open);
    return li;
  }
  function fillList(id, list, empty) {
    var ul = $(id);
    ul.textContent = '';
    if (!list.length) ul.appendChild(el('li', 'sub', empty));
    list.forEach(function (s) {
      ul.appendChild(item(s));
    });
  }
  function refreshQueue() {
    return api('GET', '/queue')
      .then(function (q) {
        fillList('waiting', q.waiting, '没有人在排队');
        fillList('mine', q.mine, '暂无');
        fillList('others', q.others, '暂无');
        $('queue-count').textContent = String(q.waiting.length);
      })
      .catch(function () {});
  }

  /* ---------- conversation ---------- */
  function openConversation(id) {
    state.open = id;
    state.lastSeq = '';
    state.revealed = false;
    $('transcript').textContent = '';
    $('conv-error').textContent = '';
    $('conversation').hidden = false;
    Array.prototype.forEach.call(document.querySelectorAll('.items li'), function (li) {
      li.classList.toggle('is-open', li.dataset.conversation === id);
    });
    loadConversation(true);
  }

  function loadConversation(full) {
    var id = state.open;
    if (!id) return Promise.resolve();
    var q = [];
    if (state.revealed) q.push('reveal=1');
    if (!full && state.lastSeq) q.push('after=' + encodeURIComponent(state.lastSeq));
    return api('GET', '/conversations/' + encodeURIComponent(id) + (q.length ? '?' + q.join('&') : ''))
      .then(function (v) {
        if (id !== state.open) return;
        if (full) {
          $('transcript').textContent = '';
          state.lastSeq = '';
        }
        renderHead(v);
        // Two quick events can fetch the same new lines twice; seq order drops the repeat.
        v.transcript.forEach(function (line) {
          if (line.seq <= state.lastSeq) return;
          appendLine(line);
          state.lastSeq = line.seq;
        });
        var t = $('transcript');
        t.scrollTop = t.scrollHeight;
      })
      .catch(function (e) {
        $('conv-error').textContent = e.message;
      });
  }

  function renderHead(v) {
    var s = v.session;
    var mine = s.status === 'claimed' && s.claimedBy === state.me.username;
    var statusText = {
      waiting: '等待接入',
      claimed: '处理人：' + s.claimedBy,
      resolved: '已交回助手',
      cancelled: '居民已取消',
    }[s.status];
    $('conv-title').textContent = (v.city ? (CITY[v.city] || v.city) + ' · ' : '') + s.topic;
    $('conv-meta').textContent =
      statusText + ' · 申请时间 ' + time(s.requestedAt) + ' · ' + s.channel + (v.revealed ? ' · 已显示个人信息' : '');
    $('claim').hidden = s.status !== 'waiting';
    $('resolve').hidden = $('transfer').hidden = $('transfer-to').hidden = !mine;
    $('reveal').hidden = !(mine || state.me.role === 'admin') || v.revealed;
    $('send-form').hidden = !mine;
    var p = $('procedure');
    p.textContent = '';
    p.hidden = !v.procedure;
    if (v.procedure) {
      p.appendChild(el('strong', '', '正在办理：' + v.procedure.title));
      var dl = el('dl');
      Object.keys(v.procedure.answers).forEach(function (k) {
        var val = v.procedure.answers[k];
        dl.appendChild(el('dt', '', k));
        dl.appendChild(el('dd', '', typeof val === 'string' ? val : JSON.stringify(val)));
      });
      p.appendChild(dl);
    }
  }

  function appendLine(line) {
    var li = el('li', line.speaker);
    li.dataset.seq = line.seq;
    li.appendChild(
      el(
        'div',
        'who',
        (line.speaker === 'staff' && line.name ? line.name : SPEAKER[line.speaker]) + ' · ' + time(line.at),
      ),
    );
    li.appendChild(el('div', 'text', line.text));
    line.extras.forEach(function (x) {
      li.appendChild(el('div', 'extra', x));
    });
    $('transcript').appendChild(li);
  }

  function act(method, suffix, body) {
    $('conv-error').textContent = '';
    return api(method, '/conversations/' + encodeURIComponent(state.open) + suffix, body)
      .then(function (r) {
        refreshQueue();
        return loadConversation(true).then(function () {
          return r;
        });
      })
      .catch(function (e) {
        $('conv-error').textContent = e.status === 409 ? '操作没有成功：' + e.message : e.message;
        refreshQueue();
      });
  }
  $('claim').addEventListener('click', function () {
    act('POST', '/claim');
  });
  $('resolve').addEventListener('click', function () {
    if (confirm('结束人工服务，把会话交回办事助手？')) act('POST', '/resolve');
  });
  $('transfer').addEventListener('click', function () {
    var to = $('transfer-to').value;
    if (to) act('POST', '/transfer', { to: to });
  });
  $('reveal').addEventListener('click', function () {
    if (!confirm('显示完整个人信息？此操作会被记录。')) return;
    state.revealed = true;
    loadConversation(true);
  });
  $('send-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var box = $('send-text');
    var text = box.value.trim();
    if (!text) return;
    box.disabled = true;
    act('POST', '/messages', { text: text })
      .then(function (r) {
        if (r) box.value = '';
      })
      .finally(function () {
        box.disabled = false;
        box.focus();
      });
  });
  $('send-text').addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      $('send-form').requestSubmit();
    }
  });
  function fillTransfer() {
    var s = $('transfer-to');
    s.textContent = '';
    s.appendChild(el('option', '', '选择同事'));
    s.firstChild.value = '';
    state.staff
      .filter(function (x) {
        return x.username !== state.me.username;
      })
      .forEach(function (x) {
        var o = el('option', '', x.displayName + '（' + x.username + '）');
        o.value = x.username;
        s.appendChild(o);
      });
  }

  /* ---------- tickets and audit ---------- */
  function loadTickets() {
    api('GET', '/tickets')
      .then(function (r) {
        var body = $('tickets');
        body.textContent = '';
        r.tickets.forEach(function (t) {
          var tr = el('tr');
          [time(t.createdAt), CITY[t.city] || t.city || '', t.phone, t.message, TICKET[t.status]].forEach(function (v) {
            tr.appendChild(el('td', '', v));
          });
          var td = el('td');
          var show = el('button', '', '显示电话');
          show.addEventListener('click', function () {
            api('POST', '/tickets/' + encodeURIComponent(t.id) + '/reveal').then(function (full) {
              tr.children[2].textContent = full.phone;
            });
          });
          td.appendChild(show);
          if (t.status !== 'closed') {
            var sel = el('select');
            ['open', 'calledBack', 'closed'].forEach(function (s) {
              var o = el('option', '', TICKET[s]);
              o.value = s;
              o.selected = s === t.status;
              sel.appendChild(o);
            });
            sel.addEventListener('change', function () {
              api('POST', '/tickets/' + encodeURIComponent(t.id) + '/status', { status: sel.value })
                .then(loadTickets)
                .catch(function (e) {
                  alert(e.message);
                });
            });
            td.appendChild(sel);
          }
          tr.appendChild(td);
          body.appendChild(tr);
        });
        if (!r.tickets.length) {
          var tr = el('tr');
          tr.appendChild(el('td', '', '暂无留言'));
          body.appendChild(tr);
        }
      })
      .catch(function () {});
  }
  function loadAudit() {
    api('GET', '/audit')
      .then(function (r) {
        var body = $('audit');
        body.textContent = '';
        r.entries.forEach(function (e) {
          var tr = el('tr');
          [time(e.at), e.actor, ACTION[e.action] || e.action, e.conversationId || '', e.detail || ''].forEach(
            function (v) {
              tr.appendChild(el('td', '', v));
            },
          );
          body.appendChild(tr);
        });
      })
      .catch(function () {});
  }

  /* ---------- live updates ---------- */
  function startLive() {
    stopLive();
    var es = new EventSource(API + '/events');
    state.events = es;
    es.onopen = function () {
      $('live').classList.add('on');
      stopPolling();
    };
    es.onerror = function () {
      $('live').classList.remove('on');
      startPolling();
    };
    es.addEventListener('changed', function (m) {
      refreshQueue();
      var d = JSON.parse(m.data);
      if (d.conversationId === state.open) loadConversation(true);
    });
    es.addEventListener('entry', function (m) {
      var d = JSON.parse(m.data);
      if (d.conversationId === state.open) loadConversation(false);
    });
  }
  function stopLive() {
    if (state.events) state.events.close();
    state.events = null;
    stopPolling();
  }
  function startPolling() {
    if (state.pollTimer) return;
    state.pollTimer = setInterval(function () {
      refreshQueue();
      loadConversation(false);
    }, 2000);
  }
  function stopPolling() {
    if (state.pollTimer) clearInterval(state.pollTimer);
    state.pollTimer = null;
  }

  api('GET', '/me').then(start).catch(showLogin);
})();
