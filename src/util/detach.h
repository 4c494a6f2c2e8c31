/*
 * detach - background work that outlives nobody's wait: a double fork.
 * The grandchild runs in its own session with default SIGTERM, SIGHUP,
 * SIGINT and SIGCHLD and /dev/null as stdin and stdout (stderr is kept
 * for sanitizer and fatal messages); the caller only waits for the short-
 * lived middle child, so no zombie is left and nothing is waited for.
 * Used for deliveries after acceptance and for ETRN queue runs.
 */
#ifndef TERN_DETACH_H
#define TERN_DETACH_H

#define DETACH_FAILED	(-1)	/* in the caller: could not fork */
#define DETACH_PARENT	0	/* in the caller: the work has started */
#define DETACH_CHILD	1	/* in the grandchild: do the work, _exit */

int proc_detach(void);

#endif
