/** Clear errors for a plugin path that cannot be run, before trying to run it. */
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { ErrorCode, ShimError } from "../errors.js";

export async function checkExecutable(path: string): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? "unknown"})`;
    throw new ShimError(ErrorCode.NotFound, `plugin executable ${path} ${why}`);
  }
  if (!info.isFile()) {
    throw new ShimError(ErrorCode.InvalidArgument, `plugin executable ${path} is not a file`);
  }
  if (process.platform === "win32") return;
  try {
    await access(path, constants.X_OK);
  } catch {
    const mode = (info.mode & 0o777).toString(8).padStart(4, "0");
    throw new ShimError(
      ErrorCode.InvalidArgument,
      `plugin executable ${path} is not executable (mode ${mode}; chmod +x it)`,
    );
  }
}
