/* test_dns.c - MX sorting, address literals, status classes (no network) */
#include "t.h"
#include "dns/dns.h"

#include <stdlib.h>
#include <sysexits.h>
#include <ares.h>

static void
test_sort(void)
{
	struct dns_mx v[] = {
		{ "c.example", 20 }, { "b.example", 10 }, { "z.example", 5 },
		{ "a.example", 10 }, { "d.example", 20 },
	};
	size_t i, n = sizeof v / sizeof v[0];
	int seen_a_first = 0, seen_b_first = 0;

	dns_mx_sort(v, n, DNS_F_DETERMINISTIC);
	T_STREQ(v[0].host, "z.example");
	T_STREQ(v[1].host, "a.example");
	T_STREQ(v[2].host, "b.example");
	T_STREQ(v[3].host, "c.example");
	T_STREQ(v[4].host, "d.example");
	/* random mode: preferences stay ordered, ties come both ways */
	for (i = 0; i < 200; i++) {
		dns_mx_sort(v, n, 0);
		T_CHECK(v[0].pref == 5 && v[1].pref == 10 && v[2].pref == 10 &&
		    v[3].pref == 20 && v[4].pref == 20);
		if (v[1].host[0] == 'a')
			seen_a_first++;
		else
			seen_b_first++;
	}
	T_CHECK(seen_a_first > 0 && seen_b_first > 0);
	dns_mx_sort(v, 0, 0);
	dns_mx_sort(v, 1, 0);
}

static void
test_literal(void)
{
	struct dns_addr a;
	struct dns_addr_list l;

	T_INTEQ(dns_literal("[192.0.2.7]", &a), 1);
	T_STREQ(a.text, "192.0.2.7");
	T_INTEQ(a.sa.ss_family, AF_INET);
	T_INTEQ(dns_literal("[IPv6:2001:db8::1]", &a), 1);
	T_STREQ(a.text, "2001:db8::1");
	T_INTEQ(a.sa.ss_family, AF_INET6);
	T_INTEQ(dns_literal("[ipv6:::1]", &a), 1);
	T_STREQ(a.text, "::1");
	T_INTEQ(dns_literal("mx.example", &a), 0);
	T_INTEQ(dns_literal("[1.2.3]", &a), -1);
	T_INTEQ(dns_literal("[1.2.3.4", &a), -1);
	T_INTEQ(dns_literal("[2001:db8::1]", &a), -1);	/* needs IPv6: */
	T_INTEQ(dns_literal("[]", &a), -1);
	T_INTEQ(dns_literal("[1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18"
	    ".19.20.21.22.23.24.25.26.27]", &a), -1);

	/* literals need no resolver */
	T_INTEQ(dns_addrs("[127.0.0.1]", DNS_ANY, 1, &l), DNS_OK);
	T_INTEQ(l.n, 1);
	T_STREQ(l.v[0].text, "127.0.0.1");
	dns_addrs_free(&l);
	T_INTEQ(dns_addrs("[127.0.0.1]", DNS_INET6, 1, &l), DNS_NODATA);
	T_INTEQ(dns_addrs("[bogus]", DNS_ANY, 1, &l), DNS_BADNAME);
	T_INTEQ(dns_addrs("", DNS_ANY, 1, &l), DNS_BADNAME);
	T_INTEQ(dns_mx("", 0, 1, &(struct dns_mx_list){0}), DNS_BADNAME);
	/* numeric without brackets: c-ares answers without a query */
	T_INTEQ(dns_addrs("127.0.0.1", DNS_ANY, 2, &l), DNS_OK);
	T_CHECK(l.n == 1 && strcmp(l.v[0].text, "127.0.0.1") == 0);
	dns_addrs_free(&l);
}

static void
test_status(void)
{
	T_INTEQ(dns_status_of_ares(ARES_SUCCESS), DNS_OK);
	T_INTEQ(dns_status_of_ares(ARES_ENOTFOUND), DNS_NXDOMAIN);
	T_INTEQ(dns_status_of_ares(ARES_ENODATA), DNS_NODATA);
	T_INTEQ(dns_status_of_ares(ARES_ESERVFAIL), DNS_TEMPFAIL);
	T_INTEQ(dns_status_of_ares(ARES_ETIMEOUT), DNS_TEMPFAIL);
	T_INTEQ(dns_status_of_ares(ARES_ECONNREFUSED), DNS_TEMPFAIL);
	T_INTEQ(dns_status_of_ares(ARES_ECANCELLED), DNS_TEMPFAIL);
	T_INTEQ(dns_status_exit(DNS_OK), EX_OK);
	T_INTEQ(dns_status_exit(DNS_NXDOMAIN), EX_NOHOST);
	T_INTEQ(dns_status_exit(DNS_NODATA), EX_NOHOST);
	T_INTEQ(dns_status_exit(DNS_NULLMX), EX_NOHOST);
	T_INTEQ(dns_status_exit(DNS_TEMPFAIL), EX_TEMPFAIL);
}

static void
test_override(void)
{
	struct dns_mx_list l;

	setenv("TERN_RESOLVER", "127.0.0.1:1", 1);
	T_STREQ(dns_resolver_override(), "127.0.0.1:1");
	/* nobody answers on port 1: a temporary failure, within the bound */
	T_INTEQ(dns_mx("example.invalid", 0, 2, &l), DNS_TEMPFAIL);
	setenv("TERN_RESOLVER", "not an address", 1);
	T_INTEQ(dns_mx("example.invalid", 0, 2, &l), DNS_TEMPFAIL);
	unsetenv("TERN_RESOLVER");
	T_CHECK(dns_resolver_override() == NULL);
}

int
main(void)
{
	test_sort();
	test_literal();
	test_status();
	test_override();
	T_DONE();
}
