/**
 * RFC 6750 §3 Bearer challenges: `WWW-Authenticate: Bearer realm="…", error="…",
 * error_description="…", error_uri="…", scope="…"` (and the same attributes on DPoP challenges,
 * RFC 9449 §7.1). Recognised from the headers when the body matched nothing; when a body did
 * match, the challenge still fills a missing code or message (see ../index.ts).
 *
 * Mapping: `code` ← `error` (null when the request had no credentials: RFC 6750 §3.1 says the
 * challenge then carries no error); `message` ← `error_description`.
 * @module
 */
import { type AuthChallenge, parseChallenges } from "../auth-challenge.js";
import type { DecodeContext, HeaderRecognizer, Recognition } from "../registry.js";

/** The first Bearer (or DPoP) challenge in the response, or null. */
export function bearerChallenge(ctx: DecodeContext): AuthChallenge | null {
  const h = ctx.header("www-authenticate");
  if (h === undefined) return null;
  // Cheap reject before parsing: most challenges on error responses are not Bearer.
  const lower = h.slice(0, 16 * 1024).toLowerCase();
  if (lower.indexOf("bearer") < 0 && lower.indexOf("dpop") < 0) return null;
  for (const c of parseChallenges(h)) if (c.scheme === "bearer" || c.scheme === "dpop") return c;
  return null;
}

/** The challenge's error as a recognition. */
export function challengeRecognition(c: AuthChallenge): Recognition {
  const error = c.params.get("error");
  const description = c.params.get("error_description");
  return {
    code: error !== undefined && error.length > 0 ? error : null,
    name: null,
    message: description !== undefined && description.length > 0 ? description : null,
    detail: null,
  };
}

/** The `bearer-challenge` recogniser (header-only). */
export const bearerChallengeRecognizer: HeaderRecognizer = {
  kind: "headers",
  format: "bearer-challenge",
  recognize(ctx) {
    const c = bearerChallenge(ctx);
    return c ? challengeRecognition(c) : undefined;
  },
};
