/* detach.c - the double fork of background work (detach.h) */
#include "util/detach.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int
proc_detach(void)
{
	pid_t pid, r;
	int st = 0, fd;

	fflush(NULL);	/* nothing buffered is written twice */
	if ((pid = fork()) < 0)
		return DETACH_FAILED;
	if (pid == 0) {
		/* the parent's handlers only set its flags: not ours */
		(void)signal(SIGTERM, SIG_DFL);
		(void)signal(SIGHUP, SIG_DFL);
		(void)signal(SIGINT, SIG_DFL);
		(void)signal(SIGCHLD, SIG_DFL);
		(void)setsid();
		pid = fork();
		if (pid != 0)
			_exit(pid < 0 ? 1 : 0);
		if ((fd = open("/dev/null", O_RDWR)) >= 0) {
			(void)dup2(fd, 0);
			(void)dup2(fd, 1);
			if (fd > 2)
				(void)close(fd);
		}
		return DETACH_CHILD;
	}
	while ((r = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
		;
	if (r < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return DETACH_FAILED;
	return DETACH_PARENT;
}
