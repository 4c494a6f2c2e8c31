/*
 * map_dnsmap.c - the dns class: "Kname dns -R type [-z delim]
 * [-B basedomain] ..." looks the key up as a DNS name (with the base
 * domain appended) and returns the first record of that type, or all
 * joined by the -z delimiter.  Types: A AAAA AFSDB CNAME MX NS PTR SRV
 * TXT.  MX gives "preference host", SRV "priority weight port host".
 */
#include "map/map_dns.h"
#include "map/map_impl.h"
#include "util/buf.h"

#include <arpa/nameser.h>
#include <ctype.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#define MAP_DNS_ANSLEN	16384

struct map_dnsmap {
	int type;	/* 0: no -R given */
	char *base;
};

static const struct {
	const char *name;
	int type;
} map_dnsmap_types[] = {
	{ "A", ns_t_a }, { "AAAA", ns_t_aaaa }, { "AFSDB", ns_t_afsdb },
	{ "CNAME", ns_t_cname }, { "MX", ns_t_mx }, { "NS", ns_t_ns },
	{ "PTR", ns_t_ptr }, { "SRV", ns_t_srv }, { "TXT", ns_t_txt },
};

/* map_dnsmap_parse - -R -B and the generic flags */
static bool
map_dnsmap_parse(struct map *m, const char *p, struct buf *err)
{
	struct map_dnsmap *d = xcalloc(1, sizeof(*d));
	struct buf word = BUF_INIT;
	const char *s;
	size_t i, n;

	m->priv = d;
	m->flags |= MAP_F_TRY0NULL | MAP_F_TRY1NULL;
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '-')
			break;
		s = ++p;
		while (*p != '\0' && !isspace((unsigned char)*p))
			p++;
		n = (size_t)(p - s);
		switch (*s) {
		case 'R':
			/* the type may stand apart: "-R A" as well as "-RA" */
			if (n == 1) {
				while (isspace((unsigned char)*p))
					p++;
				s = p - 1;
				while (*p != '\0' && !isspace((unsigned char)*p))
					p++;
				n = (size_t)(p - s);
			}
			for (i = 0; i < sizeof(map_dnsmap_types) /
			    sizeof(map_dnsmap_types[0]); i++)
				if (strlen(map_dnsmap_types[i].name) == n - 1 &&
				    strncasecmp(s + 1,
				    map_dnsmap_types[i].name, n - 1) == 0)
					d->type = map_dnsmap_types[i].type;
			if (d->type == 0) {
				if (err->len > 0)
					buf_addc(err, '\n');
				buf_addf(err, "dns map %s: wrong type %.*s",
				    m->name, (int)(n - 1), s + 1);
			}
			break;
		case 'B':
			free(d->base);
			d->base = xstrndup(s + 1, n - 1);
			break;
		case 'a':
			free(m->app);
			m->app = xstrndup(s + 1, n - 1);
			break;
		case 'T':
			free(m->tapp);
			m->tapp = xstrndup(s + 1, n - 1);
			break;
		case 'z':
			if (n > 1)
				m->coldelim = (unsigned char)s[1];
			break;
		case 'm':
			m->flags |= MAP_F_MATCHONLY;
			break;
		case 'q':
			m->flags |= MAP_F_KEEPQUOTES;
			break;
		case 't':
			m->flags |= MAP_F_NODEFER;
			break;
		case 'D':
			m->flags |= MAP_F_DEFER;
			break;
		case 'o':
			m->flags |= MAP_F_OPTIONAL;
			break;
		case 'd':
			m->timeout = atoi(s + 1);
			break;
		case 'r':
			m->retry = atoi(s + 1);
			break;
		default:
			break;
		}
	}
	buf_free(&word);
	if (d->type == 0) {
		if (err->len > 0)
			buf_addc(err, '\n');
		buf_addf(err, "dns map %s: missing -R type", m->name);
	}
	return true;
}

/* map_dnsmap_lookup - query and format */
static void
map_dnsmap_lookup(struct map *m, const char *key, const char *const *av,
    struct map_result *res)
{
	struct map_dnsmap *d = m->priv;
	struct buf q = BUF_INIT, val = BUF_INIT, one = BUF_INIT;
	unsigned char *ans;
	char owner[NS_MAXDNAME];
	int n, i, herr, count = 0;

	if (d == NULL || d->type == 0) {
		res->status = EX_NOHOST;
		return;
	}
	buf_adds(&q, key);
	if (d->base != NULL)
		buf_addf(&q, ".%s", d->base);
	ans = xmalloc(MAP_DNS_ANSLEN);
	n = map_dns_query(m->env, buf_str(&q), d->type, ans, MAP_DNS_ANSLEN,
	    &herr);
	if (n < 0) {
		res->status = herr == TRY_AGAIN ? EX_TEMPFAIL : EX_NOHOST;
		goto done;
	}
	for (i = 0; i < 256; i++) {
		owner[0] = '\0';
		if (!map_dns_rr_text(ans, (size_t)n, i, d->type, &one, owner,
		    sizeof(owner))) {
			if (owner[0] == '\0')
				break;
			continue;
		}
		if (count > 0) {
			if (m->coldelim == '\0')
				break;
			buf_addc(&val, m->coldelim);
		}
		buf_add(&val, one.data, one.len);
		count++;
	}
	if (count == 0)
		res->status = EX_NOHOST;
	else if (m->flags & MAP_F_MATCHONLY)
		map_found(m, res, key, strlen(key), NULL);
	else
		map_found(m, res, buf_str(&val), val.len, av);
done:
	free(ans);
	buf_free(&q);
	buf_free(&val);
	buf_free(&one);
}

/* map_dnsmap_close - free the type and base */
static void
map_dnsmap_close(struct map *m)
{
	struct map_dnsmap *d = m->priv;

	if (d != NULL)
		free(d->base);
	free(d);
	m->priv = NULL;
}

const struct map_class map_class_dns = {
	"dns", MAP_C_OPTFILE, map_dnsmap_parse, NULL, map_dnsmap_lookup,
	map_dnsmap_close,
};
