/** The question a command asks at a terminal (CliContext.ask), on stderr so that stdout stays the command's. */

/**
 * One line from stdin after `question` on stderr; undefined after Ctrl-D, Ctrl-C or an abort.
 * readline (and the stdin stream) is loaded when a question is asked: most commands ask none,
 * and `run` starts faster without it.
 */
export function askOnTerminal(signal: AbortSignal): (question: string) => Promise<string | undefined> {
  return async (question) => {
    const { createInterface } = await import('node:readline');
    return new Promise((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
      let answered = false;
      const finish = (answer: string | undefined) => {
        if (answered) return;
        answered = true;
        signal.removeEventListener('abort', onAbort);
        rl.close();
        resolve(answer);
      };
      const onAbort = () => finish(undefined);
      signal.addEventListener('abort', onAbort, { once: true });
      // With the terminal in raw mode, Ctrl-C reaches readline, not the process: it means no.
      rl.on('SIGINT', () => {
        process.stderr.write('\n');
        finish(undefined);
      });
      rl.on('close', () => finish(undefined));
      rl.question(question, (answer) => finish(answer));
    });
  };
}
