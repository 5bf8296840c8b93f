/** An option of an app command, parsed from `--name value` or `--flag`. */
export interface CommandOption {
  type: 'string' | 'boolean';
  description?: string;
  short?: string;
  default?: string | boolean;
}

/** A positional argument of an app command. */
export interface CommandArgument {
  name: string;
  description?: string;
  required?: boolean;
}

/** How an app command is described in `flagon --help`. */
export interface CommandSpec {
  description?: string;
  arguments?: readonly CommandArgument[];
  options?: Readonly<Record<string, CommandOption>>;
}

/** What a command's function receives. */
export interface CommandInput {
  args: Record<string, string | undefined>;
  options: Record<string, string | boolean | undefined>;
  /** Writes a line to the command's output. */
  print(line: string): void;
}

/** A registered command. */
export interface Command extends CommandSpec {
  readonly name: string;
  readonly run: (input: CommandInput) => unknown | Promise<unknown>;
}

/**
 * App-defined commands, run by `flagon NAME` (like Flask's `app.cli.command`).
 *
 * @example
 * ```ts
 * app.cli.command('init-db', { description: 'Clear the existing data and create new tables.' }, async ({ print }) => {
 *   await initDb();
 *   print('Initialized the database.');
 * });
 * ```
 */
export class CommandRegistry {
  readonly #commands = new Map<string, Command>();

  /** Registers a command; a second command with the same name is an error naming it. */
  command(name: string, spec: CommandSpec, run: Command['run']): void;
  command(name: string, run: Command['run']): void;
  command(name: string, specOrRun: CommandSpec | Command['run'], maybeRun?: Command['run']): void {
    if (!/^[a-z][a-z0-9:-]*$/.test(name)) {
      throw new TypeError(
        `Command name ${JSON.stringify(name)} must be lower-case words joined by "-", e.g. "init-db".`,
      );
    }
    if (this.#commands.has(name)) throw new TypeError(`A command named "${name}" is already registered.`);
    const spec = typeof specOrRun === 'function' ? {} : specOrRun;
    const run = typeof specOrRun === 'function' ? specOrRun : maybeRun;
    if (typeof run !== 'function') throw new TypeError(`Command "${name}" needs a function to run.`);
    this.#commands.set(name, Object.freeze({ ...spec, name, run }));
  }

  /** A command by name. */
  get(name: string): Command | undefined {
    return this.#commands.get(name);
  }

  /** Every command, sorted by name. */
  list(): Command[] {
    return [...this.#commands.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
