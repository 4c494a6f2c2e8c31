/*
 * frontend_resolve - the client's host name, as sendmail finds it for a
 * daemon connection: the PTR name of the address, confirmed by a
 * forward lookup of that name that gives the address back.
 *
 *   resolve  name                 ptr       $_
 *   OK       the PTR name         the same  "name [addr]"
 *   FORGED   the PTR name         the same  "name [addr] (may be forged)"
 *   FAIL     unset ("[addr]")     unset     "[addr]"
 *   TEMP     the PTR name or unset          (a lookup failed temporarily)
 *
 * The lookups block (the dns module's calls, each bounded by
 * FRONTEND_RESOLVE_TIMEOUT seconds), so the front end never makes them
 * on its event loop: a pool of FE_RESOLVE_THREADS worker threads does,
 * and hands each answer back through a pipe the loop watches
 * (frontend_resolver.c).  The connection is greeted once its answer is
 * in, as sendmail's child greets after its lookups; other sessions are
 * served meanwhile.  A lookup that waited in the pool's queue longer
 * than FRONTEND_RESOLVE_TIMEOUT is not made (TEMP), so a dead resolver
 * and a flood of connections cannot delay a greeting without bound.
 */
#ifndef TERN_FRONTEND_RESOLVE_H
#define TERN_FRONTEND_RESOLVE_H

#include <stdbool.h>
#include <sys/socket.h>

#define FRONTEND_RESOLVE_TIMEOUT	5	/* seconds, PTR and A/AAAA each */
#define FE_RESOLVE_THREADS		16
#define FE_RESOLVE_STACK		(256 * 1024)

/* what the lookups found */
struct frontend_resolved {
	char *name;		/* the PTR name (the caller frees), or NULL */
	const char *resolve;	/* "OK" "FAIL" "FORGED" "TEMP" */
};

/*
 * frontend_resolve_lookup - look addr up (blocking; thread-safe: every
 * dns call has a channel of its own).  The name is allocated by the
 * calling thread (a worker's own malloc arena: the front end's heap
 * does not keep a buffer per waiting connection).
 */
void frontend_resolve_lookup(const struct sockaddr *addr, socklen_t addr_len,
    struct frontend_resolved *out);

/* ---- frontend_resolver.c: the pool */

struct frontend;
struct frontend_conn;
struct event_base;

/* fe_resolver_start - the pipe, its event and the workers; -1 on failure */
int fe_resolver_start(struct frontend *, struct event_base *);
/*
 * fe_resolver_submit - look c's address up; fe_conn_resolved(c) follows
 * on the loop.  -1 when it cannot be queued (then c is not waiting).
 */
int fe_resolver_submit(struct frontend_conn *c);
/* fe_resolver_cancel - c goes away before its answer: the answer is dropped */
void fe_resolver_cancel(struct frontend_conn *c);
/* fe_resolver_stop - the loop is done: no more answers are taken */
void fe_resolver_stop(struct frontend *);

#endif
