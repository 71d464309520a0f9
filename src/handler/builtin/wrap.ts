/**
 * The built-in `wrap` handler: serves an existing plugin executable (settings
 * in the `wrap` object of grafana-shim.json or GRAFANA_SHIM_WRAP_* variables;
 * see docs/record-replay.md). Bad settings fail the import, so the shim answers
 * every query with what is wrong.
 */

import { loadWrapSettings } from "../../backends/wrap/settings.js";
import { createWrapHandler } from "../../backends/wrap/wrap-handler.js";

export default createWrapHandler(loadWrapSettings(process.env));
