/**
 * The seed systems mounted by the demo, each from `examples/<system>/routes.ts`.
 * @module
 */
import { mountEntityApi } from "../examples/entity-api/routes.js";
import { mountIdentityCloud } from "../examples/identity-cloud/routes.js";
import { mountOauth } from "../examples/oauth/routes.js";
import { mountOclc } from "../examples/oclc/routes.js";
import { mountOrcid } from "../examples/orcid/routes.js";
import { systems } from "./app.js";

systems.push(mountEntityApi, mountOrcid, mountIdentityCloud, mountOclc, mountOauth);
