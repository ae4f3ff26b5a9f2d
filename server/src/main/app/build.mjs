// Bundles the app with esbuild into the server's static resources (or the folder given), and copies
// its pages and style sheet beside the bundles. Run by the Maven build: `npm run build -- <folder>`.
import { build } from "esbuild";
import { cpSync, mkdirSync } from "node:fs";

const out = process.argv[2] ?? "../../../target/classes/static/apps/careplan";
mkdirSync(out, { recursive: true });
await build({
	entryPoints: { launch: "src/launch.js", app: "src/app.js" },
	bundle: true,
	minify: true,
	sourcemap: true,
	format: "iife",
	platform: "browser",
	target: ["es2020"],
	outdir: out,
	logLevel: "warning",
	legalComments: "linked",
});
for (const page of ["index.html", "launch.html", "app.css"]) {
	cpSync(`src/${page}`, `${out}/${page}`);
}
