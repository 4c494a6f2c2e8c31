/*
 * map_program.c - the program class: run the K line's program with its
 * initial arguments and the key as the last one (never through a
 * shell), and return the first line it writes.  A non-zero exit is
 * "not found" with the exit code as the status, as sendmail reports it.
 * XXX sendmail runs the program as DefaultUser when it is root; tern
 * runs it with the caller's ids.
 */
#include "map/map_impl.h"
#include "util/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#define MAP_PROGRAM_MAXOUT	65536
#define MAP_PROGRAM_MAXARGS	64

/* map_program_argv - program, its initial arguments, the key */
static char **
map_program_argv(const struct map *m, const char *key)
{
	struct buf word = BUF_INIT;
	const char *p = m->rest != NULL ? m->rest : "";
	char **argv = xcalloc(MAP_PROGRAM_MAXARGS + 3, sizeof(*argv));
	size_t n = 0;

	argv[n++] = xstrdup(m->file);
	for (;;) {
		p = map_args_word(p, &word);
		if (word.len == 0 || n >= MAP_PROGRAM_MAXARGS)
			break;
		argv[n++] = xstrndup(word.data, word.len);
	}
	argv[n++] = xstrdup(key);
	argv[n] = NULL;
	buf_free(&word);
	return argv;
}

/* map_program_child - in the child: plumb and exec */
static void
map_program_child(int out, char **argv)
{
	int fd = open("/dev/null", O_RDONLY);

	if (fd >= 0 && fd != 0) {
		(void)dup2(fd, 0);
		(void)close(fd);
	}
	if (out != 1) {
		(void)dup2(out, 1);
		(void)close(out);
	}
	(void)signal(SIGPIPE, SIG_DFL);
	execv(argv[0], argv);
	_exit(EX_OSFILE);
}

/* map_program_lookup - run and read */
static void
map_program_lookup(struct map *m, const char *key, const char *const *av,
    struct map_result *res)
{
	struct buf out = BUF_INIT;
	char **argv, chunk[4096], *nl;
	int fds[2], status;
	pid_t pid;
	ssize_t n;
	size_t i;

	if (pipe(fds) < 0) {
		map_error(m, "prog_map_lookup(%s): pipe: %s", m->name,
		    strerror(errno));
		res->status = EX_OSERR;
		return;
	}
	argv = map_program_argv(m, key);
	pid = fork();
	if (pid == 0) {
		(void)close(fds[0]);
		map_program_child(fds[1], argv);
	}
	(void)close(fds[1]);
	if (pid < 0) {
		map_error(m, "prog_map_lookup(%s): fork: %s", m->name,
		    strerror(errno));
		(void)close(fds[0]);
		res->status = EX_OSERR;
		goto done;
	}
	for (;;) {
		n = read(fds[0], chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (out.len < MAP_PROGRAM_MAXOUT)
			buf_add(&out, chunk, (size_t)n);
	}
	(void)close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = EX_OSERR << 8;
			break;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		res->status = WEXITSTATUS(status);
		goto done;
	}
	if (!WIFEXITED(status)) {
		res->status = EX_SOFTWARE;
		goto done;
	}
	if (out.len == 0)
		goto done;
	if ((nl = memchr(out.data, '\n', out.len)) != NULL)
		buf_truncate(&out, (size_t)(nl - out.data));
	if (m->flags & MAP_F_MATCHONLY)
		map_found(m, res, key, strlen(key), NULL);
	else
		map_found(m, res, out.data, out.len, av);
done:
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
	buf_free(&out);
}

const struct map_class map_class_program = {
	"program", 0, NULL, NULL, map_program_lookup, NULL,
};
