// The seed documents' examples with Dagger's TypeScript SDK, unchanged except that they run as a
// plain script (no Dagger module): `node seeds.mjs <scenario>` under `berth run` (or `dagger run`).
import { createHash } from "node:crypto"
import { connection, dag, ExecError } from "@dagger.io/dagger"

// Start and return an HTTP service (the current documents' form: a v0.21 client's asService()
// runs every withExec as a build step, so the command is given as args)
function httpService() {
  return dag
    .container()
    .from("python")
    .withWorkdir("/srv")
    .withNewFile("index.html", "Hello, world!")
    .withExposedPort(8080)
    .asService({ args: ["python", "-m", "http.server", "8080"] })
}

// The older documents' form: the last withExec is the service, for clients before Dagger v0.15
// (berth run --dagger-version v0.14.0); a newer client gets a clear error instead of a hang
function legacyHttpService() {
  return dag
    .container()
    .from("python")
    .withWorkdir("/srv")
    .withNewFile("index.html", "Hello, world!")
    .withExec(["python", "-m", "http.server", "8080"])
    .withExposedPort(8080)
    .asService()
}

// Create Redis service and client
function redis() {
  const redisSrv = dag
    .container()
    .from("redis")
    .withExposedPort(6379)
    .withMountedCache("/data", dag.cacheVolume("my-redis"))
    .withWorkdir("/data")
    .asService()
  return dag
    .container()
    .from("redis")
    .withServiceBinding("redis-srv", redisSrv)
    .withEntrypoint(["redis-cli", "-h", "redis-srv"])
}

const scenarios = {
  // Send a request to an HTTP service and return the response
  async http() {
    const out = await dag
      .container()
      .from("alpine")
      .withServiceBinding("www", httpService())
      .withExec(["wget", "-O-", "http://www:8080"])
      .stdout()
    console.log(out)
  },

  // The older documents' form of the same: works for a client that declares Dagger before v0.15
  async "legacy-http"() {
    const out = await dag
      .container()
      .from("alpine")
      .withServiceBinding("www", legacyHttpService())
      .withExec(["wget", "-O-", "http://www:8080"])
      .stdout()
    console.log(out)
  },

  // asService() without args for a v0.21 client: withExecs are build steps, then the default command
  async "as-service-rule"() {
    const built = dag
      .container()
      .from("python")
      .withWorkdir("/srv")
      .withExec(["sh", "-c", "echo built by a step > index.html"])
      .withEntrypoint(["python", "-m", "http.server"])
      .withDefaultArgs(["8080"])
      .withExposedPort(8080)
      .asService()
    const fetch = (service) => dag
      .container()
      .from("alpine")
      .withServiceBinding("www", service)
      .withExec(["wget", "-q", "-O-", "http://www:8080"])
      .stdout()
    const page = (await fetch(built)).trim()
    let refused = null
    try {
      await fetch(legacyHttpService())
    } catch (e) {
      refused = e.message
    }
    console.log(JSON.stringify({ page, refused }))
  },

  async "exec-error"() {
    try {
      await dag
        .container()
        .from("alpine")
        .withExec(["sh", "-c", "echo to-stdout; echo to-stderr >&2; exit 3"])
        .sync()
      console.log(JSON.stringify({ caught: null }))
    } catch (e) {
      if (!(e instanceof ExecError)) throw e
      console.log(JSON.stringify({
        caught: e.constructor.name,
        exitCode: e.exitCode,
        stdout: e.stdout,
        stderr: e.stderr,
        cmd: e.cmd,
      }))
    }
  },

  async redis() {
    const out = await redis()
      .withExec(["set", "berth-key", "berth-value"], { useEntrypoint: true })
      .withExec(["get", "berth-key"], { useEntrypoint: true })
      .stdout()
    console.log(out.trim())
  },

  // Redis started explicitly, used by two execs (two containers), stopped
  async "redis-start-stop"() {
    const srv = await dag.container().from("redis").withExposedPort(6379).asService().start()
    const cli = dag
      .container()
      .from("redis")
      .withServiceBinding("redis-srv", srv)
      .withEntrypoint(["redis-cli", "-h", "redis-srv"])
    const set = await cli.withExec(["set", "started-key", "started-value"], { useEntrypoint: true }).stdout()
    const get = await cli.withExec(["get", "started-key"], { useEntrypoint: true }).stdout()
    await srv.stop()
    console.log(JSON.stringify({ set: set.trim(), get: get.trim() }))
  },

  // Persist service state: set and SAVE in one run ...
  async "cache-set"(value) {
    const out = await redis()
      .withExec(["set", "persist-key", value], { useEntrypoint: true })
      .withExec(["save"], { useEntrypoint: true })
      .stdout()
    console.log(out.trim())
  },

  // ... get in another run (another session, a new service instance, the same cache volume)
  async "cache-get"() {
    const out = await redis().withExec(["get", "persist-key"], { useEntrypoint: true }).stdout()
    console.log(out.trim())
  },

  // Isolation, serving side: start the HTTP service, print where it is from another namespace,
  // keep it running until the file `until` exists.
  async "isolation-serve"(until) {
    const srv = await httpService().start()
    const hostname = await srv.hostname()
    console.log(`READY http://${hostname}.berth-${process.env.BERTH_SESSION_ID}:8080`)
    const { existsSync } = await import("node:fs")
    while (!existsSync(until)) await new Promise((r) => setTimeout(r, 500))
    await srv.stop()
  },

  // The seed's `up --ports 9000:8080`: the HTTP service on a port of this machine. up() blocks for
  // as long as the script runs, so it is not awaited; the script fetches, then exits (ending it).
  async up(port) {
    httpService()
      .up({ ports: [{ frontend: Number(port), backend: 8080 }] })
      .catch((e) => {
        console.error(`up failed: ${e.message}`)
        process.exit(1)
      })
    console.log(await fetchWhenUp(`http://127.0.0.1:${port}/`))
    process.exit(0)
  },

  // The seed's host service: a MariaDB server on this machine, reached from a container as `db`.
  async "host-service"(port) {
    const db = dag.host().service([{ frontend: 3306, backend: Number(port) }])
    const out = await dag
      .container()
      .from("mariadb:10.11.2")
      .withServiceBinding("db", db)
      .withExec(["/usr/bin/mysql", "--user=root", "--password=secret", "--host=db", "-e",
        "SELECT Host, User FROM mysql.user"])
      .stdout()
    console.log(out)
  },

  // Secrets: the value (from $BERTH_TEST_SECRET, never in the script or the exec's args) reaches
  // the exec as a variable and as a file of mode 0440; the exec's echoes of it come back as ***.
  // With `hold`: also a service started with the secret in its env, and the script waits until
  // the file `hold` exists, so the test can search the live session for the value.
  async secrets(hold) {
    const value = process.env.BERTH_TEST_SECRET
    const secret = dag.setSecret("berth-e2e", value)
    const ctr = secretsProbe(dag.container().from("alpine"), secret, value)
    const result = {
      stdout: await ctr.stdout(),
      stderr: await ctr.stderr(),
      plaintextOk: (await secret.plaintext()) === value,
      name: await secret.name(),
    }
    if (hold) {
      const svc = await dag
        .container()
        .from("python")
        .withSecretVariable("TOKEN", secret)
        .withEnvVariable("WANT", sha256(value))
        .withExposedPort(8080)
        .asService({
          args: ["sh", "-c", 'echo "service token is $TOKEN"; mkdir -p /srv && cd /srv && '
            + 'if [ "$(printf %s "$TOKEN" | sha256sum | cut -c1-64)" = "$WANT" ]; '
            + "then echo token-ok > index.html; fi; exec python -m http.server 8080"],
        })
        .start()
      result.service = (await dag.container().from("alpine").withServiceBinding("www", svc)
        .withExec(["wget", "-qO-", "http://www:8080/index.html"]).stdout()).trim()
      console.log(JSON.stringify(result))
      console.log(`READY berth-${process.env.BERTH_SESSION_ID}`)
      const { existsSync } = await import("node:fs")
      while (!existsSync(hold)) await new Promise((r) => setTimeout(r, 500))
      await svc.stop()
      return
    }
    console.log(JSON.stringify(result))
  },

  // Host files: a directory of the user's (nested, one folder excluded) copied into a container
  // and read by an exec; a file the exec wrote read back with contents(); a directory the exec
  // wrote listed and one of its files exported to the user's machine (`exportTo`).
  async files(dir, exportTo) {
    const src = dag.host().directory(dir, { exclude: ["skip"] })
    const single = dag.host().file(`${dir}/nested/deeper/hello.txt`)
    const ctr = dag.container().from("alpine")
      .withDirectory("/src", src)
      .withMountedFile("/etc/berth-single.txt", single)
      .withExec(["sh", "-c", FILES_SCRIPT])
    const out = ctr.directory("/out")
    const result = {
      stdout: await ctr.stdout(),
      sum: await ctr.file("/out/sum.txt").contents(),
      entries: await out.entries(),
      exported: await out.file("copy.bin").export(exportTo),
      made: await dag.directory().withNewFile("a/b.txt", "made").directory("a").file("b.txt").contents(),
      size: await out.file("copy.bin").size(),
      composed: await dag.directory().withDirectory("in", src).withFile("single.txt", single)
        .withoutDirectory("in/nested").entries({ path: "in" }),
      exportedDir: await out.export(`${exportTo}.d`),
    }
    // A service serving the same directory: its pod gets the files before its command starts.
    const site = dag.container().from("python").withMountedDirectory("/srv", src).withWorkdir("/srv")
      .withExposedPort(8080).asService({ args: ["python", "-m", "http.server", "8080"] })
    result.served = await dag.container().from("alpine").withServiceBinding("www", site)
      .withExec(["wget", "-qO-", "http://www:8080/nested/deeper/hello.txt"]).stdout()
    console.log(JSON.stringify(result))
  },

  // A large tree: uploaded, checksummed in a container, then read again unchanged (the engine
  // holds it already: nothing but the listing is sent the second time).
  async bigtree(dir) {
    const sum = await dag.container().from("alpine")
      .withDirectory("/tree", dag.host().directory(dir))
      .withWorkdir("/tree")
      .withExec(["sh", "-c", TREE_SUM])
      .stdout()
    const again = await dag.host().directory(dir, { noCache: true }).entries()
    console.log(JSON.stringify({ sum: sum.trim(), entries: again.length }))
  },

  // Exec options: withUser (alpine's nobody), stdin piped to cat, stdout redirected to a file that
  // the next exec reads (Dagger v0.21.8 tees a redirect: stdout() still has it), combinedOutput of
  // a command writing to both streams, and a variable expanded from one set before it.
  async "exec-options"() {
    const alpine = dag.container().from("alpine")
    const asNobody = alpine.withUser("nobody")
    const redirected = alpine.withWorkdir("/tmp")
      .withExec(["sh", "-c", "echo to-file; echo to-stderr >&2"], { redirectStdout: "out.txt" })
    const result = {
      user: (await asNobody.withExec(["id", "-un"]).stdout()).trim(),
      userField: await asNobody.user(),
      ids: (await alpine.withUser("65534:65534").withExec(["sh", "-c", "echo $(id -u):$(id -g)"]).stdout()).trim(),
      stdin: await alpine.withExec(["cat"], { stdin: "piped\nin" }).stdout(),
      redirectedStdout: await redirected.stdout(),
      redirected: await redirected.withExec(["cat", "out.txt"]).stdout(),
      combined: await alpine
        .withExec(["sh", "-c", "echo one; sleep 0.3; echo two >&2; sleep 0.3; echo three"])
        .combinedOutput(),
      expanded: await alpine.withEnvVariable("APP", "/opt/app")
        .withEnvVariable("BIN", "${APP}/bin", { expand: true })
        .withExec(["sh", "-c", "echo $BIN"]).stdout(),
    }
    console.log(JSON.stringify(result))
  },

  async exit() {
    await dag.version()
    process.exitCode = 3
  },
}

// The exec of the secrets scenario: compares the variable and the file with the value's SHA-256
// ($WANT), then echoes both (to be scrubbed) and the file's mode.
export const SECRETS_SCRIPT = 'test "$(printf %s "$PW" | sha256sum | cut -c1-64)" = "$WANT" && echo env-ok; echo "pw=$PW"; '
  + "stat -c %a /run/secrets/pw; "
  + 'test "$(sha256sum < /run/secrets/pw | cut -c1-64)" = "$WANT" && echo file-ok; cat /run/secrets/pw; echo; echo "err=$PW" >&2'

// The exec of the files scenario: shows what arrived (the excluded folder must not), and writes
// /out: the SHA-256 of a.txt and a copy of it.
export const FILES_SCRIPT = "cat /src/nested/deeper/hello.txt; ls /src; cat /etc/berth-single.txt; mkdir -p /out; "
  + "sha256sum /src/a.txt | cut -c1-64 > /out/sum.txt; cp /src/a.txt /out/copy.bin"

// Every file's SHA-256 and path, sorted, hashed: one line that says the whole tree arrived intact.
export const TREE_SUM = "find . -type f | sort | xargs sha256sum | sha256sum | cut -c1-64"

function secretsProbe(ctr, secret, value) {
  return ctr
    .withEnvVariable("WANT", sha256(value))
    .withSecretVariable("PW", secret)
    .withMountedSecret("/run/secrets/pw", secret, { mode: 0o440 })
    .withExec(["sh", "-c", SECRETS_SCRIPT])
}

function sha256(text) {
  return createHash("sha256").update(text).digest("hex")
}

// Polls until the port answers (up binds it once the service is Ready), then returns the body.
async function fetchWhenUp(url, timeoutMs = 180000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const response = await fetch(url)
      return await response.text()
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms: ${e.cause ?? e}`)
      await new Promise((r) => setTimeout(r, 250))
    }
  }
}

const [name, ...args] = process.argv.slice(2)
if (!scenarios[name]) {
  console.error(`usage: node seeds.mjs <${Object.keys(scenarios).join("|")}> [value]`)
  process.exit(2)
}
await connection(() => scenarios[name](...args))
