import { createInterface } from 'node:readline/promises';

/** The terminal and environment a command runs with: the only place the CLI touches the outside. */
export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout is a terminal. */
  isTTY: boolean;
  /** Reads all of standard input. */
  readStdin: () => Promise<string>;
  /** Asks a question on the terminal and resolves to the answer line; absent where nobody can answer. */
  ask?: (question: string) => Promise<string>;
}

/** A mistake in how lanes was called or configured: printed as `lanes: <message>`, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The process's own terminal and environment. */
export function processIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    ask: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}
