// Source files from cloned repositories come in any encoding. We decode leniently and remember
// how, so a write-back (an id into a comment) re-encodes byte-for-byte what it did not change.

/** How a source file's bytes map to text. `latin1` is the fallback for bytes that are not UTF-8. */
export type SourceEncoding = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be' | 'latin1';

export type DecodedSource =
  | { readonly kind: 'text'; readonly text: string; readonly encoding: SourceEncoding }
  | { readonly kind: 'binary' };

/** Decodes UTF-8, or returns undefined when the bytes are not valid UTF-8. Injectable for speed. */
export type Utf8Decoder = (bytes: Uint8Array) => string | undefined;

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export const decodeUtf8Strict: Utf8Decoder = (bytes) => {
  try {
    return fatalUtf8.decode(bytes);
  } catch {
    return undefined;
  }
};

/** How many leading bytes are checked for NUL, the same rule git and ripgrep use for "binary". */
export const BINARY_PROBE_BYTES = 1024;

/** True when the file has a byte-order mark for UTF-16 (whose text legitimately holds NUL bytes). */
function utf16Bom(bytes: Uint8Array): 'utf16le' | 'utf16be' | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf16be';
  return undefined;
}

/** True when the first KiB holds a NUL byte and the file is not BOM-marked UTF-16. */
export function looksBinary(bytes: Uint8Array): boolean {
  if (utf16Bom(bytes)) return false;
  const n = Math.min(bytes.length, BINARY_PROBE_BYTES);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Decodes a source file; never throws. Invalid UTF-8 is read as Latin-1 so every byte survives. */
export function decodeSource(bytes: Uint8Array, decodeUtf8: Utf8Decoder = decodeUtf8Strict): DecodedSource {
  const bom = utf16Bom(bytes);
  if (bom) return { kind: 'text', text: decodeUtf16(bytes.subarray(2), bom === 'utf16be'), encoding: bom };
  if (looksBinary(bytes)) return { kind: 'binary' };
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = decodeUtf8(hasBom ? bytes.subarray(3) : bytes);
  if (text !== undefined) return { kind: 'text', text, encoding: hasBom ? 'utf8bom' : 'utf8' };
  return { kind: 'text', text: decodeLatin1(bytes), encoding: 'latin1' };
}

/** Encodes text back the way it was decoded. Throws if the text cannot be represented (Latin-1). */
export function encodeSource(text: string, encoding: SourceEncoding): Uint8Array {
  switch (encoding) {
    case 'utf8':
      return new TextEncoder().encode(text);
    case 'utf8bom': {
      const body = new TextEncoder().encode(text);
      const out = new Uint8Array(body.length + 3);
      out.set([0xef, 0xbb, 0xbf]);
      out.set(body, 3);
      return out;
    }
    case 'utf16le':
    case 'utf16be': {
      const out = new Uint8Array(2 + text.length * 2);
      const be = encoding === 'utf16be';
      out[0] = be ? 0xfe : 0xff;
      out[1] = be ? 0xff : 0xfe;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        out[2 + i * 2 + (be ? 1 : 0)] = c & 0xff;
        out[2 + i * 2 + (be ? 0 : 1)] = c >> 8;
      }
      return out;
    }
    case 'latin1': {
      const out = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c > 0xff) throw new Error(`Character U+${c.toString(16).toUpperCase().padStart(4, '0')} cannot be written to a file that is not UTF-8`);
        out[i] = c;
      }
      return out;
    }
  }
}

function decodeLatin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

function decodeUtf16(bytes: Uint8Array, bigEndian: boolean): string {
  const units = new Uint16Array(bytes.length >> 1);
  for (let i = 0; i < units.length; i++) units[i] = bigEndian ? (bytes[2 * i] << 8) | bytes[2 * i + 1] : bytes[2 * i] | (bytes[2 * i + 1] << 8);
  let s = '';
  for (let i = 0; i < units.length; i += 8192) s += String.fromCharCode(...units.subarray(i, i + 8192));
  return s;
}
