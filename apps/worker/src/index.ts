export { startJobRunner, type JobRunner, type JobRunnerOptions } from "./job-runner.js";
export { HEARTBEAT_QUEUE } from "./jobs/heartbeat.job.js";
