import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);

// src/ui/estimate.ts
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
function formatDuration(seconds) {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return `${m}m${String(s).padStart(2, "0")}s`;
}
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

export {
  stepTimesOf,
  formatDuration,
  PlainReporter,
  LiveReporter,
  SilentReporter
};
