export { agentNeeds, buildWorkflow, literal, runInput, setupMinutes, type Workflow, type WorkflowJob, type WorkflowOptions, type WorkflowStep } from './build-workflow.ts';
export { followRun, realClock, RunNotFoundError, triggerRun, type Clock, type FollowEvent, type FollowOptions, type FollowResult } from './follow-run.ts';
export {
  GithubApi,
  GithubApiError,
  GithubUnreachableError,
  repoFromRemote,
  repoFromSlug,
  type CheckAnnotation,
  type DispatchAnswer,
  type GithubApiOptions,
  type JobStep,
  type RepoRef,
  type WorkflowJobRun,
  type WorkflowRun,
} from './github-api.ts';
export { committedClean, RegistryWriter } from './registry-writer.ts';
export { readReport, reportCommand, reportTitle, type SessionReport } from './session-report.ts';
export { legsOf, runSnapshot, type CheckOutcome, type RunSnapshot, type SessionOutcome } from './run-snapshot.ts';
export { sessionJobName, workflowLayout, type LayoutJob, type LayoutOptions, type LayoutProblem, type LayoutSession, type WorkflowLayout } from './workflow-layout.ts';
export { sameWorkflow, workflowYaml } from './workflow-yaml.ts';
