// Suite files: a host directory of 100 MiB in 10,000 files (100 folders of 100 files of
// 10,486 random bytes) read by Host.directory under `berth run`, against `kubectl cp` of the same
// tree into a running pod (bench/run.sh starts it; see bench/README.md). Each round:
//
//   berth cold:  the files get new content, then Host.directory(dir).id(): the berth process hashes
//                the tree and uploads every file (the engine holds none of them).
//   berth warm:  the same tree again, unchanged: only its listing travels.
//   kubectl cp:  `kubectl cp dir <pod>:/tmp/tree-N` into an alpine pod of the session (a new
//                target each round), the usual way to put a tree into a pod.
//   berth:       (every other round, after the cold upload) the tree copied into a new pod and
//                checked there: withDirectory + withExec, what a script does with it.
import { connection, dag } from "@dagger.io/dagger"
import { execFileSync } from "node:child_process"
import { randomBytes } from "node:crypto"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { log, rounds, sample } from "../lib/samples.mjs"

const DIRS = 100
const FILES = 100
const SIZE = 10_486

function writeTree(root) {
  for (let d = 0; d < DIRS; d++) {
    const dir = join(root, `d${String(d).padStart(3, "0")}`)
    mkdirSync(dir, { recursive: true })
    for (let f = 0; f < FILES; f++) writeFileSync(join(dir, `f${String(f).padStart(3, "0")}.bin`), randomBytes(SIZE))
  }
}

async function timed(what) {
  const started = performance.now()
  await what()
  return performance.now() - started
}

async function main() {
  const root = mkdtempSync(join(tmpdir(), "berth-bench-files-"))
  try {
    // The kubectl cp target: an idle alpine pod of this session (a service's pod is named by its hostname).
    const target = dag.container().from("alpine").asService({ args: ["sleep", "86400"] })
    await target.start()
    const pod = await target.hostname()
    const namespace = `berth-${process.env.BERTH_SESSION_ID}`
    log(`kubectl cp target: ${namespace}/${pod}`)
    for (let round = 1; round <= rounds; round++) {
      writeTree(root) // new content: nothing of it is in the engine's store
      const cold = await timed(() => dag.host().directory(root, { noCache: true }).id())
      const warm = await timed(() => dag.host().directory(root, { noCache: true }).id())
      const cp = await timed(async () => execFileSync("kubectl", ["cp", root, `${namespace}/${pod}:/tmp/tree-${round}`]))
      sample("tree upload", "berth cold", round, cold, "ms")
      sample("tree upload", "berth warm", round, warm, "ms")
      sample("tree upload", "kubectl cp", round, cp, "ms")
      let line = `round ${round}: cold ${cold.toFixed(0)} ms, warm ${warm.toFixed(0)} ms, kubectl cp ${cp.toFixed(0)} ms`
      if (round % 2 === 1) {
        writeTree(root)
        const intoPod = await timed(() => dag.container().from("alpine")
          .withDirectory("/tree", dag.host().directory(root, { noCache: true }))
          .withExec(["sh", "-c", `test "$(find /tree -type f | wc -l)" = ${DIRS * FILES}`]).sync())
        sample("tree into a new pod", "berth", round, intoPod, "ms")
        line += `, into a new pod ${intoPod.toFixed(0)} ms`
      }
      execFileSync("kubectl", ["exec", "-n", namespace, pod, "--", "rm", "-rf", `/tmp/tree-${round}`])
      log(line)
    }
    await target.stop()
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

await connection(main)
