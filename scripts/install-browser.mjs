#!/usr/bin/env node
// Installs Debian's Chromium for the browser tests when it is missing (never a browser
// download of a driver's own): `apt-get install chromium`, as root or through sudo.
// Usage: node scripts/install-browser.mjs   (prints the browser's path)
import { ensureChromium } from "../dist/test/browser/chromium.js";

console.log(await ensureChromium());
