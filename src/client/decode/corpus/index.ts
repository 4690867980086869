/**
 * The decoder's corpus: real error responses from public APIs and frameworks, each with the
 * place it is documented, and the expected normalised error.
 * @module
 */
import { awsCases } from "./aws.js";
import type { CorpusCase } from "./case.js";
import { frameworkCases } from "./frameworks.js";
import { googleCases } from "./google.js";
import { microsoftCases } from "./microsoft.js";
import { platformCases } from "./platforms.js";
import { standardCases } from "./standards.js";

export type { CorpusCase } from "./case.js";

/** Every case. */
export const corpus: readonly CorpusCase[] = [
  ...googleCases,
  ...microsoftCases,
  ...awsCases,
  ...platformCases,
  ...standardCases,
  ...frameworkCases,
];
