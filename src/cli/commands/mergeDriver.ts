import { readFileSync, writeFileSync } from 'node:fs';
import { BacklogError } from '../../core/backlog';
import { wholeFileConflict } from '../../core/lineMerge';
import { mergeItemFiles } from '../../core/mergeItem';
import type { CliCommand } from '../command';

/** Set (to anything) in the environment, the driver fails after reading its input: the crash path, tested under real git. */
export const MERGE_DRIVER_FAULT_ENV = 'REPO_BACKLOG_MERGE_DRIVER_FAULT';

/**
 * `git merge` calls this for `.backlog/items/*.md` (see `git-setup`): a key-by-key merge of the
 * front matter instead of git's line merge. Exit 0 when clean, 1 when conflict markers were left,
 * 2 when the driver failed (the file then holds both sides between conflict markers).
 */
export const mergeDriverCommand: CliCommand = {
  name: 'merge-driver',
  usage: 'merge-driver BASE OURS THEIRS [PATH]   git merge driver for item files (set up by git-setup)',
  standalone: true,
  async run(ctx) {
    const [basePath, oursPath, theirsPath, path] = ctx.positionals;
    if (!basePath || !oursPath || !theirsPath) throw new BacklogError('merge-driver needs BASE OURS THEIRS (git passes %O %A %B)', 'invalid-value');
    const name = printable(path ?? oursPath);
    // Git takes whatever is in OURS when we exit, so every way out must leave both sides there.
    const bytes = [basePath, oursPath, theirsPath].map((p) => readFileSync(p));
    try {
      const [base, ours, theirs] = bytes.map(utf8);
      if (process.env[MERGE_DRIVER_FAULT_ENV]) throw new Error(`fault injected by ${MERGE_DRIVER_FAULT_ENV}`);
      const result = mergeItemFiles(base, ours, theirs);
      writeFileSync(oursPath, result.text);
      const how = result.lineMergeReason ? ` (merged line by line: ${result.lineMergeReason})` : '';
      if (result.conflicts.length > 0) {
        ctx.io.stderr.write(`repo-backlog: ${name}: both sides changed ${result.conflicts.map(printable).join(', ')}${how}; conflict markers left for you to resolve\n`);
        return 1;
      }
      return 0;
    } catch (e) {
      // Bytes as Latin-1 round-trip exactly, whatever the encoding, so nothing is lost here.
      const [base, ours, theirs] = bytes.map((b) => b.toString('latin1'));
      const eol = /\r\n/.test(ours.slice(0, ours.indexOf('\n') + 1)) ? '\r\n' : '\n';
      const sameEol = (s: string) => (eol === '\n' ? s.replace(/\r\n/g, '\n') : s.replace(/\r?\n/g, '\r\n'));
      writeFileSync(oursPath, Buffer.from(wholeFileConflict(sameEol(base), sameEol(ours), sameEol(theirs), eol), 'latin1'));
      ctx.io.stderr.write(`repo-backlog: ${name}: the merge driver failed (${printable(e instanceof Error ? e.message : String(e))}); both sides are kept between conflict markers\n`);
      return 2;
    }
  },
};

/** Strict UTF-8 (a replacement character would lose the original bytes), byte-order mark kept. */
function utf8(bytes: Buffer): string {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

/** File names and messages come from the repository: no control characters reach the terminal. */
function printable(s: string): string {
   
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
