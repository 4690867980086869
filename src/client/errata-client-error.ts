/**
 * The error a client throws for an API error response: carries the normalised error, so callers
 * match on `err.error.code` whatever the API's wire format was.
 * @module
 */
import type { ErrataError } from "../errors/errata-error.js";
import { type DecodeOptions, decodeResponse } from "./decode/index.js";
import type { NormalizedError } from "./normalized-error.js";

/** The `code` of every {@link ErrataClientError} (Node-style error code constant). */
export const ERRATA_CLIENT_ERROR = "ERRATA_CLIENT_ERROR";

/** An HTTP error response, decoded. `error` holds the normalised form (CONTRACT §6). */
export class ErrataClientError extends Error {
  override readonly name = "ErrataClientError";
  /** Always {@link ERRATA_CLIENT_ERROR}; the API's own code is `error.code`. */
  readonly code = ERRATA_CLIENT_ERROR;
  /** The decoded response. */
  readonly error: NormalizedError;
  /** HTTP status of the response (same as `error.status`). */
  readonly status: number;
  /**
   * The catalog error the response stands for (`toCatalogError`), when the client was given the
   * API's catalogs and one knows the code; else null. `is(err, errors.entityNotFound)` uses it.
   */
  readonly catalogError: ErrataError | null;

  constructor(error: NormalizedError, options?: { cause?: unknown; catalogError?: ErrataError | null }) {
    const what = [error.code, error.message].filter((x): x is string => x !== null).join(": ");
    super(`HTTP ${error.status}${what ? ` ${what}` : ""} (${error.format})`, options);
    this.error = error;
    this.status = error.status;
    this.catalogError = options?.catalogError ?? null;
  }

  /** Decodes a response into an error (reads at most 1 MiB of the body; never rejects). */
  static async fromResponse(res: Response, options?: DecodeOptions): Promise<ErrataClientError> {
    return new ErrataClientError(await decodeResponse(res, options));
  }
}

/**
 * True for an {@link ErrataClientError}, also one created by another copy of this module (dual
 * ESM/CJS installs): the check is on the `code` constant and the `error` object, not `instanceof`.
 */
export function isErrataClientError(value: unknown): value is ErrataClientError {
  if (value instanceof ErrataClientError) return true;
  if (!(value instanceof Error)) return false;
  const v = value as Error & { code?: unknown; error?: unknown };
  return v.code === ERRATA_CLIENT_ERROR && typeof v.error === "object" && v.error !== null;
}
