// Flashpoint dashboard: the little JavaScript it needs (no library). The pages work without it, except
// for sending corrections, which need the token in a request header.
"use strict";

const TOKEN_KEY = "flashpoint-token";

function tokenInput() {
  return document.getElementById("token");
}

function setUpToken() {
  const input = tokenInput();
  if (!input) return;
  input.value = sessionStorage.getItem(TOKEN_KEY) || "";
  input.addEventListener("change", () => sessionStorage.setItem(TOKEN_KEY, input.value.trim()));
}

// The fields a correction form changed: {type: "PROTEST", actor: {code, sector, name}, ...}.
function changedFields(form) {
  const changes = {};
  const groups = {};
  for (const field of form.querySelectorAll("details input, details select")) {
    if (field.classList.contains("keep")) continue;
    const initial = field.tagName === "SELECT"
      ? [...field.options].find((o) => o.defaultSelected)?.value ?? field.options[0].value
      : field.defaultValue;
    const [group, key] = field.name.split(".");
    if (key) {
      groups[group] = groups[group] || { changed: false, value: {} };
      groups[group].value[key] = field.value.trim();
      if (field.value.trim() !== initial.trim()) groups[group].changed = true;
    } else if (field.value.trim() !== initial.trim()) {
      changes[group] = field.value.trim() || null;
    }
  }
  for (const [group, { changed, value }] of Object.entries(groups)) {
    if (!changed) continue;
    if (group === "location") {
      const number = (v) => (v === "" ? null : Number(v));
      changes.location = value.name || value.country_code
        ? { name: value.name || null, country_code: value.country_code || null, lat: number(value.lat), lon: number(value.lon) }
        : null;
    } else {
      const actor = { code: value.code || null, sector: value.sector || null, name: value.name || null };
      changes[group] = actor.code || actor.sector || actor.name ? actor : null;
    }
  }
  return changes;
}

async function submitCorrection(event) {
  event.preventDefault();
  const form = event.target;
  const status = form.querySelector(".status");
  const verdict = event.submitter ? event.submitter.value : "confirm";
  const body = {
    article_id: form.dataset.article,
    event_id: form.dataset.event,
    verdict,
    analyst: form.querySelector("[name=analyst]").value.trim() || null,
    note: form.querySelector("[name=note]").value.trim() || null,
  };
  if (verdict === "correct") {
    body.changes = changedFields(form);
    if (Object.keys(body.changes).length === 0) {
      status.textContent = "Change a field first.";
      status.className = "status error";
      return;
    }
  }
  const input = tokenInput();
  const token = (input && input.value.trim()) || sessionStorage.getItem(TOKEN_KEY) || "";
  if (input && token) sessionStorage.setItem(TOKEN_KEY, token);
  status.textContent = "Saving…";
  status.className = "status";
  let response;
  try {
    response = await fetch("/api/corrections", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  } catch (error) {
    status.textContent = `Not saved: ${error}`;
    status.className = "status error";
    return;
  }
  if (response.ok) {
    status.textContent = "Saved.";
    status.className = "status ok";
    window.location.hash = `event-${body.event_id}`;
    window.location.reload();
    return;
  }
  let detail = response.statusText;
  try {
    const data = await response.json();
    detail = typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail);
  } catch (_) { /* not JSON */ }
  status.textContent = `Not saved (${response.status}): ${detail}`;
  status.className = "status error";
}

// Hovering an event's record marks its trigger in the text, and the other way round.
function linkHighlights() {
  const marks = (id) => document.querySelectorAll(`.article-text [data-event="${CSS.escape(id)}"]`);
  for (const card of document.querySelectorAll(".event-card")) {
    const id = card.dataset.event;
    card.addEventListener("mouseenter", () => marks(id).forEach((m) => m.classList.add("focus")));
    card.addEventListener("mouseleave", () => marks(id).forEach((m) => m.classList.remove("focus")));
  }
  for (const mark of document.querySelectorAll(".article-text a[data-event]")) {
    const card = document.getElementById(`event-${mark.dataset.event}`);
    if (!card) continue;
    mark.addEventListener("mouseenter", () => card.classList.add("focus"));
    mark.addEventListener("mouseleave", () => card.classList.remove("focus"));
  }
}

// Leave empty filters out of the query string, so links stay short and readable.
function dropEmptyFilters(event) {
  for (const field of event.target.querySelectorAll("input, select")) {
    if (field.name && field.value === "") field.disabled = true;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  setUpToken();
  for (const form of document.querySelectorAll("form.filters")) {
    form.addEventListener("submit", dropEmptyFilters);
  }
  for (const form of document.querySelectorAll("form.correction")) {
    form.addEventListener("submit", submitCorrection);
  }
  linkHighlights();
});
