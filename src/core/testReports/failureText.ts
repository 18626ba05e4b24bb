import { contentHash } from '../hash';

/**
 * The line a person would quote for a failure: the first non-empty line, except for Python
 * tracebacks, whose meaning is in the last line (`AssertionError: ...`).
 */
export function summarizeMessage(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) return '';
  if (/^Traceback \(most recent call last\)/.test(lines[0])) {
    for (let i = lines.length - 1; i > 0; i--) if (!/^(File "|\^|~)/.test(lines[i])) return lines[i];
  }
  return lines[0];
}

/**
 * A fingerprint of what went wrong, stable across runs: numbers, addresses, durations, dates,
 * ids and temporary paths are replaced by placeholders, so "expected 3 got 4 after 12ms at
 * 0x7ffd..." and the same failure on the next run fingerprint alike.
 */
export function failureSignature(type: string | undefined, message: string): string {
  return contentHash(`${type ?? ''}\n${normalizeFailureText(message.slice(0, 2000))}`);
}

export function normalizeFailureText(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?/g, '<time>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
    .replace(/\b0x[0-9a-f]+\b/gi, '<addr>')
    .replace(/(?:\/tmp|\/var\/folders|\/private\/var\/folders|[A-Za-z]:\\Users\\[^\\\s]+\\AppData\\Local\\Temp|[A-Za-z]:\\Windows\\Temp)[\\/][^\s'"`:)]*/gi, '<tmp>')
    .replace(/\b\d+(?:\.\d+)?\s?(?:ms|msec|milliseconds?|s|sec|secs|seconds?|µs|us|ns|m|min|minutes?)\b/gi, '<duration>')
    .replace(/\b[0-9a-f]{8,}\b/gi, '<hex>')
    .replace(/\d+/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Frames from test frameworks, runtimes and dependencies: noise when triaging a failure. */
const NOISE_FRAME =
  /node_modules[\\/]|\bnode:internal\b|\(internal\/|\binternal\/(?:process|modules|main)|new Promise \(<anonymous>\)|\bprocessTicksAndRejections\b|\bat (?:sun|jdk\.internal|java\.lang\.reflect|java\.base|org\.junit|junit\.framework|org\.testng|org\.apache\.maven\.surefire|org\.gradle|org\.spockframework|kotlin\.coroutines|java\.util\.concurrent)\.|\bat java\.lang\.Thread\.run\b|System\.RuntimeMethodHandle|System\.Reflection\.|Microsoft\.VisualStudio\.TestPlatform|NUnit\.Framework\.Internal|Xunit\.Sdk|site-packages[\\/]|dist-packages[\\/]|[\\/]_pytest[\\/]|[\\/]pluggy[\\/]|[\\/]unittest[\\/](?:case|main|runner)\.py|[\\/]lib[\\/]python\d|\btesting\/testing\.go\b|\bruntime\/(?:panic|proc|asm_\w+)\.(?:go|s)\b|[\\/]vendor[\\/]phpunit[\\/]/;

/**
 * No stack frame line is longer; longer lines are message text. The frame patterns backtrack, so
 * a 64 KB line of untrusted text would cost them seconds.
 */
export const MAX_FRAME_LINE = 1000;

/** Whether a line of a stack trace is a frame (as opposed to message text). */
export function isFrameLine(line: string): boolean {
  if (line.length > MAX_FRAME_LINE) return false;
  return /^\s*at\s+\S/.test(line) || /^\s*File ".*", line \d+/.test(line) || /^\s*(?:[A-Za-z]:)?[^\s:]*\.\w+:\d+(?::\d+)?(?:\s|$)/.test(line) || /^\s*#\d+\s+\S/.test(line);
}

/**
 * The failure's details with framework, runtime and dependency frames left out, capped at
 * `maxFrames` kept frames and `maxChars` characters. Message lines are kept as they are.
 */
export function trimStackTrace(details: string, maxFrames = 12, maxChars = 4000): string {
  const out: string[] = [];
  let kept = 0;
  let omitted = 0;
  for (const line of details.split('\n')) {
    if (isFrameLine(line)) {
      if (NOISE_FRAME.test(line) || kept >= maxFrames) {
        omitted++;
        continue;
      }
      kept++;
    }
    out.push(line.trimEnd());
  }
  if (omitted > 0) out.push(`    … ${omitted} framework, dependency or runtime frame${omitted === 1 ? '' : 's'} omitted`);
  const text = out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  return text.length > maxChars ? `${text.slice(0, maxChars)}\n…` : text;
}

/** Whether a frame's file belongs to dependencies or the runtime rather than the project. */
export function isNoisePath(path: string): boolean {
  return /(?:^|[\\/])(?:node_modules|site-packages|dist-packages|vendor|\.venv|venv|\.gradle|\.m2|\.nuget|go[\\/]pkg[\\/]mod)[\\/]/.test(path) || /^(?:node:|internal\/)/.test(path);
}
