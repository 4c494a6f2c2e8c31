/*
 * session_client.c - who is talking: the client's macros as sendmail
 * sets them for a daemon connection (or -bs's "user@localhost"), and
 * the Connect: stage (check_relay).
 */
#include "session/session_int.h"
#include "util/log.h"
#include "cf/cf.h"
#include "policy/policy.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * session_ntoa - an address as sendmail's anynet_ntoa shows it:
 * "192.0.2.1", "IPv6:2001:db8::1" (a v4-mapped address as IPv4); the
 * port into *port.  False for an address that is not IP.
 */
static bool
session_ntoa(const struct sockaddr *sa, socklen_t len, char *out, size_t n,
    unsigned *port)
{
	char host[INET6_ADDRSTRLEN];

	*port = 0;
	if (sa == NULL)
		return false;
	if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		if (inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host)) == NULL)
			return false;
		*port = ntohs(in->sin_port);
		return (size_t)snprintf(out, n, "%s", host) < n;
	}
	if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;

		*port = ntohs(in6->sin6_port);
		if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
			if (inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], host,
			    sizeof(host)) == NULL)
				return false;
			return (size_t)snprintf(out, n, "%s", host) < n;
		}
		if (inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host)) == NULL)
			return false;
		return (size_t)snprintf(out, n, "IPv6:%s", host) < n;
	}
	return false;
}

/* session_family - "inet" or "inet6", as ${daemon_family} */
static const char *
session_family(const struct sockaddr *sa)
{
	return sa->sa_family == AF_INET6 ? "inet6" : "inet";
}

/* session_loopback - 127/8, ::1, ::ffff:127/8 */
static bool
session_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >>
		    24) == 127;
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;

		return IN6_IS_ADDR_LOOPBACK(a) ||
		    (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
	}
	return false;
}

/* session_sasl_ip - "a.b.c.d;port" as Cyrus SASL wants it */
static char *
session_sasl_ip(const struct sockaddr *sa, socklen_t len)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV], buf[NI_MAXHOST + NI_MAXSERV + 2];

	if (sa == NULL || getnameinfo(sa, len, host, sizeof(host), serv,
	    sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		return NULL;
	snprintf(buf, sizeof(buf), "%s;%s", host, serv);
	return xstrdup(buf);
}

/* session_client_setup - the client's macros into the overlay */
void
session_client_setup(struct session *s, const struct session_client *c)
{
	char addr[INET6_ADDRSTRLEN + 8], num[16];
	unsigned port;
	struct buf b = BUF_INIT;
	const char *resolve;

	s->tls = c->tls;
	s->auth_required = c->auth_required;
	if (c->addr == NULL) {
		/* -bs: the invoking user on this host */
		buf_addf(&b, "%s@localhost", c->user ? c->user : "root");
		s->client = buf_steal(&b);
		s->relay = xstrdup("localhost");
		session_macro(s, "_", s->client);
		return;
	}
	s->network = true;
	if (!session_ntoa(c->addr, c->addr_len, addr, sizeof(addr), &port))
		snprintf(addr, sizeof(addr), "0");
	s->addr = xstrdup(addr);
	/* RealHostName: the name, or the address in brackets */
	if (c->name != NULL && *c->name != '\0')
		s->relay = xstrdup(c->name);
	else {
		buf_addf(&b, "[%s]", addr);
		s->relay = buf_steal(&b);
	}
	resolve = c->resolve ? c->resolve :
	    c->name && *c->name ? "OK" : "FAIL";
	/* an unresolved client is its bracketed address once, not twice */
	if (s->relay[0] == '[')
		buf_adds(&b, s->relay);
	else
		buf_addf(&b, "%s [%s]%s", s->relay, addr,
		    strcmp(resolve, "FORGED") == 0 ? " (may be forged)" : "");
	s->client = buf_steal(&b);
	session_macro(s, "_", s->client);
	session_macro(s, "client_addr", addr);
	snprintf(num, sizeof(num), "%u", port);
	session_macro(s, "client_port", num);
	session_macro(s, "client_name", s->relay);
	session_macro(s, "client_ptr", c->ptr ? c->ptr : s->relay);
	session_macro(s, "client_resolve", resolve);
	if (c->daemon_name != NULL)
		session_macro(s, "daemon_name", c->daemon_name);
	if (c->daemon_flags != NULL)
		session_macro(s, "daemon_flags", c->daemon_flags);
	if (c->listen != NULL &&
	    session_ntoa(c->listen, c->listen_len, addr, sizeof(addr), &port)) {
		session_macro(s, "daemon_addr", addr);
		snprintf(num, sizeof(num), "%u", port);
		session_macro(s, "daemon_port", num);
		session_macro(s, "daemon_family", session_family(c->listen));
	}
	/* sendmail leaves ${if_addr} unset for a loopback interface */
	if (c->local != NULL && !session_loopback(c->local) &&
	    session_ntoa(c->local, c->local_len, addr, sizeof(addr), &port)) {
		session_macro(s, "if_addr", addr);
		session_macro(s, "if_family", session_family(c->local));
	}
	if (c->extra != NULL) {
		const char *const *e;

		for (e = c->extra; e[0] != NULL && e[1] != NULL; e += 2)
			session_macro(s, e[0], e[1]);
	}
	s->sasl_remote = session_sasl_ip(c->addr, c->addr_len);
	s->sasl_local = session_sasl_ip(c->local, c->local_len);
	buf_free(&b);
}

/*
 * session_connect_check - check_relay on "RealHostName $| addr".  A
 * refusal greets with 554 (421 when temporary) "... not accepting
 * messages" and then answers every command but QUIT with the ruleset's
 * reply (the engine's nullserver mode).
 */
int
session_connect_check(struct session *s, struct smtp_reply *r)
{
	struct policy_result pr;

	if (s->connect_done) {
		if (r != NULL)
			*r = s->connect_reply;
		return s->connect_rc;
	}
	s->connect_done = true;
	s->connect_rc = SMTP_OK;
	memset(&s->connect_reply, 0, sizeof(s->connect_reply));
	if (s->network) {
		session_enter(s);
		policy_result_init(&pr);
		switch (policy_check(s->cf, "check_relay", s->relay, s->addr,
		    &pr, NULL)) {
		case POLICY_DISCARD:
			/* greeted as usual; every message is dropped */
			s->discard_conn = true;
			break;
		case POLICY_QUARANTINE:
			/* greeted as usual; every message is held */
			free(s->quarantine_conn);
			s->quarantine_conn = xstrdup(buf_str(&pr.text));
			break;
		case POLICY_REJECT:
			smtp_reply_set(&s->connect_reply, pr.code, pr.dsn, "%s",
			    buf_str(&pr.text));
			if (s->connect_reply.code < 400 ||
			    s->connect_reply.code > 599)
				smtp_reply_set(&s->connect_reply, 550, "5.7.1",
				    "%s", buf_str(&pr.text));
			s->connect_rc = SMTP_REJECT;
			break;
		default:
			break;
		}
		policy_result_free(&pr);
		session_leave(s);
	}
	if (r != NULL)
		*r = s->connect_reply;
	return s->connect_rc;
}

long
session_greet_pause(struct session *s)
{
	struct policy_result pr;
	long ms = 0;
	char *end;

	if (!s->network || cf_ruleset_find(s->cf, "greet_pause") < 0)
		return 0;
	session_enter(s);
	policy_result_init(&pr);
	(void)policy_check(s->cf, "greet_pause", s->relay, s->addr, &pr, NULL);
	if (pr.decision.len > 0) {
		long v = strtol(buf_str(&pr.decision), &end, 10);

		/* bounded: a typo in the access db cannot hang clients */
		if (*end == '\0' && v > 0)
			ms = v > 600000 ? 600000 : v;
	}
	policy_result_free(&pr);
	session_leave(s);
	return ms;
}

void
session_early_talker(struct session *s, long waited_ms)
{
	s->early_talker = true;
	log_line(LOG_INFO, "rejecting commands from %s [%s] due to "
	    "pre-greeting traffic after %ld seconds", s->relay,
	    s->addr != NULL ? s->addr : "", waited_ms / 1000);
}
