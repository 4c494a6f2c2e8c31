/*
 * dynlib - OpenSSL and Cyrus SASL, loaded the first time tern calls one
 * of their functions instead of when the program starts.
 *
 * Most runs of sendmail (a submission, mailq, -bt, a queue run to a
 * server without STARTTLS) never touch TLS or SASL, yet linking libssl,
 * libcrypto and libsasl2 made every run pay for loading them: their
 * thousands of symbol relocations (Debian builds them with -z now) were
 * most of a submission's start-up (bench/msp-bench.sh).  So the program
 * is not linked with them; dynlib.c defines each function tern uses (the
 * list is dynlib_syms.h) as a stub that loads the library by its soname
 * from the system's directories, finds the real function once and calls
 * it.  A library that cannot be loaded ends the process with EX_OSERR
 * and a log line, as a missing library ended it at exec before.
 *
 * The daemon loads them before it gives up root (its TLS context and
 * SASL are set up then), so a front end never needs to open a library.
 */
#ifndef TERN_DYNLIB_H
#define TERN_DYNLIB_H

#include <stdbool.h>

enum dynlib_id { DYNLIB_SSL, DYNLIB_CRYPTO, DYNLIB_SASL, DYNLIB_N };

/* dynlib_loaded - whether lib has been loaded in this process (tests) */
bool dynlib_loaded(enum dynlib_id lib);

#endif
