/**
 * Message templates with named parameters: `"WSKey {wskey} is invalid"` (seed 002 writes them as
 * `{WSKey}`, `{timestamp}`). The parameter names are inferred by the type system, so a missing or
 * misspelt parameter is a compile error; at run time a template is split once into static parts.
 * @module
 */

/** The parameter names of a template string, as a union of string literals. */
export type TemplateParams<S extends string> = S extends `${string}{${infer P}}${infer R}`
  ? P | TemplateParams<R>
  : never;

/** A value a template parameter may take. */
export type ParamValue = string | number | bigint | boolean;

/** The params object a template needs: every name required. */
export type ParamsOf<S extends string> = { readonly [K in TemplateParams<S>]: ParamValue };

/** A template split once: `parts[0] + p[names[0]] + parts[1] + …`. */
export interface CompiledTemplate {
  readonly source: string;
  readonly parts: readonly string[];
  readonly names: readonly string[];
}

const PARAM = /\{([^{}]*)\}/g;

/** Splits a template once. Braces that do not enclose a name are parameters too (lint flags odd names). */
export function compileTemplate(source: string): CompiledTemplate {
  const parts: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const m of source.matchAll(PARAM)) {
    parts.push(source.slice(last, m.index));
    names.push(m[1] ?? "");
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(source.slice(last));
  return { source, parts, names };
}

/** The parameter names a template uses, in order of first use. */
export function templateNames(source: string): string[] {
  return [...new Set(compileTemplate(source).names)];
}

/**
 * A parameter value as text. Values often come from requests (a JSON-parsed `{"toString":1}`
 * cannot be converted, nor can a null-prototype object): such a value renders as nothing rather
 * than making the error itself throw while it is being rendered.
 */
function paramText(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === undefined || v === null) return "";
  try {
    return String(v);
  } catch {
    return "";
  }
}

/**
 * Fills a compiled template. A missing value renders as the empty string rather than throwing:
 * a typo in a JS (untyped) caller must not turn a 4xx into a 500.
 */
export function fillTemplate(
  t: CompiledTemplate,
  params: Readonly<Record<string, unknown>> | undefined,
): string {
  const { parts, names } = t;
  if (names.length === 0) return parts[0] ?? "";
  let out = parts[0] ?? "";
  for (let i = 0; i < names.length; i++) {
    out += paramText(params?.[names[i] ?? ""]) + (parts[i + 1] ?? "");
  }
  return out;
}
