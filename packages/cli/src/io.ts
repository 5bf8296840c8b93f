/** Where the `flagon` command writes: stdout for results, stderr for progress and errors. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** Writes to the process's stdout and stderr. */
export const processIo: Io = Object.freeze({
  out: (line: string) => {
    process.stdout.write(`${line}\n`);
  },
  err: (line: string) => {
    process.stderr.write(`${line}\n`);
  },
});

/** Options every command understands, taken from anywhere before `--`. */
export interface GlobalOptions {
  /** `--app path[:export]`. */
  app: string | undefined;
  /** `--verbose`: stacks with errors. */
  verbose: boolean;
}

/** What a built-in command receives. */
export interface CommandContext {
  /** The arguments after the command's name (globals removed). */
  readonly argv: string[];
  readonly globals: GlobalOptions;
  readonly io: Io;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** A built-in command. Returning `'serving'` keeps the process alive (a server or a REPL). */
export interface BuiltinCommand {
  readonly name: string;
  readonly summary: string;
  /** Full help text: usage line, description, options. */
  readonly help: string;
  run(context: CommandContext): Promise<number | 'serving'>;
}
