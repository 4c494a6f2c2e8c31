/* smtpc_hosts.c - the hosts to try for a job: the colon list, each name
 * expanded by MX, the FallbackMXhost last */
#include "smtpc/smtpc_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

/* smtpc_hosts_cut_local - keep only MX hosts better than us */
long
smtpc_hosts_cut_local(struct dns_mx *v, size_t n,
    bool (*is_local)(const char *, void *), void *arg)
{
	size_t i;

	if (is_local == NULL)
		return (long)n;
	for (i = 0; i < n; i++) {
		if (!is_local(v[i].host, arg))
			continue;
		/* v is sorted: everything from our preference on goes */
		while (i > 0 && v[i - 1].pref == v[i].pref)
			i--;
		return i == 0 ? -1 : (long)i;
	}
	return (long)n;
}

static void
hosts_add(struct smtpc_hosts *h, const char *name, size_t len, bool literal)
{
	size_t i;

	for (i = 0; i < h->n; i++)	/* each host once */
		if (strlen(h->v[i].name) == len &&
		    strncasecmp(h->v[i].name, name, len) == 0)
			return;
	h->v = xreallocarray(h->v, h->n + 1, sizeof *h->v);
	memset(&h->v[h->n], 0, sizeof h->v[h->n]);
	h->v[h->n].name = xstrndup(name, len);
	h->v[h->n].literal = literal;
	h->n++;
}

/* record a failure that leaves this element with no host */
static void
hosts_fail(struct smtpc_hosts *h, int exitstat, const char *status,
    const char *text)
{
	/* a temporary failure wins: later attempts may still succeed */
	if (h->exitstat == EX_TEMPFAIL)
		return;
	h->exitstat = exitstat;
	snprintf(h->status, sizeof h->status, "%s", status);
	free(h->text);
	h->text = xstrdup(text);
}

/* one element of the list: a literal, a plain name, or MX-expanded */
static void
hosts_one(const struct smtpc_job *j, struct smtpc_hosts *h, const char *e,
    bool mx, bool cut_local)
{
	struct dns_mx_list l;
	enum dns_status st;
	struct buf t = BUF_INIT;
	long keep;
	size_t i;

	if (e[0] == '[') {
		struct dns_addr a;

		if (dns_literal(e, &a) != 1) {
			buf_addf(&t, "Bad host name %s", e);
			hosts_fail(h, EX_NOHOST, "5.1.2", buf_str(&t));
		} else {
			hosts_add(h, e, strlen(e), true);
		}
		buf_free(&t);
		return;
	}
	if (!mx) {
		hosts_add(h, e, strlen(e), false);
		return;
	}
	st = dns_mx(e, j->dns_deterministic ? DNS_F_DETERMINISTIC : 0, 0, &l);
	switch (st) {
	case DNS_OK:
		keep = cut_local ? smtpc_hosts_cut_local(l.v, l.n,
		    j->is_local, j->is_local_arg) : (long)l.n;
		if (keep < 0) {
			buf_addf(&t, "MX list for %s points back to %s", e,
			    j->myname ? j->myname : "localhost");
			hosts_fail(h, EX_CONFIG, "5.3.5", buf_str(&t));
		}
		for (i = 0; keep > 0 && i < (size_t)keep; i++)
			hosts_add(h, l.v[i].host, strlen(l.v[i].host), false);
		dns_mx_free(&l);
		break;
	case DNS_NODATA:	/* no MX: the name itself (its A/AAAA) */
		hosts_add(h, e, strlen(e), false);
		break;
	case DNS_NULLMX:
		buf_addf(&t, "556 5.1.10 %s: Domain does not accept mail "
		    "(nullMX)", e);
		hosts_fail(h, EX_NOHOST, "5.1.10", buf_str(&t));
		break;
	case DNS_TEMPFAIL:
		h->worst = DNS_TEMPFAIL;
		buf_addf(&t, "Name server: %s: host name lookup failure", e);
		hosts_fail(h, EX_TEMPFAIL, "4.4.3", buf_str(&t));
		break;
	default:
		buf_addf(&t, "Host unknown (Name server: %s: host not found)",
		    e);
		hosts_fail(h, EX_NOHOST, "5.1.2", buf_str(&t));
		break;
	}
	buf_free(&t);
}

/* smtpc_hosts_build - every host of the job, in the order to try */
void
smtpc_hosts_build(const struct smtpc_job *j, struct smtpc_hosts *h)
{
	const char *p = j->hosts ? j->hosts : "";

	memset(h, 0, sizeof *h);
	h->exitstat = EX_OK;
	while (*p != '\0') {
		const char *q = p;
		char *e;
		int depth = 0;

		/* split at colons outside [ ]: "[IPv6:...]" holds them */
		while (*q != '\0' && (*q != ':' || depth > 0)) {
			if (*q == '[')
				depth++;
			else if (*q == ']' && depth > 0)
				depth--;
			q++;
		}
		e = xstrndup(p, (size_t)(q - p));
		if (*e != '\0')
			hosts_one(j, h, e, j->mx, true);
		free(e);
		p = *q == ':' ? q + 1 : q;
	}
	if (j->fallback_mx != NULL && *j->fallback_mx != '\0' &&
	    (j->is_local == NULL || !j->is_local(j->fallback_mx,
	    j->is_local_arg)))
		hosts_one(j, h, j->fallback_mx, true, false);
	if (h->n == 0 && h->exitstat == EX_OK)
		hosts_fail(h, EX_NOHOST, "5.1.2", "No host to deliver to");
}

/* smtpc_hosts_free - release the list */
void
smtpc_hosts_free(struct smtpc_hosts *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->v[i].name);
		dns_addrs_free(&h->v[i].addrs);
	}
	free(h->v);
	free(h->text);
	memset(h, 0, sizeof *h);
}
