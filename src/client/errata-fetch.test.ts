/** createErrataFetch against a scripted fetch: what throws, what is matched, what is retried and how long it waits. */
import { describe, expect, it } from "vitest";
import { entityApiErrors } from "../../examples/entity-api/catalog.js";
import { identityCloudErrors } from "../../examples/identity-cloud/catalog.js";
import { is } from "../catalog/match.js";
import { ErrataClientError } from "./errata-client-error.js";
import { createErrataFetch } from "./errata-fetch.js";
import type { FetchLike } from "./retry.js";

const JSON_TYPE = { "content-type": "application/json" };

/** A fetch answering from a script, recording each call's method. */
function scripted(...responses: Array<() => Response>) {
  const calls: string[] = [];
  const fetch: FetchLike = async (input, init) => {
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    calls.push(method);
    if (input instanceof Request) await input.text(); // a body can be read once per Request
    const next = responses[Math.min(calls.length - 1, responses.length - 1)];
    if (!next) throw new Error("no response scripted");
    return next();
  };
  return { fetch, calls };
}

/** Records the waits instead of waiting. */
function sleeps() {
  const waited: number[] = [];
  return { waited, sleep: async (ms: number) => void waited.push(ms) };
}

const notFound = () =>
  new Response('{"errors":[{"errorCode":3001,"message":"entity not found"}]}', {
    status: 404,
    headers: { ...JSON_TYPE, "x-request-id": "AbCdEfGh12345678" },
  });
const unavailable = (retryAfter?: string) => () =>
  new Response("busy", { status: 503, headers: retryAfter ? { "retry-after": retryAfter } : {} });
const ok = () => new Response('{"id":1}', { status: 200, headers: JSON_TYPE });
const limited = () =>
  new Response(
    '{"stat":"error","code":510,"error":"api_limit_error","error_description":"rate limit exceeded","request_token":"Tok0000000000000"}',
    { status: 200, headers: { ...JSON_TYPE, "retry-after": "7" } },
  );

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
}

describe("createErrataFetch: what is an error", () => {
  it("passes successes through with their body unread", async () => {
    const { fetch } = scripted(ok);
    const res = await createErrataFetch({ fetch })("http://api.test/x");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"id":1}');
    const ic = scripted(() => new Response('{"stat":"ok","result":{}}', { status: 200, headers: JSON_TYPE }));
    expect(await (await createErrataFetch({ fetch: ic.fetch })("http://api.test/x")).json()).toEqual({
      stat: "ok",
      result: {},
    });
  });

  it("throws an ErrataClientError for a 4xx, decoded and matched to the catalog", async () => {
    const { fetch, calls } = scripted(notFound);
    const err = await rejection(
      createErrataFetch({ fetch, catalogs: [entityApiErrors] })("http://api.test/e/9"),
    );
    expect(err).toBeInstanceOf(ErrataClientError);
    const e = err as ErrataClientError;
    expect(e.status).toBe(404);
    expect(e.error).toMatchObject({ format: "entity-api", code: "3001", requestId: "AbCdEfGh12345678" });
    expect(e.catalogError?.key).toBe("entityNotFound");
    expect(is(e, entityApiErrors.entityNotFound)).toBe(true);
    expect(calls).toEqual(["GET"]); // a 404 is not retried
    const bare = (await rejection(createErrataFetch({ fetch })("http://api.test/e/9"))) as ErrataClientError;
    expect(bare.catalogError).toBeNull();
  });

  it("HTTP 200 errors: Identity Cloud's stat:error and Slack's ok:false; the check can be turned off", async () => {
    const ic = scripted(limited);
    const err = (await rejection(
      createErrataFetch({ fetch: ic.fetch, catalogs: identityCloudErrors, retry: false })(
        "http://api.test/entity",
      ),
    )) as ErrataClientError;
    expect(err.status).toBe(200);
    expect(err.error).toMatchObject({ format: "identity-cloud", code: "510", retryAfterSeconds: 7 });
    expect(is(err, identityCloudErrors.apiLimitError)).toBe(true);
    const slack = scripted(
      () => new Response('{"ok":false,"error":"channel_not_found"}', { status: 200, headers: JSON_TYPE }),
    );
    const s = (await rejection(
      createErrataFetch({ fetch: slack.fetch })("http://api.test/chat"),
    )) as ErrataClientError;
    expect(s.error).toMatchObject({ format: "slack", code: "channel_not_found" });
    const off = scripted(limited);
    const res = await createErrataFetch({ fetch: off.fetch, bodyErrorFormats: [] })("http://api.test/entity");
    expect((await res.json()).stat).toBe("error");
    // A GitHub-shaped success body is not an error: only the listed formats count on a 2xx.
    const gh = scripted(() => new Response('{"message":"hello"}', { status: 200, headers: JSON_TYPE }));
    expect((await createErrataFetch({ fetch: gh.fetch })("http://api.test/x")).status).toBe(200);
  });
});

describe("createErrataFetch: retries", () => {
  it("waits Retry-After, then succeeds", async () => {
    const { fetch, calls } = scripted(unavailable("2"), ok);
    const { waited, sleep } = sleeps();
    const res = await createErrataFetch({ fetch, retry: { sleep } })("http://api.test/x");
    expect(res.status).toBe(200);
    expect(calls).toEqual(["GET", "GET"]);
    expect(waited).toEqual([2000]);
  });

  it("caps the hint at maxDelayMs; backs off with full jitter without one; throws the last error", async () => {
    const { fetch, calls } = scripted(unavailable("120"), unavailable(), unavailable());
    const { waited, sleep } = sleeps();
    const err = (await rejection(
      createErrataFetch({ fetch, retry: { sleep, random: () => 0.5, maxDelayMs: 10_000, baseDelayMs: 100 } })(
        "http://api.test/x",
      ),
    )) as ErrataClientError;
    expect(calls).toHaveLength(3);
    expect(waited).toEqual([10_000, 100]); // 0.5 × 100 × 2^(2-1)
    expect(err.status).toBe(503);
    expect(err.error.retryable).toBe(true);
  });

  it("retries only requests safe to repeat: POST only with an Idempotency-Key", async () => {
    const post = scripted(unavailable("1"), ok);
    const { waited, sleep } = sleeps();
    const api = createErrataFetch({ fetch: post.fetch, retry: { sleep } });
    await rejection(api("http://api.test/x", { method: "POST", body: "a=1" }));
    expect(post.calls).toEqual(["POST"]);
    const keyed = scripted(unavailable("1"), ok);
    const api2 = createErrataFetch({ fetch: keyed.fetch, retry: { sleep } });
    const req = new Request("http://api.test/x", {
      method: "POST",
      body: "a=1",
      headers: { "Idempotency-Key": "k1" },
    });
    expect((await api2(req)).status).toBe(200);
    expect(keyed.calls).toEqual(["POST", "POST"]);
    expect(waited).toEqual([1000]);
  });

  it("an HTTP 200 body error the decoder marks retryable (Identity Cloud 510) is retried after its Retry-After", async () => {
    const { fetch, calls } = scripted(limited, ok);
    const { waited, sleep } = sleeps();
    const api = createErrataFetch({ fetch, retry: { sleep, idempotentMethods: ["POST"] } });
    expect((await api("http://api.test/entity", { method: "POST", body: "id=1" })).status).toBe(200);
    expect(calls).toEqual(["POST", "POST"]);
    expect(waited).toEqual([7000]);
  });

  it("gives up at once when the wait would exceed the time budget; retry: false never retries", async () => {
    const a = scripted(unavailable("50"), ok);
    const { waited, sleep } = sleeps();
    await rejection(
      createErrataFetch({ fetch: a.fetch, retry: { sleep, maxElapsedMs: 10_000 } })("http://api.test/x"),
    );
    expect(a.calls).toHaveLength(1);
    expect(waited).toEqual([]);
    const b = scripted(unavailable("1"), ok);
    await rejection(createErrataFetch({ fetch: b.fetch, retry: false })("http://api.test/x"));
    expect(b.calls).toHaveLength(1);
  });

  it("network errors are retried, then rethrown as fetch threw them; other errors are not retried", async () => {
    let n = 0;
    const failing: FetchLike = async () => {
      n++;
      throw new TypeError("fetch failed");
    };
    const { sleep } = sleeps();
    await expect(
      createErrataFetch({ fetch: failing, retry: { sleep } })("http://api.test/x"),
    ).rejects.toThrow("fetch failed");
    expect(n).toBe(3);
    n = 0;
    const broken: FetchLike = async () => {
      n++;
      throw new RangeError("bad");
    };
    await expect(createErrataFetch({ fetch: broken, retry: { sleep } })("http://api.test/x")).rejects.toThrow(
      "bad",
    );
    expect(n).toBe(1);
  });

  it("stops at once when the signal aborts during a wait", async () => {
    const { fetch, calls } = scripted(unavailable("30"), ok);
    const ac = new AbortController();
    const api = createErrataFetch({ fetch }); // the real, abortable sleep
    const p = api("http://api.test/x", { signal: ac.signal });
    setTimeout(() => ac.abort(new Error("user gave up")), 20);
    const t0 = Date.now();
    await expect(p).rejects.toThrow("user gave up");
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(calls).toHaveLength(1);
  });
});
