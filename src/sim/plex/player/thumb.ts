/**
 * The poster JPEG PMS attaches to media.play / media.rate webhooks. A minimal, complete 1×1 JPEG (SOI … EOI);
 * receivers only store or forward it.
 */
export const thumbJpeg = Buffer.from(
  'ffd8ffe000104a46494600010101004800480000ffdb004300030202020202030202020303030304060404040404080606050609080a0a090809090a0c0f0c0a0b0e0b09090d110d0e0f101011100a0c12131210130f101010ffc9000b080001000101011100ffcc000600101005ffda0008010100003f00d2cf20ffd9',
  'hex',
);
