/*
 * map_dns - the resolver as the host, bestmx and dns classes use it.
 *
 * One private resolver state, set up on first use from resolv.conf and
 * ResolverOptions, with short timeouts (env->resolver_timeout_ms, 2 s
 * by default, one retry) so an unreachable name server answers fast.
 * Errors are h_errno values: HOST_NOT_FOUND, NO_DATA, TRY_AGAIN (no
 * server answered), NO_RECOVERY.
 */
#ifndef TERN_MAP_DNS_H
#define TERN_MAP_DNS_H

#include <stdbool.h>
#include <stddef.h>

#include "map/map.h"
#include "util/buf.h"

/* map_dns_query - one query (class IN); answer length, or -1 and *herr */
int map_dns_query(const struct map_env *, const char *name, int type,
    unsigned char *answer, size_t anslen, int *herr);

/* map_dns_search - query with the search list as the resolver options say */
int map_dns_search(const struct map_env *, const char *name, int type,
    unsigned char *answer, size_t anslen, int *herr);

/* map_dns_in_switch - is dns a method of the hosts service? */
bool map_dns_in_switch(const struct map_env *);

/*
 * map_dns_set_server - for tests: use this IPv4 name server and port
 * instead of resolv.conf's (NULL: back to resolv.conf).
 */
void map_dns_set_server(const char *ip, int port);

/* map_dns_rr_text - the data of one answer record as text, by type */
bool map_dns_rr_text(const unsigned char *msg, size_t len, int index,
    int type, struct buf *out, char *owner, size_t ownersize);

#endif
