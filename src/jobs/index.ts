export { builtInJobs, enqueueOutboxOnce, notifyUserJob, purgeJob } from './builtin.ts';
export { defineJob, JobDataError, parseJobData, type JobContext, type JobDefinition } from './registry.ts';
export {
  createScheduler,
  JOBS_TABLE,
  type ScheduleOptions,
  type ScheduleResult,
  type Scheduler,
  type SchedulerOptions,
} from './scheduler.ts';
