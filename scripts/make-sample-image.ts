// Makes the sample article's headline image: a deterministic, photo-like 4200×2700 JPEG.
// Noise, gradients and soft shapes make it compress like a photograph rather than a flat colour,
// so image sizes and encoder timings measured on it mean something. Run: node --import tsx scripts/make-sample-image.ts
import { writeFile } from "node:fs/promises";
import sharp from "sharp";

const WIDTH = 4200;
const HEIGHT = 2700;
const OUTPUT = new URL("../content/articles/images/placeholder-headline.jpg", import.meta.url);

/** A small linear congruential generator: the same seed gives the same picture on every machine. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function paintPixels(random: () => number): Buffer {
  const pixels = Buffer.alloc(WIDTH * HEIGHT * 3);
  const blobs = Array.from({ length: 40 }, () => ({
    x: random() * WIDTH,
    y: random() * HEIGHT,
    radius: 150 + random() * 700,
    tint: [random() * 120 - 60, random() * 120 - 60, random() * 120 - 60] as const,
  }));
  for (let y = 0; y < HEIGHT; y++) {
    const sky = y / HEIGHT;
    for (let x = 0; x < WIDTH; x++) {
      let red = 70 + 120 * (1 - sky) + 30 * Math.sin(x / 310);
      let green = 90 + 100 * (1 - sky) + 25 * Math.cos(y / 190);
      let blue = 140 + 90 * (1 - sky) - 40 * sky;
      for (const blob of blobs) {
        const distance = Math.hypot(x - blob.x, y - blob.y);
        if (distance < blob.radius) {
          const weight = 1 - distance / blob.radius;
          red += blob.tint[0] * weight;
          green += blob.tint[1] * weight;
          blue += blob.tint[2] * weight;
        }
      }
      // Grain: per-pixel noise is what makes a photograph expensive to compress.
      const grain = (random() - 0.5) * 36;
      const offset = (y * WIDTH + x) * 3;
      pixels[offset] = Math.max(0, Math.min(255, red + grain));
      pixels[offset + 1] = Math.max(0, Math.min(255, green + grain));
      pixels[offset + 2] = Math.max(0, Math.min(255, blue + grain));
    }
  }
  return pixels;
}

const pixels = paintPixels(createRandom(552979));
const jpeg = await sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
  .blur(0.6)
  .jpeg({ quality: 88, mozjpeg: true })
  .toBuffer();
await writeFile(OUTPUT, jpeg);
console.log(`Wrote ${OUTPUT.pathname}: ${WIDTH}×${HEIGHT}, ${jpeg.length} bytes`);
