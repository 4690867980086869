/**
 * Example responses for the docs: each entry rendered by the real formats its catalog is served
 * in (`CatalogOptions.formats`, resolved through the format registry), through the same
 * `createErrata().handle()` path a server uses — so the docs can never show a body the server
 * would not send. A format the registry does not know is shown as problem+json, with a note.
 * @module
 */
import type { AnyCatalog } from "../catalog/define.js";
import { reasonPhrase } from "../catalog/status.js";
import type { CatalogEntry, CatalogInfo } from "../catalog/types.js";
import { createErrata, type Errata } from "../core/errata.js";
import { ErrataError } from "../errors/errata-error.js";
import { problemJson } from "../formats/problem-json/index.js";
import { formatFor } from "../formats/registry.js";
import type { AnyFormat, RequestView } from "../formats/types.js";

/** The request token shown in examples: 16 characters of `[A-Za-z0-9]`, obviously not a real one. */
export const EXAMPLE_TOKEN = "EXAMPLE000000001";

/** A format a catalog is served in, as the docs use it. */
export interface FormatUse {
  /** The format's id (`problem+json`). */
  readonly id: string;
  readonly format: AnyFormat;
  /** What the catalog declared (an id or media type), when it differs from what is used. */
  readonly note: string | null;
}

/** The syntax of a media type, for pretty-printing and for picking a schema. */
export type Syntax = "json" | "xml" | "text";

/** One rendered example. */
export interface ExampleResponse {
  readonly formatId: string;
  readonly mediaType: string;
  readonly syntax: Syntax;
  readonly status: number;
  /** Headers as sent (Content-Type first), without `Vary`. */
  readonly headers: readonly (readonly [string, string])[];
  /** The body as sent. */
  readonly body: string;
  /** The body parsed, for JSON; else the body text. */
  readonly value: unknown;
  /** When the format could not render this entry: why (the example then is absent). */
  readonly failed: string | null;
}

/** The syntax of a media type (`application/vnd.orcid+xml` → xml). */
export function syntaxOf(mediaType: string): Syntax {
  const m = mediaType.toLowerCase().split(";")[0]?.trim() ?? "";
  if (m === "application/json" || m.endsWith("+json")) return "json";
  if (m === "application/xml" || m === "text/xml" || m.endsWith("+xml")) return "xml";
  return "text";
}

/** The formats a catalog is served in: its declared ones that the registry knows, else problem+json. */
export function formatsOf(catalog: CatalogInfo): FormatUse[] {
  const out: FormatUse[] = [];
  for (const declared of catalog.formats) {
    const f = formatFor(declared);
    if (f === undefined) {
      if (!out.some((u) => u.id === "problem+json")) {
        out.push({
          id: "problem+json",
          format: problemJson(),
          note: `"${declared}" is not a built-in format; shown as problem+json`,
        });
      }
      continue;
    }
    if (!out.some((u) => u.id === f.id)) out.push({ id: f.id, format: f, note: null });
  }
  if (out.length === 0) out.push({ id: "problem+json", format: problemJson(), note: null });
  return out;
}

/** Media types worth one example each: the first of each syntax (ORCID: one JSON, one XML). */
export function exampleMediaTypes(format: AnyFormat): string[] {
  const seen = new Set<Syntax>();
  const out: string[] = [];
  for (const m of format.mediaTypes) {
    const s = syntaxOf(m);
    if (!seen.has(s)) {
      seen.add(s);
      out.push(m);
    }
  }
  return out;
}

/** Renders examples for the entries of one catalog; one errata instance per format, reused. */
export class ExampleRenderer {
  private readonly surfaces = new Map<string, { errata: Errata; seen: { error: ErrataError | null } }>();

  constructor(
    private readonly docsBaseUrl: string | null,
    private readonly catalog: AnyCatalog,
  ) {}

  private surface(use: FormatUse): { errata: Errata; seen: { error: ErrataError | null } } {
    let s = this.surfaces.get(use.id);
    if (s === undefined) {
      const seen: { error: ErrataError | null } = { error: null };
      const errata = createErrata({
        formats: [use.format],
        catalogs: [this.catalog],
        docsBaseUrl: this.docsBaseUrl,
        // The observer sees which error was rendered: a format that fails falls back to a generic 500.
        observers: [(_event, error) => (seen.error = error)],
      });
      s = { errata, seen };
      this.surfaces.set(use.id, s);
    }
    return s;
  }

  /** The example response of an entry in one media type of a format. */
  render(entry: CatalogEntry, use: FormatUse, mediaType: string): ExampleResponse {
    const { errata, seen } = this.surface(use);
    const params: Record<string, string> = {};
    for (const n of entry.message.names) params[n] = `{${n}}`;
    for (const n of entry.userMessage?.names ?? []) params[n] = `{${n}}`;
    const error = new ErrataError(entry, params);
    const request: RequestView = {
      method: "GET",
      path: "/example",
      headers: { accept: mediaType },
      token: EXAMPLE_TOKEN,
      route: null,
      bodyText: null,
      clientId: null,
      locals: {},
    };
    seen.error = null;
    const out = errata.handle(error, request);
    const failed = seen.error !== error ? `the ${use.id} format could not render this entry` : null;
    const headers: [string, string][] = [];
    for (let i = 0; i + 1 < out.headers.length; i += 2) {
      const name = out.headers[i] as string;
      if (name.toLowerCase() === "vary") continue;
      headers.push([name, out.headers[i + 1] as string]);
    }
    const ct = headers.find(([n]) => n.toLowerCase() === "content-type")?.[1] ?? mediaType;
    const syntax = syntaxOf(ct);
    let value: unknown = out.body;
    if (syntax === "json" && out.body !== "") {
      try {
        value = JSON.parse(out.body);
      } catch {
        value = out.body;
      }
    }
    return {
      formatId: use.id,
      mediaType,
      syntax,
      status: out.status,
      headers,
      body: out.body,
      value,
      failed,
    };
  }
}

/** The example as an HTTP response text: status line, headers, blank line, body (JSON pretty-printed). */
export function responseText(ex: ExampleResponse): string {
  const lines = [`HTTP/1.1 ${ex.status} ${reasonPhrase(ex.status)}`];
  for (const [n, v] of ex.headers) lines.push(`${n}: ${v}`);
  const body =
    ex.syntax === "json" && typeof ex.value === "object" ? JSON.stringify(ex.value, null, 2) : ex.body;
  return `${lines.join("\n")}\n\n${body}`;
}
