// Berth's host networking in both directions, through Dagger's TypeScript SDK under `berth run`,
// in one session: each check prints one JSON line {"check": name, ...} that HostNetworkingIT asserts.
//
// Env: BERTH_TEST_PORTS = five free ports of this machine (explicit, native, in-use, host web,
// refused), BERTH_TEST_DIR = a directory the test and this script share.
import { connection, dag, NetworkProtocol } from "@dagger.io/dagger"
import { createHash } from "node:crypto"
import { existsSync } from "node:fs"
import http from "node:http"
import net from "node:net"
import { execFileSync } from "node:child_process"

const [explicitPort, nativePort, inUsePort, hostWebPort, refusedPort] = process.env.BERTH_TEST_PORTS.split(",").map(Number)
const dir = process.env.BERTH_TEST_DIR
const MIB = 1024 * 1024
// 100 MiB that both ends can make: bytes 0..255 repeated.
const BIG_PYTHON = "open('/srv/big','wb').write(bytes(range(256))*409600)"
const big = Buffer.alloc(100 * MIB)
for (let i = 0; i < big.length; i++) big[i] = i & 255
const bigSha = createHash("sha256").update(big).digest("hex")

const report = (check, fields) => console.log(JSON.stringify({ check, ...fields }))

function webService(port, text) {
  return dag
    .container()
    .from("python")
    .withWorkdir("/srv")
    .withNewFile("index.html", text)
    .withExec(["python", "-c", BIG_PYTHON])
    .withExposedPort(port)
    .asService({ args: ["python", "-m", "http.server", String(port)] })
}

async function fetchWhenUp(url, timeoutMs = 180000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await (await fetch(url)).text()
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms: ${e.cause ?? e}`)
      await new Promise((r) => setTimeout(r, 250))
    }
  }
}

async function download(url) {
  const started = performance.now()
  const response = await fetch(url)
  const hash = createHash("sha256")
  let bytes = 0
  for await (const chunk of response.body) {
    hash.update(chunk)
    bytes += chunk.length
  }
  const seconds = (performance.now() - started) / 1000
  return { bytes, sha256: hash.digest("hex"), expectedSha256: bigSha, mibPerSecond: Math.round(bytes / MIB / seconds) }
}

async function concurrent(url, n) {
  const results = await Promise.allSettled(Array.from({ length: n }, () => fetch(url).then((r) => r.text())))
  return results.filter((r) => r.status === "fulfilled" && r.value === "Hello, world!").length
}

const errorOf = async (promise) => {
  try {
    await promise
    return { error: null }
  } catch (e) {
    return { error: e.message, code: e.extensions?.code ?? null }
  }
}

async function run() {
  // up with an explicit port, then a 100 MiB body and 50 connections at once through it
  const web = webService(8080, "Hello, world!")
  web.up({ ports: [{ frontend: explicitPort, backend: 8080 }] }).catch((e) => report("up-ended", { error: e.message }))
  report("explicit", { body: await fetchWhenUp(`http://127.0.0.1:${explicitPort}/`) })
  report("explicit-big", await download(`http://127.0.0.1:${explicitPort}/big`))
  report("explicit-concurrent", { ok: await concurrent(`http://127.0.0.1:${explicitPort}/`, 50), of: 50 })

  // up with no ports: native (the service's own port number on this machine)
  webService(nativePort, "native").up().catch((e) => report("up-ended", { error: e.message }))
  report("native", { body: await fetchWhenUp(`http://127.0.0.1:${nativePort}/`) })

  // a host port already taken: up fails, naming the port
  const taken = net.createServer().listen(inUsePort, "127.0.0.1")
  await new Promise((r) => taken.once("listening", r))
  report("in-use", await errorOf(web.up({ ports: [{ frontend: inUsePort, backend: 8080 }] })))
  taken.close()

  // a tunnel: its endpoint is on this machine; stop closes it
  const tunnel = dag.host().tunnel(web)
  await tunnel.start()
  const endpoint = await tunnel.endpoint({ scheme: "http" })
  const body = await (await fetch(endpoint)).text()
  await tunnel.stop()
  const afterStop = await errorOf(fetch(endpoint).then((r) => r.text()))
  report("tunnel", { endpoint, body, afterStop: afterStop.error })

  // a host service: a web server of this script, reached from a container; 100 MiB and 50 at once
  const server = http.createServer((req, res) => res.end(req.url === "/big" ? big : "Hello, world!"))
  await new Promise((r) => server.listen(hostWebPort, "127.0.0.1", r))
  const hostWeb = dag.host().service([{ frontend: 80, backend: hostWebPort }])
  const out = await dag
    .container()
    .from("alpine")
    .withServiceBinding("hostweb", hostWeb)
    .withExec(["sh", "-c", "wget -q -O- http://hostweb/big | sha256sum; "
      + "for i in $(seq 50); do (wget -q -O- http://hostweb/small > /tmp/out.$i) & done; wait; "
      + "grep -l 'Hello, world!' /tmp/out.* | wc -l"])
    .stdout()
  const [shaLine, okLine] = out.trim().split("\n")
  report("host-big", { sha256: shaLine.split(/\s+/)[0], expectedSha256: bigSha })
  report("host-concurrent", { ok: Number(okLine.trim()), of: 50 })

  // the relay pod replaced (deleted; the reconciler makes a new one): berth attaches to the new one
  const relay = await hostWeb.hostname()
  execFileSync("kubectl", ["-n", `berth-${process.env.BERTH_SESSION_ID}`, "delete", "pod", relay, "--grace-period=0",
    "--wait=true"], { stdio: "ignore" })
  // Let the reconciler record that the old pod (and its address) is gone before the next binding.
  await new Promise((r) => setTimeout(r, 2000))
  const again = await dag.container().from("alpine").withServiceBinding("hostweb", hostWeb)
    .withEnvVariable("ROUND", "after-relay-replaced")
    .withExec(["sh", "-c", "for i in $(seq 60); do wget -q -T 5 -O- http://hostweb/small && exit 0; sleep 1; done; exit 1"])
    .stdout()
  report("relay-replaced", { body: again })

  // a host target that refuses connections: the container's service fails, naming the target
  const refused = dag.host().service([{ frontend: 80, backend: refusedPort }])
  report("refused", await errorOf(dag.container().from("alpine").withServiceBinding("nothing", refused)
    .withExec(["wget", "-q", "-O-", "http://nothing/"]).stdout()))

  // UDP cannot cross a port-forward
  report("udp", await errorOf(dag.container().from("alpine")
    .withServiceBinding("dns", dag.host().service([{ backend: 53, protocol: NetworkProtocol.Udp }]))
    .withExec(["true"]).sync()))

  // up on random ports: berth reports the port on stderr; the test fetches it, then says so
  web.up({ random: true }).catch((e) => report("up-ended", { error: e.message }))
  report("random", { waiting: true })
  const deadline = Date.now() + 180000
  while (!existsSync(`${dir}/random-fetched`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250))
  report("done", {})
  process.exit(0)
}

await connection(run)
