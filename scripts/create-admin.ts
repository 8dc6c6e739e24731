import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { recordAudit } from '../src/audit/audit';
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem, type PasswordProblem } from '../src/auth/passwords';
import { prepareDatabase } from '../src/bootstrap';
import { connectDatabase } from '../src/db/connect';
import { insertVolunteer } from '../src/volunteers/volunteers.queries';
import { configAndLogger, fail } from './script-support';

// `npm run create-admin -- --username U --name N [--password-file F]`: creates an admin account
// without a browser, typically the first one. Non-interactive, so it works in scripts and containers:
// the password comes from a file or standard input, never from the command line (shell history, ps).

const USAGE = `Usage: npm run create-admin -- --username USERNAME --name "FULL NAME" [--password-file FILE]
  The password is read from FILE, or from standard input when --password-file is absent or "-":
    echo 'a long passphrase' | npm run create-admin -- --username asha.verma --name "Asha Verma"`;

const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,39}$/;

const PASSWORD_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `The password is too short: use at least ${MIN_PASSWORD_LENGTH} characters (a few unrelated words work well).`,
  too_long: 'The password is too long: use at most 72 bytes (fewer characters, or fewer non-English ones).',
  control_characters: 'The password contains a control character (such as NUL or a tab): use only characters you can type.',
  too_common: 'The password is among the most common passwords and easy to guess: choose another one.',
  contains_name: 'The password contains the username or part of the name: choose one without them.',
};

class UsernameTakenError extends Error {}

async function readPassword(file: string | undefined): Promise<string> {
  let text: string;
  if (file && file !== '-') {
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      fail(`Cannot read the password file ${file}: ${(err as Error).message}`);
    }
  } else {
    if (process.stdin.isTTY) fail(`No password given: pipe it on standard input or use --password-file FILE.\n${USAGE}`);
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
  }
  // Files and `echo` end with a newline that is not part of the password.
  return text.replace(/\r?\n$/, '');
}

let args;
try {
  args = parseArgs({
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      'password-file': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const username = args.username?.trim().toLowerCase() ?? '';
const fullName = args.name?.trim() ?? '';
const problems: string[] = [];
if (!username) problems.push('--username is required.');
else if (!USERNAME_PATTERN.test(username)) {
  problems.push('The username must be 3 to 40 characters: letters, digits, dots, hyphens or underscores, starting with a letter or digit.');
}
if (!fullName) problems.push('--name is required (the full name of the admin).');
else if ([...fullName].length < 2 || [...fullName].length > 100) problems.push('The name must be 2 to 100 characters long.');
if (problems.length) fail(`${problems.join('\n')}\n${USAGE}`);

const password = await readPassword(args['password-file']);
const weakness = passwordProblem(password, { username, fullName });
if (weakness) fail(PASSWORD_MESSAGES[weakness]);

const { config, logger } = configAndLogger();
let db;
try {
  db = await connectDatabase(config.database, logger);
} catch (err) {
  // Typically the embedded database held by a running portal.
  fail((err as Error).message);
}
try {
  await prepareDatabase(db, logger);
  const passwordHash = await hashPassword(password, config.auth.bcryptCost);
  await db.withTransaction(async (tx) => {
    // The person running this chose the password, so there is nothing to change at first sign-in.
    const created = await insertVolunteer(tx, { username, fullName, role: 'admin', passwordHash, mustChangePassword: false });
    if (!created) throw new UsernameTakenError(`The username ${username} is already taken; nothing was changed.`);
    await recordAudit(tx, { action: 'volunteer_created', entity: { type: 'volunteer', id: created.id }, details: { via: 'cli' } });
  });
  process.stdout.write(`Created admin ${username}\n`);
} catch (err) {
  process.stderr.write(`${err instanceof UsernameTakenError ? err.message : `Creating the admin failed: ${(err as Error).message}`}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}
