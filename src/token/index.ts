/**
 * Request tokens: 16 characters of `[A-Za-z0-9]` from a cryptographic source (CONTRACT §3;
 * seed 001's `request_token` is "a generated string of 16 characters").
 *
 * Cheap by design: one `randomFillSync` fills a pool of 16 KiB at a time; the pool's bytes are
 * mapped to the alphabet once, with rejection sampling (bytes ≥ 248 are dropped, since 248 = 4·62)
 * so every character is uniform. The mapped pool becomes one string, and a token is a 16-char slice
 * of it (no per-token buffer decoding): ~95 bits of entropy each.
 * @module
 */
import { randomFillSync } from "node:crypto";

const ALPHABET = Buffer.from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "latin1");
const TOKEN_LENGTH = 16;
const POOL_SIZE = 16 * 1024;

const raw = Buffer.allocUnsafe(POOL_SIZE);
const pool = Buffer.allocUnsafe(POOL_SIZE);
let text = "";
let available = 0;
let offset = 0;

/** byte → alphabet char code, or 0 for the rejected bytes 248–255 (248 = 4 × 62: b % 62 is uniform below it). */
const MAP = new Uint8Array(256);
for (let b = 0; b < 248; b++) MAP[b] = ALPHABET[b % 62] as number;

function refill(): void {
  randomFillSync(raw);
  let n = 0;
  for (let i = 0; i < POOL_SIZE; i++) {
    const c = MAP[raw[i] as number] as number;
    if (c !== 0) pool[n++] = c;
  }
  // Drop the tail that cannot make a whole token.
  available = n - (n % TOKEN_LENGTH);
  text = pool.toString("latin1", 0, available);
  offset = 0;
  raw.fill(0);
  pool.fill(0);
}

/** A fresh request token (16 chars, [A-Za-z0-9]). */
export function requestToken(): string {
  if (offset >= available) refill();
  const t = text.slice(offset, offset + TOKEN_LENGTH);
  offset += TOKEN_LENGTH;
  return t;
}

const TOKEN_RE = /^[A-Za-z0-9]{16}$/;

/** True when `s` has the shape of a request token. */
export function isRequestToken(s: unknown): s is string {
  return typeof s === "string" && TOKEN_RE.test(s);
}
