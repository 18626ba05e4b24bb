/** A code link as written in an item file's front matter, with where its path value is. */
export interface WrittenCodeLink {
  readonly path: string;
  readonly line?: number;
  /** 0-based line of the file, and the columns of the path value on it. */
  readonly at: { readonly line: number; readonly start: number; readonly end: number };
}

/**
 * The `links:` entries of an item file's front matter, read from its text as the editor has it
 * (possibly unsaved), in block style as the store writes them:
 *
 *     links:
 *       - kind: todo
 *         path: src/board.ts
 *         line: 3
 *
 * Other styles (flow lists) are left alone: this only decorates what it can place exactly.
 */
export function writtenCodeLinks(text: string): WrittenCodeLink[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines[0] !== '---') return [];
  const out: WrittenCodeLink[] = [];
  let inLinks = false;
  let entry: { path?: string; line?: number; at?: WrittenCodeLink['at'] } | undefined;
  const flush = () => {
    if (entry?.path !== undefined && entry.at) out.push({ path: entry.path, line: entry.line, at: entry.at });
    entry = undefined;
  };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === '---' || line === '...') break;
    if (/^\S/.test(line)) {
      flush();
      inLinks = /^links:\s*$/.test(line);
      continue;
    }
    if (!inLinks) continue;
    const m = /^(\s*)(-\s+)?([A-Za-z_]+):\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    if (m[2]) {
      flush();
      entry = {};
    }
    if (!entry) continue;
    const [, indent, dash = '', key, raw] = m;
    if (key === 'path') {
      const quoted = /^(["'])(.*)\1$/.exec(raw);
      const value = quoted ? quoted[2] : raw;
      const start = line.indexOf(raw, indent.length + dash.length + key.length + 1) + (quoted ? 1 : 0);
      entry.path = value;
      entry.at = { line: i, start, end: start + value.length };
    } else if (key === 'line' && /^\d+$/.test(raw)) entry.line = Number(raw);
  }
  flush();
  return out;
}
