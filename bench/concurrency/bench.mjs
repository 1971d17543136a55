// Suite concurrency (issue #13): N = 1, 10, 25, 50 API sessions at once, each running a python
// service and a client exec against it; how many succeed, how long each takes, and what the
// operator spends (CPU, RSS) meanwhile. Targets from the issue: 0 failed sessions at N = 50,
// operator RSS ≤ 200 MiB idle.
//
// Every session is a session of its own, opened on the API as `berth run` opens one (POST
// /sessions with the bootstrap credential), not a query of the `berth run` session this script
// runs under: that session only lends its loopback port-forward (DAGGER_SESSION_PORT). Its work,
// timed from just after the session opened until the client exec's stdout came back:
//   1. `container.from("python").withEnvVariable(BENCH_RUN, unique).withExposedPort(8080)
//       .asService(["python", "-m", "http.server", "8080"]).id`
//   2. `container.from("alpine").withEnvVariable(BENCH_RUN, unique).withServiceBinding("svc", ⟨1⟩)
//       .withExec(["wget", "-qO-", "http://svc:8080/"]).stdout`, which must hold "Directory listing".
// Then the session is closed (not timed). A session that fails is counted and its message logged;
// it never stops the level.
//
// The operator's CPU and RSS come from the kubelet's summary of its node
// (/api/v1/nodes/<node>/proxy/stats/summary, via `kubectl get --raw`), polled every 2 s, in this
// process's background: no kubectl call is on a session's timed path.
//
// Env: BENCH_CONCURRENCY (default "1,10,25,50"), the levels in the order they run. BENCH_ROUNDS
// does not apply: each level runs once, and N sessions give N samples.
import { execFile } from "node:child_process"
import http from "node:http"
import { promisify } from "node:util"
import { log, sample } from "../lib/samples.mjs"

const OPERATOR_NAMESPACE = "berth-system"
const OPERATOR_POD_PREFIX = "berth-operator"
const BOOTSTRAP_SECRET = "berth-operator-api" // the Helm chart's, as `berth run` reads it by default
const BOOTSTRAP_KEY = "bootstrap-token"
const STATS_EVERY_MS = 2000
// A request unanswered this long fails its session rather than holding the level forever (the
// client exec's query is answered only once the exec ended).
const REQUEST_TIMEOUT_MS = 10 * 60 * 1000
const MIB = 1024 * 1024

const levels = (() => {
  const raw = process.env.BENCH_CONCURRENCY ?? "1,10,25,50"
  const parts = raw.split(",").map((p) => p.trim())
  const bad = () => new Error(`BENCH_CONCURRENCY must be a comma-separated list of whole numbers ≥ 1 `
    + `without repeats (e.g. "1,10,25,50"), not "${raw}"`)
  if (parts.some((p) => !/^[0-9]+$/.test(p))) throw bad()
  const ns = parts.map(Number)
  if (ns.some((n) => !Number.isSafeInteger(n) || n < 1) || new Set(ns).size !== ns.length) throw bad()
  return ns
})()

const port = process.env.DAGGER_SESSION_PORT
if (!port) throw new Error("DAGGER_SESSION_PORT is not set: run the suite through bench/run.sh (under `berth run`)")
const BASE = `http://127.0.0.1:${port}`

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

async function kubectl(...args) {
  // The node summary lists every pod and container on the node: more than execFile's 1 MiB default.
  const { stdout } = await promisify(execFile)("kubectl", args, { maxBuffer: 64 * MIB, timeout: 60000 })
  return stdout
}

// ---- the API, over plain HTTP -------------------------------------------------------------------

/**
 * One request to the API: {status, body} with body its JSON (null when empty). Rejects on a
 * status not in `ok` (any status when `ok` is null), or a body that is not JSON, saying which.
 * `agent`: see runLevel.
 */
function request(agent, method, path, headers, body, ok) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
    const req = http.request(`${BASE}${path}`, {
      method, agent,
      headers: { ...headers, ...(payload ? { "content-type": "application/json", "content-length": payload.length } : {}) },
    }, (res) => {
      const chunks = []
      res.on("data", (d) => chunks.push(d))
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString()
        if (ok && !ok.includes(res.statusCode)) {
          return reject(new Error(`${method} ${path}: HTTP ${res.statusCode} ${text.slice(0, 300)}`))
        }
        try {
          resolve({ status: res.statusCode, body: text ? JSON.parse(text) : null })
        } catch (e) {
          reject(new Error(`${method} ${path}: HTTP ${res.statusCode}, not JSON: ${text.slice(0, 300)}`))
        }
      })
      res.on("error", reject)
    })
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`${method} ${path}: no answer in ${REQUEST_TIMEOUT_MS / 1000} s`)))
    req.on("error", reject)
    req.end(payload)
  })
}

const basic = (token) => ({ authorization: `Basic ${Buffer.from(`${token}:`).toString("base64")}` })

async function openSession(agent, bootstrap) {
  const { body: opened } = await request(agent, "POST", "/sessions", { authorization: `Bearer ${bootstrap}` }, undefined, [201])
  if (!opened?.id || !opened?.token) throw new Error(`POST /sessions: no id and token in ${JSON.stringify(opened)}`)
  return opened
}

async function query(agent, session, document, variables) {
  // A GraphQL error comes with 200, a refused request (400, 401, 503: too many queries at once)
  // with another status; both carry `errors`, whose first message is the failure.
  const { status, body: answer } = await request(agent, "POST", "/query", basic(session.token), { query: document, variables }, null)
  if (answer?.errors?.length) {
    const message = answer.errors[0].message ?? JSON.stringify(answer.errors[0])
    throw new Error(status === 200 ? message : `HTTP ${status}: ${message}`)
  }
  if (status !== 200 || !answer?.data) throw new Error(`POST /query: HTTP ${status}, no data: ${JSON.stringify(answer).slice(0, 300)}`)
  return answer.data
}

async function closeSession(agent, session) {
  await request(agent, "DELETE", `/sessions/${session.id}`, basic(session.token), undefined, [204, 404])
}

const SERVICE = `query($run: String!) {
  container { from(address: "python") { withEnvVariable(name: "BENCH_RUN", value: $run) {
    withExposedPort(port: 8080) { asService(args: ["python", "-m", "http.server", "8080"]) { id } } } } }
}`
const CLIENT = `query($run: String!, $svc: ID!) {
  container { from(address: "alpine") { withEnvVariable(name: "BENCH_RUN", value: $run) {
    withServiceBinding(alias: "svc", service: $svc) {
      withExec(args: ["wget", "-qO-", "http://svc:8080/"]) { stdout } } } } }
}`

/**
 * One session's work: its time (ms) on success; throws otherwise. `run` is unique to the session
 * (set as an environment variable of both containers) so nothing is shared or memoized.
 * `namespaces` gets the session's namespace once it is open.
 */
async function session(agent, bootstrap, run, namespaces) {
  const opened = await openSession(agent, bootstrap)
  if (opened.namespace) namespaces.push(opened.namespace)
  try {
    const started = performance.now()
    const svc = (await query(agent, opened, SERVICE, { run })).container.from.withEnvVariable.withExposedPort.asService.id
    if (typeof svc !== "string" || !svc) throw new Error(`asService: no service id (${JSON.stringify(svc)})`)
    const stdout = (await query(agent, opened, CLIENT, { run, svc }))
      .container.from.withEnvVariable.withServiceBinding.withExec.stdout
    const ms = performance.now() - started
    if (!String(stdout).includes("Directory listing")) {
      throw new Error(`the client exec printed ${JSON.stringify(String(stdout).slice(0, 200))}, not a directory listing`)
    }
    return ms
  } finally {
    await closeSession(agent, opened).catch((e) => log(`closing session ${opened.id}: ${e.message}`))
  }
}

// ---- the operator's CPU and memory, from the kubelet --------------------------------------------

/** The nodes the operator's pods run on (on a one-node cluster, that node). */
async function operatorNodes() {
  const out = await kubectl("-n", OPERATOR_NAMESPACE, "get", "pods", "-o",
    "jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName}{\"\\n\"}{end}")
  const nodes = new Set(out.split("\n").map((l) => l.trim().split(" "))
    .filter(([name, node]) => name?.startsWith(OPERATOR_POD_PREFIX) && node).map(([, node]) => node))
  if (nodes.size === 0) {
    // Not scheduled yet, or not listed: the first node, which on a one-node cluster is the node.
    const first = (await kubectl("get", "nodes", "-o", "jsonpath={.items[0].metadata.name}")).trim()
    if (!first) throw new Error("no node to read the operator's stats from (kubectl get nodes)")
    nodes.add(first)
  }
  return [...nodes]
}

/**
 * The operator's containers now, summed over its pods (one with the chart's defaults):
 * cumulative CPU (ns), RSS and working set (bytes), and `statsAt`, the time (epoch ms) of the
 * newest CPU reading among them. The kubelet refreshes these every few seconds, not on request.
 */
async function operatorStats(nodes) {
  const stats = { at: Date.now(), statsAt: 0, cpuNs: 0, rssBytes: 0, workingSetBytes: 0, pods: 0 }
  for (const node of nodes) {
    const summary = JSON.parse(await kubectl("get", "--raw", `/api/v1/nodes/${node}/proxy/stats/summary`))
    for (const pod of summary.pods ?? []) {
      if (pod.podRef?.namespace !== OPERATOR_NAMESPACE || !pod.podRef?.name?.startsWith(OPERATOR_POD_PREFIX)) continue
      stats.pods++
      for (const c of pod.containers ?? []) {
        stats.cpuNs += c.cpu?.usageCoreNanoSeconds ?? 0
        stats.rssBytes += c.memory?.rssBytes ?? 0
        stats.workingSetBytes += c.memory?.workingSetBytes ?? 0
        const t = Date.parse(c.cpu?.time ?? "")
        if (t > stats.statsAt) stats.statsAt = t
      }
    }
  }
  if (stats.pods === 0) throw new Error(`no pod ${OPERATOR_POD_PREFIX}* of namespace ${OPERATOR_NAMESPACE} in the stats of ${nodes.join(", ")}`)
  if (!stats.statsAt) stats.statsAt = stats.at
  return stats
}

/** Reads operatorStats every STATS_EVERY_MS until stop() (which resolves with all the readings). */
function pollStats(nodes) {
  const readings = []
  let stopped = false
  let wake
  const loop = (async () => {
    while (!stopped) {
      try {
        readings.push(await operatorStats(nodes))
      } catch (e) {
        log(`operator stats: ${e.message}`)
      }
      if (!stopped) await new Promise((r) => { wake = r; setTimeout(r, STATS_EVERY_MS) })
    }
  })()
  return { readings, stop: async () => { stopped = true; wake?.(); await loop; return readings } }
}

/** Reads the stats until the kubelet's reading is from `after` (epoch ms) or later; at most 30 s. */
async function statsFrom(nodes, after) {
  const deadline = Date.now() + 30000
  for (;;) {
    const stats = await operatorStats(nodes)
    if (stats.statsAt >= after || Date.now() > deadline) return stats
    await sleep(STATS_EVERY_MS)
  }
}

async function rssIdle(nodes, figure) {
  const readings = []
  for (let round = 1; round <= 3; round++) {
    if (round > 1) await sleep(STATS_EVERY_MS)
    const stats = await operatorStats(nodes)
    sample(figure, "berth", round, stats.rssBytes / MIB, "MiB")
    readings.push(stats)
  }
  const last = readings.at(-1)
  log(`${figure}: RSS ${(last.rssBytes / MIB).toFixed(0)} MiB, working set ${(last.workingSetBytes / MIB).toFixed(0)} MiB `
    + `(${last.pods} pod${last.pods === 1 ? "" : "s"})`)
}

/** Waits (at most 2 min) until the closed sessions' namespaces are gone, so a level does not meet the previous one's cleanup. */
async function namespacesGone(namespaces) {
  if (namespaces.length === 0) return
  const deadline = Date.now() + 120000
  for (;;) {
    const existing = new Set((await kubectl("get", "namespaces", "-o", "jsonpath={.items[*].metadata.name}")).split(/\s+/))
    const left = namespaces.filter((ns) => existing.has(ns))
    if (left.length === 0) return
    if (Date.now() > deadline) return log(`${left.length} session namespaces still there after 2 min; going on`)
    await sleep(STATS_EVERY_MS)
  }
}

// ---- a level: N sessions at once ----------------------------------------------------------------

async function runLevel(n, bootstrap, nodes, runId) {
  // Keep-alive connections, as a Dagger SDK client keeps its own: requests do not each open a
  // new connection (through `berth run`'s port-forward, a new Kubernetes port-forward each).
  // maxSockets = n: every session has a connection whenever it needs one, so no request queues
  // behind another session's (the client exec holds its connection until the exec ends). One
  // agent per level, destroyed after it: no idle connection of one level is reused by the next.
  const agent = new http.Agent({ keepAlive: true, maxSockets: n })
  const before = await operatorStats(nodes)
  const poller = pollStats(nodes)
  let done = 0
  let failed = 0
  const namespaces = []
  const startedAt = Date.now()
  const progress = setInterval(() => log(`N=${n}: ${done}/${n} done, ${failed} failed, `
    + `${((Date.now() - startedAt) / 1000).toFixed(0)} s`), 10000)
  const results = await Promise.all(Array.from({ length: n }, async (_, i) => {
    try {
      return await session(agent, bootstrap, `${runId}-${n}-${i + 1}`, namespaces)
    } catch (e) {
      failed++
      log(`N=${n}: session ${i + 1}/${n} failed: ${e.message}`)
      return null
    } finally {
      done++
    }
  }))
  const endedAt = Date.now()
  clearInterval(progress)
  agent.destroy()
  const during = await poller.stop()
  log(`N=${n}: ${n - failed}/${n} sessions succeeded in ${((endedAt - startedAt) / 1000).toFixed(1)} s`)

  results.forEach((ms, i) => { if (ms !== null) sample(`N=${n}: session (service + client exec)`, "berth", i + 1, ms, "ms") })
  sample(`N=${n}: failed sessions`, "berth", 1, failed, "count")

  // CPU: the kubelet's cumulative CPU over its own reading times, from the last reading before
  // the level to the first one after it: the interval covers the level (with up to one kubelet
  // refresh either side).
  const after = await statsFrom(nodes, endedAt)
  const spanNs = (after.statsAt - before.statsAt) * 1e6
  if (spanNs > 0 && after.cpuNs >= before.cpuNs) {
    sample(`N=${n}: operator CPU`, "berth", 1, (after.cpuNs - before.cpuNs) / spanNs, "cores")
  } else {
    log(`N=${n}: no operator CPU figure (the kubelet's readings did not advance, or the operator restarted)`)
  }
  const readings = [before, ...during, after]
  const rssMax = Math.max(...readings.map((s) => s.rssBytes))
  const workingSetMax = Math.max(...readings.map((s) => s.workingSetBytes))
  sample(`N=${n}: operator RSS (max)`, "berth", 1, rssMax / MIB, "MiB")
  log(`N=${n}: operator RSS max ${(rssMax / MIB).toFixed(0)} MiB, working set max ${(workingSetMax / MIB).toFixed(0)} MiB `
    + `(${readings.length} readings)`)

  await namespacesGone(namespaces)
}

// ---- the run ------------------------------------------------------------------------------------

const bootstrap = Buffer.from((await kubectl("-n", OPERATOR_NAMESPACE, "get", "secret", BOOTSTRAP_SECRET, "-o",
  `jsonpath={.data.${BOOTSTRAP_KEY}}`)).trim(), "base64").toString().trim()
if (!bootstrap) throw new Error(`no ${BOOTSTRAP_KEY} in secret ${BOOTSTRAP_SECRET} of namespace ${OPERATOR_NAMESPACE}`)
const nodes = await operatorNodes()
const runId = Date.now().toString(36)
log(`levels ${levels.join(", ")}; operator stats from node ${nodes.join(", ")}`)

log("10 s quiet, then the operator's idle RSS")
await sleep(10000)
await rssIdle(nodes, "operator RSS idle")

// Warm-up, not recorded: the images on the node, the API's and the operator's caches.
{
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const namespaces = []
  try {
    log(`warm-up session: ${(await session(agent, bootstrap, `${runId}-warm-up`, namespaces)).toFixed(0)} ms`)
  } catch (e) {
    throw new Error(`the warm-up session (one session alone) failed, nothing to measure: ${e.message}`)
  } finally {
    agent.destroy()
  }
  await namespacesGone(namespaces)
}

for (const n of levels) {
  log(`N=${n}: ${n} session${n === 1 ? "" : "s"} at once`)
  await runLevel(n, bootstrap, nodes, runId)
}

log("15 s quiet, then the operator's idle RSS after the load")
await sleep(15000)
await rssIdle(nodes, "operator RSS idle after load")
