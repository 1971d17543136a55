// Suite host-networking: Berth's host networking against `kubectl port-forward`, through Dagger's
// TypeScript SDK under `berth run` (bench/run.sh starts it; see bench/README.md).
//
//   up:            a python web service (web.py) with a 100 MiB file, exposed with up() on port A,
//                  and the same pod port through `kubectl port-forward` on port B; alternate GETs
//                  of /big and POSTs of 100 MiB to /sink through A and B (the order swapped every
//                  other round). The POSTs go the way a host service's bytes go (to the cluster):
//                  the baseline Host.service is measured against.
//   Host.service:  a web server of this script serving the same 100 MiB, bound as `hostweb` into a
//                  python container that downloads it N times (bench/host-networking/download.py).
//
// Every download's sha256 is checked; a wrong body fails the run.
import { connection, dag } from "@dagger.io/dagger"
import { execFileSync, spawn } from "node:child_process"
import { createHash } from "node:crypto"
import { existsSync, readFileSync } from "node:fs"
import http from "node:http"
import { freePort, log, MIB, rounds, sample, timedGet, waitUntilServing } from "../lib/samples.mjs"

// 100 MiB that both ends can make: bytes 0..255 repeated.
const BIG_PYTHON = "open('/srv/big','wb').write(bytes(range(256))*409600)"
const big = Buffer.alloc(100 * MIB)
for (let i = 0; i < big.length; i++) big[i] = i & 255
const bigSha = createHash("sha256").update(big).digest("hex")

const BERTH_UP = "berth up"
const KUBECTL = "kubectl port-forward"
const BERTH_HOST_SERVICE = "berth Host.service"

// CPU time (user + system) a process has used so far, in ms, from /proc/PID/stat.
const TICK_MS = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim())
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS // utime, stime (fields 14, 15)
}

// The process that carries `up`'s bytes on this machine: berth run's JVM, this script's parent
// (cli/bin/berth execs java). Null (and no CPU figure) when the script runs some other way.
function berthProcess() {
  const pid = process.ppid
  return existsSync(`/proc/${pid}/comm`) && readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "java" ? pid : null
}

function checkBody(what, sha256) {
  if (sha256 !== bigSha) throw new Error(`${what}: the body's sha256 is ${sha256}, expected ${bigSha}`)
}

function record(prefix, system, round, result) {
  sample(`${prefix}: time to first byte`, system, round, result.ttfbMs, "ms")
  sample(`${prefix}: throughput`, system, round, result.mibPerSecond, "MiB/s")
}

/** `kubectl port-forward` of pod:8080 on 127.0.0.1:port; resolves once it says it forwards. */
function kubectlPortForward(namespace, pod, port) {
  const child = spawn("kubectl", ["port-forward", "-n", namespace, `pod/${pod}`, "--address", "127.0.0.1", `${port}:8080`],
    { stdio: ["ignore", "pipe", "pipe"] })
  let output = ""
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kubectl port-forward did not start within 30 s: ${output}`)), 30000)
    child.stdout.on("data", (d) => {
      output += d
      if (output.includes("Forwarding from")) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.stderr.on("data", (d) => (output += d))
    child.on("exit", (code) => reject(new Error(`kubectl port-forward exited (${code}): ${output}`)))
  })
  return { child, ready }
}

/** POSTs the 100 MiB to the service's sink; MiB/s until its answer (the sha256 it computed). */
async function timedPost(url) {
  const started = performance.now()
  const response = await fetch(url, { method: "POST", body: big, headers: { "content-type": "application/octet-stream" } })
  const answer = (await response.text()).trim()
  const seconds = (performance.now() - started) / 1000
  checkBody(`upload to ${url}`, answer)
  return big.length / MIB / seconds
}

async function benchUp() {
  const web = dag
    .container()
    .from("python")
    .withWorkdir("/srv")
    .withExec(["python", "-c", BIG_PYTHON])
    .withNewFile("/bench/web.py", readFileSync(new URL("web.py", import.meta.url), "utf8"))
    .withExposedPort(8080)
    .asService({ args: ["python", "/bench/web.py", "8080"] })
  const [berthPort, kubectlPort] = [await freePort(), await freePort()]

  const t0 = performance.now()
  // up() returns only when the script ends: not awaited.
  web.up({ ports: [{ frontend: berthPort, backend: 8080 }] }).catch((e) => {
    console.error(`bench: up failed: ${e.message}`)
    process.exit(1)
  })
  await waitUntilServing(`http://127.0.0.1:${berthPort}/`)
  log(`up: serving on 127.0.0.1:${berthPort} after ${((performance.now() - t0) / 1000).toFixed(1)} s`)

  // The same pod port, the usual way: the service's hostname is its pod's name.
  const namespace = `berth-${process.env.BERTH_SESSION_ID}`
  const pod = await web.hostname()
  const forward = kubectlPortForward(namespace, pod, kubectlPort)
  await forward.ready
  await waitUntilServing(`http://127.0.0.1:${kubectlPort}/`)
  log(`kubectl port-forward -n ${namespace} pod/${pod} ${kubectlPort}:8080`)

  const berthPid = berthProcess()
  if (!berthPid) log("berth run's JVM is not this script's parent: no CPU time figure")
  const systems = [[BERTH_UP, berthPort, berthPid], [KUBECTL, kubectlPort, forward.child.pid]]
  try {
    for (let round = 1; round <= rounds; round++) {
      const order = round % 2 === 1 ? systems : [...systems].reverse()
      const line = []
      for (const [system, port, pid] of order) {
        const cpuBefore = pid && cpuMs(pid)
        const result = await timedGet(`http://127.0.0.1:${port}/big`)
        if (pid) sample("up: CPU time per download (forwarding process)", system, round, cpuMs(pid) - cpuBefore, "ms")
        checkBody(`${system}, round ${round}`, createHash("sha256").update(result.body).digest("hex"))
        record("up", system, round, result)
        const upload = await timedPost(`http://127.0.0.1:${port}/sink`)
        sample("upload: throughput", system, round, upload, "MiB/s")
        line.push(`${system} ${result.ttfbMs.toFixed(1)} ms, ${result.mibPerSecond.toFixed(0)} MiB/s down, `
          + `${upload.toFixed(0)} MiB/s up`)
      }
      log(`up round ${round}/${rounds}: ${line.join("; ")}`)
    }
  } finally {
    forward.child.kill()
  }
}

async function benchHostService() {
  const server = http.createServer((req, res) => {
    if (req.url !== "/big") return res.writeHead(404).end()
    res.writeHead(200, { "content-length": big.length })
    res.end(big)
  })
  const port = await freePort()
  await new Promise((r) => server.listen(port, "127.0.0.1", r))
  log(`Host.service: this machine's 127.0.0.1:${port} as hostweb:80, ${rounds} downloads from a container`)
  try {
    const hostWeb = dag.host().service([{ frontend: 80, backend: port }])
    const out = await dag
      .container()
      .from("python")
      .withNewFile("/bench/download.py", readFileSync(new URL("download.py", import.meta.url), "utf8"))
      .withEnvVariable("BENCH_RUN", String(Date.now())) // a new exec each run, never a cached result
      .withServiceBinding("hostweb", hostWeb)
      .withExec(["python", "/bench/download.py", "http://hostweb/big", String(rounds)])
      .stdout()
    for (const line of out.trim().split("\n")) {
      const result = JSON.parse(line)
      checkBody(`${BERTH_HOST_SERVICE}, round ${result.round}`, result.sha256)
      record("Host.service", BERTH_HOST_SERVICE, result.round, result)
      log(`Host.service round ${result.round}/${rounds}: ${result.ttfbMs.toFixed(1)} ms, ${result.mibPerSecond.toFixed(0)} MiB/s`)
    }
  } finally {
    server.close()
  }
}

await connection(async () => {
  await benchUp()
  await benchHostService()
  // up() is still pending: ending the script ends it (and berth run closes the session).
  process.exit(0)
})
