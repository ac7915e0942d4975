/* gouji workbench: filters, keyboard navigation, review decisions (localStorage) and their export. */
(function () {
  "use strict";
  var PREFIX = "gouji.review.", REVIEWER = "gouji.reviewer", SCHEMA = "gouji.decision/1";
  var form = document.getElementById("filters");
  var findings = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var current = -1;

  function store() { try { return window.localStorage; } catch (e) { return null; } }
  function load(key) {
    var s = store(); if (!s) return null;
    try { return JSON.parse(s.getItem(PREFIX + key) || "null"); } catch (e) { return null; }
  }
  function save(key, value) {
    var s = store(); if (!s) return;
    if (value) s.setItem(PREFIX + key, JSON.stringify(value)); else s.removeItem(PREFIX + key);
  }
  function decisionOf(el) { var d = load(el.dataset.key); return d ? d.decision : ""; }

  function show(el) {
    var d = load(el.dataset.key);
    ["confirm", "false_alarm", "unsure"].forEach(function (x) { el.classList.remove("reviewed-" + x); });
    el.querySelectorAll(".review input[type=radio]").forEach(function (r) { r.checked = !!d && r.value === d.decision; });
    el.querySelector(".comment").value = d && d.comment ? d.comment : "";
    el.querySelector(".decision-badge").textContent = d ? d.decision.replace("_", " ") : "";
    if (d) el.classList.add("reviewed-" + d.decision);
  }

  function decide(el, decision, comment) {
    var old = load(el.dataset.key) || {};
    if (comment === undefined) comment = old.comment || "";
    if (!decision) decision = old.decision || "";
    save(el.dataset.key, decision || comment ? {decision: decision || "unsure", comment: comment,
                                                time: new Date().toISOString()} : null);
    show(el); apply();
  }

  function values(name) {
    return Array.prototype.slice.call(form.querySelectorAll("input[name=" + name + "]:checked")).map(function (i) { return i.value; });
  }

  function apply() {
    var sev = values("severity"), rule = form.rule.value, cause = form.cause.value, page = form.page.value,
        status = form.status.value, q = form.q.value.trim().toLowerCase(), shown = 0;
    findings.forEach(function (el) {
      var d = decisionOf(el);
      var ok = sev.indexOf(el.dataset.severity) >= 0 && (!rule || el.dataset.rule === rule) &&
               (!cause || el.dataset.cause === cause) && (!page || el.dataset.pages.indexOf(" " + page + " ") >= 0) &&
               (!status || (status === "open" ? !d : d === status)) &&
               (!q || el.dataset.search.indexOf(q) >= 0 || el.textContent.toLowerCase().indexOf(q) >= 0);
      el.classList.toggle("hidden", !ok);
      if (ok) shown++;
    });
    document.getElementById("shown").textContent = shown + " of " + findings.length + " shown";
  }

  function visible() { return findings.filter(function (el) { return !el.classList.contains("hidden"); }); }

  function move(step) {
    var list = visible(); if (!list.length) return;
    var at = list.indexOf(findings[current]);
    at = at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + step));
    focus(list[at]);
  }
  function focus(el) {
    if (current >= 0) findings[current].classList.remove("current");
    current = findings.indexOf(el);
    el.classList.add("current"); el.focus({preventScroll: true});
    el.scrollIntoView({block: "center"});
  }

  function records() {
    var reviewer = form.reviewer.value.trim(), out = [];
    findings.forEach(function (el) {
      var d = load(el.dataset.key); if (!d || !d.decision) return;
      JSON.parse(el.querySelector("script.members").textContent).forEach(function (m) {
        var r = {schema: SCHEMA, finding_id: m.finding_id, sha256: m.sha256, path: m.path, rule: m.rule,
                 severity: m.severity, cause: m.cause, line: m.line, page: m.page, quote: m.quote, stated: m.stated,
                 expected: m.expected, decision: d.decision, comment: d.comment || "", reviewer: reviewer, time: d.time};
        out.push(JSON.stringify(r));
      });
    });
    return out.length ? out.join("\n") + "\n" : "";
  }

  function exportFile() {
    var text = records();
    if (!text) { document.getElementById("shown").textContent = "no decision to export yet"; return ""; }
    var blob = new Blob([text], {type: "application/x-ndjson"});
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "gouji-decisions-" + new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-") + ".jsonl";
    document.body.appendChild(a); a.click(); document.body.removeChild(a);
    return text;
  }

  findings.forEach(function (el) {
    show(el);
    el.querySelectorAll(".review input[type=radio]").forEach(function (r) {
      r.addEventListener("change", function () { decide(el, r.value); });
    });
    el.querySelector(".comment").addEventListener("change", function (ev) { decide(el, "", ev.target.value); });
    el.addEventListener("click", function () { if (findings[current] !== el) { focus(el); } });
  });
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.reviewer.value = (store() && store().getItem(REVIEWER)) || "";
  form.reviewer.addEventListener("change", function () { var s = store(); if (s) s.setItem(REVIEWER, form.reviewer.value); });
  document.getElementById("export").addEventListener("click", exportFile);
  document.querySelectorAll("button.sevpick").forEach(function (b) {
    b.addEventListener("click", function () {
      form.querySelectorAll("input[name=severity]").forEach(function (i) { i.checked = i.value === b.dataset.severity; });
      apply();
    });
  });
  document.querySelectorAll("button.rulepick").forEach(function (b) {
    b.addEventListener("click", function () { form.rule.value = b.dataset.rule; apply(); });
  });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target.tagName;
    if (t === "INPUT" || t === "SELECT" || t === "TEXTAREA" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var el = findings[current];
    if (ev.key === "j") move(1);
    else if (ev.key === "k") move(-1);
    else if (ev.key === "/") { ev.preventDefault(); form.q.focus(); }
    else if (el && ev.key === "c") decide(el, "confirm");
    else if (el && ev.key === "f") decide(el, "false_alarm");
    else if (el && ev.key === "u") decide(el, "unsure");
    else return;
    ev.preventDefault();
  });
  apply();
  window.gouji = {apply: apply, decide: function (id, decision, comment) { decide(document.getElementById(id), decision, comment); },
                  records: records, exportFile: exportFile, move: move,
                  current: function () { return current >= 0 ? findings[current].id : null; }};
})();
