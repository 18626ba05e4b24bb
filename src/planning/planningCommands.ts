/**
 * The planning commands, declared in package.json under the same ids. Kept here rather than in
 * src/commands.ts so the planning feature owns its commands; see {@link registerPlanning}.
 */
export const enum PlanningCommand {
  CreateSprint = 'repoBacklog.createSprint',
  PlanSprint = 'repoBacklog.planSprint',
  StartSprint = 'repoBacklog.startSprint',
  CloseSprint = 'repoBacklog.closeSprint',
  ShowSprintReview = 'repoBacklog.showSprintReview',
  RankByScore = 'repoBacklog.rankByScore',
  Groom = 'repoBacklog.groom',
  ArchiveDone = 'repoBacklog.archiveDone',
  /** {@link registerForecast} */
  Forecast = 'repoBacklog.forecast',
  /** {@link registerForecast} */
  CreateMilestone = 'repoBacklog.createMilestone',
}
