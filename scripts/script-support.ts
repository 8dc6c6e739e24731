import { loadConfig, type Config } from '../src/config';
import { createLogger } from '../src/logger';

// What the command-line scripts share: a plain message and exit code 1 for anything the operator
// must fix, and the configuration with a logger that writes to stderr (stdout carries only results).

export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

export function configAndLogger() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    fail((err as Error).message);
  }
  return { config, logger: createLogger(config.logLevel, process.stderr) };
}
