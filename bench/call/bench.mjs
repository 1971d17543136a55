// berth call's own cost (issue #10's target: ≤ 2 s on these 2-core machines): the wall time of
// `berth call constant` on a module already compiled, against `berth run -- true` (the same
// session opened and closed through the same port-forward, with no module) side by side; and
// the first call after a source change, with the compile time berth reports on its own.
import { execFileSync, spawnSync } from "node:child_process"
import { mkdtempSync, cpSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { log, rounds, sample } from "../lib/samples.mjs"

const berth = new URL("../../cli/bin/berth", import.meta.url).pathname
const cache = mkdtempSync(join(tmpdir(), "bench-call-cache-"))
const module = mkdtempSync(join(tmpdir(), "bench-call-module-"))
cpSync(new URL("module", import.meta.url).pathname, module, { recursive: true })
const source = join(module, "src/main/java/dev/berth/bench/call/Constant.java")
const env = { ...process.env, BERTH_CACHE_DIR: cache }

function timed(args) {
  const started = process.hrtime.bigint()
  const run = spawnSync(berth, args, { env, encoding: "utf8" })
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (run.status !== 0) throw new Error(`berth ${args.join(" ")} exited ${run.status}: ${run.stderr}`)
  return { ms, stdout: run.stdout, stderr: run.stderr }
}

// Compile once, and a warm-up of each command (JIT caches, the first port-forward).
timed(["call", "-q", "-m", module, "constant"])
timed(["run", "-q", "--", "true"])

for (let round = 1; round <= rounds; round++) {
  const call = timed(["call", "-q", "-m", module, "constant"])
  if (call.stdout.trim() !== "constant") throw new Error(`berth call printed "${call.stdout}"`)
  sample("session plus call (compiled module)", "berth call", round, call.ms, "ms")
  sample("session plus call (compiled module)", "berth run -- true", round, timed(["run", "-q", "--", "true"]).ms, "ms")

  // A source change: the next call compiles first and says how long that took.
  writeFileSync(source, readFileSync(source, "utf8").replace(/return "constant";.*/, `return "constant"; // ${round}`))
  const changed = timed(["call", "-m", module, "constant"])
  const compiled = /compiled module Constant \(\d+ files?\) in ([\d.]+)s/.exec(changed.stderr)
  if (!compiled) throw new Error(`no compile time on stderr: ${changed.stderr}`)
  sample("first call after a source change", "berth call", round, changed.ms, "ms")
  sample("compile time (reported)", "berth call", round, Number(compiled[1]) * 1000, "ms")
  log(`round ${round}/${rounds}: call ${call.ms.toFixed(0)} ms, after a change ${changed.ms.toFixed(0)} ms`)
}
