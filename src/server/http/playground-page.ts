/**
 * The playground page at GET / and its assets at /playground/*, from dist/playground/ or a
 * standalone executable's own assets (read once, kept in memory). They hold no data, so they
 * need no token: the page's own /api calls carry it. Anything else goes on to the API routes
 * untouched.
 */
import { join } from "node:path";
import type { RequestHandler } from "express";
import { playgroundDir, readPlaygroundFile } from "../../package-root.js";

interface Asset {
  readonly type: string;
  readonly body: Buffer;
}

const files: Readonly<Record<string, readonly [file: string, type: string]>> = {
  "/": ["index.html", "text/html; charset=utf-8"],
  "/playground/playground.js": ["playground.js", "text/javascript; charset=utf-8"],
  "/playground/playground.css": ["playground.css", "text/css; charset=utf-8"],
};

/** Only the gateway itself: no other origin for scripts, styles, images or calls. */
const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export function playgroundPage(dir = playgroundDir): RequestHandler {
  const assets = readAssets(dir);
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const asset = assets.get(req.path);
    if (!asset) return next();
    res
      .status(200)
      .set({
        "Content-Type": asset.type,
        "Cache-Control": "no-cache",
        "Content-Security-Policy": contentSecurityPolicy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
      })
      .send(asset.body);
  };
}

/** The built files; a page that says how to build them when they are missing. */
function readAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [path, [file, type]] of Object.entries(files)) {
    try {
      assets.set(path, { type, body: readPlaygroundFile(file, dir) });
    } catch {
      // A tree built without the bundle step: GET / says so instead of a bare 404.
      if (path === "/") {
        const text = `The playground is not built (${join(dir, file)} is missing): run npm run build.\n`;
        assets.set(path, { type: "text/plain; charset=utf-8", body: Buffer.from(text) });
      }
    }
  }
  return assets;
}
