import { deflateSync } from 'node:zlib';
import { crc32 } from '../functions/workbook/xlsx/zip.js';

/**
 * The add-in's icons, drawn at build time (no binary files to keep in step): a Fluent-blue rounded
 * square holding a white grid of cells with one highlighted cell — a spreadsheet cell that computes.
 */

function chunk(type: string, data: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A PNG of `size`×`size` RGBA pixels from a function of the pixel centre in [0,1]². */
export function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel((x + 0.5) / size, (y + 0.5) / size);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array())]);
}

const BLUE: [number, number, number, number] = [15, 108, 189, 255];
const WHITE: [number, number, number, number] = [255, 255, 255, 255];
const GOLD: [number, number, number, number] = [255, 185, 0, 255];
const CLEAR: [number, number, number, number] = [0, 0, 0, 0];

export function iconPng(size: number): Buffer {
  const r = 0.18; // corner radius
  return png(size, (x, y) => {
    const dx = Math.max(r - x, 0, x - (1 - r));
    const dy = Math.max(r - y, 0, y - (1 - r));
    if (dx * dx + dy * dy > r * r) return CLEAR;
    // A 3×3 grid inside the square; the centre cell is gold.
    const gx = (x - 0.2) / 0.6;
    const gy = (y - 0.2) / 0.6;
    if (gx < 0 || gx > 1 || gy < 0 || gy > 1) return BLUE;
    const line = 0.07;
    const fx = (gx * 3) % 1;
    const fy = (gy * 3) % 1;
    if (fx < line || fx > 1 - line || fy < line || fy > 1 - line) return BLUE;
    return Math.floor(gx * 3) === 1 && Math.floor(gy * 3) === 1 ? GOLD : WHITE;
  });
}
