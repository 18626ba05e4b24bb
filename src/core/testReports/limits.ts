/**
 * Bounds that keep an untrusted report from exhausting the extension host. Reports are read as a
 * stream, so the file size itself is not bounded; what is bounded is anything we hold at once.
 */
export interface ReportLimits {
  /** Longest single XML token (a text block, an attribute list, a comment) the parser may buffer. */
  readonly maxTokenChars: number;
  /** Characters kept of one failure's details (message + stack); the rest is cut with a note. */
  readonly maxDetailsChars: number;
  /** Characters kept of one failure message. */
  readonly maxMessageChars: number;
  /** Deepest element nesting accepted; real reports nest a handful of levels. */
  readonly maxDepth: number;
  /** Longest TAP line accepted. */
  readonly maxLineChars: number;
}

export const DEFAULT_REPORT_LIMITS: ReportLimits = {
  // Large enough for the multi-megabyte <system-out> logs Surefire writes, small enough that one
  // pathological text block cannot take hundreds of megabytes.
  maxTokenChars: 32 * 1024 * 1024,
  maxDetailsChars: 64 * 1024,
  maxMessageChars: 4 * 1024,
  maxDepth: 200,
  maxLineChars: 1024 * 1024,
};

/** Collects text up to a cap; remembers that it had to cut. */
export class BoundedText {
  private readonly parts: string[] = [];
  private length = 0;
  truncated = false;

  constructor(private readonly max: number) {}

  add(text: string): void {
    if (text === '') return;
    const room = this.max - this.length;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const piece = text.length > room ? text.slice(0, room) : text;
    if (piece.length < text.length) this.truncated = true;
    this.parts.push(piece);
    this.length += piece.length;
  }

  get empty(): boolean {
    return this.length === 0;
  }

  text(): string {
    const joined = this.parts.join('');
    return this.truncated ? `${joined}\n… (cut at ${this.max} characters)` : joined;
  }
}

/** `text` cut to `max` characters, marking the cut. */
export function capText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
