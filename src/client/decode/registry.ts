/**
 * The recogniser registry: one recogniser per error shape, tried in order. A recogniser looks at
 * the parsed body (JSON object, XML root element or plain text) or, when no body shape matched,
 * at the headers alone. Each does a cheap key-presence check first and returns `undefined` when
 * the shape is not its own, so dispatch costs a few property reads per recogniser — no
 * try/catch per attempt, no re-parsing (issue 9: decoding ≤ 1.5× `JSON.parse`).
 * @module
 */
import type { NormalizedFieldError } from "../normalized-error.js";
import type { XmlElement } from "./safe-xml.js";
import type { JsonObject } from "./values.js";

/** What a recogniser can see besides the body. */
export interface DecodeContext {
  /** HTTP status received. */
  readonly status: number;
  /** Media type of the response, lower-cased, without parameters (`application/problem+json`), or "". */
  readonly contentType: string;
  /** A response header by lower-case name (repeated headers joined with ", "), or undefined. */
  header(name: string): string | undefined;
}

/** What a recogniser found; anything left out is filled from the headers or left null. */
export interface Recognition {
  /** Overrides the recogniser's `format` (e.g. an S3-style XML error from Azure Storage is `azure`). */
  readonly format?: string;
  readonly code?: string | null;
  readonly name?: string | null;
  readonly message?: string | null;
  readonly detail?: string | null;
  readonly requestId?: string | null;
  /** A retry hint found in the body (Google RetryInfo); headers take precedence. */
  readonly retryAfterSeconds?: number | null;
  readonly fields?: readonly NormalizedFieldError[];
  /** True when the body itself says the request may succeed later (throttling codes on HTTP 200/400). */
  readonly retryable?: boolean;
}

/** Recognises a JSON body (an object; for a top-level array, its first object element). */
export interface JsonRecognizer {
  readonly kind: "json";
  /** The `format` name reported when this recogniser matches (CONTRACT §6). */
  readonly format: string;
  recognize(body: JsonObject, ctx: DecodeContext): Recognition | undefined;
}

/** Recognises an XML body by its root element. */
export interface XmlRecognizer {
  readonly kind: "xml";
  readonly format: string;
  /**
   * Local names of the root elements this recogniser handles. When every recogniser lists its
   * roots, a body with another root (an HTML page, a 1 MiB feed) is not parsed at all.
   */
  readonly roots?: readonly string[];
  recognize(root: XmlElement, ctx: DecodeContext): Recognition | undefined;
}

/** Recognises a body that is neither JSON nor XML (the text is at most 1 MiB). */
export interface TextRecognizer {
  readonly kind: "text";
  readonly format: string;
  recognize(text: string, ctx: DecodeContext): Recognition | undefined;
}

/** Recognises an error from the headers alone; tried only when no body recogniser matched. */
export interface HeaderRecognizer {
  readonly kind: "headers";
  readonly format: string;
  recognize(ctx: DecodeContext): Recognition | undefined;
}

/** Any recogniser. */
export type Recognizer = JsonRecognizer | XmlRecognizer | TextRecognizer | HeaderRecognizer;

/** Where `registerRecognizer` puts a recogniser: before the built-ins (default) or after them. */
export interface RegisterOptions {
  readonly position?: "first" | "last";
}

interface Lists {
  json: JsonRecognizer[];
  xml: XmlRecognizer[];
  text: TextRecognizer[];
  headers: HeaderRecognizer[];
}

/** Built-ins, in order; user recognisers are spliced in around them. */
const builtin: Lists = { json: [], xml: [], text: [], headers: [] };
/** User recognisers (run inside a try/catch: a faulty plug-in must not make decoding throw). */
const custom = { first: new Set<Recognizer>(), last: new Set<Recognizer>() };

/** @internal Called once by ./recognizers/builtin.ts. */
export function setBuiltinRecognizers(list: readonly Recognizer[]): void {
  builtin.json = [];
  builtin.xml = [];
  builtin.text = [];
  builtin.headers = [];
  for (const r of list) pushByKind(builtin, r);
}

function pushByKind(l: Lists, r: Recognizer): void {
  switch (r.kind) {
    case "json":
      l.json.push(r);
      break;
    case "xml":
      l.xml.push(r);
      break;
    case "text":
      l.text.push(r);
      break;
    case "headers":
      l.headers.push(r);
      break;
  }
}

/**
 * Adds a recogniser for a shape errata does not know. By default it runs before the built-ins
 * (so it can also override one); `{ position: "last" }` makes it a fallback. Returns a function
 * that removes it again.
 */
export function registerRecognizer(recognizer: Recognizer, options: RegisterOptions = {}): () => void {
  const set = options.position === "last" ? custom.last : custom.first;
  set.add(recognizer);
  return () => {
    set.delete(recognizer);
  };
}

/** The matched recogniser's result, with its format resolved. */
export interface Match {
  readonly format: string;
  readonly recognition: Recognition;
}

function runCustom<T>(
  set: ReadonlySet<Recognizer>,
  kind: Recognizer["kind"],
  call: (r: Recognizer) => T,
): T | undefined {
  for (const r of set) {
    if (r.kind !== kind) continue;
    try {
      const out = call(r);
      if (out !== undefined) return out;
    } catch {
      // A custom recogniser that throws is treated as "not mine": decoding never throws.
    }
  }
  return undefined;
}

function match(r: Recognizer, rec: Recognition | undefined): Match | undefined {
  return rec === undefined ? undefined : { format: rec.format ?? r.format, recognition: rec };
}

/** Runs the JSON recognisers in order; `preferred` (from the Content-Type) is tried first. */
export function recognizeJson(
  body: JsonObject,
  ctx: DecodeContext,
  preferred?: JsonRecognizer,
): Match | undefined {
  if (custom.first.size > 0) {
    const m = runCustom(custom.first, "json", (r) => match(r, (r as JsonRecognizer).recognize(body, ctx)));
    if (m) return m;
  }
  if (preferred) {
    const rec = preferred.recognize(body, ctx);
    if (rec) return { format: rec.format ?? preferred.format, recognition: rec };
  }
  const list = builtin.json;
  for (let i = 0; i < list.length; i++) {
    const r = list[i]!;
    if (r === preferred) continue;
    const rec = r.recognize(body, ctx);
    if (rec) return { format: rec.format ?? r.format, recognition: rec };
  }
  if (custom.last.size > 0) {
    return runCustom(custom.last, "json", (r) => match(r, (r as JsonRecognizer).recognize(body, ctx)));
  }
  return undefined;
}

/** True when some XML recogniser may handle a document whose root element has this local name. */
export function xmlRootWanted(local: string): boolean {
  for (const set of [custom.first, custom.last]) {
    for (const r of set)
      if (r.kind === "xml" && (r.roots === undefined || r.roots.includes(local))) return true;
  }
  for (const r of builtin.xml) if (r.roots === undefined || r.roots.includes(local)) return true;
  return false;
}

/** Runs the XML recognisers in order. */
export function recognizeXml(root: XmlElement, ctx: DecodeContext): Match | undefined {
  const m = runCustom(custom.first, "xml", (r) => match(r, (r as XmlRecognizer).recognize(root, ctx)));
  if (m) return m;
  for (const r of builtin.xml) {
    const rec = r.recognize(root, ctx);
    if (rec) return { format: rec.format ?? r.format, recognition: rec };
  }
  return runCustom(custom.last, "xml", (r) => match(r, (r as XmlRecognizer).recognize(root, ctx)));
}

/** Runs the text recognisers (none are built in) in order. */
export function recognizeText(text: string, ctx: DecodeContext): Match | undefined {
  const m = runCustom(custom.first, "text", (r) => match(r, (r as TextRecognizer).recognize(text, ctx)));
  if (m) return m;
  for (const r of builtin.text) {
    const rec = r.recognize(text, ctx);
    if (rec) return { format: rec.format ?? r.format, recognition: rec };
  }
  return runCustom(custom.last, "text", (r) => match(r, (r as TextRecognizer).recognize(text, ctx)));
}

/** Runs the header-only recognisers (the RFC 6750 Bearer challenge is the built-in one). */
export function recognizeHeaders(ctx: DecodeContext): Match | undefined {
  const m = runCustom(custom.first, "headers", (r) => match(r, (r as HeaderRecognizer).recognize(ctx)));
  if (m) return m;
  for (const r of builtin.headers) {
    const rec = r.recognize(ctx);
    if (rec) return { format: rec.format ?? r.format, recognition: rec };
  }
  return runCustom(custom.last, "headers", (r) => match(r, (r as HeaderRecognizer).recognize(ctx)));
}
