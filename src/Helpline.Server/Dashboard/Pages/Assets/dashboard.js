// Keeps the dashboard live: listens to the page's server-sent events (data-live on <body>) and places the French
// texts the server wrote into the page. No framework, no inline script (the content-security policy forbids it).
(function () {
  "use strict";
  var body = document.body;
  var url = body && body.getAttribute("data-live");
  if (!url || !window.EventSource) { return; }

  function field(name) { return document.querySelector('[data-field="' + name + '"]'); }
  function setText(name, value) { var el = field(name); if (el && el.textContent !== String(value)) { el.textContent = value; } }
  function show(name, visible) { var el = document.querySelector('[data-show="' + name + '"]'); if (el) { el.hidden = !visible; } }
  function badge(status, label) {
    var span = document.createElement("span");
    span.className = "badge";
    span.setAttribute("data-status", status);
    span.textContent = label;
    return span;
  }
  function cell(row, text, header) {
    var c = document.createElement(header ? "th" : "td");
    if (header) { c.scope = "row"; }
    if (text instanceof Node) { c.appendChild(text); } else { c.textContent = text; }
    row.appendChild(c);
  }
  function replaceChildren(list, children) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    children.forEach(function (child) { list.appendChild(child); });
  }
  function duration(seconds) {
    if (seconds < 60) { return seconds + " s"; }
    var s = seconds % 60;
    return Math.floor(seconds / 60) + " min " + (s < 10 ? "0" : "") + s + " s";
  }

  // The after-call countdown ticks locally between two snapshots.
  var countdown = null;
  setInterval(function () {
    if (countdown === null || countdown <= 0) { return; }
    countdown -= 1;
    setText("wrapup-seconds", duration(countdown));
  }, 1000);

  function worker(data) {
    setText("waiting", data.waiting);
    setText("longest", data.longestWait || "—");
    var list = document.querySelector('[data-list="colleagues"]');
    if (list) {
      replaceChildren(list, data.colleagues.map(function (c) {
        var li = document.createElement("li");
        var name = document.createElement("span");
        name.textContent = c.name;
        li.appendChild(name);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(badge(c.status, c.label));
        return li;
      }));
    }
    var me = data.me;
    if (!me) { return; }
    var state = field("me-label");
    if (state) { state.textContent = me.label; state.setAttribute("data-status", me.status); }
    document.querySelectorAll(".status-buttons button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.value === me.status ? "true" : "false");
    });
    show("call", !!me.call);
    if (me.call) { setText("call-menu", me.call.menu); setText("call-waited", me.call.waited); setText("call-tags", me.call.tags || ""); }
    show("call-tags", !!(me.call && me.call.tags));
    show("wrapup", me.wrapUpSeconds !== null && me.wrapUpSeconds !== undefined);
    if (me.wrapUpSeconds !== null && me.wrapUpSeconds !== undefined) {
      countdown = me.wrapUpSeconds;
      setText("wrapup-seconds", duration(countdown));
    } else {
      countdown = null;
    }
    show("pending", !!me.pending);
    show("pending-callback", !!me.pending);
    if (me.pending) {
      setText("pending-menu", me.pending.menu);
      setText("pending-waited", me.pending.waited);
      var sid = field("pending-sid");
      if (sid) { sid.value = me.pending.callSid; }
      var callbackSid = field("pending-callback-sid");
      if (callbackSid) { callbackSid.value = me.pending.callSid; }
    }
  }

  function supervisor(data) {
    setText("waiting", data.waiting);
    setText("longest", data.longestWait || "—");
    var workers = document.querySelector('[data-list="workers"]');
    if (workers) {
      replaceChildren(workers, data.workers.map(function (w) {
        var tr = document.createElement("tr");
        cell(tr, w.name, true);
        cell(tr, badge(w.status, w.label));
        cell(tr, w.since || "");
        cell(tr, String(w.answered));
        return tr;
      }));
    }
    var queue = document.querySelector('[data-list="queue"]');
    if (queue) {
      replaceChildren(queue, data.queue.map(function (q) {
        var tr = document.createElement("tr");
        cell(tr, String(q.position));
        cell(tr, q.label);
        cell(tr, q.waited);
        cell(tr, q.menu);
        return tr;
      }));
    }
    Object.keys(data.counters || {}).forEach(function (key) {
      var el = document.querySelector('[data-counter="' + key + '"]');
      if (el && el.textContent !== data.counters[key]) { el.textContent = data.counters[key]; }
    });
  }

  var source = new EventSource(url);
  source.addEventListener("etat", function (event) {
    var data = JSON.parse(event.data);
    if (data.counters) { supervisor(data); } else { worker(data); }
    body.setAttribute("data-connected", "true");
  });
  source.addEventListener("error", function () { body.setAttribute("data-connected", "false"); });
})();

// The supervisors' alert banners, live from their own server-sent events (/supervision/alertes, read from the service's
// memory, so they keep coming while the database is away and the figures above stop). Banners are matched by key:
// a new one is filled before it is inserted and an unchanged one is left alone, so a screen reader reads each alert once.
(function () {
  "use strict";
  var section = document.querySelector("[data-alerts-live]");
  if (!section || !window.EventSource) { return; }
  var list = section.querySelector('[data-list="alerts"]');
  var none = section.querySelector('[data-show="no-alert"]');

  function part(el, name, text) {
    var p = el.querySelector('[data-part="' + name + '"]');
    if (p && p.textContent !== text) { p.textContent = text; }
  }
  function element(tag, name, className) {
    var el = document.createElement(tag);
    if (name) { el.setAttribute("data-part", name); }
    if (className) { el.className = className; }
    return el;
  }
  function banner(alert) {
    var div = element("div", null, "alert");
    div.setAttribute("role", "alert");
    div.setAttribute("data-alert", alert.key);
    div.setAttribute("data-kind", alert.kind);
    var head = element("p");
    head.appendChild(element("strong", "title"));
    head.appendChild(document.createTextNode(" · "));
    head.appendChild(element("span", "since"));
    div.appendChild(head);
    div.appendChild(element("p", "message"));
    div.appendChild(element("p", "definition", "definition"));
    return div;
  }
  function fill(el, alert) {
    part(el, "title", alert.title);
    part(el, "since", alert.since);
    part(el, "message", alert.message);
    part(el, "definition", alert.definition);
  }

  var source = new EventSource(section.getAttribute("data-alerts-live"));
  source.addEventListener("alertes", function (event) {
    var alerts = JSON.parse(event.data).alerts || [];
    var shown = {};
    Array.prototype.forEach.call(list.children, function (child) { shown[child.getAttribute("data-alert")] = child; });
    var wanted = {};
    alerts.forEach(function (alert, index) {
      wanted[alert.key] = true;
      var el = shown[alert.key];
      if (el) {
        fill(el, alert);
      } else {
        el = banner(alert);
        fill(el, alert);
      }
      if (list.children[index] !== el) { list.insertBefore(el, list.children[index] || null); }
    });
    Object.keys(shown).forEach(function (key) { if (!wanted[key]) { list.removeChild(shown[key]); } });
    if (none) { none.hidden = alerts.length > 0; }
    section.setAttribute("data-connected", "true");
  });
  source.addEventListener("error", function () { section.setAttribute("data-connected", "false"); });
})();
