/*
 * dynlib - the libraries only some runs need (OpenSSL, Cyrus SASL,
 * libevent, c-ares, libresolv, Berkeley DB), loaded the first time tern
 * calls one of their functions instead of when the program starts.
 *
 * Most runs of sendmail (a submission, mailq, -bt, a queue run to a
 * server without STARTTLS) never touch TLS, SASL or the daemon's loop,
 * yet linking them made every run pay for loading them: their thousands
 * of symbol relocations (Debian builds them with -z now) were most of a
 * submission's start-up (bench/msp-bench.sh).  So the program links
 * only libc; dynlib.c defines each function tern uses (the list is
 * dynlib_syms.h, made by scripts/gen-dynlib-syms.py) as a stub that
 * loads the library by its soname from the system's directories, finds
 * the real function once and calls it.  A library that cannot be loaded
 * ends the process with EX_OSERR and a log line, as a missing library
 * ended it at exec before.
 *
 * The daemon sets up TLS and SASL while still root, so those are loaded
 * before it gives up root; a library loaded later (as mailnull, say)
 * is world-readable in the system's directories.
 */
#ifndef TERN_DYNLIB_H
#define TERN_DYNLIB_H

#include <stdbool.h>

enum dynlib_id {
	DYNLIB_SSL, DYNLIB_CRYPTO, DYNLIB_SASL,	/* STARTTLS, AUTH */
	DYNLIB_EVENT,				/* the daemon's loop */
	DYNLIB_CARES, DYNLIB_RESOLV,		/* DNS: delivery, maps */
	DYNLIB_DB,				/* hash and btree maps */
	DYNLIB_N
};

/* dynlib_loaded - whether lib has been loaded in this process (tests) */
bool dynlib_loaded(enum dynlib_id lib);

#endif
