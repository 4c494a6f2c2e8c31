/* dns_mx.c - MX records of a domain, sorted by preference */
#include "dns/dns.h"

#include <ares.h>
#include <arpa/nameser.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include "util/buf.h"

struct mx_query {
	bool done;
	int status;		/* c-ares status */
	struct dns_mx_list list;
};

/* strip one trailing dot: names are compared and logged without it */
static char *
mx_name(const char *s)
{
	size_t n = strlen(s);

	if (n > 0 && s[n - 1] == '.')
		n--;
	return xstrndup(s, n);
}

static void
mx_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	struct mx_query *q = arg;
	struct ares_mx_reply *mx = NULL, *p;
	size_t n = 0;

	q->done = true;
	q->status = status;
	if (status != ARES_SUCCESS)
		return;
	status = ares_parse_mx_reply(abuf, alen, &mx);
	if (status != ARES_SUCCESS) {
		q->status = status;
		return;
	}
	for (p = mx; p != NULL && n < DNS_MAX_MX; p = p->next)
		n++;
	if (n == 0) {
		q->status = ARES_ENODATA;
		ares_free_data(mx);
		return;
	}
	q->list.v = xcalloc(n, sizeof *q->list.v);
	for (p = mx; p != NULL && q->list.n < n; p = p->next) {
		q->list.v[q->list.n].host = mx_name(p->host);
		q->list.v[q->list.n].pref = p->priority;
		q->list.n++;
	}
	ares_free_data(mx);
}

/* dns_mx - the sorted MX list of domain */
enum dns_status
dns_mx(const char *domain, unsigned flags, int timeout,
    struct dns_mx_list *out)
{
	struct ares_channeldata *chan;
	struct mx_query q;
	enum dns_status st;

	memset(out, 0, sizeof *out);
	memset(&q, 0, sizeof q);
	if (domain == NULL || *domain == '\0' || strlen(domain) > 255)
		return DNS_BADNAME;
	if (dns_channel_open(&chan) < 0)
		return DNS_TEMPFAIL;
	ares_query(chan, domain, ns_c_in, ns_t_mx, mx_answer, &q);
	dns_channel_run(chan, &q.done, timeout);
	ares_destroy(chan);
	st = q.done ? dns_status_of_ares(q.status) : DNS_TEMPFAIL;
	if (st != DNS_OK) {
		dns_mx_free(&q.list);
		return st;
	}
	/* RFC 7505: a single "MX 0 ." says the domain takes no mail */
	if (q.list.n == 1 && q.list.v[0].host[0] == '\0') {
		dns_mx_free(&q.list);
		return DNS_NULLMX;
	}
	dns_mx_sort(q.list.v, q.list.n, flags);
	*out = q.list;
	return DNS_OK;
}

/* dns_mx_free - release a list from dns_mx */
void
dns_mx_free(struct dns_mx_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].host);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int
mx_cmp_name(const void *a, const void *b)
{
	const struct dns_mx *x = a, *y = b;

	if (x->pref != y->pref)
		return x->pref < y->pref ? -1 : 1;
	return strcasecmp(x->host, y->host);
}

/* a small generator; the shuffle only spreads load, it guards nothing */
static uint64_t
mx_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* dns_mx_sort - by preference, ties shuffled (or by name) */
void
dns_mx_sort(struct dns_mx *v, size_t n, unsigned flags)
{
	uint64_t seed = 0;
	size_t i, j, k;

	if (n < 2)
		return;
	qsort(v, n, sizeof *v, mx_cmp_name);
	if (flags & DNS_F_DETERMINISTIC)
		return;
	if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) != sizeof seed)
		seed = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)v;
	seed |= 1;
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[j].pref == v[i].pref; j++)
			;
		/* Fisher-Yates over v[i..j) */
		for (k = j - 1; k > i; k--) {
			size_t r = i + (size_t)(mx_rand(&seed) % (k - i + 1));
			struct dns_mx t = v[k];

			v[k] = v[r];
			v[r] = t;
		}
	}
}
