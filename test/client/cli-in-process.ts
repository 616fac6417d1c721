import { Readable } from 'node:stream';
import { runCli as runCliInProcess } from '../../client/cli/run.js';

/** The CLI in this process (argument handling needs no child); what it wrote and its exit code. */
export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCliInProcess(args, {
    signal: new AbortController().signal,
    write: (s) => void (stdout += s),
    writeError: (s) => void (stderr += s),
    stdin: Readable.from([]),
    isTTY: false,
  });
  return { code, stdout, stderr };
}

