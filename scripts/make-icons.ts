// Makes the raster icons from assets/public/favicon.svg: the publisher logo named in content/_data/site.json, the
// Apple touch icon, and favicon.ico for clients that request it whatever the page says (so it is never a 404).
// Run: node --import tsx scripts/make-icons.ts
import { readFile, writeFile } from "node:fs/promises";
import sharp from "sharp";

const PUBLIC = new URL("../assets/public/", import.meta.url);

/** An ICO file holding one PNG image (PNG-in-ICO is valid since Windows Vista and read by every browser). */
function icoOf(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size, 6);
  header.writeUInt8(size, 7);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18); // image data offset
  return Buffer.concat([header, png]);
}

const svg = await readFile(new URL("favicon.svg", PUBLIC));
const png = (size: number) =>
  sharp(svg, { density: 72 * (size / 32) })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toBuffer();
await writeFile(new URL("logo.png", PUBLIC), await png(512));
// iOS paints transparent corners black and rounds the icon itself: give it an opaque square in the brand colour.
await writeFile(
  new URL("apple-touch-icon.png", PUBLIC),
  await sharp(await png(180))
    .flatten({ background: "#0b5cad" })
    .png({ compressionLevel: 9 })
    .toBuffer(),
);
await writeFile(new URL("favicon.ico", PUBLIC), icoOf(await png(32), 32));
