// Coach web chat: plain JavaScript, no build step, no external requests.
// The token lives in this tab's sessionStorage and goes out as `Authorization: Bearer`; the server
// knows who you are only from it (or, when it trusts an authenticating proxy, from that proxy). Text from the server is always inserted as text, never as HTML.
"use strict";

const TOKEN_KEY = "coach.token";
const LANG_KEY = "coach.lang";

const L = {
  en: {
    receipt: "My receipt",
    tagline: "Evidence-grounded feedback and coaching. Sign in with your personal token.",
    token_label: "Access token",
    token_hint: "Ask an admin for one: coach token create --user YOUR-ID",
    sign_in: "Sign in",
    sign_out: "Sign out",
    new_chat: "+ New chat",
    sessions: "Conversations",
    people: "People you can see",
    people_hint: "Click a name to start a request.",
    placeholder: "Ask for a feedback draft, a revision, goals… (Enter to send, Shift+Enter for a new line)",
    send: "Send",
    event: "Cited event",
    close: "Close",
    no_sessions: "No conversations yet.",
    welcome_title: "Hello, {name}",
    welcome_body: "Ask for a feedback draft or goal ideas. Every statement cites the work events it rests on, and every draft is checked for specificity, balance and bias.",
    try_these: "Try:",
    guardrails: "Guardrails",
    findings: "Findings",
    no_findings: "No findings.",
    coverage: "Evidence by month",
    cited: "cited",
    available: "available",
    sources: "Sources",
    notes: "Notes",
    strength: "Strengths",
    development: "Development areas",
    next_step: "Next steps",
    on_record: "On record",
    to_collect: "To collect before a full review",
    question: "Questions for the next check-in",
    summary: "Summary",
    goals: "Goals",
    team_contribution: "the team's number: your contribution, not a personal target",
    baseline: "Baseline",
    floor: "Floor",
    target: "Target",
    stretch: "Stretch",
    refused: "Refused",
    error: "Error",
    accepted: "Accepted",
    thinking: "Working…",
    draft_for: "{kind} for {name} · {period}",
    kind_draft: "Feedback draft",
    kind_revision: "Revised draft",
    kind_review: "Review of your draft",
    kind_goals: "Goal proposals",
    verdict_pass: "pass",
    verdict_revise: "needs revision",
    verdict_block: "blocked",
    bad_token: "That token was not accepted. Check it and try again.",
    network: "The server could not be reached. Check that `coach serve` is running.",
    you: "you",
    role_employee: "employee",
    role_manager: "manager",
    role_hr: "HR",
    a_accept: "Accept", a_shorter: "Shorter", a_direct: "More direct", a_sources: "Show sources",
    m_shorter: "make it shorter", m_direct: "make it more direct", m_sources: "show the sources",
    s_feedback: "Feedback for {name} for 2026Q3, focus on collaboration",
    s_goals: "Help me brainstorm my goals for 2026H2",
    date: "Date", kind: "Kind", source: "Source", project: "Project", metrics: "Metrics", tags: "Tags",
  },
  zh: {
    receipt: "我的数据回执",
    tagline: "基于工作证据的反馈与辅导助手。请使用个人令牌登录。",
    token_label: "访问令牌",
    token_hint: "请管理员创建：coach token create --user 你的ID",
    sign_in: "登录",
    sign_out: "退出",
    new_chat: "+ 新对话",
    sessions: "对话",
    people: "可查看的人员",
    people_hint: "点击姓名开始提问。",
    placeholder: "请求反馈草稿、修改或目标建议……（回车发送，Shift+回车换行）",
    send: "发送",
    event: "引用的事件",
    close: "关闭",
    no_sessions: "还没有对话。",
    welcome_title: "你好，{name}",
    welcome_body: "可以请求反馈草稿或目标建议。每条陈述都引用其依据的工作事件，每份草稿都会检查具体性、平衡性与偏见。",
    try_these: "试试：",
    guardrails: "护栏检查",
    findings: "发现的问题",
    no_findings: "未发现问题。",
    coverage: "按月证据",
    cited: "已引用",
    available: "可用",
    sources: "依据",
    notes: "注意",
    strength: "优势",
    development: "待发展方面",
    next_step: "下一步行动",
    on_record: "已有记录",
    to_collect: "完整评估前需要补充",
    question: "下次沟通可以聊的问题",
    summary: "总结",
    goals: "目标",
    team_contribution: "团队的数字：你的贡献，不是个人目标",
    baseline: "基线",
    floor: "底线",
    target: "目标",
    stretch: "挑战",
    refused: "已拒绝",
    error: "出错了",
    accepted: "已采纳",
    thinking: "处理中…",
    draft_for: "{kind} · {name} · {period}",
    kind_draft: "反馈草稿",
    kind_revision: "修改稿",
    kind_review: "草稿检查",
    kind_goals: "目标建议",
    verdict_pass: "通过",
    verdict_revise: "需修改",
    verdict_block: "已拦截",
    bad_token: "令牌无效，请检查后重试。",
    network: "无法连接服务器，请确认 `coach serve` 正在运行。",
    you: "本人",
    role_employee: "员工",
    role_manager: "经理",
    role_hr: "HR",
    a_accept: "采纳", a_shorter: "更简短", a_direct: "更直接", a_sources: "查看依据",
    m_shorter: "更简短一些", m_direct: "更直接一些", m_sources: "查看依据",
    s_feedback: "给{name}写一份第三季度的反馈，重点是协作",
    s_goals: "帮我构思 2026H2 的目标",
    date: "日期", kind: "类型", source: "来源", project: "项目", metrics: "指标", tags: "标签",
  },
};
const SCORE_NAMES = {
  en: { specificity: "specificity", balance: "balance", bias: "bias", grounding: "grounding", privacy: "privacy", recency: "recency", injection: "injection" },
  zh: { specificity: "具体性", balance: "平衡性", bias: "偏见", grounding: "有据性", privacy: "隐私", recency: "近因", injection: "注入" },
};

const state = { token: null, me: null, lang: "en", session: null, busy: false };
const $ = (sel) => document.querySelector(sel);

function t(key, values) {
  let s = (L[state.lang] && L[state.lang][key]) || L.en[key] || key;
  for (const [k, v] of Object.entries(values || {})) s = s.split(`{${k}}`).join(String(v));
  return s;
}

// h("div", {class: "x", onclick: fn}, "text", child) -> element; strings become text nodes.
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "style") el.style.cssText = v; // CSSOM, allowed by the page's CSP (no inline styles)
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// -- i18n of the static labels ------------------------------------------------------------------------
function applyLang() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll("[data-i18n-placeholder]").forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  document.querySelectorAll(".lang-toggle").forEach((b) => { b.textContent = state.lang === "zh" ? "English" : "中文"; });
  if (state.me) { renderMe(); renderPeople(); renderWelcome(); }
}

function toggleLang() {
  state.lang = state.lang === "zh" ? "en" : "zh";
  localStorage.setItem(LANG_KEY, state.lang);
  applyLang();
}

// -- HTTP ------------------------------------------------------------------------------------------------
class ApiError extends Error {
  constructor(status, message, code) { super(message); this.status = status; this.code = code; }
}

async function api(path, options = {}) {
  // no token: a signed-in single sign-on proxy (when the server trusts one) says who this is
  const headers = state.token ? { Authorization: `Bearer ${state.token}` } : {};
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  let res;
  try {
    res = await fetch(path, { method: options.method || "GET", headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  } catch (e) {
    throw new ApiError(0, t("network"), "network");
  }
  if (!res.ok) throw await asError(res);
  return res;
}

async function asError(res) {
  let message = `${res.status} ${res.statusText}`;
  let code = "http_" + res.status;
  try {
    const body = await res.json();
    if (body && body.error) { message = body.error.message || message; code = body.error.code || code; }
  } catch (e) { /* not JSON */ }
  return new ApiError(res.status, message, code);
}

const getJSON = async (path) => (await api(path)).json();

// Read a text/event-stream response, calling onEvent(type, data) per event.
async function readSSE(res, onEvent) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let type = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) type = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length) onEvent(type, JSON.parse(data.join("\n")));
    }
  }
}

// -- sign-in ------------------------------------------------------------------------------------------------
async function signIn(token) {
  state.token = token;
  const me = await getJSON("/api/me");
  state.me = me;
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  if (!localStorage.getItem(LANG_KEY)) state.lang = me.language === "zh" ? "zh" : "en";
  $("#signin").hidden = true;
  $("#app").hidden = false;
  applyLang();
  newChat();
  await loadSessions();
  $("#input").focus();
}

function showSignIn(message) {
  state.token = null;
  state.me = null;
  sessionStorage.removeItem(TOKEN_KEY);
  $("#app").hidden = true;
  $("#signin").hidden = false;
  const err = $("#signin-error");
  err.hidden = !message;
  err.textContent = message || "";
  applyLang();
  $("#token-input").focus();
}

function renderMe() {
  const me = state.me;
  $("#me").replaceChildren(me.name, h("span", { class: "role" }, t("role_" + me.role)));
}

function renderPeople() {
  const list = $("#people");
  list.replaceChildren(...state.me.people.map((p) => h("li", { "data-person-id": p.id },
    h("button", { type: "button", title: p.id, onclick: () => suggest(p) },
      p.name, p.relation === "self" ? ` (${t("you")})` : "", h("span", { class: "team" }, p.team)))));
}

function suggest(person) {
  const input = $("#input");
  input.value = person.relation === "self" ? t("s_goals") : t("s_feedback", { name: person.name });
  input.focus();
}

function renderWelcome() {
  const w = $("#welcome");
  if (!w) return;
  const report = state.me.people.find((p) => p.relation !== "self");
  const ideas = [report ? t("s_feedback", { name: report.name }) : null, t("s_goals")].filter(Boolean);
  w.replaceChildren(
    h("h1", {}, t("welcome_title", { name: state.me.name })),
    h("p", {}, t("welcome_body")),
    h("p", {}, t("try_these")),
    h("ul", {}, ideas.map((idea) => h("li", {}, h("button", { type: "button", onclick: () => send(idea) }, idea)))),
  );
}

// -- sessions ------------------------------------------------------------------------------------------------
async function loadSessions() {
  const sessions = await getJSON("/api/sessions");
  const list = $("#sessions");
  if (!sessions.length) { list.replaceChildren(h("li", { class: "empty" }, t("no_sessions"))); return; }
  list.replaceChildren(...sessions.map((s) => h("li", { class: s.id === state.session ? "current" : null, "data-session-id": s.id },
    h("button", { type: "button", title: s.title, onclick: () => openSession(s.id) },
      s.title || s.id, h("span", { class: "when" }, new Date(s.updated_at).toLocaleString(state.lang === "zh" ? "zh-CN" : "en-GB"))))));
}

function newChat() {
  state.session = null;
  $("#messages").replaceChildren(h("div", { id: "welcome", class: "welcome" }));
  renderWelcome();
  document.querySelectorAll("#sessions li").forEach((li) => li.classList.remove("current"));
}

async function openSession(id) {
  const messages = await getJSON(`/api/sessions/${encodeURIComponent(id)}/messages`);
  state.session = id;
  const box = $("#messages");
  box.replaceChildren();
  for (const m of messages) {
    if (m.role === "user") box.append(h("div", { class: "msg user" }, m.text));
    else box.append(h("div", { class: "msg assistant" }, m.reply ? renderReply(m.reply) : renderText(m.text)));
  }
  box.scrollTop = box.scrollHeight;
  document.querySelectorAll("#sessions li").forEach((li) => li.classList.toggle("current", li.dataset.sessionId === id));
}

// -- a chat turn ------------------------------------------------------------------------------------------------
async function send(text) {
  text = (text || "").trim();
  if (!text || state.busy) return;
  state.busy = true;
  $("#send").disabled = true;
  const box = $("#messages");
  const welcome = $("#welcome");
  if (welcome) welcome.remove();
  box.append(h("div", { class: "msg user" }, text));
  const status = h("div", { class: "status" }, h("span", { class: "spinner" }), t("thinking"));
  const streamed = h("div", { class: "stream", hidden: true });
  const slot = h("div", { class: "msg assistant" }, status, streamed);
  box.append(slot);
  box.scrollTop = box.scrollHeight;
  let finished = false;
  try {
    const res = await api("/api/chat", { method: "POST", body: { message: text, session_id: state.session } });
    await readSSE(res, (type, data) => {
      if (type === "session") state.session = data.session_id;
      else if (type === "status") status.lastChild.textContent = data.text || t("thinking");
      else if (type === "delta") { streamed.hidden = false; streamed.textContent += data.text || ""; }
      else if (type === "reply") { slot.replaceChildren(renderReply(data)); finished = true; }
      else if (type === "error") { slot.replaceChildren(notice("error", data.message)); finished = true; }
      box.scrollTop = box.scrollHeight;
    });
    if (!finished) slot.replaceChildren(notice("error", t("network")));
  } catch (e) {
    if (e.status === 401) { showSignIn(e.message); return; }
    slot.replaceChildren(notice("error", e.message));
  } finally {
    state.busy = false;
    $("#send").disabled = false;
  }
  box.scrollTop = box.scrollHeight;
  loadSessions().catch(() => {});
}

async function accept(reply) {
  const draftId = reply.draft && reply.draft.id;
  if (!draftId || state.busy) return;
  try {
    const res = await api(`/api/sessions/${encodeURIComponent(reply.session_id)}/accept`, { method: "POST", body: { draft_id: draftId } });
    const done = await res.json();
    $("#messages").append(h("div", { class: "msg assistant" }, renderReply(done)));
  } catch (e) {
    $("#messages").append(h("div", { class: "msg assistant" }, notice("error", e.message)));
  }
  $("#messages").scrollTop = $("#messages").scrollHeight;
}

// -- rendering replies ------------------------------------------------------------------------------------------------
function notice(kind, text) {
  const icon = { refusal: "×", error: "!", accepted: "✓" }[kind] || "i";
  const title = { refusal: t("refused"), error: t("error"), accepted: t("accepted") }[kind];
  return h("div", { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status" },
    h("span", { class: "icon", "aria-hidden": "true" }, icon),
    h("div", { class: "notice-body" }, title ? h("strong", { class: "notice-title" }, title) : null, ...lightText(text)));
}

// Light markdown: **bold**, `code`, "- " bullets, blank-line paragraphs. Built as nodes, never HTML.
function inline(text) {
  const out = [];
  const re = /(\*\*[^*]+\*\*|`[^`]+`)/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const tok = m[0];
    out.push(tok.startsWith("**") ? h("strong", {}, tok.slice(2, -2)) : h("code", {}, tok.slice(1, -1)));
    last = m.index + tok.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function lightText(text) {
  const blocks = [];
  let list = null;
  for (const line of String(text || "").split("\n")) {
    const bullet = line.match(/^\s*[-*•]\s+(.*)$/);
    if (bullet) {
      if (!list) { list = h("ul"); blocks.push(list); }
      list.append(h("li", {}, inline(bullet[1])));
    } else if (line.trim()) {
      list = null;
      blocks.push(h("p", {}, inline(line)));
    } else list = null;
  }
  return blocks;
}

function renderText(text) {
  return h("div", { class: "text" }, lightText(text));
}

function renderReply(reply) {
  if (reply.kind === "refusal" || reply.kind === "accepted") {
    return h("div", { class: `reply reply-${reply.kind}` }, notice(reply.kind, reply.text), renderActions(reply));
  }
  if (reply.draft && ["draft", "revision", "review", "goals"].includes(reply.kind)) return renderDraft(reply);
  const parts = [renderText(reply.text)];
  if (reply.sources && reply.sources.length) parts.push(renderSourceList(reply.sources));
  const actions = renderActions(reply);
  if (actions) parts.push(actions);
  return h("div", { class: `reply reply-${reply.kind}` }, parts);
}

function renderSourceList(sources) {
  return h("div", { class: "text" }, h("ol", { class: "sources" }, sources.map((ev) => h("li", {},
    h("button", { type: "button", class: "source-link", "data-event-id": ev.id, onclick: () => openEvent(ev.id) },
      `${(ev.occurred_at || "").slice(0, 10)} · ${ev.title || ev.id}`)))));
}

function renderDraft(reply) {
  const d = reply.draft;
  const lang = reply.lang || state.lang;
  const evidence = new Map((d.evidence || []).map((e) => [e.id, e]));
  const order = [];
  const number = (id) => { let i = order.indexOf(id); if (i < 0) { order.push(id); i = order.length - 1; } return i + 1; };
  const chip = (id) => {
    const ev = evidence.get(id);
    return h("button", { type: "button", class: "cite", "data-event-id": id, title: ev ? `${(ev.occurred_at || "").slice(0, 10)} · ${ev.title}` : id, onclick: () => openEvent(id) }, `${number(id)}`);
  };

  const body = [];
  if (d.summary) body.push(h("p", { class: "summary" }, d.summary));
  const sections = { strength: [], development: [], next_step: [], on_record: [], to_collect: [], question: [] };
  const other = [];
  for (const [i, s] of (d.statements || []).entries()) {
    const p = h("p", { class: "statement", "data-index": i }, s.text, (s.event_ids || []).map(chip));
    (sections[s.section] || other).push(p);
  }
  for (const [key, items] of Object.entries(sections)) {
    if (items.length) body.push(h("div", { class: "section" }, h("h4", {}, t(key)), items));
  }
  if (other.length) body.push(h("div", { class: "section" }, other));
  for (const goal of d.goals || []) body.push(renderGoal(goal, chip));
  if (!(d.statements || []).length && !(d.goals || []).length) body.push(...lightText(reply.text));
  if ((d.notes || []).length) body.push(h("div", { class: "notes" }, h("strong", {}, t("notes") + ": "), d.notes.join(" ")));

  const side = [renderGuardrails(d.guardrails, lang), renderCoverage(d.coverage)];
  if (order.length) {
    side.push(h("section", {}, h("h4", {}, t("sources")), h("ol", { class: "sources" }, order.map((id) => {
      const ev = evidence.get(id);
      return h("li", {}, h("button", { type: "button", class: "source-link", "data-event-id": id, onclick: () => openEvent(id) },
        ev ? `${(ev.occurred_at || "").slice(0, 10)} · ${ev.title}` : id));
    }))));
  }
  const kindLabel = t("kind_" + reply.kind);
  const card = h("article", { class: `card draft-card kind-${reply.kind}`, "data-draft-id": d.id || "", lang: lang === "zh" ? "zh-CN" : "en" },
    h("header", { class: "card-head" },
      h("h3", {}, t("draft_for", { kind: kindLabel, name: d.subject_name || d.subject_id || "", period: d.period || "" })),
      h("span", { class: "meta" }, [d.engine, d.id].filter(Boolean).join(" · "))),
    h("div", { class: "card-body" }, h("div", { class: "draft" }, body), h("div", { class: "side" }, side.filter(Boolean))));
  const actions = renderActions(reply);
  if (actions) card.append(actions);
  return card;
}

function renderGoal(goal, chip) {
  const krs = goal.key_results || [];
  const label = (kr) => (kr.label || kr.metric || kr.description || "").replace(/_/g, " ") + (kr.unit ? ` (${kr.unit})` : "");
  const row = (kr) => kr.scope === "team"
    ? h("tr", { class: "team", title: kr.derivation || "" }, h("td", {}, label(kr)),
        h("td", { colspan: "4" }, `${fmt(kr.team_baseline)} → ${fmt(kr.team_target)} · ${t("team_contribution")}`))
    : h("tr", { title: kr.derivation || "" }, h("td", {}, (kr.ref ? kr.ref + " " : "") + label(kr)),
        h("td", {}, fmt(kr.baseline)), h("td", {}, fmt(kr.floor)), h("td", {}, fmt(kr.target)), h("td", {}, fmt(kr.stretch)));
  const reasons = [...(goal.why || []), ...(goal.reference_path || [])];
  return h("div", { class: "goal" },
    h("strong", {}, goal.objective || goal.title || "", (goal.event_ids || []).map(chip)),
    goal.rationale ? h("span", { class: "hint" }, goal.rationale) : null,
    krs.length ? h("table", {},
      h("tr", {}, h("th", {}, ""), h("th", {}, t("baseline")), h("th", {}, t("floor")), h("th", {}, t("target")), h("th", {}, t("stretch"))),
      krs.map(row)) : null,
    krs.filter((kr) => kr.derivation && kr.scope !== "team").map((kr) => h("p", { class: "derivation" }, kr.derivation)),
    reasons.length ? h("ul", { class: "derivation" }, reasons.map((r) => h("li", {}, r.text, (r.event_ids || []).map(chip)))) : null);
}

function fmt(v) {
  if (v === null || v === undefined) return "–";
  return typeof v === "number" ? String(Math.round(v * 100) / 100) : String(v);
}

function renderGuardrails(g, lang) {
  if (!g) return null;
  const names = SCORE_NAMES[state.lang] || SCORE_NAMES.en;
  const skipped = new Set(g.not_applicable || []);
  const scores = Object.entries(g.scores || {}).filter(([k]) => !skipped.has(k));
  const findings = g.findings || [];
  return h("section", { class: "guardrails" },
    h("h4", {}, t("guardrails")),
    h("span", { class: `verdict ${g.verdict}` }, t("verdict_" + g.verdict)),
    scores.map(([k, v]) => h("div", { class: "score", "data-dimension": k },
      h("span", {}, names[k] || k),
      h("span", { class: "bar " + (v >= 70 ? "" : v >= 40 ? "mid" : "low") }, h("span", { style: `width:${Math.max(0, Math.min(100, v))}%` })),
      h("span", { class: "num" }, String(Math.round(v))))),
    h("h4", { style: "margin-top:12px" }, t("findings")),
    findings.length
      ? h("ul", { class: "findings" }, findings.map((f) => h("li", {},
          h("span", {}, `${names[f.dimension] || f.dimension}: ${f.message}`),
          f.suggestion ? h("span", { class: "fix" }, "→ " + f.suggestion) : null)))
      : h("p", { class: "hint" }, t("no_findings")));
}

function renderCoverage(c) {
  if (!c || !(c.months || []).length) return null;
  const max = Math.max(1, ...c.months.map((m) => m.available));
  return h("section", { class: "coverage-box" },
    h("h4", {}, t("coverage")),
    h("div", { class: "coverage" }, c.months.map((m) => h("div", { class: "col", title: `${m.month}: ${m.selected}/${m.available}` },
      h("div", { class: "avail", style: `height:${(100 * m.available) / max}%` },
        h("div", { class: "sel", style: `height:${m.available ? (100 * m.selected) / m.available : 0}%` }))))),
    h("div", { class: "coverage-labels" }, c.months.map((m) => h("span", {}, String(Number(m.month.slice(5)))))),
    h("div", { class: "legend" }, h("span", {}, h("i", { class: "l-sel" }), t("cited")), h("span", {}, h("i", { class: "l-av" }), t("available"))));
}

function defaultActions(reply) {
  if (!["draft", "revision"].includes(reply.kind)) return [];
  return [
    { id: "accept", label: t("a_accept") },
    { id: "shorter", label: t("a_shorter"), message: t("m_shorter") },
    { id: "direct", label: t("a_direct"), message: t("m_direct") },
    { id: "sources", label: t("a_sources"), message: t("m_sources") },
  ];
}

function renderActions(reply) {
  const actions = (reply.actions && reply.actions.length) ? reply.actions : defaultActions(reply);
  if (!actions.length) return null;
  return h("div", { class: "actions" }, actions.map((a) => h("button", {
    type: "button", class: `action ${a.id === "accept" ? "accept" : ""}`, "data-action": a.id,
    onclick: () => (a.id === "accept" && reply.draft ? accept(reply) : send(a.message || a.label)),
  }, a.label)));
}

// -- the event side panel ------------------------------------------------------------------------------------------------
async function openEvent(id) {
  const panel = $("#panel");
  const body = $("#panel-body");
  panel.hidden = false;
  body.replaceChildren(h("div", { class: "status" }, h("span", { class: "spinner" }), t("thinking")));
  try {
    const ev = await getJSON(`/api/events/${encodeURIComponent(id)}`);
    const metrics = Object.entries(ev.metrics || {}).map(([k, m]) =>
      `${k.replace(/_/g, " ")}: ${fmt(m.value)}${m.unit || ""}` + (m.baseline !== undefined && m.baseline !== null ? ` (${t("baseline")} ${fmt(m.baseline)})` : "") + (m.target !== undefined && m.target !== null ? ` (${t("target")} ${fmt(m.target)})` : ""));
    body.replaceChildren(
      h("h3", { class: "event-title" }, ev.title || id),
      h("div", { class: "meta" }, [(ev.occurred_at || "").slice(0, 10), ev.person_name || ev.person_id, id].filter(Boolean).join(" · ")),
      h("p", { class: "event-description" }, ev.description || ""),
      h("dl", {},
        h("dt", {}, t("kind")), h("dd", {}, ev.kind || "–"),
        h("dt", {}, t("source")), h("dd", {}, ev.source || "–"),
        h("dt", {}, t("project")), h("dd", {}, ev.project || "–"),
        metrics.length ? [h("dt", {}, t("metrics")), h("dd", {}, metrics.join("; "))] : null,
        (ev.tags || []).length ? [h("dt", {}, t("tags")), h("dd", {}, ev.tags.map((x) => h("span", { class: "tag" }, x)))] : null));
  } catch (e) {
    body.replaceChildren(notice("error", e.message));
  }
}

// -- wiring ------------------------------------------------------------------------------------------------
document.addEventListener("DOMContentLoaded", () => {
  state.lang = localStorage.getItem(LANG_KEY) || ((navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en");
  document.querySelectorAll(".lang-toggle").forEach((b) => b.addEventListener("click", toggleLang));
  $("#signin-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const token = $("#token-input").value.trim();
    if (!token) return;
    $("#signin-button").disabled = true;
    try {
      await signIn(token);
      $("#token-input").value = "";
    } catch (err) {
      showSignIn(err.status === 401 ? t("bad_token") : err.message);
    } finally {
      $("#signin-button").disabled = false;
    }
  });
  $("#signout").addEventListener("click", () => showSignIn(""));
  $("#new-chat").addEventListener("click", newChat);
  $("#panel-close").addEventListener("click", () => { $("#panel").hidden = true; });
  $("#composer").addEventListener("submit", (e) => { e.preventDefault(); const v = $("#input").value; $("#input").value = ""; send(v); });
  $("#input").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); $("#composer").requestSubmit(); }
  });
  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) signIn(saved).catch((err) => showSignIn(err.status === 401 ? t("bad_token") : err.message));
  else signIn(null).catch(() => showSignIn(""));  // signed in already if a trusted SSO proxy vouches for us
});
