/**
 * A field error: one problem with one input (seed 003's `subject`/`subjectType`; RFC 9457 §3's
 * `errors[]` with a JSON `pointer`). Many travel in one ErrataError.
 * @module
 */

/** Where the faulty input was. Seed 003 uses "parameter"; errata adds the others. */
export type FieldLocation = "parameter" | "body" | "query" | "header" | "path";

export interface FieldError {
  /** Field name or JSON pointer (`firstName`, `/address/zip`). */
  readonly name: string;
  /** What is wrong with it. */
  readonly message: string;
  /** A catalog code for this field's problem, when it differs from the error's own code. */
  readonly code?: number | string;
  /** Where the field was; defaults to the format's choice (entity API: "parameter"). */
  readonly in?: FieldLocation;
}
