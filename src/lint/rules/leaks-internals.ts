/**
 * Rule `leaks-internals`: a message (or title, user message, translation) that shows the
 * server's internals. Seed 000 sends "Cannot create ORCID org.hibernate.TransientObjectException:
 * …", "org.hibernate.exception.DataException: could not execute statement" and "Could not
 * resolve host: Bearer; nodename nor servname provided": class names, SQL and resolver errors
 * tell an attacker the stack and tell the client nothing it can act on. Descriptions, causes and
 * fixes are documentation and are not checked.
 *
 * Repetitions are bounded where a pattern may start at many positions (`a.a.a.…`), so a long
 * text costs linear time, not quadratic (the test feeds such inputs).
 * @module
 */
import type { CatalogEntry } from "../../catalog/types.js";
import type { LintRule, RuleHit } from "../types.js";

/** What a pattern reveals, and how it is recognised. */
export const LEAK_PATTERNS: readonly (readonly [what: string, pattern: RegExp])[] = [
  // org.hibernate.TransientObjectException, java.lang.NullPointerException, org.orcid.persistence.jpa.entities.ProfileEntity
  ["a Java class name", /\b(?:[a-z][a-z0-9_]{0,40}\.){2,12}[A-Z][A-Za-z0-9_$]*/],
  // NonUniqueObjectException, TypeError, SQLGrammarException (a bare "Exception" or "Error" is ordinary English)
  ["an exception class name", /\b[A-Z][A-Za-z0-9]*?[a-z0-9](?:Exception|Error)\b/],
  [
    "a JavaScript runtime error",
    /\bCannot read propert(?:y|ies) of (?:undefined|null)|\bis not a function\b|\bMaximum call stack size exceeded/,
  ],
  // at Foo.bar (/srv/app/x.js:12:5), at org.x.Y.z(Y.java:42), at /srv/app/x.js:1:2
  ["a stack frame", /\bat [\w$.<>[\]]+ ?\([^()\n]*:\d+(?::\d+)?\)|\bat (?:file:\/\/|\/|[A-Za-z]:\\)\S*:\d+/],
  ["a stack trace", /Traceback \(most recent call last\)|\bFile "[^"\n]+", line \d+/],
  [
    "an SQL statement",
    /\bSELECT\s[^;]{0,200}?\sFROM\s|\b(?:INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\S+\s+SET|CREATE\s+(?:TABLE|INDEX)|DROP\s+TABLE|ALTER\s+TABLE)\b/,
  ],
  [
    "a database error",
    /\bSQLSTATE\b|\bORA-\d{5}\b|syntax error at or near|violates (?:unique|foreign key|not-null|check) constraint|could not execute (?:statement|query)/i,
  ],
  [
    "a host name",
    /\blocalhost\b|\b(?:[a-z0-9-]{1,63}\.){1,10}(?:internal|local|localdomain|lan|corp|intranet|svc)\b|\b(?:10(?:\.\d{1,3}){3}|127(?:\.\d{1,3}){3}|192\.168(?:\.\d{1,3}){2}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2})\b|\b(?:jdbc:[a-z]+|postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|amqp):\/\//i,
  ],
  [
    "a network error",
    /Could not resolve host|nodename nor servname|getaddrinfo|\bE(?:CONNREFUSED|CONNRESET|NOTFOUND|TIMEDOUT|HOSTUNREACH|ADDRINUSE|PIPE)\b|Connection refused/,
  ],
  [
    "a file path",
    /(?:^|[\s"'(=:[])\/(?:usr|var|etc|home|srv|opt|tmp|app|root|proc|lib|src|Users|mnt|workspace)\/|\b[A-Za-z]:\\\S|\bnode_modules[\\/]|\bWEB-INF\b|\b[\w-]{1,100}\.(?:java|kt|scala|js|mjs|cjs|ts|py|rb|php|go|cs):\d+/,
  ],
];

/** The internals a text shows: `a Java class name "org.hibernate.X"`, each kind once. */
export function findLeaks(text: string): string[] {
  const out: string[] = [];
  const shown: string[] = [];
  for (const [what, re] of LEAK_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const found = m[0].trim();
    // "TransientObjectException" inside "org.hibernate.TransientObjectException" is the same leak.
    if (shown.some((s) => s.includes(found))) continue;
    shown.push(found);
    out.push(`${what} "${found.slice(0, 80)}"`);
  }
  return out;
}

/** The texts of an entry a client sees, with their labels. */
function clientTexts(entry: CatalogEntry): [string, string][] {
  const out: [string, string][] = [["message", entry.message.source]];
  if (entry.spec.title !== undefined) out.push(["title", entry.spec.title]);
  if (entry.userMessage !== null) out.push(["userMessage", entry.userMessage.source]);
  for (const [loc, t] of Object.entries(entry.spec.messages ?? {})) out.push([`messages.${loc}`, t]);
  return out;
}

export const leaksInternals: LintRule = {
  id: "leaks-internals",
  explanation: "A message must not show internals: class names, stack frames, SQL, host names, file paths.",
  *check(catalog): Iterable<RuleHit> {
    for (const entry of catalog.entries) {
      const found: string[] = [];
      for (const [where, text] of clientTexts(entry)) {
        for (const leak of findLeaks(text)) found.push(where === "message" ? leak : `${leak} in ${where}`);
      }
      if (found.length) yield { entry, message: `message leaks internals: ${found.join("; ")}` };
    }
  },
};
