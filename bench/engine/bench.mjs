// Suite engine (issue #13): Berth against bare Kubernetes pods doing the same work with the same
// image, alternating, one sample each per round.
//
// - service start → Ready: Berth `asService(...).start()` of the seed's python http.server
//   (Dagger's TypeScript SDK under `berth run`), against a bare pod with the same image, command
//   and a tcpSocket readiness probe (period 1 s), created through the Kubernetes API and watched
//   until its Ready condition is True.
// - readiness seen after the port opens: a python service that sleeps 2 s, then listens and
//   records the time it did (epoch ms, served at GET /); the figure is when Ready was seen
//   (Berth: `start()` returned; bare pod: the watch event of its Ready condition) minus that time.
//   This machine is the node, so both clocks are the same clock.
// - chain of 10 execs: Berth's `withExec` ×10 on alpine (one pod), against 10 bare pods one after
//   the other, each watched until Succeeded and its log read.
// - grace teardown (Berth only): a service used by one client exec; from the exec's result until
//   the service's pod is marked for deletion (target 10 s ± 1 s).
// - exec round trip: Berth `withExec(["echo", "hi"]).stdout()` on alpine, against a bare pod
//   running `echo hi`, watched until Succeeded, then its log read.
//
// The baseline talks to the API server through one `kubectl proxy` started once (plain HTTP and
// watch streams from this process, no kubectl process per sample). Each Berth sample changes an
// environment variable so nothing is memoized; each baseline pod has a fresh name.
import { connection, dag } from "@dagger.io/dagger"
import { spawn } from "node:child_process"
import http from "node:http"
import { freePort, log, rounds, sample } from "../lib/samples.mjs"

const NAMESPACE = "bench-baseline"
const BERTH = "berth"
const BARE = "bare pod"

async function startProxy() {
  const port = await freePort()
  const child = spawn("kubectl", ["proxy", `--port=${port}`, "--address=127.0.0.1"], { stdio: ["ignore", "pipe", "inherit"] })
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("kubectl proxy did not start within 30 s")), 30000)
    child.stdout.on("data", (d) => { if (String(d).includes("Starting to serve")) { clearTimeout(timer); resolve() } })
    child.on("exit", (code) => reject(new Error(`kubectl proxy exited ${code}`)))
  })
  return { port, stop: () => child.kill() }
}

function api(port, method, path, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, headers: { "content-type": "application/json" } }, (res) => {
      let text = ""
      res.on("data", (d) => (text += d))
      res.on("end", () => (res.statusCode < 300 || res.statusCode === 404 || res.statusCode === 409
        ? resolve({ status: res.statusCode, body: text ? JSON.parse(text) : null })
        : reject(new Error(`${method} ${path}: HTTP ${res.statusCode} ${text}`))))
    })
    req.on("error", reject)
    if (body) req.write(JSON.stringify(body))
    req.end()
  })
}

/** Resolves when a watch event for pod `name` satisfies `done`; the watch starts before the pod is created. */
function watchPod(port, name, done, namespace = NAMESPACE) {
  let req
  const result = new Promise((resolve, reject) => {
    req = http.get({ host: "127.0.0.1", port, path: `/api/v1/namespaces/${namespace}/pods?watch=true&fieldSelector=metadata.name%3D${name}` }, (res) => {
      let buffer = ""
      res.on("data", (d) => {
        buffer += d
        let newline
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, newline)
          buffer = buffer.slice(newline + 1)
          if (!line.trim()) continue
          const event = JSON.parse(line)
          if (event.type !== "ERROR" && done(event.object)) resolve(event.object)
        }
      })
      res.on("error", reject)
    })
    req.on("error", (e) => { if (e.code !== "ECONNRESET") reject(e) })
  })
  return { result, ready: new Promise((r) => req.on("response", r)), close: () => req.destroy() }
}

const isReady = (pod) => (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True")
const isFinished = (pod) => ["Succeeded", "Failed"].includes(pod.status?.phase)

async function barePod(port, spec, done) {
  const name = `bench-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`
  const watch = watchPod(port, name, done)
  await watch.ready
  const started = performance.now()
  await api(port, "POST", `/api/v1/namespaces/${NAMESPACE}/pods`, {
    apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { restartPolicy: "Never", terminationGracePeriodSeconds: 0, ...spec },
  })
  await watch.result
  const ms = performance.now() - started
  watch.close()
  return { name, ms, started }
}

async function bareService(port) {
  const { name, ms } = await barePod(port, {
    containers: [{ name: "main", image: "python", imagePullPolicy: "IfNotPresent", workingDir: "/srv",
      command: ["python", "-m", "http.server", "8080"], ports: [{ containerPort: 8080 }],
      readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 3 } }],
  }, isReady)
  await api(port, "DELETE", `/api/v1/namespaces/${NAMESPACE}/pods/${name}?gracePeriodSeconds=0`)
  return ms
}

// Sleeps, then listens, noting when: readiness is judged against the moment the port opened.
const LATE_LISTENER = [
  "import http.server, time",
  "opened = 0",
  "class Handler(http.server.BaseHTTPRequestHandler):",
  "    def do_GET(self):",
  "        self.send_response(200); self.end_headers(); self.wfile.write(str(opened).encode())",
  "time.sleep(2)",
  "server = http.server.HTTPServer(('', 8080), Handler)",
  "opened = int(time.time() * 1000)",
  "server.serve_forever()",
].join("\n")

async function bareReadinessDelay(port) {
  const { name } = await barePod(port, {
    containers: [{ name: "main", image: "python", imagePullPolicy: "IfNotPresent",
      command: ["python", "-c", LATE_LISTENER], ports: [{ containerPort: 8080 }],
      readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 3 } }],
  }, isReady)
  const readyAt = Date.now()
  const opened = await new Promise((resolve, reject) => {
    http.get({ host: "127.0.0.1", port, path: `/api/v1/namespaces/${NAMESPACE}/pods/${name}:8080/proxy/` }, (res) => {
      let text = ""
      res.on("data", (d) => (text += d))
      res.on("end", () => resolve(Number(text)))
    }).on("error", reject)
  })
  await api(port, "DELETE", `/api/v1/namespaces/${NAMESPACE}/pods/${name}?gracePeriodSeconds=0`)
  if (!(opened > 0)) throw new Error(`bare pod ${name} did not say when it opened its port`)
  return readyAt - opened
}

async function berthReadinessDelay(round) {
  const svc = dag.container().from("python").withEnvVariable("BENCH_ROUND", `${round}-${Date.now()}`)
    .withExposedPort(8080).asService({ args: ["python", "-c", LATE_LISTENER] })
  await svc.start()
  const readyAt = Date.now()
  const opened = Number(await dag.container().from("alpine").withServiceBinding("svc", svc)
    .withEnvVariable("BENCH_ROUND", `${round}-${Date.now()}`).withExec(["wget", "-qO-", "http://svc:8080/"]).stdout())
  await svc.stop({ kill: true })
  if (!(opened > 0)) throw new Error("the Berth service did not say when it opened its port")
  return readyAt - opened
}

async function bareExec(port, text = "hi") {
  const { name, started } = await barePod(port, {
    containers: [{ name: "main", image: "alpine", imagePullPolicy: "IfNotPresent", command: ["echo", text] }],
  }, isFinished)
  const logs = await new Promise((resolve, reject) => {
    http.get({ host: "127.0.0.1", port, path: `/api/v1/namespaces/${NAMESPACE}/pods/${name}/log` }, (res) => {
      let text = ""
      res.on("data", (d) => (text += d))
      res.on("end", () => resolve(text))
    }).on("error", reject)
  })
  const ms = performance.now() - started
  if (logs.trim() !== text) throw new Error(`bare pod ${name} printed "${logs}"`)
  await api(port, "DELETE", `/api/v1/namespaces/${NAMESPACE}/pods/${name}?gracePeriodSeconds=0`)
  return ms
}

async function berthService(round) {
  const svc = dag.container().from("python").withWorkdir("/srv")
    .withEnvVariable("BENCH_ROUND", `${round}-${Date.now()}`)
    .withExposedPort(8080).asService({ args: ["python", "-m", "http.server", "8080"] })
  const started = performance.now()
  await svc.start()
  const ms = performance.now() - started
  await svc.stop({ kill: true })
  return ms
}

async function berthExec(round) {
  const started = performance.now()
  const out = await dag.container().from("alpine").withEnvVariable("BENCH_ROUND", `${round}-${Date.now()}`)
    .withExec(["echo", "hi"]).stdout()
  const ms = performance.now() - started
  if (out.trim() !== "hi") throw new Error(`berth exec printed "${out}"`)
  return ms
}

// A chain of 10 execs: Berth runs them in one pod (Dagger's model); the baseline, one bare pod each.
const CHAIN = 10

async function berthChain(round) {
  let container = dag.container().from("alpine").withEnvVariable("BENCH_ROUND", `${round}-${Date.now()}`)
  for (let i = 1; i <= CHAIN; i++) container = container.withExec(["echo", `step ${i}`])
  const started = performance.now()
  const out = await container.stdout()
  const ms = performance.now() - started
  if (out.trim() !== `step ${CHAIN}`) throw new Error(`berth chain printed "${out}"`)
  return ms
}

async function bareChain(port) {
  const started = performance.now()
  for (let i = 1; i <= CHAIN; i++) await bareExec(port, `step ${i}`)
  return performance.now() - started
}

// Grace teardown: from the client exec's result until Berth deletes the service it used (Dagger:
// 10 s after the last user). Berth counts users from the API server, so the clock starts in
// earnest when the kubelet reports the client pod finished, a little after its result came back.
async function berthGrace(port, round) {
  const svc = dag.container().from("python").withEnvVariable("BENCH_ROUND", `${round}-${Date.now()}`)
    .withExposedPort(8080).asService({ args: ["python", "-m", "http.server", "8080"] })
  const hostname = await svc.hostname()
  const deleted = watchPod(port, hostname, (pod) => Boolean(pod.metadata?.deletionTimestamp),
    `berth-${process.env.BERTH_SESSION_ID}`)
  await deleted.ready
  await dag.container().from("alpine").withEnvVariable("BENCH_ROUND", `${round}-${Date.now()}`)
    .withServiceBinding("svc", svc).withExec(["wget", "-qO-", "http://svc:8080/"]).stdout()
  const used = performance.now()
  await deleted.result
  const ms = performance.now() - used
  deleted.close()
  return ms
}

const proxy = await startProxy()
try {
  await api(proxy.port, "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } })
  await connection(async () => {
    // warm-up: images on the node, the API server's and the operator's caches
    await berthExec(0)
    await bareExec(proxy.port)
    for (let round = 1; round <= rounds; round++) {
      // alternate which goes first, so neither always meets a just-busy node
      const order = round % 2 ? [BERTH, BARE] : [BARE, BERTH]
      for (const system of order) {
        sample("service start → Ready", system, round, system === BERTH ? await berthService(round) : await bareService(proxy.port), "ms")
      }
      for (const system of order) {
        sample("readiness seen after the port opens", system, round,
          system === BERTH ? await berthReadinessDelay(round) : await bareReadinessDelay(proxy.port), "ms")
      }
      for (const system of order) {
        sample("exec round trip (echo hi → stdout)", system, round, system === BERTH ? await berthExec(round) : await bareExec(proxy.port), "ms")
      }
      for (const system of order) {
        sample(`chain of ${CHAIN} execs`, system, round, system === BERTH ? await berthChain(round) : await bareChain(proxy.port), "ms")
      }
      sample("grace teardown (last user done → service deleted)", BERTH, round, await berthGrace(proxy.port, round), "ms")
      log(`round ${round}/${rounds} done`)
    }
  })
} finally {
  await api(proxy.port, "DELETE", `/api/v1/namespaces/${NAMESPACE}`).catch(() => {})
  proxy.stop()
}
