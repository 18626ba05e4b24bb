/** Commands of the failing-tests feature (contributed in package.json). */
export const enum FailureCommand {
  /** {@link registerImportTestReport} */
  ImportTestReport = 'repoBacklog.importTestReport',
  /** {@link registerCaptureFailedTest}: Test Explorer context menus. */
  CaptureFailedTest = 'repoBacklog.captureFailedTest',
  /** {@link registerOpenFailingLine}: inline action in the Failing tests section. */
  OpenFailingLine = 'repoBacklog.openFailingLine',
}
