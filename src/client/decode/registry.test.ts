/** Extending the decoder: custom recognisers run first (or last), and a faulty one cannot break decoding. */
import { afterEach, describe, expect, it } from "vitest";
import { decodeError } from "./index.js";
import { registerRecognizer } from "./registry.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe("registerRecognizer", () => {
  it("a JSON recogniser for a new shape, with its own format name", () => {
    const body = JSON.stringify({
      fault: { faultstring: "Invalid ApiKey", detail: { errorcode: "oauth.v2.InvalidApiKey" } },
    });
    expect(decodeError({ status: 401, body }).format).toBe("unknown");
    cleanups.push(
      registerRecognizer({
        kind: "json",
        format: "apigee",
        recognize(o) {
          const f = o.fault as { faultstring?: string; detail?: { errorcode?: string } } | undefined;
          if (!f || typeof f.faultstring !== "string") return undefined;
          return { code: f.detail?.errorcode ?? null, message: f.faultstring };
        },
      }),
    );
    expect(decodeError({ status: 401, headers: { "x-request-id": "r1" }, body })).toMatchObject({
      format: "apigee",
      code: "oauth.v2.InvalidApiKey",
      message: "Invalid ApiKey",
      requestId: "r1",
    });
  });

  it("first overrides a built-in; last only fills gaps; removal restores", () => {
    const body = '{"error":"invalid_grant"}';
    const remove = registerRecognizer({ kind: "json", format: "mine", recognize: () => ({ code: "X" }) });
    expect(decodeError({ status: 400, body }).format).toBe("mine");
    remove();
    cleanups.push(
      registerRecognizer(
        { kind: "json", format: "late", recognize: () => ({ code: "Y" }) },
        { position: "last" },
      ),
    );
    expect(decodeError({ status: 400, body }).format).toBe("oauth2");
    expect(decodeError({ status: 400, body: '{"what":1}' })).toMatchObject({ format: "late", code: "Y" });
  });

  it("text and XML recognisers; a throwing recogniser is skipped", () => {
    cleanups.push(
      registerRecognizer({
        kind: "text",
        format: "throws",
        recognize() {
          throw new Error("bug in plug-in");
        },
      }),
      registerRecognizer({
        kind: "text",
        format: "plain-rate-limit",
        recognize: (t) =>
          t.startsWith("Rate limit exceeded")
            ? { code: "rate_limited", message: t, retryable: true }
            : undefined,
      }),
      registerRecognizer({
        kind: "xml",
        format: "soap-fault",
        roots: ["Envelope"],
        recognize(root) {
          const fault = root.child("Body")?.child("Fault");
          return fault
            ? { code: fault.childText("faultcode"), message: fault.childText("faultstring") }
            : undefined;
        },
      }),
    );
    expect(decodeError({ status: 200, body: "Rate limit exceeded, slow down" })).toMatchObject({
      format: "plain-rate-limit",
      retryable: true,
    });
    const soap =
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>Bad input</faultstring></soap:Fault></soap:Body></soap:Envelope>';
    expect(decodeError({ status: 500, body: soap })).toMatchObject({
      format: "soap-fault",
      code: "soap:Client",
      message: "Bad input",
    });
  });
});
