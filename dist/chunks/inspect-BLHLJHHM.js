import { createRequire as __pydebugCreateRequire } from 'node:module';
const require = __pydebugCreateRequire(import.meta.url);
import {
  probeInterpreter,
  proveFlags
} from "./chunk-RI27NQBJ.js";
import "./chunk-N76HLSXF.js";
import {
  atLeast,
  bool,
  entrySelection,
  loadConfigFile,
  lockStanding,
  nearestConfigPath,
  pickEntry,
  renderTable,
  requireBuilt,
  sanitizerExports,
  str,
  viewProject,
  warnIfStale
} from "./chunk-OCXTFSZJ.js";
import {
  EXIT_OK
} from "./chunk-2N76SVMT.js";
import "./chunk-4XGRPEUQ.js";

// src/cli/commands/inspect.ts
import { join, resolve } from "node:path";

// src/ui/inspect-table.ts
function inspectView(r, p, entry) {
  const m = p.macros;
  const traceRefsAbi = atLeast(r.version, 3, 13) ? "no (ABI-compatible since 3.13)" : "yes";
  const macros = [
    { macro: "Py_DEBUG", defined: m.Py_DEBUG, proof: p.evidence.Py_DEBUG, rebuild_extensions: "yes", what: 'standard debug build (--with-pydebug), abiflag "d"' },
    { macro: "Py_REF_DEBUG", defined: m.Py_REF_DEBUG, proof: p.evidence.Py_REF_DEBUG, rebuild_extensions: "no", what: "total reference count: sys.gettotalrefcount(), -X showrefcount" },
    { macro: "Py_TRACE_REFS", defined: m.Py_TRACE_REFS, proof: p.evidence.Py_TRACE_REFS, rebuild_extensions: traceRefsAbi, what: "list of live objects: sys.getobjects(), PYTHONDUMPREFS" },
    { macro: "WITH_PYMALLOC", defined: m.WITH_PYMALLOC, proof: p.evidence.WITH_PYMALLOC, rebuild_extensions: "no", what: "small-object allocator (off for Valgrind: --without-pymalloc)" },
    { macro: "WITH_VALGRIND", defined: m.WITH_VALGRIND, proof: p.evidence.WITH_VALGRIND, rebuild_extensions: "no", what: "pymalloc steps aside when run under Valgrind" },
    { macro: "Py_GIL_DISABLED", defined: m.Py_GIL_DISABLED, proof: p.evidence.Py_GIL_DISABLED, rebuild_extensions: "yes", what: 'free-threaded build (--disable-gil), abiflag "t"' },
    { macro: "NDEBUG", defined: m.NDEBUG, proof: p.evidence.NDEBUG, rebuild_extensions: "no", what: "assert() compiled out (undefined = asserts on)" }
  ];
  const notes = [];
  const asan = p.sanitizers.includes("address");
  const msan = p.sanitizers.includes("memory");
  if (!m.WITH_PYMALLOC) {
    const why = asan || msan ? ` (${asan ? "AddressSanitizer" : "MemorySanitizer"} turns it off)` : "";
    const sees = asan ? "AddressSanitizer" : msan ? "MemorySanitizer" : "Valgrind";
    notes.push(`pymalloc is off${why}: PYTHONMALLOCSTATS=1 prints nothing (there are no pymalloc arenas to report); ${sees} sees every allocation.`);
  } else {
    notes.push("PYTHONMALLOCSTATS=1 prints pymalloc arena statistics to stderr when a new arena is allocated and at exit.");
  }
  if (asan) {
    notes.push(
      "AddressSanitizer stops at the first invalid access (heap-use-after-free, heap-buffer-overflow) with its stack; build extensions with this interpreter's sysconfig CFLAGS and LDFLAGS (-fsanitize=address) so their code is checked too. `pydebug run` and the Action set ASAN_OPTIONS=detect_leaks=0 unless the variant's env says otherwise: CPython keeps memory until exit by design."
    );
  }
  if (p.sanitizers.includes("thread")) {
    notes.push(
      `ThreadSanitizer reports data races with both threads' stacks and exits 66 at the end of a run that had a report; build extensions with this interpreter's sysconfig CFLAGS and LDFLAGS (-fsanitize=thread).${m.Py_GIL_DISABLED ? " Free-threaded: threads really run in parallel; an extension that does not declare Py_mod_gil = Py_MOD_GIL_NOT_USED turns the GIL back on when imported, and hides its races." : " With the GIL, only races in code that releases it (Py_BEGIN_ALLOW_THREADS) can show."} CPython's own known races are suppressed by its suppression file${entry ? " (TSAN_OPTIONS below)" : ""}. The kernel must randomize mmap with at most 28 bits (sudo sysctl -w vm.mmap_rnd_bits=28).`
    );
  }
  if (p.sanitizers.includes("undefined")) {
    notes.push(
      'UndefinedBehaviorSanitizer reports signed overflow, misaligned loads, bad shifts and more as "runtime error:" with the source line; `pydebug run` and the Action set UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1, so the first report stops the run with a non-zero exit. With clang, signed overflow is not reported: CPython builds with -fno-strict-overflow, which clang takes as -fwrapv.'
    );
  }
  if (m.Py_DEBUG) notes.push("debug allocator hooks are on by default: freed memory is filled with 0xDD, so a use after free shows refcounts like -2459565876494606883.");
  if (r.allocator === null) notes.push("allocator name unknown: _testcapi/_testinternalcapi are not installed (--disable-test-modules?).");
  return {
    interpreter: r.executable,
    version: r.version,
    implementation: r.implementation,
    abiflags: p.abiflags,
    soabi: r.soabi,
    allocator: r.allocator,
    config_args: r.config_args,
    valgrind_suppressions: entry?.valgrindSuppressions ?? null,
    pydebug_entry: entry !== void 0,
    sanitizer_options: entry?.sanitizerOptions ?? {},
    sanitizer_suppressions: entry?.sanitizerSuppressions ?? {},
    macros,
    sanitizers: p.sanitizers,
    notes
  };
}
function renderInspect(v) {
  const head = [
    `interpreter  ${v.interpreter}`,
    `version      ${v.implementation} ${v.version}`,
    `abiflags     ${JSON.stringify(v.abiflags)}${v.soabi ? `   (SOABI ${v.soabi})` : ""}`,
    `allocator    ${v.allocator ?? "unknown"}`,
    `sanitizers   ${v.sanitizers.length ? v.sanitizers.join(", ") : "none"}`,
    `configure    ${v.config_args ?? "(unknown)"}`,
    `valgrind     ${suppressionsLine(v)}`,
    ...Object.entries(v.sanitizer_options).map(([name, value]) => `runtime      ${name}=${value}`)
  ];
  const table = renderTable(
    ["macro", "defined", "ABI change (rebuild extensions)", "proof", "what it gives"],
    v.macros.map((x) => [x.macro, x.defined ? "yes" : "no", x.rebuild_extensions, x.proof, x.what])
  );
  return `${head.join("\n")}

${table}

${v.notes.map((n) => `note: ${n}`).join("\n")}
`;
}
function suppressionsLine(v) {
  if (v.valgrind_suppressions) return `suppressions ${v.valgrind_suppressions}`;
  return v.pydebug_entry ? "no suppression file in this entry" : "no suppression file known (not a pydebug store entry)";
}

// src/cli/commands/inspect.ts
var inspectCommand = {
  name: "inspect",
  summary: "probe an interpreter and print the recipe's table: debug macros, abiflags, allocator",
  usage: "pydebug inspect [<variant> | <python>] [--python X] [--json]",
  help: `
Runs the interpreter and reports, with the proof of each: Py_DEBUG, Py_REF_DEBUG,
Py_TRACE_REFS, WITH_PYMALLOC, WITH_VALGRIND, Py_GIL_DISABLED, NDEBUG (asserts), sys.abiflags,
the allocator in use and sanitizers. Works on any CPython 3.8+, built by pydebug or not.

The argument is a variant of pydebug.yml (its built interpreter), or an interpreter path or
command name; the default is python3 from PATH. A variant is the entry pydebug.lock pins: when
pydebug.yml changed since, a warning says why the lock is stale (\`pydebug lock\` updates it).

Options:
  --python X    with a variant: the CPython version, when pydebug.yml lists several
  --json        print the report as JSON (of a variant, lock_stale and lock_reasons say
                whether its lock record is out of date with pydebug.yml)`,
  options: { python: { type: "string" }, json: { type: "boolean" } },
  operands: 1,
  async run(ctx, values, positionals) {
    const target = positionals[0] ?? "python3";
    let python = target;
    let entry;
    let probeEnv;
    let lockFields = { lock_stale: null, lock_reasons: null };
    const looksLikePath = target.includes("/");
    if (!looksLikePath) {
      const config = str(values, "config");
      const path = await nearestConfigPath(ctx, { config });
      const declared = path !== void 0 && (await loadConfigFile(path, ctx.cwd)).projectConfig.variants.some((v) => v.name === target);
      if (declared) {
        const view2 = await viewProject(ctx, { config }, entrySelection(target, str(values, "python")), "show");
        const picked = pickEntry(view2, target, str(values, "python"));
        warnIfStale(ctx, view2);
        lockFields = lockStanding(view2, { id: picked.planned.id, version: picked.planned.build.source });
        const built = requireBuilt(picked);
        python = built.python;
        const supp = built.manifest.files.valgrind_suppressions;
        const sanitizer = sanitizerExports(picked.planned.build.env, built);
        entry = { valgrindSuppressions: supp ? join(built.dir, supp) : null, ...sanitizer };
        probeEnv = { PATH: ctx.env.PATH ?? "", ...sanitizer.sanitizerOptions };
      }
    } else {
      python = resolve(ctx.cwd, target);
    }
    const report = await probeInterpreter(python, { signal: ctx.interrupts.signal, ...probeEnv ? { env: probeEnv } : {} });
    const view = inspectView(report, proveFlags(report), entry);
    ctx.stdout.write(bool(values, "json") ? `${JSON.stringify({ ...view, ...lockFields }, null, 2)}
` : renderInspect(view));
    return EXIT_OK;
  }
};
export {
  inspectCommand
};
