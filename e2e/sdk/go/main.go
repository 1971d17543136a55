// The seed documents' examples with Dagger's Go SDK, as a plain program (no Dagger module).
//
// Run `go run . <scenario>` under `berth run` (or `dagger run`).
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"dagger.io/dagger"
)

func httpService(client *dagger.Client) *dagger.Service {
	return client.Container().
		From("python").
		WithWorkdir("/srv").
		WithNewFile("index.html", "Hello, world!").
		WithExposedPort(8080).
		AsService(dagger.ContainerAsServiceOpts{Args: []string{"python", "-m", "http.server", "8080"}})
}

// httpScenario sends a request to the HTTP service and prints the response.
func httpScenario(ctx context.Context, client *dagger.Client) error {
	out, err := client.Container().
		From("alpine").
		WithServiceBinding("www", httpService(client)).
		WithExec([]string{"wget", "-O-", "http://www:8080"}).
		Stdout(ctx)
	if err != nil {
		return err
	}
	fmt.Println(out)
	return nil
}

// execError prints what the SDK's ExecError carries for a failing exec.
func execError(ctx context.Context, client *dagger.Client) error {
	_, err := client.Container().
		From("alpine").
		WithExec([]string{"sh", "-c", "echo to-stdout; echo to-stderr >&2; exit 3"}).
		Sync(ctx)
	var execErr *dagger.ExecError
	if !errors.As(err, &execErr) {
		return printJSON(map[string]any{"caught": nil, "error": fmt.Sprint(err)})
	}
	return printJSON(map[string]any{
		"caught":   "ExecError",
		"exitCode": execErr.ExitCode,
		"stdout":   execErr.Stdout,
		"stderr":   execErr.Stderr,
		"cmd":      execErr.Cmd,
	})
}

// redisStartStop starts Redis explicitly, uses it from two containers and stops it.
func redisStartStop(ctx context.Context, client *dagger.Client) error {
	srv, err := client.Container().From("redis").WithExposedPort(6379).AsService().Start(ctx)
	if err != nil {
		return err
	}
	cli := client.Container().
		From("redis").
		WithServiceBinding("redis-srv", srv).
		WithEntrypoint([]string{"redis-cli", "-h", "redis-srv"})
	useEntrypoint := dagger.ContainerWithExecOpts{UseEntrypoint: true}
	set, err := cli.WithExec([]string{"set", "started-key", "started-value"}, useEntrypoint).Stdout(ctx)
	if err != nil {
		return err
	}
	get, err := cli.WithExec([]string{"get", "started-key"}, useEntrypoint).Stdout(ctx)
	if err != nil {
		return err
	}
	if _, err := srv.Stop(ctx); err != nil {
		return err
	}
	return printJSON(map[string]string{"set": strings.TrimSpace(set), "get": strings.TrimSpace(get)})
}

// up is the seed's `up --ports $BERTH_TEST_PORT:8080`: Up blocks while the program runs, so it runs in
// a goroutine; the program fetches the page, then exits (ending up, as an interrupted program would).
func up(ctx context.Context, client *dagger.Client) error {
	port, err := strconv.Atoi(os.Getenv("BERTH_TEST_PORT"))
	if err != nil {
		return fmt.Errorf("BERTH_TEST_PORT: %v", err)
	}
	failed := make(chan error, 1)
	go func() {
		failed <- httpService(client).Up(ctx, dagger.ServiceUpOpts{
			Ports: []dagger.PortForward{{Frontend: port, Backend: 8080}},
		})
	}()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		select {
		case err := <-failed:
			return fmt.Errorf("up ended: %v", err)
		default:
		}
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", port))
		if err == nil {
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				return err
			}
			fmt.Println(string(body))
			os.Exit(0)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("port %d did not answer within 3 minutes: %v", port, err)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// hostService is the seed's host service: MariaDB on this machine ($BERTH_TEST_PORT), bound as `db`.
func hostService(ctx context.Context, client *dagger.Client) error {
	port, err := strconv.Atoi(os.Getenv("BERTH_TEST_PORT"))
	if err != nil {
		return fmt.Errorf("BERTH_TEST_PORT: %v", err)
	}
	db := client.Host().Service([]dagger.PortForward{{Frontend: 3306, Backend: port}})
	out, err := client.Container().
		From("mariadb:10.11.2").
		WithServiceBinding("db", db).
		WithExec([]string{"/usr/bin/mysql", "--user=root", "--password=secret", "--host=db", "-e",
			"SELECT Host, User FROM mysql.user"}).
		Stdout(ctx)
	if err != nil {
		return err
	}
	fmt.Println(out)
	return nil
}

const secretsScript = `test "$(printf %s "$PW" | sha256sum | cut -c1-64)" = "$WANT" && echo env-ok; echo "pw=$PW"; ` +
	`stat -c %a /run/secrets/pw; ` +
	`test "$(sha256sum < /run/secrets/pw | cut -c1-64)" = "$WANT" && echo file-ok; cat /run/secrets/pw; echo; echo "err=$PW" >&2`

// secrets passes a secret (from $BERTH_TEST_SECRET) as a variable and a 0440 file; the exec's
// echoes of it come back as ***.
func secrets(ctx context.Context, client *dagger.Client) error {
	value := os.Getenv("BERTH_TEST_SECRET")
	sum := sha256.Sum256([]byte(value))
	secret := client.SetSecret("berth-e2e", value)
	ctr := client.Container().From("alpine").
		WithEnvVariable("WANT", hex.EncodeToString(sum[:])).
		WithSecretVariable("PW", secret).
		WithMountedSecret("/run/secrets/pw", secret, dagger.ContainerWithMountedSecretOpts{Mode: 0o440}).
		WithExec([]string{"sh", "-c", secretsScript})
	stdout, err := ctr.Stdout(ctx)
	if err != nil {
		return err
	}
	stderr, err := ctr.Stderr(ctx)
	if err != nil {
		return err
	}
	plaintext, err := secret.Plaintext(ctx)
	if err != nil {
		return err
	}
	name, err := secret.Name(ctx)
	if err != nil {
		return err
	}
	return printJSON(map[string]any{"stdout": stdout, "stderr": stderr, "plaintextOk": plaintext == value, "name": name})
}

const filesScript = "cat /src/nested/deeper/hello.txt; ls /src; cat /etc/berth-single.txt; mkdir -p /out; " +
	"sha256sum /src/a.txt | cut -c1-64 > /out/sum.txt; cp /src/a.txt /out/copy.bin"

// files copies a host directory ($BERTH_TEST_DIR, one folder excluded) and file into a container,
// reads back what its exec wrote, and exports a file to $BERTH_TEST_EXPORT on this machine.
func files(ctx context.Context, client *dagger.Client) error {
	dir := os.Getenv("BERTH_TEST_DIR")
	src := client.Host().Directory(dir, dagger.HostDirectoryOpts{Exclude: []string{"skip"}})
	ctr := client.Container().From("alpine").
		WithDirectory("/src", src).
		WithFile("/etc/berth-single.txt", client.Host().File(dir+"/nested/deeper/hello.txt")).
		WithExec([]string{"sh", "-c", filesScript})
	out := ctr.Directory("/out")
	stdout, err := ctr.Stdout(ctx)
	if err != nil {
		return err
	}
	sum, err := ctr.File("/out/sum.txt").Contents(ctx)
	if err != nil {
		return err
	}
	entries, err := out.Entries(ctx)
	if err != nil {
		return err
	}
	exported, err := out.File("copy.bin").Export(ctx, os.Getenv("BERTH_TEST_EXPORT"))
	if err != nil {
		return err
	}
	made, err := client.Directory().WithNewFile("a/b.txt", "made").Directory("a").File("b.txt").Contents(ctx)
	if err != nil {
		return err
	}
	return printJSON(map[string]any{"stdout": stdout, "sum": sum, "entries": entries, "exported": exported, "made": made})
}

func printJSON(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	fmt.Println(string(b))
	return nil
}

var scenarios = map[string]func(context.Context, *dagger.Client) error{
	"http":             httpScenario,
	"exec-error":       execError,
	"redis-start-stop": redisStartStop,
	"up":               up,
	"host-service":     hostService,
	"secrets":          secrets,
	"files":            files,
}

func main() {
	if len(os.Args) != 2 || scenarios[os.Args[1]] == nil {
		fmt.Fprintln(os.Stderr, "usage: seeds http | exec-error | redis-start-stop | up | host-service | secrets  (up, host-service: port in $BERTH_TEST_PORT)")
		os.Exit(2)
	}
	ctx := context.Background()
	client, err := dagger.Connect(ctx, dagger.WithLogOutput(os.Stderr))
	if err != nil {
		fmt.Fprintln(os.Stderr, "connect:", err)
		os.Exit(1)
	}
	defer client.Close()
	if err := scenarios[os.Args[1]](ctx, client); err != nil {
		fmt.Fprintln(os.Stderr, err)
		client.Close()
		os.Exit(1)
	}
}
