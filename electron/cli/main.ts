import { isUserError, WorkbenchError } from '../../shared/contract/errors';
import { onStdoutError, processIo, type CommandIo } from './io';

const HELP = `Usage: lime-workbench <command> [flags]

Commands:
  explain MODEL.onnx --data FILE …   explain predictions with LIME
  inspect MODEL.onnx                 what the model is and how the workbench reads it
  runs --store FILE                  the saved runs of an audit file, with their latest verdicts
  annotate --store FILE --run ID …   record a verdict on a saved run
  verify --store FILE                check an audit file, read-only: schema, hash chain, signatures, model files
  head --store FILE                  the audit log's head (SEQ:HASH), to archive outside the file
  create --store FILE                a new audit file (--require-signatures: verdicts must be signed)
  keys create --reviewer NAME        a reviewer's Ed25519 key pair for signing verdicts
  seal --store FILE [--key NAME]     FILE.seal.json: the file's hash and head, signed, for handover
  export --store F --out G.lwa …     a redacted copy of an audit (--redact COLUMN,…), verifiable alone
  merge --out F.lwa A.lwa B.lwa …    shards brought into one audit, their signatures still verifiable
  serve [--store FILE]               the workbench in a browser, on 127.0.0.1 only
  report --store FILE --out F.pdf    the PDF review report of an audit file
  pick MODEL.onnx --rows A-B …       SP-LIME: a representative set of rows to review first
  compare --store F --models A,B …   version review: two models over a cohort, saved as a study

Run \`lime-workbench <command> --help\` for a command's flags. Any command that opens an encrypted audit
takes --store-passphrase-file FILE (or asks at a terminal).
Exit status: 0 success; 2 bad usage or input (one line on stderr says which); 1 anything else.
`;

type Command = (argv: string[], io: CommandIo) => Promise<number>;

/**
 * Each command is loaded when it runs (the bundle splits them): `--help` loads no native module, and a
 * tabular explanation never loads the image decoder or SQLite it does not use.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  explain: () => import('./explain').then((m) => m.explainCommand),
  inspect: () => import('./inspect').then((m) => m.inspectCommand),
  runs: () => import('./auditCommands').then((m) => m.runsCommand),
  annotate: () => import('./auditCommands').then((m) => m.annotateCommand),
  verify: () => import('./integrity').then((m) => m.verifyCommand),
  head: () => import('./integrity').then((m) => m.headCommand),
  create: () => import('./integrity').then((m) => m.createCommand),
  keys: () => import('./integrity').then((m) => m.keysCommand),
  seal: () => import('./integrity').then((m) => m.sealCommand),
  export: () => import('./integrity').then((m) => m.exportCommand),
  merge: () => import('./merge').then((m) => m.mergeCommand),
  serve: () => import('./serve').then((m) => m.serveCommand),
  report: () => import('./report').then((m) => m.reportCommand),
  pick: () => import('./pick').then((m) => m.pickCommand),
  compare: () => import('./compare').then((m) => m.compareCommand),
};

/** Runs one command line; returns the exit status. Nothing but results goes to `io.out`. */
export async function runCli(argv: string[], io: CommandIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  try {
    if (!command)
      throw new WorkbenchError(
        'invalid-argument',
        `unknown command "${name}": expected one of ${Object.keys(COMMANDS).join(', ')}`,
      );
    // An encrypted audit's passphrase, for whichever command opens it: asked once, kept in memory only.
    const { storePassphrase } = await import('./passphrase');
    const { argv, passphrase } = await storePassphrase(rest);
    if (passphrase !== null) (await import('../backend/store/openAudit')).useStorePassphrase(passphrase);
    return await (
      await command()
    )(argv, io);
  } catch (error) {
    if (error instanceof WorkbenchError && error.code === 'cancelled' && io.closed?.aborted) return 0;
    if (error instanceof WorkbenchError) {
      io.err(`lime-workbench: ${error.message}`);
      return isUserError(error) ? 2 : 1;
    }
    io.err(`lime-workbench: unexpected error: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

// A reader that stops early (`| head`) closes the pipe: the batch stops between rows and the command
// exits 0, as Unix tools do. Every run committed so far stays in the audit file.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (!onStdoutError(error)) throw error;
});

process.exitCode = await runCli(process.argv.slice(2));
