/**
 * 64-bit FNV-1a of the text's UTF-8 bytes, as 16 hex digits. The domain is pure (no node:crypto) and
 * this runs inside workflows, so the 64-bit product is done in two 32-bit halves instead of BigInt:
 * h × prime, with prime = 2^40 + 0x1b3, is h × 0x1b3 + (low half << 40).
 */
export function fnv1a64(text: string): string {
  let high = 0xcbf29ce4;
  let low = 0x84222325;
  const mix = (byte: number) => {
    low = (low ^ byte) >>> 0;
    const lowProduct = low * 0x1b3;
    const carry = Math.floor(lowProduct / 0x1_0000_0000);
    high = (Math.imul(high, 0x1b3) + carry + Math.imul(low, 0x100)) >>> 0;
    low = lowProduct >>> 0;
  };
  for (const character of text) {
    const codePoint = character.codePointAt(0) ?? 0;
    if (codePoint < 0x80) mix(codePoint);
    else if (codePoint < 0x800) {
      mix(0xc0 | (codePoint >> 6));
      mix(0x80 | (codePoint & 0x3f));
    } else if (codePoint < 0x10000) {
      mix(0xe0 | (codePoint >> 12));
      mix(0x80 | ((codePoint >> 6) & 0x3f));
      mix(0x80 | (codePoint & 0x3f));
    } else {
      mix(0xf0 | (codePoint >> 18));
      mix(0x80 | ((codePoint >> 12) & 0x3f));
      mix(0x80 | ((codePoint >> 6) & 0x3f));
      mix(0x80 | (codePoint & 0x3f));
    }
  }
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}
