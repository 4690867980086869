/**
 * HTTP status codes as union types, with their RFC 9110 §15 reason phrases.
 * @module
 */

/** Client error statuses (RFC 9110 §15.5, RFC 6585, RFC 8470, RFC 7725). */
export type ClientErrorStatus =
  | 400
  | 401
  | 402
  | 403
  | 404
  | 405
  | 406
  | 407
  | 408
  | 409
  | 410
  | 411
  | 412
  | 413
  | 414
  | 415
  | 416
  | 417
  | 421
  | 422
  | 423
  | 424
  | 425
  | 426
  | 428
  | 429
  | 431
  | 451;
/** Server error statuses (RFC 9110 §15.6, RFC 6585). */
export type ServerErrorStatus = 500 | 501 | 502 | 503 | 504 | 505 | 506 | 507 | 508 | 510 | 511;
/** Statuses an error may be sent with. */
export type ErrorStatus = ClientErrorStatus | ServerErrorStatus;
/**
 * Statuses a catalog entry may declare. Redirects (ORCID's 301 for a deprecated iD) and 200
 * (Identity Cloud answers 200 with `stat:"error"`) occur in real error references, so the type
 * admits them; `errata lint` flags any status outside 400–599 (CONTRACT §4).
 */
export type CatalogStatus = ErrorStatus | 200 | 301 | 302 | 303 | 307 | 308;

/** RFC 9110 §15 reason phrases (and the RFC that registered the others). */
export const reasonPhrases: Readonly<Record<number, string>> = {
  200: "OK",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  407: "Proxy Authentication Required",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  416: "Range Not Satisfiable",
  417: "Expectation Failed",
  421: "Misdirected Request",
  422: "Unprocessable Content",
  423: "Locked",
  424: "Failed Dependency",
  425: "Too Early",
  426: "Upgrade Required",
  428: "Precondition Required",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  451: "Unavailable For Legal Reasons",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  505: "HTTP Version Not Supported",
  506: "Variant Also Negotiates",
  507: "Insufficient Storage",
  508: "Loop Detected",
  510: "Not Extended",
  511: "Network Authentication Required",
};

/** The reason phrase for a status, or a generic one for its class. */
export function reasonPhrase(status: number): string {
  return (
    reasonPhrases[status] ?? (status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "Status")
  );
}
