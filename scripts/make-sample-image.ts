// Makes the sample article's headline image: a deterministic, photo-like 4200×2700 JPEG of a city skyline at dusk.
// A real photo has detail at every scale: large shapes, hard edges, textures and sensor grain. Smooth noise alone
// makes downscaled derivatives compress far better than a photo would, so image sizes and encoder timings measured
// on it would flatter us. Here: multi-octave clouds, a hill ridge, hard-edged buildings with a grid of lit windows,
// a textured field and grain. Run: npm run make-sample-image
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

/** Integer hash → [0, 1): the lattice of value noise, so any point can be sampled without a table. */
function lattice(x: number, y: number, seed: number): number {
  let h = Math.imul(x, 374761393) + Math.imul(y, 668265263) + Math.imul(seed, 2147483647);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/** Smooth value noise at one scale (cell size in pixels). */
function valueNoise(x: number, y: number, cell: number, seed: number): number {
  const gx = x / cell;
  const gy = y / cell;
  const x0 = Math.floor(gx);
  const y0 = Math.floor(gy);
  const fx = gx - x0;
  const fy = gy - y0;
  const sx = fx * fx * (3 - 2 * fx);
  const sy = fy * fy * (3 - 2 * fy);
  const top = lattice(x0, y0, seed) + (lattice(x0 + 1, y0, seed) - lattice(x0, y0, seed)) * sx;
  const bottom = lattice(x0, y0 + 1, seed) + (lattice(x0 + 1, y0 + 1, seed) - lattice(x0, y0 + 1, seed)) * sx;
  return top + (bottom - top) * sy;
}

/** Fractal noise: octaves from `largest` px down to 2 px, each half the size and `gain` times the weight. */
function fractalNoise(x: number, y: number, largest: number, gain: number, seed: number): number {
  let sum = 0;
  let weight = 1;
  let total = 0;
  for (let cell = largest; cell >= 2; cell /= 2) {
    sum += valueNoise(x, y, cell, seed + cell) * weight;
    total += weight;
    weight *= gain;
  }
  return sum / total;
}

interface Building {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly shade: number;
  readonly windowWidth: number;
  readonly windowHeight: number;
  readonly pitch: number;
  readonly seed: number;
}

function planSkyline(random: () => number, horizon: number): Building[] {
  const buildings: Building[] = [];
  for (let layer = 0; layer < 2; layer++) {
    let x = -random() * 200;
    while (x < WIDTH) {
      const width = 120 + random() * (layer === 0 ? 260 : 380);
      const height = (layer === 0 ? 500 : 250) + random() * (layer === 0 ? 900 : 650);
      const pitch = 18 + Math.floor(random() * 22);
      buildings.push({
        left: Math.round(x),
        right: Math.round(x + width),
        top: Math.round(horizon - height),
        shade: layer === 0 ? 28 + random() * 30 : 50 + random() * 40,
        windowWidth: Math.round(pitch * (0.35 + random() * 0.3)),
        windowHeight: Math.round(pitch * (0.45 + random() * 0.3)),
        pitch,
        seed: Math.floor(random() * 1e9),
      });
      x += width + (random() < 0.3 ? random() * 120 : 0);
    }
  }
  // Nearer (later, darker) buildings are painted over the far ones.
  return buildings.sort((a, b) => b.shade - a.shade);
}

function paintPixels(random: () => number): Uint8ClampedArray {
  // A clamped array rounds and clips every channel to 0–255 on assignment.
  const pixels = new Uint8ClampedArray(WIDTH * HEIGHT * 3);
  const horizon = Math.round(HEIGHT * 0.68);
  const buildings = planSkyline(random, horizon);
  const ridge = Array.from({ length: WIDTH }, (_, x) => horizon - 420 - 380 * fractalNoise(x, 0, 1024, 0.55, 7));
  const set = (offset: number, red: number, green: number, blue: number) => {
    pixels[offset] = red;
    pixels[offset + 1] = green;
    pixels[offset + 2] = blue;
  };
  for (let y = 0; y < HEIGHT; y++) {
    const sky = y / horizon;
    for (let x = 0; x < WIDTH; x++) {
      const offset = (y * WIDTH + x) * 3;
      const grain = (random() - 0.5) * 14;
      if (y < horizon) {
        const ridgeTop = ridge[x] ?? horizon;
        // Dusk sky: deep blue above, orange near the horizon, with multi-octave clouds.
        const cloud = fractalNoise(x, y * 2.2, 512, 0.62, 11);
        const lit = Math.max(0, cloud - 0.45) * 2.4;
        let red = 40 + 190 * sky * sky + 150 * lit;
        let green = 55 + 95 * sky * sky + 110 * lit;
        let blue = 120 + 20 * sky - 60 * sky * sky + 70 * lit;
        if (y > ridgeTop) {
          // Distant hills: bluish, with a rough forested texture.
          const texture = fractalNoise(x, y, 64, 0.8, 23) - 0.5;
          red = 70 + 90 * texture;
          green = 80 + 90 * texture;
          blue = 105 + 70 * texture;
        }
        set(offset, red + grain, green + grain, blue + grain);
      } else {
        // Foreground field: streaks along the ground plus fine texture, darker towards the viewer.
        const depth = (y - horizon) / (HEIGHT - horizon);
        const streak = fractalNoise(x * 0.35, y * 3, 256, 0.7, 31) - 0.5;
        const fine = fractalNoise(x, y, 16, 0.9, 37) - 0.5;
        set(
          offset,
          95 - 40 * depth + 120 * streak + 90 * fine + grain,
          110 - 30 * depth + 110 * streak + 90 * fine + grain,
          50 + 60 * streak + 50 * fine + grain,
        );
      }
    }
  }
  for (const building of buildings) {
    for (let y = Math.max(0, building.top); y < horizon; y++) {
      for (let x = Math.max(0, building.left); x < Math.min(WIDTH, building.right); x++) {
        const offset = (y * WIDTH + x) * 3;
        const column = Math.floor((x - building.left) / building.pitch);
        const row = Math.floor((y - building.top) / building.pitch);
        const inWindow =
          (x - building.left) % building.pitch < building.windowWidth &&
          (y - building.top) % building.pitch < building.windowHeight &&
          x - building.left > 8 &&
          building.right - x > building.pitch;
        const grain = (random() - 0.5) * 12;
        if (inWindow && lattice(column, row, building.seed) < 0.45) {
          const warmth = lattice(column, row, building.seed + 1);
          set(offset, 230 + grain, 170 + 60 * warmth + grain, 80 + 90 * warmth + grain);
        } else {
          const facade = building.shade + 30 * (fractalNoise(x, y, 32, 0.8, building.seed) - 0.5);
          set(offset, facade + grain, facade + 4 + grain, facade + 12 + grain);
        }
      }
    }
  }
  return pixels;
}

const pixels = paintPixels(createRandom(552979));
const jpeg = await sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
  .jpeg({ quality: 86, mozjpeg: true })
  .toBuffer();
await writeFile(OUTPUT, jpeg);
console.log(`Wrote ${OUTPUT.pathname}: ${WIDTH}×${HEIGHT}, ${jpeg.length} bytes`);
