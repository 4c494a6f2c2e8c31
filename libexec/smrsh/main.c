/*
 * smrsh - the sendmail restricted shell, for the prog mailer.
 *
 *   smrsh -c "command"
 *
 * Runs `command` through /bin/sh only when its program's basename is
 * present in the smrsh directory (SMRSH_DIR, /etc/mail/smrsh unless
 * built with -DSMRSH_DIR=...; the administrator puts programs or
 * symlinks to them there) and the line passes smrsh_check (see
 * src/deliver/smrsh_check.h for which characters are refused).  The
 * program is run as SMRSH_DIR/name whatever path the command gave.
 *
 * TERN_SMRSH_DIR in the environment replaces the directory, for tests;
 * it is ignored when smrsh runs set-user-ID or set-group-ID (AT_SECURE),
 * where the environment belongs to someone else.
 *
 * The environment of the command is rebuilt: PATH=/usr/bin:/bin,
 * SHELL=/bin/sh, plus AGENT, HOME, LOGNAME, TZ and USER when set.
 * Anything refused: "smrsh: ... not available for sendmail programs" on
 * stderr and in syslog (mail facility), exit EX_UNAVAILABLE.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <syslog.h>
#include <unistd.h>

#include "deliver/smrsh_check.h"
#include "util/buf.h"

#ifndef SMRSH_DIR
#define SMRSH_DIR	"/etc/mail/smrsh"
#endif
#define SMRSH_SHELL	"/bin/sh"

static const char *const keep_env[] = {
	"AGENT", "HOME", "LOGNAME", "TZ", "USER", NULL
};

/* refuse - say why, in both places an administrator looks, and exit */
static void __attribute__((noreturn))
refuse(int ex, const char *fmt, const char *a, const char *b)
{
	char line[1024];

	(void)snprintf(line, sizeof(line), fmt, a, b);
	fprintf(stderr, "smrsh: %s\n", line);
	openlog("smrsh", LOG_PID, LOG_MAIL);
	syslog(LOG_CRIT, "uid %ld: %s", (long)getuid(), line);
	closelog();
	exit(ex);
}

/* smrsh_dir - the compile-time directory, or the test override */
static const char *
smrsh_dir(void)
{
	const char *d = getenv("TERN_SMRSH_DIR");

	if (d == NULL || *d != '/' || getauxval(AT_SECURE) != 0 ||
	    getuid() != geteuid() || getgid() != getegid())
		return SMRSH_DIR;
	return d;
}

int
main(int argc, char **argv)
{
	struct buf prog = BUF_INIT, path = BUF_INIT, line = BUF_INIT;
	const char *rest, *stop, *dir = smrsh_dir();
	char *envp[16], *av[4];
	struct stat sb;
	size_t n = 0, i;

	if (argc != 3 || strcmp(argv[1], "-c") != 0) {
		fprintf(stderr, "usage: smrsh -c command\n");
		return EX_USAGE;
	}
	switch (smrsh_check(argv[2], &prog, &rest, &stop)) {
	case SMRSH_OK:
		break;
	case SMRSH_EMPTY:
		refuse(EX_UNAVAILABLE, "empty command%s%s", "", "");
	case SMRSH_BADCHAR:
	case SMRSH_BADQUOTE:
		refuse(EX_UNAVAILABLE, "\"%s\" not available for sendmail "
		    "programs (stopped at \"%s\")", argv[2],
		    *stop ? stop : "end of line");
	case SMRSH_BADPROG:
	default:
		refuse(EX_UNAVAILABLE, "\"%s\" not available for sendmail "
		    "programs%s", argv[2], "");
	}
	buf_addf(&path, "%s/%s", dir, buf_str(&prog));
	if (stat(buf_str(&path), &sb) != 0)
		refuse(EX_UNAVAILABLE, "%s not available for sendmail "
		    "programs (%s)", buf_str(&prog), errno == ENOENT ?
		    "not in the smrsh directory" : strerror(errno));
	if (!S_ISREG(sb.st_mode) || access(buf_str(&path), X_OK) != 0)
		refuse(EX_UNAVAILABLE, "%s not available for sendmail "
		    "programs (%s)", buf_str(&prog),
		    "not an executable file in the smrsh directory");
	/* the path goes to the shell in single quotes: it cannot hold one */
	if (strchr(buf_str(&path), '\'') != NULL)
		refuse(EX_CONFIG, "smrsh directory %s has a quote in its "
		    "name%s", dir, "");

	/* the command again, with the program's path in the directory */
	buf_addf(&line, "exec '%s'%s", buf_str(&path), rest);
	envp[n++] = "PATH=/usr/bin:/bin";
	envp[n++] = "SHELL=" SMRSH_SHELL;
	for (i = 0; keep_env[i] != NULL; i++) {
		const char *v = getenv(keep_env[i]);
		struct buf e = BUF_INIT;

		if (v == NULL)
			continue;
		buf_addf(&e, "%s=%s", keep_env[i], v);
		envp[n++] = buf_steal(&e);
	}
	envp[n] = NULL;
	av[0] = "sh";
	av[1] = "-c";
	av[2] = (char *)buf_str(&line);
	av[3] = NULL;
	execve(SMRSH_SHELL, av, envp);
	fprintf(stderr, "smrsh: cannot run %s: %s\n", SMRSH_SHELL,
	    strerror(errno));
	return EX_OSERR;
}
