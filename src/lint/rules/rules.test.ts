/**
 * Every lint rule with a catalog that trips it and one that does not (CONTRACT §4).
 */
import { describe, expect, it } from "vitest";
import { defineCatalog } from "../../catalog/define.js";
import type { ErrorSpec } from "../../catalog/types.js";
import { lintCatalog, lintRules } from "../index.js";
import type { LintRule } from "../types.js";

const fix = ["Do the right thing."];

interface Case {
  readonly rule: string;
  readonly trips: Record<string, ErrorSpec>;
  /** The keys the rule must report, in order, and a fragment of each message. */
  readonly expect: readonly (readonly [key: string, message: string])[];
  readonly clean: Record<string, ErrorSpec>;
  readonly families?: { catchAll?: boolean; prefix?: boolean };
}

const cases: readonly Case[] = [
  {
    rule: "duplicate-code",
    trips: {
      a: { code: 3001, status: 404, message: "entity not found", fixes: fix },
      b: { code: "3001", status: 404, message: "entity gone", fixes: fix },
    },
    expect: [["b", "code 3001 is already used by 3001 a; look-ups return that one"]],
    clean: {
      a: { code: 3001, status: 404, message: "entity not found", fixes: fix },
      b: { code: 3002, status: 409, message: "entity already exists", fixes: fix },
    },
  },
  {
    rule: "duplicate-name",
    trips: {
      unknownApplication: {
        code: 221,
        name: "unknown_application",
        status: 400,
        message: "no such app",
        fixes: fix,
      },
      passwordReused: {
        code: 352,
        name: "unknown_application",
        status: 400,
        message: "password reused",
        fixes: fix,
      },
    },
    expect: [["passwordReused", 'name "unknown_application" is already used by 221 unknown_application']],
    clean: {
      unknownApplication: {
        code: 221,
        name: "unknown_application",
        status: 400,
        message: "no such app",
        fixes: fix,
      },
      passwordReused: {
        code: 352,
        name: "password_reused",
        status: 400,
        message: "password reused",
        fixes: fix,
      },
    },
  },
  {
    rule: "family-range",
    trips: {
      dataFormat: { code: 340, status: 400, message: "bad format", fixes: fix },
      misfiled: { code: 352, status: 400, message: "filed under 340", parent: 340, fixes: fix },
      family2006: { code: 2006, status: 409, message: "saving", fixes: fix },
      wrongPrefix: { code: 300701, status: 409, message: "x", parent: 2006, fixes: fix },
    },
    expect: [
      [
        "misfiled",
        "code 352 is outside the range of its family 340 dataFormat (341–349 or codes starting with 340)",
      ],
      [
        "wrongPrefix",
        "code 300701 is outside the range of its family 2006 family2006 (codes starting with 2006)",
      ],
    ],
    clean: {
      dataFormat: { code: 340, status: 400, message: "bad format", fixes: fix },
      jsonType: { code: 341, status: 400, message: "bad type", parent: 340, fixes: fix },
      family2006: { code: 2006, status: 409, message: "saving", fixes: fix },
      uspta: { code: 200601, status: 409, message: "uspta", parent: 2006, fixes: fix },
    },
  },
  {
    rule: "catch-all-status",
    trips: {
      unexpected: { code: 500, name: "unexpected_error", status: 500, message: "unexpected", fixes: fix },
      apiLimit: { code: 510, name: "api_limit_error", status: 429, message: "limit", fixes: fix },
      saving: { code: 2006, status: 500, message: "saving", fixes: fix },
      uspta: { code: 200601, status: 409, message: "uspta", fixes: fix },
    },
    expect: [
      ["apiLimit", "status 429 (4xx) disagrees with its catch-all 500 unexpected_error (status 500)"],
      ["uspta", "status 409 (4xx) disagrees with its family 2006 saving (status 500)"],
    ],
    clean: {
      unexpected: { code: 500, name: "unexpected_error", status: 500, message: "unexpected", fixes: fix },
      triggered: { code: 540, name: "triggered_error", status: 500, message: "triggered", fixes: fix },
      saving: { code: 2006, status: 409, message: "saving", fixes: fix },
      uspta: { code: 200601, status: 409, message: "uspta", fixes: fix },
    },
  },
  {
    rule: "client-error-as-5xx",
    trips: {
      invalidCode: { status: 500, message: "Invalid authorization code", fixes: fix },
      codeMissing: { status: 500, message: "An authorization code must be supplied", fixes: fix },
      redirect: { status: 500, message: "Redirect URI mismatch.", fixes: fix },
      notFound: { code: "record_gone", status: 503, message: "Record does not exist", fixes: fix },
      tagged: { status: 502, message: "Computer says no", tags: ["validation"], fixes: fix },
    },
    expect: [
      ["invalidCode", 'status 500 for a client mistake (authentication: "authorization code")'],
      ["codeMissing", 'authentication: "authorization code"'],
      ["redirect", 'authentication: "Redirect URI"'],
      ["notFound", 'not found: "does not exist"'],
      ["tagged", 'tagged "validation"'],
    ],
    clean: {
      invalidCode: { status: 400, message: "Invalid authorization code", fixes: fix },
      unexpected: { status: 500, message: "Unexpected internal error", fixes: fix },
      // Seed 003's 4005: the server's own token for a backend call is a server problem.
      backend: { code: 4005, status: 500, message: "backend system token is invalid", fixes: fix },
      upstream: { status: 502, message: "Invalid response from the upstream server", fixes: fix },
      maintenance: {
        status: 503,
        message: "The operation has been temporarily disabled for maintenance",
        fixes: fix,
      },
    },
  },
  {
    rule: "leaks-internals",
    trips: {
      hibernate: {
        status: 400,
        message:
          "Cannot create ORCID org.hibernate.TransientObjectException: object references an unsaved transient instance",
        fixes: fix,
      },
      jsError: {
        status: 500,
        message: "TypeError: Cannot read properties of undefined (reading 'id')",
        fixes: fix,
      },
      frame: { status: 500, message: "failed at Repo.find (/srv/app/repo.js:12:5)", fixes: fix },
      sql: { status: 500, message: "SELECT * FROM users WHERE id = {id}", fixes: fix },
      host: {
        status: 502,
        message: "Could not resolve host: Bearer; nodename nor servname provided, or not known",
        fixes: fix,
      },
      internalHost: { status: 502, message: "db01.prod.internal refused", fixes: fix },
      path: { status: 500, message: "cannot open /var/lib/app/data.db", fixes: fix },
      userMsg: { status: 400, message: "Bad input", userMessage: "NullPointerException", fixes: fix },
    },
    expect: [
      ["hibernate", 'message leaks internals: a Java class name "org.hibernate.TransientObjectException"'],
      [
        "jsError",
        'an exception class name "TypeError"; a JavaScript runtime error "Cannot read properties of undefined"',
      ],
      ["frame", 'a stack frame "at Repo.find (/srv/app/repo.js:12:5)"'],
      ["sql", 'an SQL statement "SELECT * FROM'],
      ["host", 'a network error "Could not resolve host"'],
      ["internalHost", 'a host name "db01.prod.internal"'],
      ["path", 'a file path "/var/"'],
      ["userMsg", 'an exception class name "NullPointerException" in userMessage'],
    ],
    clean: {
      prolog: { status: 400, message: "Content is not allowed in prolog", fixes: fix },
      premature: { status: 400, message: "Premature end of file", fixes: fix },
      exception: { status: 400, message: "Exception: unexpected element", fixes: fix },
      select: { status: 400, message: "Select a plan from the list first", fixes: fix },
      scope: { status: 403, message: "Insufficient or wrong scope: /activities/update", fixes: fix },
      publicHost: { status: 405, message: "Post to the Member API (api.sandbox.orcid.org)", fixes: fix },
    },
  },
  {
    rule: "param-undeclared",
    trips: {
      user: { status: 401, message: "WSKey is invalid", userMessage: "Key {wskey} is invalid", fixes: fix },
      locale: {
        status: 401,
        message: "WSKey {wskey} is invalid",
        messages: { fr: "Clé {wskey} invalide ({when})" },
        fixes: fix,
      },
    },
    expect: [
      ["user", "userMessage uses {wskey}, not declared by message (declares none)"],
      ["locale", "messages.fr uses {when}, not declared by message (declares {wskey})"],
    ],
    clean: {
      user: {
        status: 401,
        message: "WSKey {wskey} is invalid",
        userMessage: "Your key is invalid",
        fixes: fix,
      },
      locale: {
        status: 401,
        message: "WSKey {wskey} is invalid",
        messages: { fr: "Clé {wskey} invalide" },
        fixes: fix,
      },
    },
  },
  {
    rule: "param-unused",
    trips: {
      locale: {
        status: 401,
        message: "Timestamp {timestamp} is not within 5 minutes of {currentTimestamp}",
        messages: {
          fr: "Horodatage {timestamp} hors délai",
          de: "Zeitstempel {timestamp} zu alt, jetzt {currentTimestamp}",
        },
        fixes: fix,
      },
    },
    expect: [["locale", "declared but unused: messages.fr leaves out {currentTimestamp}"]],
    clean: {
      locale: {
        status: 401,
        message: "Timestamp {timestamp} is not within 5 minutes of {currentTimestamp}",
        userMessage: "Your clock is off",
        messages: { fr: "Horodatage {timestamp} hors délai (maintenant {currentTimestamp})" },
        fixes: fix,
      },
    },
  },
  {
    rule: "missing-fix",
    trips: {
      none: { status: 404, message: "not found" },
      empty: { status: 404, message: "gone", fixes: [] },
      blank: { status: 404, message: "away", fixes: ["  "] },
    },
    expect: [
      ["none", "no fix text"],
      ["empty", "no fix text"],
      ["blank", "no fix text"],
    ],
    clean: { one: { status: 404, message: "not found", fixes: fix } },
  },
  {
    rule: "status-range",
    trips: {
      moved: { status: 301, message: "This ORCID iD has been deprecated", fixes: fix },
      ok: { status: 200, message: "stat error", fixes: fix },
    },
    expect: [
      ["moved", "status 301 is not an error status (expected 400–599)"],
      ["ok", "status 200 is not an error status"],
    ],
    clean: {
      low: { status: 400, message: "bad", fixes: fix },
      high: { status: 599 as 500, message: "odd", fixes: fix },
    },
  },
  {
    rule: "unknown-parent",
    trips: {
      orphan: { code: 352, status: 400, message: "x", parent: 999, fixes: fix },
      a: { code: "a", status: 400, message: "a", parent: "b", fixes: fix },
      b: { code: "b", status: 400, message: "b", parent: "a", fixes: fix },
    },
    expect: [
      ["orphan", "parent 999 is not a code or name in catalog t"],
      ["a", 'parent "b" leads back to this entry'],
      ["b", 'parent "a" leads back to this entry'],
    ],
    clean: {
      a: { code: "a", status: 400, message: "a", fixes: fix },
      b: { code: "b", status: 400, message: "b", parent: "a", fixes: fix },
    },
  },
  {
    rule: "param-name",
    trips: {
      empty: { status: 400, message: "Send {} as the body", fixes: fix },
      json: { status: 400, message: 'Expected {"a":1}', fixes: fix },
    },
    expect: [
      ["empty", 'not a parameter name: "{}" in message'],
      ["json", 'not a parameter name: "{\\"a\\":1}" in message'],
    ],
    clean: { ok: { status: 400, message: "WSKey {WSKey} at {timestamp} for {service.name}", fixes: fix } },
  },
];

function ruleById(id: string): LintRule {
  const r = lintRules.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
}

describe("lint rules", () => {
  it("has a trip/clean case for every rule, and every rule has an id and a one-line explanation", () => {
    expect(new Set(cases.map((c) => c.rule))).toEqual(new Set(lintRules.map((r) => r.id)));
    for (const r of lintRules) {
      expect(r.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(r.explanation.length).toBeGreaterThan(20);
      expect(r.explanation).not.toContain("\n");
    }
    expect(new Set(lintRules.map((r) => r.id)).size).toBe(lintRules.length);
  });

  for (const c of cases) {
    describe(c.rule, () => {
      const rule = ruleById(c.rule);
      it("trips on the catalog that has the mistake", () => {
        const catalog = defineCatalog({ id: "t", ...(c.families ? { families: c.families } : {}) }, c.trips);
        const found = lintCatalog(catalog, { rules: [rule] });
        expect(found.map((f) => f.key)).toEqual(c.expect.map(([k]) => k));
        found.forEach((f, i) => {
          expect(f.rule).toBe(c.rule);
          expect(f.message).toContain(c.expect[i]?.[1]);
        });
      });
      it("stays quiet on the catalog that does not", () => {
        const catalog = defineCatalog({ id: "t", ...(c.families ? { families: c.families } : {}) }, c.clean);
        expect(lintCatalog(catalog, { rules: [rule] })).toEqual([]);
        // The clean catalogs are clean for every rule, so each case isolates its own rule.
        expect(lintCatalog(catalog).map((f) => `${f.key}: ${f.rule}`)).toEqual([]);
      });
    });
  }

  it("family-range follows the catalog's family rules", () => {
    const specs = {
      family2006: { code: 2006, status: 409, message: "saving", fixes: fix },
      uspta: { code: 200601, status: 409, message: "uspta", parent: 2006, fixes: fix },
    } as const;
    const rule = ruleById("family-range");
    expect(lintCatalog(defineCatalog({ id: "t" }, specs), { rules: [rule] })).toEqual([]);
    const noPrefix = defineCatalog({ id: "t", families: { prefix: false } }, specs);
    expect(lintCatalog(noPrefix, { rules: [rule] }).map((f) => f.key)).toEqual(["uspta"]);
    const none = defineCatalog({ id: "t", families: { prefix: false, catchAll: false } }, specs);
    expect(lintCatalog(none, { rules: [rule] })).toEqual([]);
  });
});
