// The receipt page: GET /api/receipt (the signed-in person's own), GET /api/disputes (what they may see),
// POST /api/disputes to dispute an event. Same token as the chat (sessionStorage "coach.token").
"use strict";

const TOKEN_KEY = "coach.token";
const LANG_KEY = "coach.lang";
const L = {
  en: {
    back: "Back to the chat", title: "Your receipt",
    intro: "Everything about you that was shared or accepted — drafts, development paths, team signals — with the events it used, who asked and when. Dispute an event that is wrong or lacks context: drafts leave it out until your manager or HR resolves it.",
    signed_out: "Sign in to the chat first (your token stays in this tab).",
    nothing: "Nothing about you has been shared or accepted yet.",
    by: "by", accepted: "accepted", shown: "shown", dispute: "Dispute", send: "Send", cancel: "Cancel",
    reason: "What is wrong or missing?", disputed: "Disputed", withdrawn: "withdrawn from AI use",
    disputes: "Disputes", no_disputes: "No disputes.", open: "open", upheld: "upheld", dismissed: "dismissed",
    opened_by: "opened by", sent: "Disputed. Drafts leave this event out until it is resolved.",
    k_feedback_draft: "Feedback draft", k_goal_proposals: "Goal proposals", k_draft_review: "Draft review",
    k_development_path: "Development path", k_signal: "Team signal", k_goal_set: "Goal set",
  },
  zh: {
    back: "返回对话", title: "你的数据回执",
    intro: "关于你被分享或采纳的所有内容——草稿、发展路径、团队信号——以及用到的事件、请求人和时间。如果某条事件有误或缺少背景，可以提出异议：在经理或 HR 处理之前，起草时不会使用它。",
    signed_out: "请先登录对话页面（令牌只保存在本标签页）。",
    nothing: "目前还没有关于你的内容被分享或采纳。",
    by: "请求人", accepted: "已采纳", shown: "已展示", dispute: "提出异议", send: "提交", cancel: "取消",
    reason: "哪里有误或缺少什么背景？", disputed: "有异议", withdrawn: "已撤回，不再用于 AI",
    disputes: "异议", no_disputes: "没有异议。", open: "待处理", upheld: "已确认", dismissed: "已驳回",
    opened_by: "提出人", sent: "已提出异议。处理之前，起草时不会使用该事件。",
    k_feedback_draft: "反馈草稿", k_goal_proposals: "目标建议", k_draft_review: "草稿检查",
    k_development_path: "发展路径", k_signal: "团队信号", k_goal_set: "目标集",
  },
};
const state = { token: sessionStorage.getItem(TOKEN_KEY), lang: localStorage.getItem(LANG_KEY) || "en", me: null };
const $ = (sel) => document.querySelector(sel);
const t = (key) => (L[state.lang] && L[state.lang][key]) || L.en[key] || key;

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

async function api(path, options = {}) {
  const headers = { Authorization: `Bearer ${state.token}` };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, { method: options.method || "GET", headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error((data.error && data.error.message) || `${res.status}`);
  return data;
}

function applyLang() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  $("#lang").textContent = state.lang === "zh" ? "English" : "中文";
}

function disputeForm(eventId, row) {
  const input = h("input", { type: "text", class: "dispute-reason", maxlength: "2000", placeholder: t("reason") });
  const error = h("span", { class: "form-error" });
  const form = h("form", { class: "dispute-form", "data-event": eventId },
    input,
    h("button", { type: "submit", class: "primary" }, t("send")),
    h("button", { type: "button", class: "ghost", onclick: () => form.remove() }, t("cancel")),
    error);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await api("/api/disputes", { method: "POST", body: { event_id: eventId, reason: input.value } });
      form.replaceWith(h("span", { class: "notice ok" }, t("sent")));
      await load();
    } catch (err) { error.textContent = err.message; }
  });
  row.append(form);
  input.focus();
}

function renderItems(receipt) {
  const box = $("#items");
  box.replaceChildren();
  if (!receipt.items.length) box.append(h("p", { class: "muted" }, t("nothing")));
  for (const item of receipt.items) {
    const events = h("ul", { class: "receipt-events" });
    for (const ev of item.events) {
      const row = h("li", { class: "receipt-event", "data-event": ev.id },
        h("code", {}, ev.id), " ", ev.date || "", " ", ev.title === null ? h("em", {}, t("withdrawn")) : ev.title);
      if (ev.disputed) row.append(" ", h("span", { class: "flag" }, `⚑ ${t("disputed")}: ${t(ev.disputed)}`));
      else if (ev.title !== null && state.me === receipt.person_id) {
        row.append(" ", h("button", { type: "button", class: "ghost dispute-button", onclick: () => disputeForm(ev.id, row) }, t("dispute")));
      }
      events.append(row);
    }
    box.append(h("article", { class: "receipt-item" },
      h("div", { class: "receipt-head" }, h("strong", {}, L.en["k_" + item.kind] ? t("k_" + item.kind) : item.kind), " · ", t(item.status), " · ", t("by"), " ", item.by_name || item.by, " · ", item.at.slice(0, 16).replace("T", " ")),
      item.summary ? h("p", { class: "muted" }, item.summary) : null,
      events));
  }
}

function renderDisputes(views) {
  const list = $("#disputes");
  list.replaceChildren();
  if (!views.length) list.append(h("li", { class: "muted" }, t("no_disputes")));
  for (const v of views) {
    const d = v.dispute;
    list.append(h("li", { class: `dispute status-${d.status}`, "data-event": d.event_id },
      h("span", { class: "flag" }, `⚑ ${t(d.status)}`), " ", h("code", {}, d.event_id), " ",
      v.person_name ? `${v.person_name} · ` : "", v.title || "", v.occurred_at ? ` (${v.occurred_at})` : "",
      h("div", { class: "muted" }, `${t("opened_by")} ${d.opened_by}: ${d.reason}`),
      d.resolution_note ? h("div", { class: "muted" }, d.resolution_note) : null));
  }
  $("#disputes-section").hidden = false;
}

async function load() {
  const me = await api("/api/me");
  state.me = me.person_id;
  $("#me").textContent = `${me.name} · ${me.role}`;
  if (!localStorage.getItem(LANG_KEY)) { state.lang = me.language === "zh" ? "zh" : "en"; applyLang(); }
  try {
    renderItems(await api("/api/receipt"));
    $("#mine").hidden = false;
  } catch (err) { $("#mine").hidden = true; }  // a manager's own receipt is theirs too; HR reads others' in the CLI
  renderDisputes(await api("/api/disputes"));
}

document.addEventListener("DOMContentLoaded", async () => {
  applyLang();
  $("#lang").addEventListener("click", () => { state.lang = state.lang === "zh" ? "en" : "zh"; localStorage.setItem(LANG_KEY, state.lang); applyLang(); load(); });
  if (!state.token) { $("#signed-out").hidden = false; return; }
  try { await load(); } catch (err) { $("#signed-out").hidden = false; $("#signed-out").textContent = err.message; }
});
