import { BacklogError } from '../../core/backlog';
import { groomingReport, type GroomingEntry } from '../../core/planning/grooming';
import { readGitHistory } from '../../node/gitHistory';
import { stringOption, type CliCommand, type CliContext } from '../command';
import { requireBacklog } from '../shared';

export const groomCommand: CliCommand = {
  name: 'groom',
  usage:
    'groom [--stale-days N] [--archive-after N] [--similarity 0-1]\n' +
    '                                         stale, not ready, likely duplicates, lost links, passing tests, done to archive',
  options: {
    'stale-days': { type: 'string' },
    'archive-after': { type: 'string' },
    similarity: { type: 'string' },
  },
  async run(ctx) {
    requireBacklog(ctx.snapshot);
    const lastChanged = await lastChanges(ctx);
    const report = groomingReport(ctx.snapshot, {
      now: Date.now(),
      lastChanged,
      staleDays: positive(ctx, 'stale-days', true),
      archiveDoneAfterDays: positive(ctx, 'archive-after', true),
      duplicateSimilarity: positive(ctx, 'similarity', false),
    });
    if (ctx.json) {
      ctx.printJson(report);
      return 0;
    }
    const section = (title: string, entries: readonly GroomingEntry[]) => {
      if (entries.length === 0) return;
      ctx.out(`${title} (${entries.length}):`);
      for (const e of entries) ctx.out(`  ${e.id.padEnd(10)} ${e.title}  — ${e.reasons.join(', ')}`);
    };
    section(`Stale (not updated for ${report.settings.staleDays}+ days)`, report.stale);
    section('Not ready', report.notReady);
    if (report.duplicates.length > 0) {
      ctx.out(`Likely duplicates (${report.duplicates.length}):`);
      for (const d of report.duplicates) ctx.out(`  ${Math.round(d.similarity * 100)}%  ${d.a.id} "${d.a.title}" (${d.a.status})  ~  ${d.b.id} "${d.b.title}" (${d.b.status})`);
    }
    section('Code link lost', report.lostLinks);
    section('Failing test passes again', report.passingTests);
    section(`Done for ${report.settings.archiveDoneAfterDays}+ days (archive with: repo-backlog archive --done-older-than ${report.settings.archiveDoneAfterDays})`, report.toArchive);
    const total = report.stale.length + report.notReady.length + report.duplicates.length + report.lostLinks.length + report.passingTests.length + report.toArchive.length;
    if (total === 0) ctx.out('Nothing to groom.');
    return 0;
  },
};

function positive(ctx: CliContext, name: string, whole: boolean): number | undefined {
  const raw = stringOption(ctx, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  const ok = Number.isFinite(n) && n > 0 && (whole ? Number.isInteger(n) : n <= 1);
  if (!ok) throw new BacklogError(`--${name} must be ${whole ? 'a whole number of days, at least 1' : 'a number above 0 and at most 1'} (got "${raw}")`, 'invalid-value');
  return n;
}

/** The last commit or recorded change per item: a hand edit that skipped `updated` still counts. */
export async function lastChanges(ctx: CliContext): Promise<Map<string, number>> {
  const events = [...((await readGitHistory(ctx.root)) ?? []), ...(await ctx.backlog.readRecordedHistory()).events];
  const last = new Map<string, number>();
  for (const e of events) if ((last.get(e.id) ?? -Infinity) < e.at) last.set(e.id, e.at);
  return last;
}
