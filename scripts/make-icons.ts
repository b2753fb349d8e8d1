/**
 * Draws Sigvault's toolbar icon (a rounded vault door with a keyhole) at 16/32/48/128 px and writes
 * PNGs to public/icons/. Run once with `npx tsx scripts/make-icons.ts`; the PNGs are committed.
 * No image library: a tiny PNG encoder over node:zlib.
 */
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Coverage of a pixel by a shape, 4×4 supersampled, for smooth edges at 16 px. */
function draw(size: number): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const S = 4;
  const r = 0.22; // corner radius, fraction of size
  const inRoundedSquare = (x: number, y: number) => {
    const m = 0.04, lo = m, hi = 1 - m;
    if (x < lo || x > hi || y < lo || y > hi) return false;
    const cx = Math.min(Math.max(x, lo + r), hi - r), cy = Math.min(Math.max(y, lo + r), hi - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
  const inRing = (x: number, y: number) => { const d = Math.hypot(x - 0.5, y - 0.5); return d <= 0.33 && d >= 0.26; };
  const inKeyhole = (x: number, y: number) =>
    Math.hypot(x - 0.5, y - 0.44) <= 0.085 || (Math.abs(x - 0.5) <= 0.04 + (y - 0.44) * 0.12 && y >= 0.44 && y <= 0.64);
  for (let py = 0; py < size; py++) for (let px = 0; px < size; px++) {
    let bg = 0, fg = 0;
    for (let sy = 0; sy < S; sy++) for (let sx = 0; sx < S; sx++) {
      const x = (px + (sx + 0.5) / S) / size, y = (py + (sy + 0.5) / S) / size;
      if (inRoundedSquare(x, y)) { bg++; if (inRing(x, y) || inKeyhole(x, y)) fg++; }
    }
    const n = S * S, a = bg / n, f = bg ? fg / bg : 0;
    // background #1d4ed8-ish navy to teal; foreground amber
    const o = (py * size + px) * 4;
    out[o] = Math.round(23 * (1 - f) + 251 * f);
    out[o + 1] = Math.round(63 * (1 - f) + 191 * f);
    out[o + 2] = Math.round(115 * (1 - f) + 36 * f);
    out[o + 3] = Math.round(255 * a);
  }
  return out;
}

mkdirSync('public/icons', { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(`public/icons/icon-${size}.png`, png(size, draw(size)));
process.stdout.write('icons written to public/icons/\n');
