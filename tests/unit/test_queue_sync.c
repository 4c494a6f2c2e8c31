/* test_queue_sync.c - fdatasync of a set of files with helper threads */
#include "t.h"
#include "queue/queue_sync.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define NFILES	40

static char dir[] = "/tmp/test_queue_sync.XXXXXX";
static int fds[NFILES];

/* open_files - n new files with a line each */
static void
open_files(int n)
{
	char path[128];
	int i;

	for (i = 0; i < n; i++) {
		(void)snprintf(path, sizeof(path), "%s/f%d", dir, i);
		fds[i] = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
		T_CHECK(fds[i] >= 0);
		T_CHECK(write(fds[i], "line\n", 5) == 5);
	}
}

static void
close_files(int n)
{
	char path[128];
	int i;

	for (i = 0; i < n; i++) {
		(void)close(fds[i]);
		(void)snprintf(path, sizeof(path), "%s/f%d", dir, i);
		(void)unlink(path);
	}
}

/* all_zero - errs[0..n) are all 0 */
static int
all_zero(const int *errs, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (errs[i] != 0)
			return 0;
	return 1;
}

/* concurrent - a second caller while the main thread has batches */
static void *
concurrent(void *arg)
{
	int mine[4], errs[4], i, k, *ok = arg;
	char path[128];

	for (i = 0; i < 4; i++) {
		(void)snprintf(path, sizeof(path), "%s/c%d", dir, i);
		mine[i] = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	}
	*ok = 1;
	for (k = 0; k < 50; k++) {
		memset(errs, -1, sizeof(errs));
		queue_sync_all(mine, 4, errs);
		if (!all_zero(errs, 4))
			*ok = 0;
	}
	for (i = 0; i < 4; i++) {
		(void)close(mine[i]);
		(void)snprintf(path, sizeof(path), "%s/c%d", dir, i);
		(void)unlink(path);
	}
	return NULL;
}

int
main(void)
{
	int errs[NFILES], bad[5], n, k, status, theirs = 0;
	pthread_t t;
	pid_t pid;

	T_CHECK(mkdtemp(dir) != NULL);
	open_files(NFILES);

	/* every size from none to many: each fd synced, each result 0 */
	for (n = 0; n <= NFILES; n++) {
		memset(errs, -1, sizeof(errs));
		queue_sync_all(fds, (size_t)n, errs);
		T_CHECK(all_zero(errs, n));
		T_CHECK(n == NFILES || errs[n] == -1);
	}

	/* a bad fd gets its own errno, the others still 0 */
	bad[0] = fds[0];
	bad[1] = -1;
	bad[2] = fds[1];
	bad[3] = fds[2];
	bad[4] = 1000000;
	memset(errs, -1, sizeof(errs));
	queue_sync_all(bad, 5, errs);
	T_INTEQ(errs[0], 0);
	T_INTEQ(errs[1], EBADF);
	T_INTEQ(errs[2], 0);
	T_INTEQ(errs[3], 0);
	T_INTEQ(errs[4], EBADF);
	/* the serial path (fewer than three) reports the same way */
	queue_sync_all(bad, 2, errs);
	T_INTEQ(errs[0], 0);
	T_INTEQ(errs[1], EBADF);

	/* two callers at once: each batch whole, none mixed */
	T_CHECK(pthread_create(&t, NULL, concurrent, &theirs) == 0);
	for (k = 0; k < 50; k++) {
		memset(errs, -1, sizeof(errs));
		queue_sync_all(fds, 12, errs);
		T_CHECK(all_zero(errs, 12));
	}
	T_CHECK(pthread_join(t, NULL) == 0);
	T_INTEQ(theirs, 1);

	/* a forked child (no helpers there) syncs without them */
	pid = fork();
	T_CHECK(pid >= 0);
	if (pid == 0) {
		memset(errs, -1, sizeof(errs));
		queue_sync_all(fds, NFILES, errs);
		_exit(all_zero(errs, NFILES) ? 0 : 1);
	}
	T_CHECK(waitpid(pid, &status, 0) == pid);
	T_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	close_files(NFILES);
	(void)rmdir(dir);
	T_DONE();
}
