/**
 * The support console's page (CONTRACT §3.6 `GET /support`): a form for the admin token and a
 * request id, and a script that fetches `/support/requests/{token}` and shows the stored event.
 *
 * Everything shown comes from failed requests — paths, messages, internal causes an attacker can
 * shape — so the page treats it as text only: the script writes with `textContent` and
 * `replaceChildren` (never `innerHTML`), and the Content-Security-Policy allows only this origin's
 * own script and style files (no inline code, no `eval`), Trusted Types with no policy (so an HTML
 * sink throws even if a later edit adds one), no framing and no form submission (the form is
 * handled by the script; without it the admin token never goes into a URL).
 * @module
 */

/** Content-Security-Policy of the page (CSP Level 3; Trusted Types per W3C Trusted Types). */
export const SUPPORT_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join("; ");

/** Policy for the script, style and JSON responses: they run nothing themselves and may not be framed. */
export const SUPPORT_ASSET_CSP = "default-src 'none'; frame-ancestors 'none'";

/** The HTML page; `base` is the path the console is mounted at (`/support`). */
export function supportPageHtml(base: string): string {
  const b = escapeAttribute(base);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Support: request look-up</title>
<link rel="stylesheet" href="${b}/app.css">
<script src="${b}/app.js" defer></script>
</head>
<body>
<main>
<h1>Request look-up</h1>
<p>Enter the request id a client quoted (the <code>X-Request-Id</code> header, or the id in an error body) to see what the server logged for it.</p>
<form id="lookup" autocomplete="off" data-endpoint="${b}/requests/">
<p><label for="admin-token">Admin token</label>
<input id="admin-token" name="admin-token" type="password" required autocomplete="off" spellcheck="false"></p>
<p><label for="request-token">Request id</label>
<input id="request-token" name="request-token" type="text" required maxlength="128" pattern="[A-Za-z0-9_\\-]{1,128}" spellcheck="false"></p>
<p><button id="lookup-button" type="submit">Look up</button></p>
</form>
<p id="status" role="status" aria-live="polite"></p>
<section id="event" hidden>
<h2>Stored event</h2>
<dl id="event-fields"></dl>
<section id="cause" hidden>
<h3>Internal cause</h3>
<p>Logged for operators only; never sent to the client.</p>
<pre id="cause-text"></pre>
</section>
<section id="request" hidden>
<h3>Recorded request</h3>
<pre id="request-text"></pre>
</section>
</section>
</main>
</body>
</html>
`;
}

/** The page's style sheet. */
export const SUPPORT_PAGE_CSS = `:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; }
main { max-width: 56rem; margin: 2rem auto; padding: 0 1rem; }
label { display: inline-block; min-width: 8rem; font-weight: 600; }
input { width: min(28rem, 100%); font: inherit; font-family: ui-monospace, monospace; padding: 0.25rem; }
button { font: inherit; padding: 0.3rem 1rem; }
#status[data-kind="error"] { color: #b00020; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; padding: 0.75rem; border: 1px solid #8884; }
`;

/**
 * The page's script (plain ES2020, served as is). It reads the form, fetches the JSON endpoint
 * with the admin token as a bearer token, and renders the event as text.
 */
export const SUPPORT_PAGE_JS = `"use strict";
(function () {
  var FIELDS = [
    ["token", "Request id"],
    ["time", "Time"],
    ["method", "Method"],
    ["path", "Path"],
    ["route", "Route"],
    ["status", "Status"],
    ["catalog", "Catalog"],
    ["code", "Code"],
    ["name", "Name"],
    ["message", "Message"],
    ["clientId", "Client id"],
    ["durationMs", "Duration (ms)"]
  ];
  var MESSAGES = {
    400: "That is not a request id.",
    401: "The admin token was not accepted.",
    404: "No error event is stored for this request id.",
    503: "The error store is unavailable. Try again shortly."
  };

  function $(id) { return document.getElementById(id); }

  function setStatus(text, kind) {
    var s = $("status");
    s.textContent = text;
    s.setAttribute("data-kind", kind);
  }

  function text(v) {
    if (v === null || v === undefined) return "\\u2014";
    return typeof v === "object" ? JSON.stringify(v, null, 2) : String(v);
  }

  function render(event) {
    var rows = [];
    for (var i = 0; i < FIELDS.length; i++) {
      var dt = document.createElement("dt");
      dt.textContent = FIELDS[i][1];
      var dd = document.createElement("dd");
      dd.id = "field-" + FIELDS[i][0];
      dd.textContent = text(event[FIELDS[i][0]]);
      rows.push(dt, dd);
    }
    $("event-fields").replaceChildren.apply($("event-fields"), rows);
    var cause = event.cause;
    if (cause && typeof cause === "object") {
      $("cause-text").textContent = text(cause["class"]) + ": " + text(cause.message) +
        (cause.stack ? "\\n\\n" + String(cause.stack) : "");
      $("cause").hidden = false;
    } else {
      $("cause-text").textContent = "";
      $("cause").hidden = true;
    }
    if (event.request && typeof event.request === "object") {
      $("request-text").textContent = text(event.request);
      $("request").hidden = false;
    } else {
      $("request-text").textContent = "";
      $("request").hidden = true;
    }
    $("event").hidden = false;
  }

  function lookup(form) {
    var admin = $("admin-token").value.trim();
    var token = $("request-token").value.trim();
    $("event").hidden = true;
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(token)) { setStatus(MESSAGES[400], "error"); return; }
    setStatus("Looking up " + token + "\\u2026", "busy");
    var url = form.getAttribute("data-endpoint") + encodeURIComponent(token);
    fetch(url, {
      headers: { "Authorization": "Bearer " + admin, "Accept": "application/json" },
      cache: "no-store",
      credentials: "omit",
      redirect: "error"
    }).then(function (res) {
      if (res.status !== 200) {
        setStatus(MESSAGES[res.status] || ("Unexpected answer: HTTP " + res.status + "."), "error");
        return;
      }
      return res.json().then(function (event) {
        render(event);
        setStatus("Found the event for " + token + ".", "ok");
      });
    }).catch(function () {
      setStatus("The server could not be reached.", "error");
    });
  }

  function start() {
    var form = $("lookup");
    var preset = new URLSearchParams(location.search).get("token");
    if (preset) $("request-token").value = preset;
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      lookup(form);
    });
    form.setAttribute("data-ready", "true");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
`;

/** Escapes text for a double-quoted HTML attribute value. */
function escapeAttribute(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
