/**
 * Request tokens: 16 characters of `[A-Za-z0-9]` from a cryptographic source (CONTRACT §3;
 * seed 001's `request_token` is "a generated string of 16 characters").
 *
 * Cheap by design: one `randomFillSync` fills a pool of 16 KiB at a time; the pool's bytes are
 * mapped to the alphabet once, with rejection sampling (bytes ≥ 248 are dropped, since 248 = 4·62)
 * so every character is uniform. A token is then a latin1 slice of the pool: ~95 bits of entropy.
 * @module
 */
import { randomFillSync } from "node:crypto";

const ALPHABET = Buffer.from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "latin1");
const TOKEN_LENGTH = 16;
const POOL_SIZE = 16 * 1024;

const raw = Buffer.allocUnsafe(POOL_SIZE);
const pool = Buffer.allocUnsafe(POOL_SIZE);
let available = 0;
let offset = 0;

function refill(): void {
  randomFillSync(raw);
  let n = 0;
  for (let i = 0; i < POOL_SIZE; i++) {
    const b = raw[i] as number;
    // Rejection sampling: 248 = 4 × 62, so b % 62 is uniform over the kept bytes.
    if (b < 248) pool[n++] = ALPHABET[b % 62] as number;
  }
  // Drop the tail that cannot make a whole token.
  available = n - (n % TOKEN_LENGTH);
  offset = 0;
  raw.fill(0);
}

/** A fresh request token (16 chars, [A-Za-z0-9]). */
export function requestToken(): string {
  if (offset >= available) refill();
  const t = pool.toString("latin1", offset, offset + TOKEN_LENGTH);
  offset += TOKEN_LENGTH;
  return t;
}

const TOKEN_RE = /^[A-Za-z0-9]{16}$/;

/** True when `s` has the shape of a request token. */
export function isRequestToken(s: unknown): s is string {
  return typeof s === "string" && TOKEN_RE.test(s);
}
