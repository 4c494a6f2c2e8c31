/* map_dns.c - a private resolver with short timeouts */
#include "map/map_dns.h"
#include "map/map_impl.h"
#include "util/buf.h"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <ctype.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static struct __res_state map_dns_res;
static bool map_dns_ready;
static char map_dns_server[64];
static int map_dns_port;

/* map_dns_set_server - see map_dns.h */
void
map_dns_set_server(const char *ip, int port)
{
	if (ip == NULL)
		map_dns_server[0] = '\0';
	else
		(void)snprintf(map_dns_server, sizeof(map_dns_server), "%s",
		    ip);
	map_dns_port = port;
	if (map_dns_ready)
		res_nclose(&map_dns_res);
	map_dns_ready = false;
}

/* map_dns_options - apply sendmail's ResolverOptions (+FLAG / -FLAG) */
static void
map_dns_options(res_state rs, const char *opts)
{
	static const struct {
		const char *name;
		unsigned long bit;
	} names[] = {
		{ "debug", RES_DEBUG }, { "usevc", RES_USEVC },
		{ "igntc", RES_IGNTC }, { "recurse", RES_RECURSE },
		{ "defnames", RES_DEFNAMES }, { "stayopen", RES_STAYOPEN },
		{ "dnsrch", RES_DNSRCH }, { "rotate", RES_ROTATE },
	};
	char word[32];
	size_t i, n;
	int sign;

	while (opts != NULL && *opts != '\0') {
		while (isspace((unsigned char)*opts))
			opts++;
		n = strcspn(opts, " \t");
		if (n == 0)
			break;
		sign = '+';
		if (*opts == '+' || *opts == '-') {
			sign = *opts;
			if (n > 1) {
				snprintf(word, sizeof(word), "%.*s",
				    (int)(n - 1), opts + 1);
			} else
				word[0] = '\0';
		} else
			snprintf(word, sizeof(word), "%.*s", (int)n, opts);
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			if (strcasecmp(word, names[i].name) != 0)
				continue;
			if (sign == '+')
				rs->options |= names[i].bit;
			else
				rs->options &= ~names[i].bit;
		}
		opts += n;
	}
}

/* map_dns_init - set up the resolver once */
static res_state
map_dns_init(const struct map_env *env)
{
	int ms;

	if (map_dns_ready)
		return &map_dns_res;
	memset(&map_dns_res, 0, sizeof(map_dns_res));
	if (res_ninit(&map_dns_res) < 0)
		return NULL;
	ms = env != NULL && env->resolver_timeout_ms > 0 ?
	    env->resolver_timeout_ms : 2000;
	map_dns_res.retrans = ms < 1000 ? 1 : ms / 1000;
	map_dns_res.retry = 1;
	if (env != NULL)
		map_dns_options(&map_dns_res, env->resolver_options);
	if (map_dns_server[0] != '\0') {
		struct sockaddr_in sin;

		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons((unsigned short)(map_dns_port > 0 ?
		    map_dns_port : 53));
		if (inet_pton(AF_INET, map_dns_server, &sin.sin_addr) == 1) {
			map_dns_res.nscount = 1;
			map_dns_res.nsaddr_list[0] = sin;
			map_dns_res._u._ext.nscount = 0;
		}
	}
	map_dns_ready = true;
	return &map_dns_res;
}

/* map_dns_query - see map_dns.h */
int
map_dns_query(const struct map_env *env, const char *name, int type,
    unsigned char *answer, size_t anslen, int *herr)
{
	res_state rs = map_dns_init(env);
	int n;

	if (rs == NULL) {
		*herr = TRY_AGAIN;
		return -1;
	}
	n = res_nquery(rs, name, ns_c_in, type, answer, (int)anslen);
	*herr = n < 0 ? rs->res_h_errno : 0;
	if (n < 0 && *herr == NETDB_INTERNAL)
		*herr = TRY_AGAIN;
	return n;
}

/* map_dns_search - see map_dns.h */
int
map_dns_search(const struct map_env *env, const char *name, int type,
    unsigned char *answer, size_t anslen, int *herr)
{
	res_state rs = map_dns_init(env);
	int n;

	if (rs == NULL) {
		*herr = TRY_AGAIN;
		return -1;
	}
	n = res_nsearch(rs, name, ns_c_in, type, answer, (int)anslen);
	*herr = n < 0 ? rs->res_h_errno : 0;
	if (n < 0 && *herr == NETDB_INTERNAL)
		*herr = TRY_AGAIN;
	return n;
}

/* map_dns_in_switch - is dns a method of the hosts service? */
bool
map_dns_in_switch(const struct map_env *env)
{
	char methods[12][16];
	size_t i, n;

	n = map_switch_find(env, "hosts", methods, 12);
	for (i = 0; i < n; i++)
		if (strcasecmp(methods[i], "dns") == 0)
			return true;
	return false;
}

/* map_dns_rr_text - the data of one answer record as text, by type */
bool
map_dns_rr_text(const unsigned char *msg, size_t len, int index, int type,
    struct buf *out, char *owner, size_t ownersize)
{
	char name[NS_MAXDNAME];
	const unsigned char *rd;
	ns_msg h;
	ns_rr rr;
	size_t i, rdlen;

	buf_reset(out);
	if (ns_initparse(msg, (int)len, &h) < 0 ||
	    ns_parserr(&h, ns_s_an, index, &rr) < 0)
		return false;
	if (owner != NULL)
		(void)snprintf(owner, ownersize, "%s", ns_rr_name(rr));
	if ((int)ns_rr_type(rr) != type)
		return false;
	rd = ns_rr_rdata(rr);
	rdlen = ns_rr_rdlen(rr);
	switch (type) {
	case ns_t_a:
	case ns_t_aaaa:
		if (inet_ntop(type == ns_t_a ? AF_INET : AF_INET6, rd, name,
		    sizeof(name)) == NULL)
			return false;
		buf_adds(out, name);
		return true;
	case ns_t_mx:
	case ns_t_afsdb:
		if (rdlen < 3 || ns_name_uncompress(ns_msg_base(h),
		    ns_msg_end(h), rd + 2, name, sizeof(name)) < 0)
			return false;
		buf_addf(out, "%u %s", ns_get16(rd), name);
		return true;
	case ns_t_srv:
		if (rdlen < 7 || ns_name_uncompress(ns_msg_base(h),
		    ns_msg_end(h), rd + 6, name, sizeof(name)) < 0)
			return false;
		buf_addf(out, "%u %u %u %s", ns_get16(rd), ns_get16(rd + 2),
		    ns_get16(rd + 4), name);
		return true;
	case ns_t_ns:
	case ns_t_cname:
	case ns_t_ptr:
		if (ns_name_uncompress(ns_msg_base(h), ns_msg_end(h), rd,
		    name, sizeof(name)) < 0)
			return false;
		buf_adds(out, name);
		return true;
	case ns_t_txt:
		for (i = 0; i < rdlen;) {
			size_t l = rd[i++];

			if (i + l > rdlen)
				l = rdlen - i;
			buf_add(out, rd + i, l);
			i += l;
		}
		return true;
	default:
		return false;
	}
}
