import type { Logger } from 'pino';

// Runs periodic background tasks (delivering messages, expiring requests, reminders) in the web
// process or in `npm run worker`. Each task runs once at start, then again `everyMs` after its
// previous run ended, so a slow run never overlaps the next one. A failing run is logged and the
// schedule goes on: one bad minute must not stop the deliveries for good.

export interface Task {
  name: string;
  everyMs: number;
  /** `signal` aborts when the scheduler stops; a long run should finish early and leave things resumable. */
  run(now: Date, signal: AbortSignal): Promise<unknown>;
}

export interface Scheduler {
  /** Stops scheduling and waits for the runs in progress (at most timeoutMs, when given). */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

export function startScheduler(tasks: readonly Task[], options: { logger: Logger; now?: () => Date }): Scheduler {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  const stopping = new AbortController();
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();

  const names = new Set<string>();
  for (const task of tasks) {
    if (names.has(task.name)) throw new Error(`two scheduled tasks are named ${task.name}`);
    if (!(task.everyMs > 0)) throw new Error(`task ${task.name}: everyMs must be positive`);
    names.add(task.name);
  }

  function schedule(task: Task, delayMs: number) {
    if (stopping.signal.aborted) return;
    timers.set(task.name, setTimeout(() => void runOnce(task), delayMs));
  }

  async function runOnce(task: Task) {
    timers.delete(task.name);
    const started = Date.now();
    const run = (async () => {
      try {
        const result = await task.run(now(), stopping.signal);
        logger.debug({ task: task.name, ms: Date.now() - started, result }, 'task finished');
      } catch (err) {
        logger.error({ task: task.name, err }, 'task failed; it will run again on schedule');
      }
    })();
    running.set(task.name, run);
    await run;
    running.delete(task.name);
    schedule(task, task.everyMs);
  }

  for (const task of tasks) schedule(task, 0);
  logger.info({ tasks: tasks.map((t) => ({ name: t.name, everySeconds: t.everyMs / 1000 })) }, 'background tasks started');

  return {
    async stop({ timeoutMs } = {}) {
      if (!stopping.signal.aborted) stopping.abort();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      const inProgress = Promise.all(running.values()).then(() => undefined);
      if (timeoutMs === undefined) return inProgress;
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
      const outcome = await Promise.race([inProgress, gaveUp]);
      clearTimeout(timer);
      if (outcome === 'timeout') logger.warn({ tasks: [...running.keys()] }, 'background tasks still running at shutdown; their work resumes on the next start');
    },
  };
}
