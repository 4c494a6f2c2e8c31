/*
 * test_daemon_ports - DaemonPortOptions as sendmail 8.17 reads them:
 * the first letter of each field, defaults, modifiers and their
 * ${daemon_flags} text (checked against 8.17's -d37.1 listing), and
 * what cannot be resolved.
 */
#include "t.h"

#include "cf/option.h"
#include "daemon/daemon_port.h"
#include "util/buf.h"

#include <arpa/inet.h>
#include <netdb.h>

static void
parse(struct daemon_port *d, const char *spec, int idx, struct buf *err)
{
	buf_reset(err);
	daemon_port_free(d);
	(void)daemon_port_parse(d, spec, idx, err);
}

static const char *
addr(const struct daemon_port *d)
{
	static char text[128];

	return daemon_port_addr_text(d, text, sizeof(text));
}

int
main(void)
{
	struct daemon_port d = { 0 }, *v = NULL;
	struct option_list ol = { NULL, 0 };
	char *specs[2];
	struct buf err = BUF_INIT;
	struct servent *sp = getservbyname("smtp", "tcp");
	unsigned smtp = sp != NULL ? ntohs((unsigned short)sp->s_port) : 25;
	size_t n;

	/* tern's two daemons */
	parse(&d, "Port=smtp, Name=MTA", 0, &err);
	T_CHECK(d.usable);
	T_STREQ(d.name, "MTA");
	T_INTEQ(d.family, AF_INET);
	T_INTEQ(daemon_port_port(&d), smtp);
	T_STREQ(addr(&d), "0.0.0.0");
	T_INTEQ(d.listen_queue, 10);
	T_STREQ(d.mflags, "");
	T_INTEQ(err.len, 0);

	parse(&d, "Port=587, Name=MSA, M=Ea", 1, &err);
	T_STREQ(d.name, "MSA");
	T_INTEQ(daemon_port_port(&d), 587);
	T_CHECK(daemon_port_flag(&d, 'E'));
	T_CHECK(daemon_port_flag(&d, 'a'));
	T_CHECK(!daemon_port_flag(&d, 'e'));
	T_CHECK(!daemon_port_flag(&d, 'A'));
	T_STREQ(d.mflags, "EE a");

	/* no Name=: "Daemon<index>"; no Port=: smtp */
	parse(&d, "Addr=127.0.0.1", 3, &err);
	T_STREQ(d.name, "Daemon3");
	T_INTEQ(daemon_port_port(&d), smtp);
	T_STREQ(addr(&d), "127.0.0.1");
	parse(&d, "Addr=127.1, Port=2525", 0, &err);	/* inet_addr's forms */
	T_STREQ(addr(&d), "127.0.0.1");

	/* every modifier letter 8.17 lists in -d37.1, blanks skipped */
	parse(&d, "Port=2525, Name=X, M=a b c C f h r s S u A E O", 0, &err);
	T_CHECK(daemon_port_flag(&d, 'a') && daemon_port_flag(&d, 'b') &&
	    daemon_port_flag(&d, 'c') && daemon_port_flag(&d, 'C') &&
	    daemon_port_flag(&d, 'f') && daemon_port_flag(&d, 'h') &&
	    daemon_port_flag(&d, 'r') && daemon_port_flag(&d, 's') &&
	    daemon_port_flag(&d, 'S') && daemon_port_flag(&d, 'u') &&
	    daemon_port_flag(&d, 'A') && daemon_port_flag(&d, 'E') &&
	    daemon_port_flag(&d, 'O'));
	T_CHECK(!daemon_port_flag(&d, ' '));
	T_STREQ(d.mflags, "a b c CC f h r s SS u AA EE OO");
	/* the last M= wins; an empty one clears */
	parse(&d, "M=a, M=E", 0, &err);
	T_CHECK(!daemon_port_flag(&d, 'a'));
	T_CHECK(daemon_port_flag(&d, 'E'));
	parse(&d, "M=a, Modifiers=", 0, &err);
	T_CHECK(!daemon_port_flag(&d, 'a'));
	T_STREQ(d.mflags, "");

	/* first letters, both cases where sendmail takes both */
	parse(&d, "name=lower, port=99, family=inet, addr=127.0.0.1, "
	    "listen=5, modifiers=a, snd=1, rcv=2, children=3, delayLA=4, "
	    "queueLA=5, refuseLA=6, InputMailFilters=x, DeliveryMode=q, "
	    "T=1, noeq", 0, &err);
	T_STREQ(d.name, "lower");
	T_INTEQ(daemon_port_port(&d), 99);
	T_INTEQ(d.listen_queue, 5);
	T_CHECK(daemon_port_flag(&d, 'a'));
	T_INTEQ(d.sndbuf, 1);
	T_INTEQ(d.rcvbuf, 0);		/* rcv= is refuseLA ('r') */
	T_INTEQ(d.refuse_la, 6);	/* ... and refuseLA= overrides it */
	T_INTEQ(d.children, 3);
	T_INTEQ(d.delay_la, 4);
	T_INTEQ(d.queue_la, 5);
	T_STREQ(d.input_filters, "x");
	T_INTEQ(d.delivery_mode, 'q');
	T_CHECK(d.usable);
	parse(&d, "RcvBufSize=4096, SndBufSize=8192, Listen=128", 0, &err);
	T_INTEQ(d.rcvbuf, 4096);
	T_INTEQ(d.sndbuf, 8192);
	T_INTEQ(d.listen_queue, 128);

	/* IPv6 */
	parse(&d, "Name=Y, Family=inet6, Addr=::1, Port=2526", 0, &err);
	T_CHECK(d.usable);
	T_INTEQ(d.family, AF_INET6);
	T_STREQ(addr(&d), "::1");
	T_INTEQ(daemon_port_port(&d), 2526);
	T_STREQ(daemon_port_family_text(&d), "inet6");
	parse(&d, "Family=inet6, Port=25", 0, &err);
	T_STREQ(addr(&d), "::");
	/* Addr= before Family=: resolved once the family is known */
	parse(&d, "Addr=::1, Family=inet6", 0, &err);
	T_CHECK(d.usable);
	T_STREQ(addr(&d), "::1");
	/* an IPv6 literal on an inet daemon is a host name: unknown */
	parse(&d, "Addr=::1", 0, &err);
	T_CHECK(!d.usable);
	T_STREQ(buf_str(&err), "host \"::1\" unknown\n");

	/* local sockets */
	parse(&d, "Family=local, Addr=/tmp/x.sock, Name=L", 0, &err);
	T_CHECK(d.usable);
	T_INTEQ(d.family, AF_UNIX);
	T_STREQ(addr(&d), "/tmp/x.sock");
	T_INTEQ(daemon_port_port(&d), 0);
	parse(&d, "Family=unix, Addr=/tmp/x.sock, Port=25", 0, &err);
	T_CHECK(!d.usable);
	T_STREQ(buf_str(&err), "Port= option unsupported for family 1\n");
	parse(&d, "Family=local, Addr=/tmp/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxx", 0, &err);
	T_CHECK(!d.usable);

	/* numeric family, unknown family left as it was */
	parse(&d, "Family=10, Port=25", 0, &err);
	T_INTEQ(d.family, AF_INET6);
	parse(&d, "Family=foo, Port=25", 0, &err);
	T_INTEQ(d.family, AF_INET);
	T_CHECK(d.usable);
	parse(&d, "Family=99, Port=25", 0, &err);
	T_CHECK(!d.usable);

	/* resolution failures */
	parse(&d, "Port=nosuchservice-tern", 0, &err);
	T_CHECK(!d.usable);
	T_STREQ(buf_str(&err), "service \"nosuchservice-tern\" unknown\n");
	parse(&d, "Addr=nosuchhost.invalid", 0, &err);
	T_CHECK(!d.usable);
	T_STREQ(buf_str(&err), "host \"nosuchhost.invalid\" unknown\n");
	parse(&d, "Addr=localhost, Port=25", 0, &err);
	T_CHECK(d.usable);
	T_STREQ(addr(&d), "127.0.0.1");

	/* blanks around items and values; unknown fields ignored here */
	parse(&d, "  Port =  2527 ,Name=  Z  , Bogus=1,", 0, &err);
	T_INTEQ(daemon_port_port(&d), 2527);
	T_STREQ(d.name, "Z  ");		/* sendmail keeps trailing blanks */
	T_INTEQ(err.len, 0);
	daemon_port_free(&d);

	/* the list: none means one Daemon0 on smtp, all IPv4 addresses */
	n = daemon_ports_parse(&ol, &v, &err);
	T_INTEQ(n, 1);
	T_STREQ(v[0].name, "Daemon0");
	T_INTEQ(daemon_port_port(&v[0]), smtp);
	T_STREQ(addr(&v[0]), "0.0.0.0");
	T_INTEQ(v[0].fd, -1);
	daemon_ports_free(v, n);
	specs[0] = "Port=smtp, Name=MTA";
	specs[1] = "Port=587, Name=MSA, M=Ea";
	ol.v = specs;
	ol.n = 2;
	n = daemon_ports_parse(&ol, &v, &err);
	T_INTEQ(n, 2);
	T_STREQ(v[0].name, "MTA");
	T_STREQ(v[1].name, "MSA");
	T_INTEQ(daemon_port_port(&v[1]), 587);
	daemon_ports_free(v, n);

	buf_free(&err);
	T_DONE();
}
