// Browser tests against the built manual, served by `opsbook serve`, in Debian's Chromium.
import { defineConfig } from '@playwright/test';

// OPSBOOK_E2E_PORT lets two checkouts run their browser tests side by side.
const PORT = Number(process.env.OPSBOOK_E2E_PORT || 4517);

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  // Shared CI machines are slow at times; a user would wait this long too.
  expect: { timeout: 15_000 },
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
  webServer: [
    {
      command: `node --import tsx test/e2e/build-site.ts && node bin/opsbook.js serve --dir .opsbook/e2e-site --port ${PORT}`,
      url: `http://127.0.0.1:${PORT}/`,
      reuseExistingServer: false,
      timeout: 180_000,
    },
    {
      // The same build under a sub-path, started once the first server has built it.
      command: `sh -c 'until [ -f .opsbook/e2e-sub/index.html ]; do sleep 1; done; exec node bin/opsbook.js serve --dir .opsbook/e2e-sub --port ${PORT + 1}'`,
      url: `http://127.0.0.1:${PORT + 1}/manual/`,
      reuseExistingServer: false,
      timeout: 180_000,
    },
  ],
});
