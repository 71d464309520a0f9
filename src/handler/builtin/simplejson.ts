/**
 * The built-in `simplejson` handler (src/backends/simplejson): the executable's default in
 * plugin mode. Its `simplejson` section of grafana-shim.json is read here; bad settings fail
 * the import, so the shim answers every query with what is wrong.
 */
import { createSimpleJsonHandler } from "../../backends/simplejson/handler.js";
import { loadSimpleJsonDefaults } from "../../backends/simplejson/request-compat.js";

export default createSimpleJsonHandler(
  loadSimpleJsonDefaults(process.env, process.argv[1] ?? process.cwd()),
);
