import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BacklogError } from '../../core/backlog';
import { mergeItemFiles } from '../../core/mergeItem';
import { nodeFiles } from '../../node/nodeFiles';
import type { CliCommand } from '../command';

/**
 * `git merge` calls this for `.backlog/items/*.md` (see `git-setup`): a key-by-key merge of the
 * front matter instead of git's line merge. Exit 0 when clean, 1 when conflict markers were left.
 */
export const mergeDriverCommand: CliCommand = {
  name: 'merge-driver',
  usage: 'merge-driver BASE OURS THEIRS [PATH]   git merge driver for item files (set up by git-setup)',
  standalone: true,
  async run(ctx) {
    const [basePath, oursPath, theirsPath, path] = ctx.positionals;
    if (!basePath || !oursPath || !theirsPath) throw new BacklogError('merge-driver needs BASE OURS THEIRS (git passes %O %A %B)', 'invalid-value');
    const read = (p: string) => readFileSync(p, 'utf8');
    const result = mergeItemFiles(read(basePath), read(oursPath), read(theirsPath));
    if (!result) {
      // Not an item file we can read on some side: git's ordinary text merge, in place.
      const r = spawnSync('git', ['merge-file', '-L', 'ours', '-L', 'base', '-L', 'theirs', oursPath, basePath, theirsPath], { encoding: 'utf8' });
      return r.status === 0 ? 0 : 1;
    }
    await nodeFiles.writeTextAtomic(oursPath, result.text);
    if (result.conflicts.length > 0) {
      ctx.io.stderr.write(`repo-backlog: ${path ?? oursPath}: both sides changed ${result.conflicts.join(', ')}; conflict markers left for you to resolve\n`);
      return 1;
    }
    return 0;
  },
};
