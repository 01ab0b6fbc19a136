// Launches Debian's Chromium (/usr/bin/chromium) through playwright-core, failing loudly when it is not installed.
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** Headless, offline Chromium: no sandbox (CI containers run as root), no GPU, no background traffic to Google. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Debian's Chromium at ${CHROMIUM}, and it is not installed: ` +
        "run test/browser/ensure-chromium.sh as root (it runs `apt-get install -y chromium`).",
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
