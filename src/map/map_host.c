/*
 * map_host.c - the host class ($[ $] and K lines of class host),
 * sendmail's getcanonname (-bt /canon) and getmxrr (-bt /mx).
 *
 * Names go through the service switch's hosts methods: "files" reads
 * the hosts file (HostsFile, /etc/hosts by default), "dns" asks the
 * resolver.  A single-label answer gets $m appended, as sendmail does
 * for sites whose tables lack the domain.  "[address]" keys are looked
 * up in reverse: the hosts file, then a DNS PTR query (as the C
 * library's gethostbyaddr would).  When DNS is in the switch and no
 * server answers, a lookup says "name: Name server timeout" and fails
 * temporarily.
 */
#include "map/map_dns.h"
#include "map/map_host.h"
#include "map/map_impl.h"
#include "util/buf.h"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <ctype.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#define MAP_HOST_ANSLEN	8192

/* map_host_macro - a macro from the host program, or NULL */
static const char *
map_host_macro(const struct map_env *env, const char *name)
{
	if (env == NULL || env->macro_get == NULL)
		return NULL;
	return env->macro_get(env->ctx, name);
}

/* map_host_status - a status from an h_errno value */
static int
map_host_status(int herr)
{
	switch (herr) {
	case 0:
		return EX_OK;
	case TRY_AGAIN:
		return EX_TEMPFAIL;
	case HOST_NOT_FOUND:
	case NO_DATA:
		return EX_NOHOST;
	case NO_RECOVERY:
		return EX_SOFTWARE;
	default:
		return EX_UNAVAILABLE;
	}
}

/* map_host_dns_try - one name: canonical via A, AAAA, then MX */
static bool
map_host_dns_try(const struct map_env *env, const char *name, bool trymx,
    struct buf *out, int *herr)
{
	static const int types[] = { ns_t_a, ns_t_aaaa, ns_t_mx };
	unsigned char *ans = xmalloc(MAP_HOST_ANSLEN);
	struct buf data = BUF_INIT;
	char owner[NS_MAXDNAME], canon[NS_MAXDNAME];
	bool found = false;
	size_t t;
	int n, i, e;

	*herr = HOST_NOT_FOUND;
	for (t = 0; t < 3 && !found; t++) {
		if (types[t] == ns_t_mx && !trymx)
			break;
		n = map_dns_query(env, name, types[t], ans, MAP_HOST_ANSLEN,
		    &e);
		if (n < 0) {
			*herr = e;
			if (e == TRY_AGAIN || e == HOST_NOT_FOUND)
				break;
			continue;
		}
		(void)snprintf(canon, sizeof(canon), "%s", name);
		for (i = 0; i < 64; i++) {
			owner[0] = '\0';
			if (map_dns_rr_text(ans, (size_t)n, i, ns_t_cname,
			    &data, owner, sizeof(owner))) {
				(void)snprintf(canon, sizeof(canon), "%s",
				    buf_str(&data));
				continue;
			}
			if (owner[0] == '\0')
				break;
			if (map_dns_rr_text(ans, (size_t)n, i, types[t],
			    &data, owner, sizeof(owner))) {
				(void)snprintf(canon, sizeof(canon), "%s",
				    owner);
				found = true;
				break;
			}
		}
		if (!found)
			*herr = NO_DATA;
	}
	if (found) {
		buf_set(out, canon);
		*herr = 0;
	}
	buf_free(&data);
	free(ans);
	return found;
}

/* map_host_dns_canon - the search-list logic around map_host_dns_try */
static bool
map_host_dns_canon(const struct map_env *env, const char *name, bool trymx,
    struct buf *out, int *herr)
{
	struct buf try = BUF_INIT;
	const char *dom;
	size_t len = strlen(name);
	bool found;

	if (len > 0 && name[len - 1] == '.') {
		buf_add(&try, name, len - 1);
		found = map_host_dns_try(env, buf_str(&try), trymx, out, herr);
		buf_free(&try);
		return found;
	}
	found = map_host_dns_try(env, name, trymx, out, herr);
	if (!found && *herr != TRY_AGAIN && strchr(name, '.') == NULL &&
	    (dom = map_host_macro(env, "m")) != NULL && *dom != '\0') {
		buf_addf(&try, "%s.%s", name, dom);
		found = map_host_dns_try(env, buf_str(&try), trymx, out, herr);
	}
	buf_free(&try);
	return found;
}

/* map_host_getcanon - see map_host.h */
bool
map_host_getcanon(const struct map_env *env, const char *name, bool trymx,
    struct buf *out, int *status)
{
	char methods[12][16];
	const char *d, *dom = map_host_macro(env, "m");
	size_t i, n;
	bool found = false;
	int herr = HOST_NOT_FOUND;

	buf_set(out, name);
	*status = EX_NOHOST;
	n = map_switch_find(env, "hosts", methods, 12);
	for (i = 0; i < n && !found; i++) {
		if (strcasecmp(methods[i], "files") == 0) {
			found = map_hostsfile_canon(env != NULL ?
			    env->hosts_file : NULL, name, dom, out);
			if (out->len > 0 && out->data[out->len - 1] == '.')
				buf_truncate(out, out->len - 1);
		} else if (strcasecmp(methods[i], "dns") == 0) {
			found = map_host_dns_canon(env, name, trymx, out,
			    &herr);
			if (!found && herr == TRY_AGAIN)
				*status = EX_TEMPFAIL;
		}
	}
	if (!found)
		return false;
	/* a single label: tag on $m, as sendmail does */
	d = strchr(buf_str(out), '.');
	if (d == NULL || d[1] == '\0') {
		if (dom == NULL || *dom == '\0') {
			*status = EX_NOHOST;
			return false;
		}
		if (d == NULL)
			buf_addc(out, '.');
		buf_adds(out, dom);
	}
	*status = EX_OK;
	return true;
}

/* map_host_canon - see map.h */
int
map_host_canon(const struct map_env *env, const char *name, struct buf *out)
{
	struct buf tmp = BUF_INIT;
	int status;
	bool ok;

	ok = map_host_getcanon(env, name, false, &tmp, &status);
	buf_set(out, buf_str(&tmp));
	buf_free(&tmp);
	return ok ? 1 : 0;
}

/* map_host_reverse - the name of "[address]"; *herr as h_errno */
static bool
map_host_reverse(const struct map_env *env, const char *key, struct buf *out,
    int *herr)
{
	unsigned char a[16], *ans;
	struct buf addr = BUF_INIT, q = BUF_INIT, data = BUF_INIT;
	size_t len = strlen(key);
	bool found = false;
	int n, i, af;

	*herr = HOST_NOT_FOUND;
	if (len < 3 || key[len - 1] != ']')
		return false;
	buf_add(&addr, key + 1, len - 2);
	if (strncasecmp(buf_str(&addr), "IPv6:", 5) == 0) {
		char *s = xstrdup(buf_str(&addr) + 5);

		buf_set(&addr, s);
		free(s);
	}
	af = inet_pton(AF_INET, buf_str(&addr), a) == 1 ? AF_INET :
	    inet_pton(AF_INET6, buf_str(&addr), a) == 1 ? AF_INET6 : 0;
	if (af == 0)
		goto done;
	if (map_hostsfile_addr(env != NULL ? env->hosts_file : NULL,
	    buf_str(&addr), out)) {
		found = true;
		*herr = 0;
		goto done;
	}
	if (af == AF_INET)
		buf_addf(&q, "%u.%u.%u.%u.in-addr.arpa", a[3], a[2], a[1],
		    a[0]);
	else {
		for (i = 15; i >= 0; i--)
			buf_addf(&q, "%x.%x.", a[i] & 0xf, a[i] >> 4);
		buf_adds(&q, "ip6.arpa");
	}
	ans = xmalloc(MAP_HOST_ANSLEN);
	n = map_dns_query(env, buf_str(&q), ns_t_ptr, ans, MAP_HOST_ANSLEN,
	    herr);
	for (i = 0; n > 0 && i < 64 && !found; i++)
		if (map_dns_rr_text(ans, (size_t)n, i, ns_t_ptr, &data, NULL,
		    0)) {
			buf_set(out, buf_str(&data));
			found = true;
			*herr = 0;
		}
	if (n > 0 && !found)
		*herr = NO_DATA;
	free(ans);
done:
	buf_free(&addr);
	buf_free(&q);
	buf_free(&data);
	return found;
}

/* map_host_parse - host_map_init: -a -T -m -t -S -D -d -r; others ignored */
static bool
map_host_parse(struct map *m, const char *p, struct buf *err)
{
	const char *s;

	(void)err;
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '-')
			break;
		switch (*++p) {
		case 'a':
		case 'T':
			s = p + 1;
			while (p[1] != '\0' && !isspace((unsigned char)p[1]))
				p++;
			if (s[-1] == 'a') {
				free(m->app);
				m->app = xstrndup(s, (size_t)(p + 1 - s));
			} else {
				free(m->tapp);
				m->tapp = xstrndup(s, (size_t)(p + 1 - s));
			}
			break;
		case 'm':
			m->flags |= MAP_F_MATCHONLY;
			break;
		case 't':
			m->flags |= MAP_F_NODEFER;
			break;
		case 'S':
			m->spacesub = (unsigned char)p[1];
			break;
		case 'D':
			m->flags |= MAP_F_DEFER;
			break;
		case 'd':
			m->timeout = atoi(p + 1);
			break;
		case 'r':
			m->retry = atoi(p + 1);
			break;
		}
		while (*p != '\0' && !isspace((unsigned char)*p))
			p++;
	}
	return true;
}

/* map_host_lookup - canonify the key */
static void
map_host_lookup(struct map *m, const char *key, const char *const *av,
    struct map_result *res)
{
	struct buf ans = BUF_INIT;
	char sbuf[64];
	bool found;
	int status = EX_NOHOST, herr;

	if (key[0] == '[') {
		found = map_host_reverse(m->env, key, &ans, &herr);
		status = found ? EX_OK : map_host_status(herr);
	} else
		found = map_host_getcanon(m->env, key, true, &ans, &status);
	if (found) {
		if (m->flags & MAP_F_MATCHONLY)
			map_found(m, res, key, strlen(key), NULL);
		else
			map_found(m, res, ans.data, ans.len, av);
	} else {
		res->status = status;
		if (status == EX_TEMPFAIL && map_dns_in_switch(m->env))
			map_error(m, "%s: Name server timeout",
			    map_shorten(key, 33, sbuf, sizeof(sbuf)));
	}
	buf_free(&ans);
}

/* map_host_mx - see map.h */
int
map_host_mx(const struct map_env *env, const char *name, struct map_mx *mx)
{
	struct buf data = BUF_INIT;
	unsigned char *ans;
	unsigned pref[MAP_MX_MAX];
	char *host;
	size_t i, j;
	int n, herr;

	mx->n = 0;
	if (name[0] == '[') {
		mx->host[mx->n++] = xstrdup(name);
		return 1;
	}
	if (!map_dns_in_switch(env))
		return 0;
	ans = xmalloc(MAP_HOST_ANSLEN);
	n = map_dns_search(env, name, ns_t_mx, ans, MAP_HOST_ANSLEN, &herr);
	if (n < 0) {
		free(ans);
		return herr == TRY_AGAIN ? -1 : 0;
	}
	for (i = 0; i < 64 && mx->n < MAP_MX_MAX; i++) {
		char owner[NS_MAXDNAME];
		unsigned p;
		char *sp;

		owner[0] = '\0';
		if (!map_dns_rr_text(ans, (size_t)n, (int)i, ns_t_mx, &data,
		    owner, sizeof(owner))) {
			if (owner[0] == '\0')
				break;
			continue;
		}
		p = (unsigned)strtoul(buf_str(&data), &sp, 10);
		host = xstrdup(sp + (*sp == ' '));
		for (j = 0; j < mx->n && strcasecmp(mx->host[j], host) != 0;
		    j++)
			;
		if (j < mx->n) {
			free(host);
			continue;
		}
		/* insertion by preference, stable */
		for (j = mx->n; j > 0 && pref[j - 1] > p; j--) {
			mx->host[j] = mx->host[j - 1];
			pref[j] = pref[j - 1];
		}
		mx->host[j] = host;
		pref[j] = p;
		mx->n++;
	}
	buf_free(&data);
	free(ans);
	return (int)mx->n;
}

/* map_mx_free - free the host names */
void
map_mx_free(struct map_mx *mx)
{
	size_t i;

	for (i = 0; i < mx->n; i++)
		free(mx->host[i]);
	mx->n = 0;
}

const struct map_class map_class_host = {
	"host", MAP_C_OPTFILE, map_host_parse, NULL, map_host_lookup, NULL,
};
