/*
 * Berth's pod sandbox ("pause") process, written for Berth's offline end-to-end cluster and
 * built into registry.k8s.io/pause by e2e/cluster/lib/build-images.sh.
 *
 * It holds the pod's namespaces open: it sleeps until SIGINT or SIGTERM (then exits 0), and
 * as PID 1 of a shared PID namespace it reaps every orphaned child on SIGCHLD.
 * Build: gcc -Os -static -o pause pause.c
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_terminate(int sig) {
  (void)sig;
  _exit(0);
}

static void on_child(int sig) {
  int saved = errno;
  (void)sig;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
  errno = saved;
}

static void handle(int sig, void (*fn)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  if (sigaction(sig, &sa, NULL) < 0) {
    perror("pause: sigaction");
    exit(1);
  }
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "-v") == 0) {
    puts("pause (berth)");
    return 0;
  }
  if (getpid() != 1) {
    fprintf(stderr, "pause: warning: not running as PID 1\n");
  }
  handle(SIGINT, on_terminate, 0);
  handle(SIGTERM, on_terminate, 0);
  handle(SIGCHLD, on_child, SA_NOCLDSTOP | SA_RESTART);
  for (;;) {
    pause();
  }
}
