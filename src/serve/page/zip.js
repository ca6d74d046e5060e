// gongwen serve: the two zip jobs of the page's batch, without a library. Several answers
// files go up as one zip of stored (uncompressed) entries; the answer's first entry,
// 汇总.txt, is stored by the server, so it is read straight from its local header.
"use strict";

const CRC = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; t[n] = c >>> 0; }
  return t;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip of stored (uncompressed) entries, for several answers files sent as one upload. */
function zipOf(files) {
  const enc = new TextEncoder();
  const parts = [], central = [];
  let offset = 0;
  for (const { name, bytes } of files) {
    const n = enc.encode(name), crc = crc32(bytes);
    const head = new DataView(new ArrayBuffer(30));
    [[0, 0x04034b50, 4], [4, 20, 2], [6, 0x0800, 2], [14, crc, 4], [18, bytes.length, 4], [22, bytes.length, 4], [26, n.length, 2]]
      .forEach(([at, v, size]) => size === 4 ? head.setUint32(at, v, true) : head.setUint16(at, v, true));
    const dir = new DataView(new ArrayBuffer(46));
    [[0, 0x02014b50, 4], [4, 20, 2], [6, 20, 2], [8, 0x0800, 2], [16, crc, 4], [20, bytes.length, 4], [24, bytes.length, 4], [28, n.length, 2], [42, offset, 4]]
      .forEach(([at, v, size]) => size === 4 ? dir.setUint32(at, v, true) : dir.setUint16(at, v, true));
    parts.push(head, n, bytes);
    central.push(dir, n);
    offset += 30 + n.length + bytes.length;
  }
  const size = central.reduce((s, p) => s + p.byteLength, 0);
  const end = new DataView(new ArrayBuffer(22));
  [[0, 0x06054b50, 4], [8, files.length, 2], [10, files.length, 2], [12, size, 4], [16, offset, 4]]
    .forEach(([at, v, s]) => s === 4 ? end.setUint32(at, v, true) : end.setUint16(at, v, true));
  return new Blob(parts.concat(central, [end]), { type: "application/zip" });
}

/** The first entry of the answer's zip, 汇总.txt, stored uncompressed. */
function firstEntryText(buffer) {
  const v = new DataView(buffer);
  if (v.getUint32(0, true) !== 0x04034b50) return "";
  const size = v.getUint32(18, true), n = v.getUint16(26, true), extra = v.getUint16(28, true);
  return new TextDecoder("utf-8").decode(new Uint8Array(buffer, 30 + n + extra, size));
}
