/*
 * mode - the operation modes main() dispatches to, one file each.
 *
 * main() parses the command line (cmdline.h), loads the .cf the mode
 * calls for, and calls exactly one of these.  Each returns a sysexits
 * status: main exits with it, or, when it is 0, with cl->exitstat
 * (sendmail goes on after usage errors in -bt and -bC and exits 64 at
 * the end).  A mode owns stdin/stdout from then on; it must not free
 * the cf or the cmdline.  Modes not written yet are stubs in
 * mode_stubs.c that say so and return EX_UNAVAILABLE; whoever writes a
 * mode deletes its stub there.
 */
#ifndef TERN_MODE_H
#define TERN_MODE_H

struct cf;
struct cmdline;

#include "util/version.h"

int mode_bm(struct cf *, const struct cmdline *);	/* -bm, -t: a message on stdin */
int mode_bs(struct cf *, const struct cmdline *);	/* -bs: SMTP on stdin/stdout */
int mode_ba(struct cf *, const struct cmdline *);	/* -ba: ARPANET mode */
int mode_bd(struct cf *, const struct cmdline *);	/* -bd, -bD (cl->mode), with -q: + runner */
int mode_q(struct cf *, const struct cmdline *);	/* -q[...], -Q: queue run, quarantine */
int mode_bp(struct cf *, const struct cmdline *);	/* -bp (mailq), -bP */
int mode_bi(struct cf *, const struct cmdline *);	/* -bi (newaliases) */
int mode_bt(struct cf *, const struct cmdline *);	/* -bt: address test mode */
int mode_bv(struct cf *, const struct cmdline *);	/* -bv: verify addresses */
int mode_bh(struct cf *, const struct cmdline *);	/* -bh (hoststat), -bH (purgestat) */
int mode_bC(struct cf *, const struct cmdline *);	/* -bC: check the configuration */

/* mode_bO - -bO: sendmail 8.17's option names, one a line; no .cf read */
int mode_bO(const struct cmdline *);

struct queue_limit;
/* mode_queue_limits - cl's -qI/-qR/-qS/-qQ limits (NULL if none; free) */
struct queue_limit *mode_queue_limits(const struct cmdline *);

/* mode_unavailable - say a mode is not implemented yet; EX_UNAVAILABLE */
int mode_unavailable(const struct cmdline *);

#endif
