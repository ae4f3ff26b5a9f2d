// Runs `npm ci` only when the lock file changed since the last install: a clean checkout installs
// once, and later builds reuse node_modules instead of reinstalling 500 packages every time.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const lock = createHash("sha256").update(readFileSync("package-lock.json")).digest("hex");
const stamp = "node_modules/.installed-from-lock";
if (existsSync(stamp) && readFileSync(stamp, "utf8") === lock) {
	process.exit(0);
}
execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { stdio: "inherit" });
writeFileSync(stamp, lock);
