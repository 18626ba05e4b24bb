import { BacklogError } from '../../core/backlog';
import { groomingReport, type GroomingEntry } from '../../core/planning/grooming';
import { DEFAULT_PLANNING } from '../../core/planning/planningConfig';
import { readGitHistory } from '../../node/gitHistory';
import { stringOption, type CliCommand, type CliContext } from '../command';
import { requireBacklog } from '../shared';

export const groomCommand: CliCommand = {
  name: 'groom',
  usage:
    'groom [--stale-days N] [--archive-after N] [--similarity 0-1]\n' +
    '                                         stale, not ready (or blocked), likely duplicates, lost links, passing tests,\n' +
    '                                         done to archive, parents and children out of step',
  options: {
    'stale-days': { type: 'string' },
    'archive-after': { type: 'string' },
    similarity: { type: 'string' },
  },
  async run(ctx) {
    requireBacklog(ctx.snapshot);
    const planning = ctx.snapshot.config.planning ?? DEFAULT_PLANNING;
    const staleDays = positive(ctx, 'stale-days', true) ?? planning.staleDays;
    const archiveDoneAfterDays = positive(ctx, 'archive-after', true) ?? planning.archiveDoneAfterDays;
    const now = Date.now();
    const report = groomingReport(ctx.snapshot, {
      now,
      lastChanged: await lastChanges(ctx, now - Math.max(staleDays, archiveDoneAfterDays) * DAY),
      staleDays,
      archiveDoneAfterDays,
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
    section('Parents and children', report.structure);
    const total = report.stale.length + report.notReady.length + report.duplicates.length + report.lostLinks.length + report.passingTests.length + report.toArchive.length + report.structure.length;
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

const DAY = 86_400_000;

/**
 * The last commit or recorded change per item since `since`: a hand edit that skipped `updated`
 * still counts. Older changes cannot change a verdict measured against a threshold after `since`.
 */
export async function lastChanges(ctx: CliContext, since: number): Promise<Map<string, number>> {
  const gitEvents = await readGitHistory(ctx.root, { since, snapshotAtSince: false });
  const events = [...(gitEvents ?? []), ...(await ctx.backlog.readRecordedHistory()).events];
  const last = new Map<string, number>();
  for (const e of events) if ((last.get(e.id) ?? -Infinity) < e.at) last.set(e.id, e.at);
  return last;
}
