/** The Chromium the browser tests and the widget bench launch, and how. */
import { existsSync } from "node:fs";

// Debian's Chromium on this machine and in CI; Playwright's own browsers wherever those are installed.
export const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

/** Headless, and without the background traffic (updates, sync, QUIC) that would add requests and noise. */
export const chromiumLaunchOptions = {
  ...(chromiumPath ? { executablePath: chromiumPath } : {}),
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
