/* frontend_resolve.c - the client's host name: PTR, then forward-confirm */
#include "daemon/frontend_resolve.h"
#include "dns/dns.h"
#include "session/session.h"
#include "util/buf.h"

#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>

/* frontend_same_addr - is a (from a forward lookup) the client's address? */
static bool
frontend_same_addr(const struct dns_addr *a, const struct sockaddr *sa)
{
	const struct sockaddr *b = (const struct sockaddr *)&a->sa;
	const unsigned char *raw;

	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *c6 =
		    &((const struct sockaddr_in6 *)sa)->sin6_addr;

		if (IN6_IS_ADDR_V4MAPPED(c6)) {
			raw = &c6->s6_addr[12];
			return b->sa_family == AF_INET && memcmp(raw,
			    &((const struct sockaddr_in *)b)->sin_addr, 4) == 0;
		}
		return b->sa_family == AF_INET6 && memcmp(c6,
		    &((const struct sockaddr_in6 *)b)->sin6_addr, 16) == 0;
	}
	if (sa->sa_family == AF_INET)
		return b->sa_family == AF_INET && memcmp(
		    &((const struct sockaddr_in *)sa)->sin_addr,
		    &((const struct sockaddr_in *)b)->sin_addr, 4) == 0;
	return false;
}

void
frontend_resolve_lookup(const struct sockaddr *addr, socklen_t addr_len,
    struct frontend_resolved *out)
{
	struct dns_addr_list l;
	enum dns_status st;
	char name[256];
	size_t i;
	bool found = false;

	out->name = NULL;
	out->resolve = "FAIL";
	if (addr == NULL)
		return;
	st = dns_ptr(addr, addr_len, FRONTEND_RESOLVE_TIMEOUT, name,
	    sizeof(name));
	if (st == DNS_TEMPFAIL) {
		out->resolve = "TEMP";
		return;
	}
	if (st != DNS_OK)
		return;			/* no name: FAIL */
	out->name = xstrdup(name);
	/* the name must lead back to the address, or it may be forged */
	st = dns_addrs(name, DNS_ANY, FRONTEND_RESOLVE_TIMEOUT, &l);
	if (st == DNS_TEMPFAIL) {
		out->resolve = "TEMP";
		return;
	}
	if (st == DNS_OK) {
		for (i = 0; i < l.n && !found; i++)
			found = frontend_same_addr(&l.v[i], addr);
		dns_addrs_free(&l);
	}
	out->resolve = found ? "OK" : "FORGED";
}
