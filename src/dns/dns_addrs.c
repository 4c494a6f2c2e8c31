/* dns_addrs.c - host addresses (/etc/hosts, A, AAAA) and literals */
#include "dns/dns.h"

#include <ares.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"

/* fill a from a raw address of family af */
static void
addr_set(struct dns_addr *a, int af, const void *raw)
{
	memset(a, 0, sizeof *a);
	if (af == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&a->sa;

		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, raw, sizeof s6->sin6_addr);
		a->salen = sizeof *s6;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&a->sa;

		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, raw, sizeof s4->sin_addr);
		a->salen = sizeof *s4;
	}
	if (inet_ntop(af, raw, a->text, sizeof a->text) == NULL)
		a->text[0] = '\0';
}

/* dns_literal - "[1.2.3.4]" or "[IPv6:...]": 1, 0 not one, -1 bad */
int
dns_literal(const char *host, struct dns_addr *a)
{
	char inner[64];
	size_t n;
	unsigned char raw[16];

	if (host == NULL || host[0] != '[')
		return 0;
	n = strlen(host);
	if (n < 3 || host[n - 1] != ']' || n - 2 >= sizeof inner)
		return -1;
	memcpy(inner, host + 1, n - 2);
	inner[n - 2] = '\0';
	if (strncasecmp(inner, "IPv6:", 5) == 0) {
		if (inet_pton(AF_INET6, inner + 5, raw) != 1)
			return -1;
		addr_set(a, AF_INET6, raw);
		return 1;
	}
	if (inet_pton(AF_INET, inner, raw) != 1)
		return -1;
	addr_set(a, AF_INET, raw);
	return 1;
}

struct addr_query {
	bool done;
	int status;
	struct ares_addrinfo *res;
};

static void
addr_answer(void *arg, int status, int timeouts, struct ares_addrinfo *res)
{
	struct addr_query *q = arg;

	q->done = true;
	q->status = status;
	q->res = res;
}

/* add every address of family af from res, skipping duplicates */
static void
addr_collect(struct dns_addr_list *out, const struct ares_addrinfo *res,
    int af)
{
	const struct ares_addrinfo_node *p;

	for (p = res->nodes; p != NULL && out->n < DNS_MAX_ADDRS;
	    p = p->ai_next) {
		const void *raw;
		struct dns_addr a;
		size_t i;

		if (p->ai_family != af || p->ai_addr == NULL)
			continue;
		if (af == AF_INET6)
			raw = &((const struct sockaddr_in6 *)
			    (const void *)p->ai_addr)->sin6_addr;
		else
			raw = &((const struct sockaddr_in *)
			    (const void *)p->ai_addr)->sin_addr;
		addr_set(&a, af, raw);
		for (i = 0; i < out->n; i++)
			if (out->v[i].salen == a.salen &&
			    memcmp(&out->v[i].sa, &a.sa, a.salen) == 0)
				break;
		if (i < out->n)
			continue;
		out->v[out->n++] = a;
	}
}

/* dns_addrs - addresses of host: IPv6 first, then IPv4 */
enum dns_status
dns_addrs(const char *host, unsigned mask, int timeout,
    struct dns_addr_list *out)
{
	struct ares_channeldata *chan;
	struct ares_addrinfo_hints hints;
	struct addr_query q;
	struct dns_addr lit;
	enum dns_status st;
	int r;

	memset(out, 0, sizeof *out);
	if ((mask & DNS_ANY) == 0)
		return DNS_BADNAME;
	r = dns_literal(host, &lit);
	if (r < 0)
		return DNS_BADNAME;
	if (r > 0) {
		int fam = lit.sa.ss_family == AF_INET6 ? DNS_INET6 : DNS_INET;

		if ((mask & fam) == 0)
			return DNS_NODATA;
		out->v = xmalloc(sizeof *out->v);
		out->v[0] = lit;
		out->n = 1;
		return DNS_OK;
	}
	if (host == NULL || *host == '\0' || strlen(host) > 255)
		return DNS_BADNAME;
	if (dns_channel_open(&chan) < 0)
		return DNS_TEMPFAIL;
	memset(&q, 0, sizeof q);
	memset(&hints, 0, sizeof hints);
	hints.ai_family = mask == DNS_INET ? AF_INET :
	    mask == DNS_INET6 ? AF_INET6 : AF_UNSPEC;
	/* our own order below; c-ares' sort would probe routes */
	hints.ai_flags = ARES_AI_NOSORT;
	ares_getaddrinfo(chan, host, NULL, &hints, addr_answer, &q);
	dns_channel_run(chan, &q.done, timeout);
	ares_destroy(chan);
	st = q.done ? dns_status_of_ares(q.status) : DNS_TEMPFAIL;
	if (st == DNS_OK && q.res != NULL) {
		out->v = xcalloc(DNS_MAX_ADDRS, sizeof *out->v);
		if (mask & DNS_INET6)
			addr_collect(out, q.res, AF_INET6);
		if (mask & DNS_INET)
			addr_collect(out, q.res, AF_INET);
		if (out->n == 0) {
			dns_addrs_free(out);
			st = DNS_NODATA;
		}
	} else if (st == DNS_OK) {
		st = DNS_NODATA;
	}
	if (q.res != NULL)
		ares_freeaddrinfo(q.res);
	return st;
}

/* dns_addrs_free - release a list from dns_addrs */
void
dns_addrs_free(struct dns_addr_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
