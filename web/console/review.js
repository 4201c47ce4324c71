/* Review queue and one application; every action is a status change through the server's domain rules. */
(function () {
  'use strict';
  var API = '/console/api';
  var KIND = {
    registration: '居住登记',
    permit: '居住证申领',
    renewal: '居住证签注',
    addressChange: '地址变更',
    lossReport: '挂失',
    lossCancellation: '解挂',
  };
  var TITLES = { review: '待审核（先到先办）', inProgress: '办理中', closed: '已结束' };
  var state = { queue: 'review', city: 'shanghai', open: null, revealed: false };

  function $(id) {
    return document.getElementById(id);
  }
  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = text;
    return n;
  }
  function time(iso) {
    return new Date(iso).toLocaleString('zh-CN', { hour12: false });
  }

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
          if (res.status === 401 && path !== '/login') showLogin();
          if (!res.ok) {
            var e = new Error((data.error && data.error.message) || '请求失败（' + res.status + '）');
            e.status = res.status;
            throw e;
          }
          return data;
        });
    });
  }

  function showLogin() {
    $('app-view').hidden = true;
    $('login-view').hidden = false;
    $('login-username').focus();
  }
  function start(me) {
    state.admin = me.role === 'admin';
    $('login-view').hidden = true;
    $('app-view').hidden = false;
    $('me').textContent = me.displayName || me.username;
    loadQueue();
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

  Array.prototype.forEach.call(document.querySelectorAll('[data-queue]'), function (b) {
    b.addEventListener('click', function () {
      state.queue = b.getAttribute('data-queue');
      Array.prototype.forEach.call(document.querySelectorAll('[data-queue]'), function (o) {
        o.classList.toggle('is-active', o === b);
      });
      loadQueue();
    });
  });
  $('city').addEventListener('change', function () {
    state.city = $('city').value;
    loadQueue();
  });

  function loadQueue() {
    $('queue-title').textContent = TITLES[state.queue];
    return api('GET', '/review/queue?queue=' + state.queue + '&city=' + state.city)
      .then(function (data) {
        var list = $('queue');
        list.textContent = '';
        $('queue-empty').hidden = data.items.length > 0;
        data.items.forEach(function (item) {
          var li = el('li');
          li.setAttribute('data-ref', item.referenceNumber);
          if (state.open === item.referenceNumber) li.classList.add('is-open');
          li.appendChild(el('div', null, item.kindName + ' · ' + item.applicantName));
          var sub = el('div', 'sub', item.referenceNumber + ' · 提交于 ' + time(item.createdAt) + ' ');
          sub.appendChild(el('span', 'status', item.statusLabel));
          li.appendChild(sub);
          li.addEventListener('click', function () {
            openApplication(item.referenceNumber, false);
          });
          list.appendChild(li);
        });
      })
      .catch(function () {
        /* 401 shows the login; other errors keep the old list */
      });
  }

  function pairs(dl, rows) {
    dl.textContent = '';
    rows.forEach(function (r) {
      dl.appendChild(el('dt', null, r[0]));
      dl.appendChild(el('dd', null, r[1]));
    });
  }

  function render(app) {
    state.open = app.referenceNumber;
    $('detail').hidden = false;
    $('erase-form').hidden = !state.admin;
    $('erase-confirm').value = '';
    $('d-title').textContent = (KIND[app.kind] || app.kind) + ' ' + app.referenceNumber;
    $('d-meta').textContent =
      '状态：' +
      app.statusLabel +
      (app.expectedBy ? ' · 预计 ' + app.expectedBy : '') +
      (app.correction ? ' · 待补正：' + app.correction.fields.join('、') : '');
    var missed = (app.undeliveredNotices || []).length;
    if (missed) $('d-meta').textContent += ' · 有' + missed + '条通知未送达申请人，请电话联系';
    pairs($('d-applicant'), [
      ['姓名', app.applicant.name],
      ['身份证号', app.applicant.idNumber],
      ['手机号', app.applicant.phone],
    ]);
    $('reveal').disabled = app.revealed;
    pairs(
      $('d-answers'),
      app.answers
        .map(function (a) {
          return [a.label, a.value];
        })
        .concat(
          app.pickup
            ? [
                [
                  '领取方式',
                  app.pickup.method === 'post'
                    ? '邮寄' + (app.pickup.address ? '：' + app.pickup.address : '')
                    : '自取',
                ],
              ]
            : [],
        ),
    );
    var cl = $('d-checklist');
    cl.textContent = '';
    app.checklist.forEach(function (c) {
      cl.appendChild(el('li', null, c));
    });
    var tl = $('d-timeline');
    tl.textContent = '';
    app.timeline.forEach(function (t) {
      var li = el('li', null, t.toLabel);
      li.appendChild(
        el(
          'div',
          'sub',
          time(t.at) + ' · ' + (t.actor === 'resident' ? '申请人' : t.actor) + (t.note ? ' · ' + t.note : ''),
        ),
      );
      tl.appendChild(li);
    });
    var fields = $('act-field-list');
    fields.textContent = '';
    app.correctableFields.forEach(function (f) {
      var label = el('label');
      var box = el('input');
      box.type = 'checkbox';
      box.value = f.field;
      label.appendChild(box);
      label.appendChild(document.createTextNode(f.label));
      fields.appendChild(label);
    });
    var names = app.actions.map(function (a) {
      return a.action;
    });
    $('act-fields').hidden = names.indexOf('requestCorrection') < 0;
    $('act-delivery-row').hidden = names.indexOf('ship') < 0;
    $('act-expiry-row').hidden = names.indexOf('complete') < 0 || (app.kind !== 'permit' && app.kind !== 'renewal');
    $('act-note-row').hidden = names.length === 0;
    var buttons = $('act-buttons');
    buttons.textContent = '';
    if (names.length === 0) buttons.appendChild(el('span', 'meta', '这个申请已经结束。'));
    app.actions.forEach(function (a) {
      var b = el('button', a.action === 'reject' ? 'danger' : null, a.label);
      b.type = 'button';
      b.setAttribute('data-action', a.action);
      b.addEventListener('click', function () {
        act(a.action, b);
      });
      buttons.appendChild(b);
    });
    Array.prototype.forEach.call(document.querySelectorAll('#queue li'), function (li) {
      li.classList.toggle('is-open', li.getAttribute('data-ref') === app.referenceNumber);
    });
  }

  var MATERIAL_STATUS = { uploaded: '已上传', bring: '到现场再交', onFile: '复用系统已有照片' };

  function figure(file, caption, cls) {
    var f = el('figure', cls);
    if (/^image\//.test(file.contentType)) {
      var img = el('img');
      img.src = file.url;
      img.alt = caption + '：' + file.name;
      img.loading = 'lazy';
      f.appendChild(img);
    }
    var link = el('a', null, file.name);
    link.href = file.url;
    link.target = '_blank';
    link.rel = 'noopener';
    var cap = el('figcaption', null, caption + ' · ');
    cap.appendChild(link);
    cap.appendChild(
      document.createTextNode(
        ' · ' +
          (file.width ? file.width + '×' + file.height + ' 像素 · ' : '') +
          Math.round(file.size / 1024) +
          ' KB · ' +
          time(file.uploadedAt),
      ),
    );
    f.appendChild(cap);
    return f;
  }

  function renderMaterials(data) {
    var list = $('d-materials');
    list.textContent = '';
    $('d-materials-box').hidden = data.materials.length === 0;
    data.materials.forEach(function (m) {
      var li = el('li');
      li.setAttribute('data-item', m.item);
      li.appendChild(el('div', null, m.item));
      li.appendChild(el('div', 'sub', MATERIAL_STATUS[m.status] || m.status));
      if (m.file) li.appendChild(figure(m.file, m.earlier.length ? '新上传' : '当前文件', 'current'));
      m.earlier.forEach(function (f) {
        li.appendChild(figure(f, '原文件（已替换）', 'earlier'));
      });
      list.appendChild(li);
    });
  }

  function loadMaterials(ref) {
    return api('GET', '/review/applications/' + encodeURIComponent(ref) + '/materials')
      .then(renderMaterials)
      .catch(function () {
        $('d-materials-box').hidden = true;
      });
  }

  function openApplication(ref, reveal) {
    $('act-error').textContent = '';
    $('act-ok').textContent = '';
    var call = reveal
      ? api('POST', '/review/applications/' + encodeURIComponent(ref) + '/reveal')
      : api('GET', '/review/applications/' + encodeURIComponent(ref));
    return call
      .then(function (app) {
        render(app);
        return loadMaterials(app.referenceNumber);
      })
      .catch(function (e) {
        $('act-error').textContent = e.message;
      });
  }
  $('reveal').addEventListener('click', function () {
    if (state.open) openApplication(state.open, true);
  });

  function act(action, button) {
    var body = { action: action };
    var note = $('act-note').value.trim();
    if (note) body.note = note;
    if (action === 'requestCorrection') {
      body.fields = Array.prototype.map.call(document.querySelectorAll('#act-field-list input:checked'), function (b) {
        return b.value;
      });
    }
    if (action === 'ship') body.deliveryNote = $('act-delivery').value.trim();
    if (action === 'complete' && $('act-expiry').value) body.permitExpiresOn = $('act-expiry').value;
    $('act-error').textContent = '';
    $('act-ok').textContent = '';
    button.disabled = true;
    api('POST', '/review/applications/' + encodeURIComponent(state.open) + '/actions', body)
      .then(function (app) {
        $('act-note').value = '';
        $('act-delivery').value = '';
        render(app);
        loadMaterials(app.referenceNumber);
        $('act-ok').textContent = '已更新为“' + app.statusLabel + '”，申请人会收到通知。';
        loadQueue();
      })
      .catch(function (e) {
        $('act-error').textContent = e.message;
        button.disabled = false;
      });
  }

  // Erasure on request (administrators): the reference number is typed again to confirm.
  $('erase-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var ref = state.open;
    if (!ref) return;
    $('act-error').textContent = '';
    $('act-ok').textContent = '';
    api('POST', '/review/applications/' + encodeURIComponent(ref) + '/erase', {
      confirm: $('erase-confirm').value.trim(),
    })
      .then(function (report) {
        state.open = null;
        $('detail').hidden = true;
        $('queue-title').focus();
        $('queue-ok').textContent =
          '已删除 ' + report.applications + ' 份申请及 ' + report.conversations + ' 个对话中的个人信息。';
        loadQueue();
      })
      .catch(function (e) {
        $('act-error').textContent = e.message;
      });
  });

  api('GET', '/me')
    .then(start)
    .catch(function () {
      showLogin();
    });
})();
