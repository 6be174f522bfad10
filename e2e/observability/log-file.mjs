// Where the app under test writes its JSON log lines during the e2e run (LOG_FILE), so the
// observability specs can read every line a request caused. One file per port (parallel checkouts).
import os from "node:os";
import path from "node:path";
import { E2E_PORT } from "../support/e2e-env.mjs";

export const E2E_LOG_FILE = process.env.E2E_LOG_FILE ?? path.join(os.tmpdir(), `shop-e2e-${E2E_PORT}.log`);
