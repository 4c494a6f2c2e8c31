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
 * XXX a first version: the lookups block the front end's event loop,
 * bounded by FRONTEND_RESOLVE_TIMEOUT seconds for each of the two (so
 * a dead resolver stalls every session for up to twice that per new
 * connection).  An asynchronous version would hold the greeting until
 * the answer, driving c-ares from the loop.
 */
#ifndef TERN_FRONTEND_RESOLVE_H
#define TERN_FRONTEND_RESOLVE_H

#include <sys/socket.h>

struct session_client;

#define FRONTEND_RESOLVE_TIMEOUT	5	/* seconds, PTR and A/AAAA each */

/*
 * frontend_resolve_client - look addr up and set c->name, c->ptr and
 * c->resolve.  The strings live in static storage until the next call:
 * session_new copies them.  Single-threaded use only.
 */
void frontend_resolve_client(struct session_client *c,
    const struct sockaddr *addr, socklen_t addr_len);

#endif
