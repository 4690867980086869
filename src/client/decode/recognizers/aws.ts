/**
 * Amazon Web Services errors in their three wire protocols:
 * - REST-XML (S3, CloudFront…): `<Error><Code>NoSuchKey</Code><Message>…</Message>
 *   <RequestId>…</RequestId></Error>`;
 * - Query (SQS, SNS, STS, IAM…): `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code>
 *   <Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>`, and EC2's
 *   `<Response><Errors><Error>…</Error></Errors><RequestID>…</RequestID></Response>`;
 * - JSON 1.0/1.1 and REST-JSON (DynamoDB, Lambda, API Gateway…): `{"__type":
 *   "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "message": "…"}` (or
 *   `Message`), or the error type in the `x-amzn-ErrorType` header (`Type:http://…`).
 *
 * Mapping: `code` ← Code / `__type` after the last `#` (AWS SDK rule: the namespace prefix is
 * dropped) / the header's part before `:`; `message` ← Message; `requestId` ← RequestId (body)
 * or `x-amzn-RequestId` / `x-amz-request-id`. Throttling codes are `retryable` even on HTTP 400
 * (DynamoDB's ProvisionedThroughputExceededException).
 *
 * Azure Storage and Google Cloud Storage's XML API answer in the same `<Error><Code>` shape; the
 * response headers tell them apart (`x-ms-request-id` → `azure`, `x-goog-*` → `google`).
 * @module
 */
import type { DecodeContext, JsonRecognizer, Recognition, XmlRecognizer } from "../registry.js";
import type { XmlElement } from "../safe-xml.js";
import { str } from "../values.js";

/** AWS error codes that mean "slow down and retry" (from the AWS SDKs' retry classification). */
const THROTTLING = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottledException",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "TransactionInProgressException",
  "RequestLimitExceeded",
  "BandwidthLimitExceeded",
  "LimitExceededException",
  "RequestThrottled",
  "SlowDown",
  "PriorRequestNotComplete",
  "EC2ThrottledException",
  "RequestTimeout",
  "RequestTimeoutException",
  "InternalError",
  "ServiceUnavailable",
]);

function shortType(t: string): string {
  const hash = t.lastIndexOf("#");
  let s = hash < 0 ? t : t.slice(hash + 1);
  const colon = s.indexOf(":");
  if (colon >= 0) s = s.slice(0, colon); // x-amzn-ErrorType: "Code:http://internal.amazon.com/…"
  return s.trim();
}

function xmlError(err: XmlElement, requestId: string | null, ctx: DecodeContext): Recognition {
  const code = err.childText("Code");
  let message = err.childText("Message");
  let rid = err.childText("RequestId") ?? requestId;
  let format: string | undefined;
  if (ctx.header("x-ms-request-id") !== undefined && ctx.header("x-amz-request-id") === undefined) {
    format = "azure";
    // Azure Storage appends "\nRequestId:…\nTime:…" to the message.
    if (message) {
      const m = /\s*RequestId:([0-9a-fA-F-]{8,64})/.exec(message);
      if (m) {
        rid ??= m[1]!;
        message = message.slice(0, m.index).trim() || message;
      }
    }
  } else if (
    ctx.header("x-guploader-uploadid") !== undefined &&
    ctx.header("x-amz-request-id") === undefined
  ) {
    format = "google";
  }
  const detail = err.childText("Details") ?? err.childText("Detail");
  // Azure Storage names the offending query parameter or header (with a Reason).
  const param = err.childText("QueryParameterName") ?? err.childText("HeaderName");
  const base: Recognition = {
    code,
    name: null,
    message,
    detail,
    requestId: rid,
    fields: param ? [{ name: param, message: err.childText("Reason") ?? message, code }] : [],
    retryable: code !== null && THROTTLING.has(code),
  };
  return format ? { ...base, format } : base;
}

/** The `aws` XML recogniser (REST-XML and query protocols). */
export const awsXml: XmlRecognizer = {
  kind: "xml",
  format: "aws",
  roots: ["Error", "ErrorResponse", "Response"],
  recognize(root, ctx) {
    if (root.local === "Error") {
      return root.child("Code") ? xmlError(root, null, ctx) : undefined;
    }
    if (root.local === "ErrorResponse") {
      const err = root.child("Error");
      return err ? xmlError(err, root.childText("RequestId"), ctx) : undefined;
    }
    if (root.local === "Response") {
      const err = root.child("Errors")?.child("Error");
      return err ? xmlError(err, root.childText("RequestID") ?? root.childText("RequestId"), ctx) : undefined;
    }
    return undefined;
  },
};

/** The `aws` JSON recogniser. */
export const awsJson: JsonRecognizer = {
  kind: "json",
  format: "aws",
  recognize(o, ctx) {
    const header = ctx.header("x-amzn-errortype");
    let code: string | null = null;
    if (typeof o.__type === "string") code = shortType(o.__type);
    else if (header !== undefined) code = shortType(header);
    else return undefined;
    return {
      code: code.length > 0 ? code : null,
      name: null,
      message: str(o.message) ?? str(o.Message) ?? str(o.errorMessage),
      detail: null,
      requestId: str(o.RequestId) ?? str(o.requestId),
      retryable: code.length > 0 && THROTTLING.has(code),
    };
  },
};
