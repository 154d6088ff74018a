// Copy the browser files of the npm dependencies into the UI's static folder.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "src", "tonearm", "ui", "static", "vendor");
mkdirSync(vendor, { recursive: true });
copyFileSync(
  join(root, "node_modules", "htmx.org", "dist", "htmx.min.js"),
  join(vendor, "htmx.min.js"),
);
console.log("htmx copied to src/tonearm/ui/static/vendor/htmx.min.js");
