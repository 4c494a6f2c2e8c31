/* dns_ptr.c - the host name of an address: /etc/hosts, then PTR */
#include "dns/dns.h"

#include <ares.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

struct ptr_query {
	bool done;
	int status;
	char *name;
	size_t len;
	bool fits;
};

static void
ptr_answer(void *arg, int status, int timeouts, struct hostent *h)
{
	struct ptr_query *q = arg;
	size_t n;

	(void)timeouts;
	q->done = true;
	q->status = status;
	if (status != ARES_SUCCESS || h == NULL || h->h_name == NULL)
		return;
	n = strlen(h->h_name);
	while (n > 0 && h->h_name[n - 1] == '.')
		n--;			/* sendmail's names carry no trailing dot */
	q->fits = n > 0 && n < q->len;
	if (q->fits) {
		memcpy(q->name, h->h_name, n);
		q->name[n] = '\0';
	}
}

enum dns_status
dns_ptr(const struct sockaddr *sa, socklen_t salen, int timeout,
    char *name, size_t len)
{
	struct ares_channeldata *chan;
	struct ptr_query q;
	const void *raw;
	int af, rawlen;

	if (len == 0)
		return DNS_BADNAME;
	name[0] = '\0';
	if (sa->sa_family == AF_INET && salen >= sizeof(struct sockaddr_in)) {
		af = AF_INET;
		raw = &((const struct sockaddr_in *)sa)->sin_addr;
		rawlen = 4;
	} else if (sa->sa_family == AF_INET6 &&
	    salen >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;

		if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
			af = AF_INET;
			raw = &s6->sin6_addr.s6_addr[12];
			rawlen = 4;
		} else {
			af = AF_INET6;
			raw = &s6->sin6_addr;
			rawlen = 16;
		}
	} else
		return DNS_BADNAME;
	if (dns_channel_open(&chan) < 0)
		return DNS_TEMPFAIL;
	memset(&q, 0, sizeof q);
	q.name = name;
	q.len = len;
	ares_gethostbyaddr(chan, raw, rawlen, af, ptr_answer, &q);
	dns_channel_run(chan, &q.done, timeout);
	ares_destroy(chan);
	if (!q.done)
		return DNS_TEMPFAIL;
	if (q.status == ARES_SUCCESS)
		return q.fits ? DNS_OK : DNS_BADNAME;
	return dns_status_of_ares(q.status);
}
