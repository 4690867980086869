/**
 * Rule `client-error-as-5xx`: a client mistake (authentication, validation, not found) sent with
 * a 5xx status. Seed 000 answers "Invalid authorization code", "An authorization code must be
 * supplied", "Redirect URI mismatch" and "Invalid scope" with 500: clients then retry a request
 * that can never succeed, and the server's error rate counts the clients' mistakes.
 *
 * How a client mistake is recognised (a 5xx status says nothing by definition, so words do):
 * - a tag `client`, `auth`, `validation` or `not-found` on the entry, or
 * - words in its name, string code, own title (not the reason phrase) or message: auth (`authorization code`,
 *   `access token`, `credentials`, `password`, `scope`, `unauthorized`, `forbidden`,
 *   `permission`, `expired`, `redirect uri`, …), validation (`invalid`, `malformed`, `missing`,
 *   `required`, `must be`, `mismatch`, `not allowed`, `already exists`, …) or not found
 *   (`not found`, `unknown`, `no such`, `does not exist`),
 * unless the name or message blames the server side (`internal`, `unexpected`, `backend`,
 * `upstream`, `gateway`, `database`, `server`, `unavailable`, `timeout`, `maintenance`): seed
 * 003's 4005 "backend system token is invalid" is the server's own credential, rightly a 5xx.
 * @module
 */
import { reasonPhrase } from "../../catalog/status.js";
import type { CatalogEntry } from "../../catalog/types.js";
import type { LintRule, RuleHit } from "../types.js";

const CLIENT_TAGS = new Set(["client", "auth", "validation", "not-found"]);

/** Word patterns per kind of client mistake; names are matched with `_`/`-` read as spaces. */
const CLIENT_WORDS: readonly (readonly [kind: string, pattern: RegExp])[] = [
  [
    "authentication",
    /\b(?:unauthori[sz]ed|forbidden|authori[sz]ation code|access token|refresh token|api key|wskey|credentials?|password|scope|permissions?|log ?in|sign ?in|redirect uri|expired)\b/i,
  ],
  [
    "validation",
    /\b(?:invalid|malformed|missing|required|must be|must not|mismatch|not valid|validation|bad request|illegal|not allowed|too (?:long|large|many)|unsupported|wrong|already exists?|duplicate|not supplied)\b/i,
  ],
  ["not found", /\b(?:not found|unknown|no such|do(?:es)? not exist|doesn't exist|don't exist)\b/i],
];

const SERVER_WORDS =
  /\b(?:internal|unexpected|backend|back-end|upstream|gateway|database|server|system error|unavailable|timeout|timed out|maintenance)\b/i;

function spaced(s: string): string {
  return s.replace(/[_-]+/g, " ");
}

/** Why an entry reads as a client mistake (`validation: "invalid"`), or null. */
export function clientMistake(entry: CatalogEntry): string | null {
  const tag = (entry.spec.tags ?? []).find((t) => CLIENT_TAGS.has(t.toLowerCase()));
  if (tag !== undefined) return `tagged "${tag}"`;
  const own = [entry.name ?? "", typeof entry.code === "string" ? entry.code : "", entry.message.source]
    .map(spaced)
    .join(" \u2022 ");
  if (SERVER_WORDS.test(own)) return null;
  // A title is the author's words only when it is not the status's reason phrase (catalog.json spells defaults out).
  const title = entry.spec.title;
  const text = title !== undefined && title !== reasonPhrase(entry.status) ? `${own} \u2022 ${title}` : own;
  for (const [kind, re] of CLIENT_WORDS) {
    const m = re.exec(text);
    if (m) return `${kind}: "${m[0]}"`;
  }
  return null;
}

export const clientErrorAs5xx: LintRule = {
  id: "client-error-as-5xx",
  explanation: "A client mistake (authentication, validation, not found) must be a 4xx, not a 5xx.",
  *check(catalog): Iterable<RuleHit> {
    for (const entry of catalog.entries) {
      if (entry.status < 500 || entry.status > 599) continue;
      const why = clientMistake(entry);
      if (why !== null) {
        yield {
          entry,
          message: `status ${entry.status} for a client mistake (${why}); use a 4xx (400 invalid, 401/403 authentication, 404 not found)`,
        };
      }
    }
  },
};
