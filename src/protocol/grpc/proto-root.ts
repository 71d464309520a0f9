/** Loads the project's .proto files once, with field names kept as written. */
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";

const protoDir = fileURLToPath(new URL("../../../../proto/", import.meta.url));

const roots = new Map<string, protobuf.Root>();

/** The protobufjs root for one of the project's proto files (path relative to proto/). */
export function protoRoot(file: string): protobuf.Root {
  let root = roots.get(file);
  if (!root) {
    root = new protobuf.Root().loadSync(protoDir + file, { keepCase: true });
    root.resolveAll();
    roots.set(file, root);
  }
  return root;
}
