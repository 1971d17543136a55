"""The seed documents' examples with Dagger's Python SDK, as a plain script (no Dagger module).

Run ``python seeds.py <scenario>`` under ``berth run`` (or ``dagger run``).
"""

import json
import sys

import anyio

import dagger
from dagger import dag


def http_service() -> dagger.Service:
    """Start and return an HTTP service."""
    return (
        dag.container()
        .from_("python")
        .with_workdir("/srv")
        .with_new_file("index.html", "Hello, world!")
        .with_exposed_port(8080)
        .as_service(args=["python", "-m", "http.server", "8080"])
    )


def redis() -> dagger.Container:
    """Create Redis service and client."""
    redis_srv = (
        dag.container()
        .from_("redis")
        .with_exposed_port(6379)
        .with_mounted_cache("/data", dag.cache_volume("my-redis"))
        .with_workdir("/data")
        .as_service()
    )
    return (
        dag.container()
        .from_("redis")
        .with_service_binding("redis-srv", redis_srv)
        .with_entrypoint(["redis-cli", "-h", "redis-srv"])
    )


async def http() -> None:
    """Send a request to an HTTP service and return the response."""
    out = await (
        dag.container()
        .from_("alpine")
        .with_service_binding("www", http_service())
        .with_exec(["wget", "-O-", "http://www:8080"])
        .stdout()
    )
    print(out)


async def exec_error() -> None:
    # A field of Dagger's schema Berth does not serve: a QueryError naming it (NOT_SUPPORTED), not
    # a client-side error about a field the server lacks.
    not_supported = None
    try:
        await dag.container().from_("alpine").publish("registry.example/app:1")
    except dagger.QueryError as e:
        not_supported = {"code": e.error.extensions.get("code"), "message": e.error.message}
    except dagger.DaggerError as e:
        not_supported = {"code": None, "message": f"{type(e).__name__}: {e}"}
    try:
        await (
            dag.container()
            .from_("alpine")
            .with_exec(["sh", "-c", "echo to-stdout; echo to-stderr >&2; exit 3"])
            .sync()
        )
        print(json.dumps({"caught": None, "notSupported": not_supported}))
    except dagger.ExecError as e:
        print(
            json.dumps(
                {
                    "caught": type(e).__name__,
                    "exitCode": e.exit_code,
                    "stdout": e.stdout,
                    "stderr": e.stderr,
                    "cmd": e.command,
                    "notSupported": not_supported,
                }
            )
        )


async def redis_chain() -> None:
    out = await (
        redis()
        .with_exec(["set", "berth-key", "berth-value"], use_entrypoint=True)
        .with_exec(["get", "berth-key"], use_entrypoint=True)
        .stdout()
    )
    print(out.strip())


async def redis_start_stop() -> None:
    """Redis started explicitly, used by two execs (two containers), stopped."""
    srv = await dag.container().from_("redis").with_exposed_port(6379).as_service().start()
    cli = (
        dag.container()
        .from_("redis")
        .with_service_binding("redis-srv", srv)
        .with_entrypoint(["redis-cli", "-h", "redis-srv"])
    )
    set_out = await cli.with_exec(["set", "started-key", "started-value"], use_entrypoint=True).stdout()
    get_out = await cli.with_exec(["get", "started-key"], use_entrypoint=True).stdout()
    await srv.stop()
    print(json.dumps({"set": set_out.strip(), "get": get_out.strip()}))


async def cache_set(value: str) -> None:
    """Persist service state: set and SAVE in one run ..."""
    out = await (
        redis()
        .with_exec(["set", "persist-key", value], use_entrypoint=True)
        .with_exec(["save"], use_entrypoint=True)
        .stdout()
    )
    print(out.strip())


async def cache_get() -> None:
    """... get in another run (another session, a new instance, the same cache volume)."""
    out = await redis().with_exec(["get", "persist-key"], use_entrypoint=True).stdout()
    print(out.strip())


async def isolation_probe(url: str) -> None:
    """Isolation, probing side: fetch a URL (another session's service) from a container."""
    ctr = (
        dag.container()
        .from_("alpine")
        .with_exec(["wget", "-T", "5", "-t", "1", "-O-", url], expect=dagger.ReturnType.ANY)
    )
    print(json.dumps({"exitCode": await ctr.exit_code(), "stdout": await ctr.stdout()}))


async def up(port: str) -> None:
    """The seed's ``up --ports PORT:8080``; up() blocks while the script runs, so it runs beside the fetch."""
    import os
    import urllib.request

    async def fetch_when_up() -> str:
        url = f"http://127.0.0.1:{port}/"
        with anyio.fail_after(180):
            while True:
                try:
                    return await anyio.to_thread.run_sync(lambda: urllib.request.urlopen(url, timeout=10).read().decode())
                except OSError:
                    await anyio.sleep(0.25)

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(lambda: http_service().up(ports=[dagger.PortForward(frontend=int(port), backend=8080)]))
        print(await fetch_when_up(), flush=True)
        os._exit(0)  # ends up (and the session) as an interrupted script would


async def host_service(port: str) -> None:
    """The seed's host service: a MariaDB server on this machine, reached from a container as ``db``."""
    db = dag.host().service([dagger.PortForward(frontend=3306, backend=int(port))])
    out = await (
        dag.container()
        .from_("mariadb:10.11.2")
        .with_service_binding("db", db)
        .with_exec(["/usr/bin/mysql", "--user=root", "--password=secret", "--host=db", "-e",
                    "SELECT Host, User FROM mysql.user"])
        .stdout()
    )
    print(out)


SECRETS_SCRIPT = (
    'test "$(printf %s "$PW" | sha256sum | cut -c1-64)" = "$WANT" && echo env-ok; echo "pw=$PW"; '
    "stat -c %a /run/secrets/pw; "
    'test "$(sha256sum < /run/secrets/pw | cut -c1-64)" = "$WANT" && echo file-ok; cat /run/secrets/pw; echo; '
    'echo "err=$PW" >&2'
)


async def secrets() -> None:
    """A secret (from $BERTH_TEST_SECRET) as a variable and a 0440 file; echoes of it come back as ***."""
    import hashlib
    import os

    value = os.environ["BERTH_TEST_SECRET"]
    secret = dag.set_secret("berth-e2e", value)
    ctr = (
        dag.container()
        .from_("alpine")
        .with_env_variable("WANT", hashlib.sha256(value.encode()).hexdigest())
        .with_secret_variable("PW", secret)
        .with_mounted_secret("/run/secrets/pw", secret, mode=0o440)
        .with_exec(["sh", "-c", SECRETS_SCRIPT])
    )
    print(json.dumps({
        "stdout": await ctr.stdout(),
        "stderr": await ctr.stderr(),
        "plaintextOk": await secret.plaintext() == value,
        "name": await secret.name(),
    }))


FILES_SCRIPT = (
    "cat /src/nested/deeper/hello.txt; ls /src; cat /etc/berth-single.txt; mkdir -p /out; "
    "sha256sum /src/a.txt | cut -c1-64 > /out/sum.txt; cp /src/a.txt /out/copy.bin"
)


async def files(directory: str, export_to: str) -> None:
    """A host directory (one folder excluded) read by an exec; files it wrote read back and exported."""
    src = dag.host().directory(directory, exclude=["skip"])
    ctr = (
        dag.container()
        .from_("alpine")
        .with_directory("/src", src)
        .with_file("/etc/berth-single.txt", dag.host().file(f"{directory}/nested/deeper/hello.txt"))
        .with_exec(["sh", "-c", FILES_SCRIPT])
    )
    out = ctr.directory("/out")
    print(json.dumps({
        "stdout": await ctr.stdout(),
        "sum": await ctr.file("/out/sum.txt").contents(),
        "entries": await out.entries(),
        "exported": await out.file("copy.bin").export(export_to),
        "made": await dag.directory().with_new_file("a/b.txt", "made").directory("a").file("b.txt").contents(),
    }))


async def exit_code() -> None:
    await dag.version()
    sys.exit(3)


SCENARIOS = {
    "http": http,
    "exec-error": exec_error,
    "redis": redis_chain,
    "redis-start-stop": redis_start_stop,
    "cache-set": cache_set,
    "cache-get": cache_get,
    "isolation-probe": isolation_probe,
    "up": up,
    "host-service": host_service,
    "secrets": secrets,
    "files": files,
    "exit": exit_code,
}


async def main(name: str, *args: str) -> None:
    async with dagger.connection():
        await SCENARIOS[name](*args)


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in SCENARIOS:
        print(f"usage: python seeds.py <{'|'.join(SCENARIOS)}> [value]", file=sys.stderr)
        sys.exit(2)
    anyio.run(main, *sys.argv[1:])
