(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("coach-data").textContent);
  var review = data.review; // set when served by `coach eval serve-report`
  var storeKey = "coach-labels:" + data.run_id;
  var panes = Array.prototype.slice.call(document.querySelectorAll(".pane"));
  var results = panes.filter(function (p) { return !p.dataset.baseline; });
  var state = { status: "all", case: "", version: "", provider: "", assertion: "", q: "" };
  function $(id) { return document.getElementById(id); }

  // -- filters ------------------------------------------------------------------------------------------
  function paneMatches(p) {
    var st = state.status;
    if (st === "flaky" && !p.dataset.flaky) return false;
    if (st === "labelled" && !p.dataset.labelled) return false;
    if (["pass", "fail", "error", "skipped"].indexOf(st) >= 0 && p.dataset.status !== st) return false;
    if (state.case && p.dataset.case !== state.case) return false;
    if (state.version && p.dataset.version !== state.version) return false;
    if (state.provider && p.dataset.provider !== state.provider) return false;
    if (state.assertion) {
      var lines = (p.dataset.assertions || "").split("\n");
      var want = ["pass", "fail", "error", "skipped"].indexOf(st) >= 0 ? st + ":" + state.assertion : null;
      var hit = lines.some(function (l) {
        return want ? l === want : l.slice(l.indexOf(":") + 1) === state.assertion;
      });
      if (!hit) return false;
    }
    if (state.q) {
      var draft = p.querySelector(".draft");
      var text = ((draft ? draft.textContent : "") + " " + (p.querySelector(".findings") || { textContent: "" }).textContent).toLowerCase();
      if (text.indexOf(state.q) < 0) return false;
    }
    return true;
  }
  function apply() {
    var shownCases = {};
    var shownKeys = {};
    var count = 0;
    results.forEach(function (p) {
      var ok = paneMatches(p);
      p.classList.toggle("hidden-by-filter", !ok);
      if (ok) { count++; shownCases[p.dataset.case] = true; shownKeys[p.dataset.key] = true; }
    });
    panes.forEach(function (p) {
      if (p.dataset.baseline) p.classList.toggle("hidden-by-filter", !shownCases[p.dataset.case]);
    });
    document.querySelectorAll(".case-block").forEach(function (b) {
      b.classList.toggle("hidden-by-filter", !shownCases[b.dataset.case]);
    });
    document.querySelectorAll("tr.mrow").forEach(function (row) {
      row.classList.toggle("hidden-by-filter", !shownCases[row.dataset.case]);
    });
    document.querySelectorAll("section.failure").forEach(function (s) {
      s.classList.toggle("hidden-by-filter", !shownKeys[s.dataset.key]);
    });
    $("f-count").textContent = "showing " + count + " of " + results.length + " results 条结果";
  }
  document.querySelectorAll("#status-filter .chip").forEach(function (chip) {
    chip.addEventListener("click", function () {
      document.querySelectorAll("#status-filter .chip").forEach(function (c) { c.classList.remove("on"); });
      chip.classList.add("on");
      state.status = chip.dataset.status;
      apply();
    });
  });
  [["f-case", "case"], ["f-version", "version"], ["f-provider", "provider"], ["f-assertion", "assertion"]].forEach(function (pair) {
    $(pair[0]).addEventListener("change", function (e) { state[pair[1]] = e.target.value; apply(); });
  });
  $("f-search").addEventListener("input", function (e) { state.q = e.target.value.trim().toLowerCase(); apply(); });
  document.querySelectorAll(".rate-row").forEach(function (row) {
    row.addEventListener("click", function () {
      var name = row.dataset.assertion;
      state.assertion = state.assertion === name ? "" : name;
      $("f-assertion").value = state.assertion;
      document.querySelectorAll(".rate-row").forEach(function (r) { r.classList.toggle("on", r.dataset.assertion === state.assertion); });
      apply();
      if (state.assertion) $("drafts").scrollIntoView();
    });
  });

  // -- labels ------------------------------------------------------------------------------------------
  var drafts = {};
  function labelState(key) {
    if (!drafts[key]) drafts[key] = { verdict: null, findings: {}, missed: [] };
    return drafts[key];
  }
  function pending() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "[]"); } catch (e) { return []; }
  }
  function showPending() {
    if (review) { $("label-store").textContent = "labels are saved to the run as you save 保存即写入"; return; }
    var n = pending().length;
    $("pending-count").textContent = n;
    $("download-labels").hidden = n === 0;
    $("label-store").textContent = n ? "then: coach eval label --import labels-" + data.run_id + ".json" : "";
  }
  function newId() {
    var bytes = new Uint8Array(6);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function offsetIn(container, node, offset) {
    // characters of the checked text before (node, offset): removed text shown in <del> is not part of it
    var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT, null);
    var total = 0;
    var current;
    while ((current = walker.nextNode())) {
      var inDel = current.parentNode && current.parentNode.closest && current.parentNode.closest("del");
      if (current === node) return inDel ? total : total + offset;
      if (!inDel) total += current.textContent.length;
    }
    return total;
  }
  panes.forEach(function (pane) {
    var form = pane.querySelector("form.review");
    if (!form) return;
    var key = form.dataset.key;
    var info = data.results[key];
    form.querySelectorAll("[data-verdict]").forEach(function (b) {
      b.addEventListener("click", function () {
        var s = labelState(key);
        s.verdict = s.verdict === b.dataset.verdict ? null : b.dataset.verdict;
        form.querySelectorAll("[data-verdict]").forEach(function (x) { x.classList.toggle("on", x.dataset.verdict === s.verdict); });
      });
    });
    pane.querySelectorAll("ol.findings li").forEach(function (li) {
      li.querySelectorAll("[data-judge]").forEach(function (b) {
        b.addEventListener("click", function () {
          var s = labelState(key);
          var n = li.dataset.f;
          s.findings[n] = s.findings[n] === b.dataset.judge ? undefined : b.dataset.judge;
          li.querySelectorAll("[data-judge]").forEach(function (x) { x.classList.toggle("on", x.dataset.judge === s.findings[n]); });
        });
      });
    });
    pane.querySelectorAll(".draft mark").forEach(function (m) {
      m.addEventListener("click", function () {
        var ids = (m.dataset.f || "").split(" ");
        pane.querySelectorAll("ol.findings li").forEach(function (li) { li.classList.toggle("sel", ids.indexOf(li.dataset.f) >= 0); });
      });
    });
    var add = form.querySelector(".add-missed");
    if (add) add.addEventListener("click", function () {
      var draft = pane.querySelector(".draft");
      var sel = window.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed || !draft.contains(sel.anchorNode)) {
        form.querySelector(".saved").textContent = "select text in this draft first 请先在草稿中选择文字";
        return;
      }
      var range = sel.getRangeAt(0);
      var a = offsetIn(draft, range.startContainer, range.startOffset);
      var b = offsetIn(draft, range.endContainer, range.endOffset);
      var text = range.toString().trim();
      var kind = form.querySelector(".missed select").value;
      labelState(key).missed.push({ kind: kind, text: text, start: Math.min(a, b), end: Math.max(a, b) });
      var li = document.createElement("li");
      li.textContent = kind + " missed: “" + text + "”";
      form.querySelector(".missed-list").appendChild(li);
      sel.removeAllRanges();
    });
    form.querySelector(".save-label").addEventListener("click", function () {
      var s = labelState(key);
      var comment = form.querySelector("textarea").value.trim();
      var judged = Object.keys(s.findings).filter(function (n) { return s.findings[n]; });
      if (!s.verdict && !judged.length && !s.missed.length && !comment) {
        form.querySelector(".saved").textContent = "nothing to save yet 尚无内容";
        return;
      }
      var label = {
        schema: "coach-eval-label/1", id: newId(), run_id: data.run_id, suite: data.suite,
        case_id: info.case_id, column: info.column, repeat: info.repeat, draft_sha256: info.draft_sha256,
        status: info.status, guardrail_verdict: info.verdict, verdict: s.verdict,
        findings: judged.map(function (n) { return { finding: info.findings[Number(n) - 1], judgement: s.findings[n] }; }),
        missed: s.missed, comment: comment, reviewer: ($("reviewer") || { value: "" }).value.trim(),
        at: new Date().toISOString()
      };
      var done = function (text) {
        form.querySelector(".saved").textContent = text;
        pane.dataset.labelled = "1";
        drafts[key] = null;
        form.querySelectorAll("button.on").forEach(function (x) { x.classList.remove("on"); });
        pane.querySelectorAll(".judge button.on").forEach(function (x) { x.classList.remove("on"); });
      };
      if (review) {
        fetch(review.endpoint, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Coach-Review-Token": review.token },
          body: JSON.stringify(label)
        }).then(function (res) {
          return res.json().then(function (body) {
            if (!res.ok) throw new Error(body.error || res.status);
            done("saved 已保存 ✓ (" + body.reviewed + " labelled, " + body.flipped + " flipped)");
          });
        }).catch(function (err) { form.querySelector(".saved").textContent = "not saved 未保存: " + err.message; });
      } else {
        var list = pending();
        list.push(label);
        localStorage.setItem(storeKey, JSON.stringify(list));
        done("kept in this browser; download to import 已暂存，请下载后导入");
        showPending();
      }
    });
  });
  $("download-labels").addEventListener("click", function () {
    var blob = new Blob([JSON.stringify(pending(), null, 1)], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "labels-" + data.run_id + ".json";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  });
  var who = $("reviewer");
  if (who) {
    who.value = localStorage.getItem("coach-reviewer") || "";
    who.addEventListener("change", function () { localStorage.setItem("coach-reviewer", who.value.trim()); });
  }
  showPending();
  apply();
})();
