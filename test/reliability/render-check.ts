/**
 * The renderer check of the reliability suite (issue 8): a catalog whose entries use every
 * optional part of every format, raised with hostile parameters, fields, extras and headers,
 * rendered through errata in a format; {@link renderProblems} says what, if anything, is not
 * well-formed (JSON that does not parse, XML the validator refuses, a header Node would refuse).
 * Shared by `formats.test.ts` (bounded) and `npm run stress` (long).
 * @module
 */
import { validateHeaderName, validateHeaderValue } from "node:http";
import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import { defineCatalog } from "../../src/catalog/define.js";
import { createErrata } from "../../src/core/errata.js";
import type { ErrataError } from "../../src/errors/errata-error.js";
import { formatFactories } from "../../src/formats/registry.js";
import type { RenderedError } from "../../src/formats/types.js";
import { hostileShortText as hostileText } from "./hostile-values.js";

export const TOKEN = "AbCdEfGhIjKlMnOp";
export const DOCS = "https://api.example.com/errors";

/** Entries that exercise every optional part of every format. */
export const hostile = defineCatalog(
  { id: "hostile", families: {} },
  {
    templated: {
      code: 4001,
      status: 400,
      message: "Value {v} is not valid for {w}",
      userMessage: "Please check {v}",
      fixes: ["Send another value."],
    },
    invalidRequest: { status: 400, name: "invalid_request", message: "Bad {v}", fixes: ["Fix it."] },
    invalidToken: { status: 401, name: "invalid_token", message: "Token {v} rejected", fixes: ["Renew."] },
    insufficientScope: {
      status: 403,
      name: "insufficient_scope",
      message: "Needs scope {v}",
      fixes: ["Ask for the scope."],
    },
    invalidClient: {
      status: 400,
      name: "invalid_client",
      message: "Client {v} unknown",
      fixes: ["Register."],
    },
    moved: { code: 9007, status: 301, message: "Moved to {v}", fixes: ["Follow Location."] },
    localized: {
      code: 4002,
      status: 422,
      message: "Field {v} is wrong",
      messages: { de: "Feld {v} ist falsch", "fr-CA": "Le champ {v} est faux" },
      fixes: ["Correct the field."],
    },
    unavailable: {
      code: 5031,
      status: 503,
      message: "Down for {v}",
      retryAfter: 30,
      fixes: ["Retry later."],
    },
  },
);

export type Key = Exclude<keyof typeof hostile, "$">;
export const KEYS = Object.keys(hostile).filter((k) => k !== "$") as Key[];

/** An `extra` object with the hostile text as a key and `__proto__` as an own member. */
function extraOf(v: string): Record<string, string> {
  return JSON.parse(JSON.stringify({ [v]: v, __proto__x: v }).replace('"__proto__x"', '"__proto__"'));
}

/** Raises `key` with every hostile part at once. */
export function raise(key: Key, v: unknown, w: unknown, text: string): ErrataError {
  const make = hostile[key] as unknown as (
    params: Record<string, unknown>,
    options: Record<string, unknown>,
  ) => ErrataError;
  const options: Record<string, unknown> = {
    fields: [
      { name: text, message: text, in: "body" },
      { name: text, message: text, in: "query", code: text },
      { name: "__proto__", message: text, in: "header" },
    ],
    also: [hostile.invalidRequest({ v: text })],
    extra: extraOf(text),
  };
  // ORCID's 301: the primary record's path, built from the request (CONTRACT §3.2).
  if (key === "moved") options.headers = { Location: `/orcid/v3.0/${text}/record`, "X-Note": text };
  return make({ v, w }, options);
}

/** Parameter values that are not text at all: objects that cannot be converted, symbols, bigints. */
export const oddParam: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.constantFrom<unknown>(
    { toString: 1 },
    Object.create(null),
    Symbol("s\r\nX-Injected: 1"),
    10n ** 30n,
    Number.NaN,
    -0,
    null,
    undefined,
    ["a", "\r\n"],
    { toString: () => "</detail>]]>\r\nSet-Cookie: a=b" },
    {
      toString() {
        throw new Error("SELECT secret FROM t");
      },
    },
  ),
);

export const hostileLocals: fc.Arbitrary<Record<string, unknown>> = fc.record({
  realm: hostileText,
  scope: fc.oneof(hostileText, fc.array(hostileText, { maxLength: 3 })),
  authScheme: fc.oneof(hostileText, fc.constantFrom("basic", "Bearer", "DPoP")),
  redirectUri: fc.oneof(
    hostileText,
    hostileText.map((t) => `https://client.example/cb?x=${t}`),
    fc.constant(undefined),
  ),
  state: hostileText,
  responseMode: fc.constantFrom("query", "fragment"),
});

/** Checks one rendered error; returns what is wrong (empty when well-formed). */
export function renderProblems(r: RenderedError, mediaType: string): string[] {
  const out: string[] = [];
  if (!Number.isInteger(r.status) || r.status < 100 || r.status > 599) out.push(`status ${r.status}`);
  if (r.headers.length % 2 !== 0) out.push("odd header list");
  let contentType: string | undefined;
  for (let i = 0; i + 1 < r.headers.length; i += 2) {
    const name = r.headers[i] as string;
    const value = r.headers[i + 1] as string;
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch (e) {
      out.push(`header ${name}: ${(e as Error).message} in ${JSON.stringify(value.slice(0, 120))}`);
    }
    if (/[\r\n]/.test(value)) out.push(`header ${name} spans lines`);
    if (name.toLowerCase() === "content-type") contentType = value;
  }
  if (r.body === "") return out;
  if (contentType === undefined) out.push("a body without Content-Type");
  const type = (contentType ?? mediaType).split(";")[0]?.trim() ?? "";
  if (type.endsWith("json")) {
    try {
      JSON.parse(r.body);
    } catch (e) {
      out.push(`JSON: ${(e as Error).message}: ${r.body.slice(0, 200)}`);
    }
  } else if (type.endsWith("xml")) {
    const v = XMLValidator.validate(r.body);
    if (v !== true) out.push(`XML: ${JSON.stringify(v.err)}: ${r.body.slice(0, 200)}`);
  } else {
    out.push(`unexpected Content-Type ${contentType}`);
  }
  return out;
}

/** Result of a fuzz run over one format. */
export interface RenderFuzzResult {
  readonly format: string;
  readonly cases: number;
  readonly failures: number;
  readonly findings: readonly string[];
  /** Slowest single render, in ms. */
  readonly worstMs: number;
}

/**
 * Renders `runs` generated hostile errors in format `id` (every media type of it) and checks
 * each; never throws, reports instead.
 */
export function runRenderFuzz(id: string, runs: number, seed?: number): RenderFuzzResult {
  const make = formatFactories[id];
  if (make === undefined) throw new Error(`no format ${id}`);
  const format = make();
  const errata = createErrata({ formats: [format], catalogs: [hostile], docsBaseUrl: DOCS });
  let cases = 0;
  let failures = 0;
  let worstMs = 0;
  const findings: string[] = [];
  const samples = fc.sample(
    fc.tuple(
      fc.constantFrom(...KEYS),
      oddParam,
      oddParam,
      hostileText,
      hostileLocals,
      fc.constantFrom("GET", "POST", "PUT", "HEAD"),
    ),
    { numRuns: runs, ...(seed !== undefined ? { seed } : {}) },
  );
  for (const [key, v, w, text, loc, method] of samples) {
    for (const mediaType of format.mediaTypes) {
      cases++;
      try {
        const t = performance.now();
        const r = errata.handle(raise(key, v, w, text), {
          method,
          path: `/${text}`,
          headers: { accept: mediaType, "accept-language": `${text}, de;q=0.5` },
          token: TOKEN,
          bodyText: text,
          locals: loc,
        });
        worstMs = Math.max(worstMs, performance.now() - t);
        const found = renderProblems(r, mediaType);
        if (found.length > 0) {
          failures++;
          if (findings.length < 5) findings.push(`${key} as ${mediaType}: ${found.join("; ")}`);
        }
      } catch (e) {
        failures++;
        if (findings.length < 5) findings.push(`${key} as ${mediaType}: threw ${String(e)}`);
      }
    }
  }
  return { format: id, cases, failures, findings, worstMs: Math.round(worstMs * 10) / 10 };
}
