/** The built-in `simplejson` handler (src/backends/simplejson): the executable's default in plugin mode. */
import { simpleJsonHandler } from "../../backends/simplejson/handler.js";

export default simpleJsonHandler;
