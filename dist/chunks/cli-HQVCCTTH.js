#!/usr/bin/env node
import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  HANDLED_SIGNALS,
  Interrupts,
  closest,
  fileSystemError,
  isDiskFull,
  isFileSystemError,
  mountPointOf,
  openStore,
  package_default
} from "./chunk-OCXTFSZJ.js";
import {
  EXIT_FAILURE,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_USAGE,
  PydebugError,
  UsageError
} from "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";

// src/bin/cli.ts
import { isatty } from "node:tty";

// src/cli/arguments.ts
import { parseArgs } from "node:util";
function shortOwner(options, letter) {
  return Object.entries(options).find(([, spec]) => spec.short === letter);
}
function valueFollows(arg, options) {
  if (arg.startsWith("--")) return !arg.includes("=") && options[arg.slice(2)]?.type === "string";
  for (let i = 1; i < arg.length; i++) {
    if (shortOwner(options, arg[i])?.[1].type === "string") return i === arg.length - 1;
  }
  return false;
}
function firstOperand(args, options) {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--" || arg === "-" || !arg.startsWith("-")) return i;
    if (valueFollows(arg, options)) i += 1;
  }
  return args.length;
}
function unknownOption(raw, options, place) {
  const names = Object.keys(options).map((n) => `--${n}`);
  const guess = raw.startsWith("--") ? closest(raw, names) : void 0;
  return new UsageError(`unknown option ${raw} for ${place.where}`, { hint: guess ? `did you mean ${guess}?` : `see ${place.where} --help` });
}
function parseArguments(args, options, place) {
  const { values, positionals, tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const spec = options[token.name];
    const raw = token.rawName;
    if (!spec) throw place.unknown?.(raw) ?? unknownOption(raw, options, place);
    if (spec.type === "boolean" && token.value !== void 0) throw new UsageError(`${raw} takes no value`, { hint: place.example(`--${token.name}`) });
    if (spec.type === "string") {
      const hint = place.example(`--${token.name} ${EXAMPLE_VALUES[token.name] ?? "<value>"}`);
      if (token.value === void 0) throw new UsageError(`${raw} needs a value`, { hint: `e.g. ${hint}` });
      if (!token.inlineValue && /^-[^\d]/.test(token.value)) {
        throw new UsageError(`${raw} needs a value, but is followed by the option ${token.value}`, { hint: `e.g. ${hint}` });
      }
    }
  }
  return { values, positionals };
}
var EXAMPLE_VALUES = {
  config: "path/to/pydebug.yml",
  jobs: "4",
  parallel: "2",
  python: "3.13.2",
  variant: "debug",
  sha256: "<hex>",
  md5: "<hex>",
  url: "<url>"
};
function refuseVersionSelector(args, end, place) {
  const at = args.slice(0, end).findIndex((a) => a === "--version" || a.startsWith("--version="));
  if (at === -1) return;
  const inline = args[at].startsWith("--version=") ? args[at].slice("--version=".length) : void 0;
  const value = inline ?? args[at + 1] ?? "<version>";
  const fixed = [...args.slice(0, at), "--python", value, ...args.slice(at + (inline === void 0 && args[at + 1] !== void 0 ? 2 : 1))];
  throw new UsageError(`--version is pydebug's own version; it selects no CPython`, {
    hint: `the CPython version is chosen with --python: ${place.where} ${fixed.join(" ")}`.trimEnd()
  });
}

// src/cli/commands/index.ts
var LOADERS = {
  init: async () => (await import("./init-QZC3YNED.js")).initCommand,
  lock: async () => (await import("./lock-K4MSZDFH.js")).lockCommand,
  sync: async () => (await import("./sync-TIVMFQ3Y.js")).syncCommand,
  push: async () => (await import("./push-VGLW4URH.js")).pushCommand,
  which: async () => (await import("./which-ZL6DU5TP.js")).whichCommand,
  run: async () => (await import("./run-PTCLFLNK.js")).runCommand,
  list: async () => (await import("./list-QH2WXY4I.js")).listCommand,
  inspect: async () => (await import("./inspect-BLHLJHHM.js")).inspectCommand,
  matrix: async () => (await import("./matrix-A57BRYV7.js")).matrixCommand,
  clean: async () => (await import("./clean-EVHXP4LU.js")).cleanCommand
};
var COMMAND_NAMES = Object.keys(LOADERS);
function loadCommand(name) {
  return Object.hasOwn(LOADERS, name) ? LOADERS[name]() : void 0;
}
function loadCommands() {
  return Promise.all(COMMAND_NAMES.map((n) => LOADERS[n]()));
}

// src/cli/main.ts
var VERSION = package_default.version;
var COMMON_OPTIONS = {
  config: { type: "string", short: "c" },
  help: { type: "boolean", short: "h" },
  quiet: { type: "boolean", short: "q" }
};
var GLOBAL_OPTIONS = { ...COMMON_OPTIONS, version: { type: "boolean", short: "V" } };
async function mainHelp() {
  const COMMANDS = await loadCommands();
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "pydebug: build, cache and verify debug variants of CPython from pydebug.yml",
    "",
    "Usage: pydebug [-c <path>] [-q] <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options for every command (before or after its name):",
    "  -c, --config <path>  pydebug.yml to use (default: the nearest pydebug.yml in this directory or",
    "                       a parent; the lock is pydebug.lock beside it)",
    "  -q, --quiet          no progress output",
    "  -h, --help           help for a command: pydebug <command> --help",
    "  -V, --version        pydebug's version (the CPython version is chosen with --python)",
    "",
    "Environment: PYDEBUG_HOME (store root, default <cache dir>/pydebug), PYDEBUG_MIRROR (replaces",
    "https://www.python.org/ftp/python: a URL or a directory, relative to the current one or absolute),",
    "CC (default compiler), XDG_CACHE_HOME.",
    "Exit codes: 0 success, 1 failure, 2 usage or config error, 130 interrupted (Ctrl-C), 143 terminated",
    "(SIGTERM), 129 hung up (SIGHUP); run exits with its command's code."
  ].join("\n");
}
function commandHelp(cmd) {
  return [`Usage: ${cmd.usage}`, "", cmd.summary, "", cmd.help.trim(), "", "Common options: -c/--config <path>, -q/--quiet, -h/--help"].join("\n");
}
async function main(argv, ctx) {
  let json = false;
  try {
    const at = firstOperand(argv, GLOBAL_OPTIONS);
    const name = argv[at];
    const named = name === void 0 ? void 0 : await loadCommand(name);
    const before = parseArguments(argv.slice(0, at), GLOBAL_OPTIONS, beforeCommand(name, named));
    if (before.values.version) return printVersion(ctx);
    if (name === void 0 || name === "help") {
      const topicName = name === "help" ? argv[at + 1] : void 0;
      const topic = topicName === void 0 ? void 0 : await loadCommand(topicName);
      ctx.stdout.write(`${topic ? commandHelp(topic) : await mainHelp()}
`);
      return name === void 0 && !before.values.help ? EXIT_USAGE : EXIT_OK;
    }
    const cmd = named ?? unknownCommand(name);
    const rest = argv.slice(at + 1);
    const options = { ...COMMON_OPTIONS, ...cmd.options };
    const end = cmd.passthrough ? firstOperand(rest, options) : rest.length;
    json = "json" in cmd.options && rest.slice(0, end).includes("--json");
    if (rest.length === 1 && (rest[0] === "--version" || rest[0] === "-V")) return printVersion(ctx);
    const place = commandPlace(cmd);
    if ("python" in cmd.options) refuseVersionSelector(rest, end, place);
    const parsed = parseArguments(rest.slice(0, end), options, place);
    const values = { ...before.values, ...parsed.values };
    if (values.help) {
      ctx.stdout.write(`${commandHelp(cmd)}
`);
      return EXIT_OK;
    }
    const { operands, passed } = cmd.passthrough ? splitCommandLine(cmd, values, rest.slice(0, end), rest.slice(end)) : { operands: parsed.positionals, passed: [] };
    if (operands.length > cmd.operands) throw extraOperands(cmd, operands[cmd.operands]);
    return await cmd.run(ctx, values, [...operands, ...passed]);
  } catch (error) {
    return reportError(ctx, error, json);
  }
}
function printVersion(ctx) {
  ctx.stdout.write(`pydebug ${VERSION}
`);
  return EXIT_OK;
}
function unknownCommand(name) {
  const guess = closest(name, COMMAND_NAMES);
  throw new UsageError(`unknown command "${name}"`, { hint: guess ? `did you mean "pydebug ${guess}"?` : "see pydebug --help" });
}
function knows(options, raw) {
  const name = raw.replace(/^--?/, "").split("=")[0];
  return raw.startsWith("--") ? name in options : Object.values(options).some((o) => o.short === name);
}
function beforeCommand(name, cmd) {
  return {
    where: "pydebug",
    example: (option) => `pydebug ${option} ${name ?? "<command>"}`,
    unknown: (raw) => new UsageError(`unknown option ${raw} before the command`, {
      hint: cmd && knows(cmd.options, raw) ? `options of a command go after it: pydebug ${cmd.name} ${raw}` : "only -c/--config, -q/--quiet, -h/--help and -V/--version go before the command; see pydebug --help"
    })
  };
}
function commandPlace(cmd) {
  return { where: `pydebug ${cmd.name}`, example: (option) => `pydebug ${cmd.name} ${option}` };
}
function splitCommandLine(cmd, values, own, tail) {
  const count = tail[0] === "--" ? 0 : cmd.passthrough(values);
  const operands = tail.slice(0, count);
  let passed = tail.slice(count);
  if (passed[0] === "--") passed = passed.slice(1);
  const first = passed[0];
  if (first?.startsWith("-") && first !== "-") {
    throw new UsageError(
      `the command to run cannot start with an option ("${first}"): pydebug's options go before the variant (with --all, before the command), and everything after the variant (or after \`--\`) is the command`,
      { hint: reorderedHint(cmd, own, operands, passed) }
    );
  }
  return { operands, passed };
}
function reorderedHint(cmd, own, operands, passed) {
  const options = { ...COMMON_OPTIONS, ...cmd.options };
  const end = firstOperand(passed, options);
  const misplaced = passed.slice(0, end);
  const program = passed.slice(passed[end] === "--" ? end + 1 : end);
  const ours = misplaced.every((a) => !a.startsWith("-") || knows(options, a));
  if (!ours || program.length === 0) return `a command starts with its program: pydebug ${cmd.name} ${[...own, ...operands].join(" ")} -- python -c 'print(1)'`.replace(/ {2,}/g, " ");
  return `pydebug ${[cmd.name, ...own, ...misplaced, ...operands, "--", ...program].map(shellWord).join(" ")}`;
}
function shellWord(arg) {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}
function extraOperands(cmd, extra) {
  const takes = cmd.operands === 0 ? "takes no arguments" : cmd.operands === 1 ? "takes one argument" : `takes ${cmd.operands} arguments`;
  return new UsageError(`pydebug ${cmd.name} ${takes}: unexpected "${extra}"`, { hint: `usage: ${cmd.usage.split("\n")[0]}` });
}
function reportError(ctx, error, json = false) {
  if (isFileSystemError(error)) return reportError(ctx, fileSystemError(error, storeRoot(ctx)), json);
  if (isDiskFull(error)) return reportError(ctx, unplacedDiskFullError(ctx, error), json);
  if (error instanceof PydebugError) {
    const prefix = error.exitCode === EXIT_INTERRUPTED ? "" : "error: ";
    ctx.stderr.write(`${prefix}${error.message}
`);
    if (error.hint) ctx.stderr.write(`hint: ${error.hint}
`);
    if (json) writeJsonError(ctx, error.message, error.hint, error.exitCode);
    return error.exitCode;
  }
  const e = error;
  ctx.stderr.write(`internal error: ${e?.stack ?? String(error)}
This is a bug in pydebug; please report it with the command you ran.
`);
  if (json) writeJsonError(ctx, `internal error: ${e?.message ?? String(error)}`, "this is a bug in pydebug; please report it with the command you ran", EXIT_FAILURE);
  return EXIT_FAILURE;
}
function writeJsonError(ctx, message, hint, exitCode) {
  ctx.stdout.write(`${JSON.stringify({ error: { message, hint: hint ?? null, exit_code: exitCode } }, null, 2)}
`);
}
function unplacedDiskFullError(ctx, error) {
  const places = [
    { what: "the store", path: storeRoot(ctx) },
    { what: "the project", path: ctx.cwd }
  ].flatMap(({ what, path }) => path === void 0 ? [] : [`${what} (${path}) is on the file system mounted at ${mountPointOf(path) ?? "?"}`]);
  const full = error.code === "EDQUOT" ? "disk quota exceeded" : "no space left on the device";
  return new PydebugError(`cannot write: ${full} (${error.syscall ?? "write"})`, { hint: `free space where pydebug writes: ${places.join("; ")}`, cause: error });
}
function storeRoot(ctx) {
  try {
    return openStore(ctx).root;
  } catch {
    return void 0;
  }
}

// src/cli/terminal.ts
function askOnTerminal(signal) {
  return async (question) => {
    const { createInterface } = await import("node:readline");
    return new Promise((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
      let answered = false;
      const finish = (answer) => {
        if (answered) return;
        answered = true;
        signal.removeEventListener("abort", onAbort);
        rl.close();
        resolve(answer);
      };
      const onAbort = () => finish(void 0);
      signal.addEventListener("abort", onAbort, { once: true });
      rl.on("SIGINT", () => {
        process.stderr.write("\n");
        finish(void 0);
      });
      rl.on("close", () => finish(void 0));
      rl.question(question, (answer) => finish(answer));
    });
  };
}

// src/bin/cli.ts
var interrupts = new Interrupts(process.stderr, (code2) => process.exit(code2));
for (const sig of HANDLED_SIGNALS) process.on(sig, () => interrupts.receive(sig));
var code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: process.stderr.isTTY === true,
  columns: () => process.stderr.columns ?? 100,
  interrupts,
  // isatty, not process.stdin.isTTY: reading that makes the stdin stream, which only a question needs.
  ask: process.stderr.isTTY && isatty(0) ? askOnTerminal(interrupts.signal) : void 0
});
process.exitCode = interrupts.exitCode !== void 0 && code !== 0 ? interrupts.exitCode : code;
