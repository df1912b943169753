// Regenerates the apps' favicons from packages/ui/assets/favicon.svg:
//   node packages/ui/scripts/make-favicon.mjs apps/portal/public apps/workspace/public
// Renders the SVG with Chromium (through Playwright) at 16, 32 and 48 px and packs the PNGs
// into one .ico (PNG-in-ICO, understood by every current browser). Run by hand when the mark changes.
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";

const here = dirname(fileURLToPath(import.meta.url));
const svgPath = join(here, "..", "assets", "favicon.svg");
const targets = process.argv.slice(2);
if (targets.length === 0) {
  console.error("usage: make-favicon.mjs <public dir>...");
  process.exit(1);
}

const svg = await readFile(svgPath, "utf8");
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
const sizes = [16, 32, 48];
const pngs = [];
for (const size of sizes) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace("<svg ", `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  pngs.push(
    await page.screenshot({
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    }),
  );
  await page.close();
}
await browser.close();

// ICONDIR (6 bytes) + one ICONDIRENTRY (16 bytes) per image, then the PNG data.
const header = Buffer.alloc(6 + 16 * sizes.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(sizes.length, 4);
let offset = header.length;
sizes.forEach((size, i) => {
  const entry = 6 + 16 * i;
  header.writeUInt8(size, entry);
  header.writeUInt8(size, entry + 1);
  header.writeUInt8(0, entry + 2);
  header.writeUInt8(0, entry + 3);
  header.writeUInt16LE(1, entry + 4);
  header.writeUInt16LE(32, entry + 6);
  header.writeUInt32LE(pngs[i].length, entry + 8);
  header.writeUInt32LE(offset, entry + 12);
  offset += pngs[i].length;
});
const ico = Buffer.concat([header, ...pngs]);

for (const dir of targets) {
  await writeFile(resolve(dir, "favicon.ico"), ico);
  await copyFile(svgPath, resolve(dir, "favicon.svg"));
  console.log(`wrote ${resolve(dir, "favicon.ico")} (${ico.length} bytes) and favicon.svg`);
}
