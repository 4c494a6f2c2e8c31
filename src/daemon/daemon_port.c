/*
 * daemon_port.c - DaemonPortOptions entries into socket addresses.
 */
#include "daemon/daemon_port.h"
#include "cf/option.h"
#include "util/buf.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* daemon_port_init - the state before any field: IPv4, any address */
static void
daemon_port_init(struct daemon_port *d)
{
	memset(d, 0, sizeof(*d));
	d->family = AF_INET;
	d->usable = true;
	d->listen_queue = DAEMON_LISTEN_DEFAULT;
	d->children = d->delay_la = d->queue_la = d->refuse_la = DAEMON_UNSET;
	d->fd = -1;
}

/*
 * daemon_port_modifiers - M=: the flag bitmap and sendmail's text of it
 * (letters separated by blanks, upper-case letters doubled).  Too long a
 * value (sendmail's 256-byte limit on that text) is ignored whole.
 */
static void
daemon_port_modifiers(struct daemon_port *d, const char *v)
{
	struct buf text = BUF_INIT;
	const unsigned char *h;

	if (3 * strlen(v) + 3 > 256)
		return;
	memset(d->flags, 0, sizeof(d->flags));
	for (h = (const unsigned char *)v; *h != '\0'; h++) {
		if (!isascii(*h) || isspace(*h) || !isprint(*h))
			continue;
		d->flags[*h / 8] |= (unsigned char)(1u << (*h % 8));
		if (text.len > 0)
			buf_addc(&text, ' ');
		buf_addc(&text, *h);
		if (isupper(*h))
			buf_addc(&text, *h);
	}
	free(d->mflags);
	d->mflags = xstrdup(buf_str(&text));
	buf_free(&text);
}

/* daemon_port_family - Family=: leaves the family alone if unknown */
static void
daemon_port_family(struct daemon_port *d, const char *v)
{
	if (isdigit((unsigned char)*v))
		d->family = atoi(v);
	else if (strcasecmp(v, "unix") == 0 || strcasecmp(v, "local") == 0)
		d->family = AF_UNIX;
	else if (strcasecmp(v, "inet") == 0)
		d->family = AF_INET;
	else if (strcasecmp(v, "inet6") == 0)
		d->family = AF_INET6;
	/* else: the .cf reader said "Unknown address family" */
}

/* daemon_port_field - one Field=value; returns where the value is kept */
static void
daemon_port_field(struct daemon_port *d, char *f, char *v, char **addr,
    char **port)
{
	switch (*f) {
	case 'A': case 'a':
		*addr = v;
		break;
	case 'c':
		d->children = atoi(v);
		break;
	case 'D':
		if (*v != '\0' && strchr("ibqd", *v) != NULL)
			d->delivery_mode = *v;
		break;
	case 'd':
		d->delay_la = atoi(v);
		break;
	case 'F': case 'f':
		daemon_port_family(d, v);
		break;
	case 'I': case 'i':
		free(d->input_filters);
		d->input_filters = xstrdup(v);
		break;
	case 'L': case 'l':
		d->listen_queue = atoi(v);
		break;
	case 'M': case 'm':
		daemon_port_modifiers(d, v);
		break;
	case 'N': case 'n':
		free(d->name);
		d->name = xstrdup(v);
		break;
	case 'P': case 'p':
		*port = v;
		break;
	case 'q':
		d->queue_la = atoi(v);
		break;
	case 'R':
		d->rcvbuf = atoi(v);
		break;
	case 'r':
		d->refuse_la = atoi(v);
		break;
	case 'S': case 's':
		d->sndbuf = atoi(v);
		break;
	default:
		/* the .cf reader said "PortOptions parameter ... unknown" */
		break;
	}
}

/* daemon_port_lookup - a host name to an address of family fam */
static int
daemon_port_lookup(const char *host, int fam, void *dst)
{
	struct addrinfo hints, *res = NULL, *ai;
	int rc = -1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = fam;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, NULL, &hints, &res) != 0)
		return -1;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (ai->ai_family != fam)
			continue;
		if (fam == AF_INET)
			memcpy(dst, &((struct sockaddr_in *)ai->ai_addr)->sin_addr,
			    sizeof(struct in_addr));
		else
			memcpy(dst, &((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr,
			    sizeof(struct in6_addr));
		rc = 0;
		break;
	}
	freeaddrinfo(res);
	return rc;
}

/* daemon_port_set_addr - Addr= once the family is known */
static int
daemon_port_set_addr(struct daemon_port *d, const char *addr, struct buf *err)
{
	switch (d->family) {
	case AF_UNIX:
		if (strlen(addr) >= sizeof(d->addr.sun.sun_path)) {
			buf_addf(err, "setsockaddroptions: domain socket name "
			    "too long: %s > %zu\n", addr,
			    sizeof(d->addr.sun.sun_path));
			return -1;
		}
		memcpy(d->addr.sun.sun_path, addr, strlen(addr) + 1);
		return 0;
	case AF_INET:
		/* inet_aton takes what sendmail's inet_addr takes ("127.1") */
		if (isdigit((unsigned char)*addr) &&
		    inet_aton(addr, &d->addr.sin.sin_addr) != 0)
			return 0;
		if (daemon_port_lookup(addr, AF_INET, &d->addr.sin.sin_addr) == 0)
			return 0;
		break;
	case AF_INET6:
		if (inet_pton(AF_INET6, addr, &d->addr.sin6.sin6_addr) == 1)
			return 0;
		if (daemon_port_lookup(addr, AF_INET6,
		    &d->addr.sin6.sin6_addr) == 0)
			return 0;
		break;
	default:
		buf_addf(err, "address= option unsupported for family %d\n",
		    d->family);
		return -1;
	}
	buf_addf(err, "host \"%s\" unknown\n", addr);
	return -1;
}

/* daemon_port_set_port - Port= (or the default) once the family is known */
static int
daemon_port_set_port(struct daemon_port *d, const char *port, struct buf *err)
{
	struct servent *sp;
	in_port_t p;

	if (d->family != AF_INET && d->family != AF_INET6) {
		if (port == NULL)
			return 0;
		buf_addf(err, "Port= option unsupported for family %d\n",
		    d->family);
		return -1;
	}
	if (port == NULL) {
		/* sendmail's default: the smtp service, else 25 */
		sp = getservbyname("smtp", "tcp");
		p = sp != NULL ? (in_port_t)sp->s_port : htons(25);
	} else if (isdigit((unsigned char)*port)) {
		p = htons((unsigned short)atoi(port));
	} else if ((sp = getservbyname(port, "tcp")) != NULL) {
		p = (in_port_t)sp->s_port;
	} else {
		buf_addf(err, "service \"%s\" unknown\n", port);
		return -1;
	}
	if (d->family == AF_INET)
		d->addr.sin.sin_port = p;
	else
		d->addr.sin6.sin6_port = p;
	return 0;
}

int
daemon_port_parse(struct daemon_port *d, const char *spec, int index,
    struct buf *err)
{
	char *copy = xstrdup(spec), *p = copy, *addr = NULL, *port = NULL;
	char num[32];

	daemon_port_init(d);
	while (p != NULL) {
		char *f, *v;

		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		f = p;
		if ((p = strchr(p, ',')) != NULL)
			*p++ = '\0';
		if ((v = strchr(f, '=')) == NULL)
			continue;
		while (isspace((unsigned char)*++v))
			;
		daemon_port_field(d, f, v, &addr, &port);
	}
	d->addr.sa.sa_family = (sa_family_t)d->family;
	if (addr != NULL && daemon_port_set_addr(d, addr, err) < 0)
		d->usable = false;
	if (daemon_port_set_port(d, port, err) < 0)
		d->usable = false;
	if (d->family == AF_UNIX && addr == NULL) {
		buf_addf(err, "daemon %s: Family=local needs Addr=path\n",
		    d->name != NULL ? d->name : "?");
		d->usable = false;
	}
	if (d->family != AF_INET && d->family != AF_INET6 &&
	    d->family != AF_UNIX)
		d->usable = false;
	if (d->name == NULL) {
		snprintf(num, sizeof(num), "Daemon%d", index);
		d->name = xstrdup(num);
	}
	if (d->mflags == NULL)
		d->mflags = xstrdup("");
	free(copy);
	return d->usable ? 0 : -1;
}

size_t
daemon_ports_parse(const struct option_list *ol, struct daemon_port **out,
    struct buf *err)
{
	size_t n = ol != NULL ? ol->n : 0, i;
	struct daemon_port *v;

	if (n > DAEMON_PORT_MAX)
		n = DAEMON_PORT_MAX;
	v = xcalloc(n > 0 ? n : 1, sizeof(*v));
	if (n == 0) {
		(void)daemon_port_parse(&v[0], "", 0, err);
		*out = v;
		return 1;
	}
	for (i = 0; i < n; i++)
		(void)daemon_port_parse(&v[i], ol->v[i], (int)i, err);
	*out = v;
	return n;
}

void
daemon_port_free(struct daemon_port *d)
{
	free(d->name);
	free(d->mflags);
	free(d->input_filters);
	d->name = d->mflags = d->input_filters = NULL;
}

void
daemon_ports_free(struct daemon_port *v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		daemon_port_free(&v[i]);
	free(v);
}

bool
daemon_port_flag(const struct daemon_port *d, int c)
{
	unsigned char u = (unsigned char)c;

	return (d->flags[u / 8] & (1u << (u % 8))) != 0;
}

unsigned
daemon_port_port(const struct daemon_port *d)
{
	if (d->family == AF_INET)
		return ntohs(d->addr.sin.sin_port);
	if (d->family == AF_INET6)
		return ntohs(d->addr.sin6.sin6_port);
	return 0;
}

const char *
daemon_port_addr_text(const struct daemon_port *d, char *out, size_t n)
{
	if (n == 0)
		return out;
	*out = '\0';
	if (d->family == AF_INET)
		(void)inet_ntop(AF_INET, &d->addr.sin.sin_addr, out,
		    (socklen_t)n);
	else if (d->family == AF_INET6)
		(void)inet_ntop(AF_INET6, &d->addr.sin6.sin6_addr, out,
		    (socklen_t)n);
	else if (d->family == AF_UNIX)
		snprintf(out, n, "%s", d->addr.sun.sun_path);
	return out;
}

const char *
daemon_port_family_text(const struct daemon_port *d)
{
	switch (d->family) {
	case AF_INET:
		return "inet";
	case AF_INET6:
		return "inet6";
	case AF_UNIX:
		return "local";
	}
	return "unknown";
}
