/**
 * Type tests, checked by `npm run typecheck` (tsc): a wrong parameter is a compile error.
 */
import { defineCatalog } from "./define.js";

const errors = defineCatalog(
  { id: "types" },
  {
    wskeyInvalid: { status: 401, message: 'WSKey "{wskey}" is invalid' },
    twoAudiences: { status: 400, message: "rows {rows} invalid", userMessage: "Ask for {max} rows at most" },
    plain: { status: 404, message: "not found" },
  },
);

errors.wskeyInvalid({ wskey: "x" });
errors.twoAudiences({ rows: 2000, max: 1000 });
errors.plain();
errors.plain({ fields: [{ name: "a", message: "b" }] });

// @ts-expect-error a missing parameter
errors.wskeyInvalid({});
// @ts-expect-error a misspelt parameter
errors.wskeyInvalid({ wskee: "x" });
// @ts-expect-error the user message's parameter is required too
errors.twoAudiences({ rows: 1 });
// @ts-expect-error no parameters at all
errors.wskeyInvalid();
// @ts-expect-error an entry that does not exist
errors.nope();
// @ts-expect-error a parameter value must be a scalar
errors.wskeyInvalid({ wskey: { a: 1 } });
// @ts-expect-error `$` is reserved for the catalog's metadata
defineCatalog({ id: "bad" }, { $: { status: 400, message: "x" } });
