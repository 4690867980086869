/**
 * Generators of hostile values for the reliability suite (issue 8): the internals an application
 * may throw (SQL, file paths, class names, stack text, secrets, HTML, CR/LF) wrapped in every
 * shape JavaScript can throw, and the texts an attacker can put into catalog parameters.
 *
 * Each generated internal exception carries its `needles`: the distinctive fragments a response
 * must never contain. The leak check compares whole responses against the generic 500 as well,
 * so a fragment too short to be a needle still cannot slip through.
 * @module
 */
import fc from "fast-check";

/** A value a handler throws, with the fragments of it no response may contain. */
export interface InternalFailure {
  /** What to throw (or reject with). */
  readonly make: () => unknown;
  /** Short description of the thrown shape (for failure messages). */
  readonly shape: string;
  /** Fragments of the internals (each at least 6 characters, none of them in any errata body). */
  readonly needles: readonly string[];
}

const word = fc.stringMatching(/^[a-z][a-z0-9_]{2,11}$/);
const upperWord = fc.stringMatching(/^[A-Z][a-zA-Z0-9]{2,11}$/);
const digits = fc.integer({ min: 1, max: 99_999 });
const secretChars = fc.stringMatching(/^[A-Za-z0-9]{20,32}$/);

/** SQL statements as drivers put them into messages. */
const sql = fc.oneof(
  fc
    .tuple(word, word, word, digits)
    .map(([col, table, where, n]) => `SELECT ${col}, password_hash FROM ${table} WHERE ${where} = ${n}`),
  fc
    .tuple(word, word, secretChars)
    .map(([table, col, v]) => `INSERT INTO ${table} (${col}) VALUES ('${v}') RETURNING *`),
  fc.tuple(word, word).map(([table, col]) => `UPDATE ${table} SET ${col} = $1 WHERE id = $2`),
  fc.tuple(word).map(([table]) => `DELETE FROM ${table}; DROP TABLE ${table}; --`),
);

/** File paths: server, Windows, node_modules, Java sources. */
const path = fc.oneof(
  fc.tuple(word, word, digits).map(([a, b, n]) => `/srv/${a}/src/${b}.ts:${n}:17`),
  fc.tuple(word, word).map(([a, b]) => `/home/${a}/app/node_modules/${b}/lib/index.js`),
  fc.tuple(word, upperWord).map(([a, b]) => `C:\\Users\\${a}\\project\\${b}.cs`),
  fc.tuple(word, upperWord, digits).map(([a, b, n]) => `/var/lib/${a}/${b}Repository.java:${n}`),
  fc.constant("/etc/errata/secrets.env"),
);

/** Java and JavaScript class names. */
const className = fc.oneof(
  fc.constantFrom(
    "org.hibernate.exception.SQLGrammarException",
    "java.lang.NullPointerException",
    "org.springframework.dao.DataIntegrityViolationException",
    "com.mysql.cj.jdbc.exceptions.CommunicationsException",
    "SequelizeDatabaseError",
    "PrismaClientKnownRequestError",
    "MongoServerSelectionError",
  ),
  fc.tuple(word, upperWord).map(([pkg, cls]) => `com.example.${pkg}.${cls}Exception`),
);

/** Stack-like text. */
const stack = fc
  .tuple(upperWord, word, path)
  .map(
    ([cls, fn, p]) => `${cls}Error: internal\n    at ${fn}Handler (${p})\n    at processTicksAndRejections`,
  );

/** Secrets as they end up in messages: connection strings, keys, tokens. */
const secret = fc.oneof(
  secretChars.map((s) => `password=${s}`),
  secretChars.map((s) => `api_key=sk_live_${s}`),
  fc.stringMatching(/^[A-Z0-9]{16}$/).map((s) => `AKIA${s}`),
  secretChars.map((s) => `Bearer eyJhbGciOiJIUzI1NiJ9.${s}`),
  fc.tuple(word, secretChars).map(([u, p]) => `postgres://${u}:${p}@db.internal:5432/prod`),
);

/** Markup and header-injection attempts. */
const markup = fc.oneof(
  word.map((w) => `<script>alert("${w}")</script>`),
  word.map((w) => `<img src=x onerror=${w}()>`),
  word.map((w) => `\r\nSet-Cookie: session=${w}\r\n\r\n<h1>${w}</h1>`),
  word.map((w) => `]]><!--${w}--><![CDATA[`),
);

/** Filler that may sit between the fragments (controls, quotes, non-ASCII, lone surrogates). */
const filler = fc.oneof(
  fc.constantFrom(" ", ": ", "\n", "\r\n", "\t", '"', "'", "\u0000", "\ud800", "\u2028", "é", " — "),
  fc.string({ unit: "binary", maxLength: 8 }),
);

/** An internal error message: 1–4 fragments joined by filler; the fragments are its needles. */
export const internalMessage: fc.Arbitrary<{ readonly text: string; readonly needles: string[] }> = fc
  .array(fc.tuple(fc.oneof(sql, path, className, stack, secret, markup), filler), {
    minLength: 1,
    maxLength: 4,
  })
  .map((parts) => {
    let text = "";
    const needles: string[] = [];
    for (const [fragment, sep] of parts) {
      text += fragment + sep;
      needles.push(fragment);
    }
    return { text, needles };
  });

/** A named Error subclass, as drivers and frameworks throw. */
function namedError(name: string, message: string): Error {
  const e = new Error(message);
  Object.defineProperty(e, "name", { value: name, configurable: true, writable: true });
  return e;
}

/** The shapes a handler may throw, each wrapping the message (and a second one, for causes). */
const SHAPES: ReadonlyArray<readonly [string, (m: string, m2: string, cls: string) => unknown]> = [
  ["Error", (m) => new Error(m)],
  ["TypeError", (m) => new TypeError(m)],
  ["named Error", (m, _m2, cls) => namedError(cls, m)],
  [
    "Error with cause chain",
    (m, m2) => {
      const inner = new Error(m2);
      return new Error(m, { cause: inner });
    },
  ],
  [
    "Error with forged stack",
    (m, m2) => {
      const e = new Error(m);
      e.stack = m2;
      return e;
    },
  ],
  ["AggregateError", (m, m2) => new AggregateError([new Error(m2)], m)],
  ["string", (m) => m],
  ["object", (m, m2, cls) => ({ message: m, code: "ER_PARSE_ERROR", sql: m2, name: cls })],
  [
    "http-errors-like 5xx with expose",
    (m, m2) => ({ status: 503, statusCode: 503, expose: true, message: m, headers: { "X-Debug": m2 } }),
  ],
  [
    "boom-like 5xx",
    (m) => ({ isBoom: true, output: { statusCode: 502, payload: { message: m } }, message: m }),
  ],
  ["array", (m, m2) => [m, m2]],
  ["symbol", (m) => Symbol(m)],
  ["number", () => 42],
  ["bigint", () => 2n ** 70n],
  ["boolean", () => false],
  ["null", () => null],
  ["undefined", () => undefined],
  [
    "function named after the message",
    (m) => {
      const f = () => m;
      Object.defineProperty(f, "name", { value: m });
      return f;
    },
  ],
  ["null-prototype object", (m) => Object.assign(Object.create(null) as object, { message: m, stack: m })],
  [
    "object with toString and toJSON",
    (m, m2) => ({
      toString: () => m,
      toJSON: () => ({ leaked: m2 }),
    }),
  ],
  [
    "object whose every getter throws",
    (m) => {
      const boom = (): never => {
        throw new Error(m);
      };
      return Object.defineProperties(
        {},
        Object.fromEntries(
          ["message", "stack", "status", "statusCode", "code", "type", "validation", "isBoom", "cause"].map(
            (k) => [k, { get: boom, enumerable: true }],
          ),
        ),
      );
    },
  ],
  [
    "proxy whose every trap throws",
    (m) =>
      new Proxy(
        {},
        {
          get() {
            throw new Error(m);
          },
          has() {
            throw new Error(m);
          },
          getPrototypeOf() {
            throw new Error(m);
          },
          ownKeys() {
            throw new Error(m);
          },
          getOwnPropertyDescriptor() {
            throw new Error(m);
          },
        },
      ),
  ],
  [
    "revoked proxy",
    () => {
      const p = Proxy.revocable({}, {});
      p.revoke();
      return p.proxy;
    },
  ],
];

/** Names of every thrown shape, in order. */
export const SHAPE_NAMES: readonly string[] = SHAPES.map(([n]) => n);

/** An internal failure: a generated message in one of the thrown shapes. */
export const internalFailure: fc.Arbitrary<InternalFailure> = fc
  .tuple(internalMessage, internalMessage, className, fc.nat({ max: SHAPES.length - 1 }))
  .map(([a, b, cls, i]) => {
    const [shape, make] = SHAPES[i] as (typeof SHAPES)[number];
    return {
      shape,
      make: () => make(a.text, b.text, cls),
      needles: [...a.needles, ...b.needles, cls],
    };
  });

/**
 * Texts an attacker can get into a catalog parameter: controls, CR/LF, quotes, markup, CDATA
 * ends, lone surrogates, prototype keys — up to a few hundred characters.
 */
export const hostileShortText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 64 }),
  fc
    .array(
      fc.constantFrom(
        "\r\n",
        "\r",
        "\n",
        "\u0000",
        "\u0007",
        "\u001b[31m",
        "\u007f",
        "\u0085",
        "\u2028",
        "\ufeff",
        "\uffff",
        "\ud800",
        "\udfff",
        "\ud83d\ude00",
        '"',
        "'",
        "\\",
        "</x>",
        "]]>",
        "<![CDATA[",
        "<!DOCTYPE x>",
        "&amp;",
        "&",
        "<",
        ">",
        "__proto__",
        "constructor",
        "{v}",
        "%0d%0a",
        "Set-Cookie: a=b",
        " ",
        "é",
        "x",
      ),
      { maxLength: 24 },
    )
    .map((a) => a.join("")),
);

/** A megabyte of text: plain, CR/LF pairs, or two-byte UTF-8. */
export const megabyteText: fc.Arbitrary<string> = fc.constantFrom(
  "a".repeat(1 << 20),
  "\r\n".repeat(1 << 19),
  "é".repeat(1 << 19),
);

/** {@link hostileShortText}, and now and then a megabyte. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 30, arbitrary: hostileShortText },
  { weight: 1, arbitrary: megabyteText },
);
