/*
 * dns - the resolver of the delivery side: MX lists and host addresses,
 * through c-ares, behind a blocking API.
 *
 * Each call makes its own c-ares channel, runs a bounded poll() loop
 * until the answer or the total timeout, and destroys the channel: no
 * state survives a call, so a delivery agent may call it from anywhere.
 * (The maps keep their own libresolv code, src/map/map_dns.c.)
 *
 * The files:
 *   dns_channel.c  channel set-up (resolv.conf, /etc/hosts via lookups
 *                  "fb", the TERN_RESOLVER override) and the event loop
 *   dns_mx.c       MX queries, sorting by preference
 *   dns_addrs.c    A/AAAA (and /etc/hosts), address literals
 *   dns_ptr.c      the name of an address (/etc/hosts, PTR)
 *   dns_status.c   status classes -> sysexits and texts
 *
 * Resolver: the servers of /etc/resolv.conf, unless the environment has
 * TERN_RESOLVER=ADDR[:PORT][,ADDR[:PORT]...] (IPv6 as [::1]:PORT), which
 * tests use to point at a dnsmasq on loopback.  TERN_RESOLVER is ignored
 * in a set-id process (getauxval(AT_SECURE)): a user must not be able to
 * redirect the MSP's or MTA's mail by its environment.
 */
#ifndef TERN_DNS_H
#define TERN_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

/* the outcome of one lookup */
enum dns_status {
	DNS_OK,			/* found */
	DNS_NXDOMAIN,		/* no such domain: permanent */
	DNS_NODATA,		/* the name exists but has no record of the type:
				 * for MX, the caller falls back to A/AAAA */
	DNS_NULLMX,		/* RFC 7505 "MX 0 .": the domain takes no mail */
	DNS_TEMPFAIL,		/* SERVFAIL, timeout, no server reached */
	DNS_BADNAME,		/* malformed name or literal: permanent */
};

/* dns_status_text - a short text ("Host unknown", "timeout" ...) */
const char *dns_status_text(enum dns_status);
/* dns_status_exit - EX_OK, EX_NOHOST (permanent) or EX_TEMPFAIL */
int dns_status_exit(enum dns_status);

/* lookup flags */
#define DNS_F_DETERMINISTIC 0x01 /* equal preferences by name, not random */

/* ---- MX */

struct dns_mx {
	char *host;		/* without the trailing dot; "" for a null MX */
	unsigned pref;
};

struct dns_mx_list {
	struct dns_mx *v;
	size_t n;
};

#define DNS_MAX_MX	100	/* more records than this are ignored */

/*
 * dns_mx - the MX records of domain, sorted (dns_mx_sort).  timeout is
 * the total in seconds (<= 0: 30).  out is filled only on DNS_OK and
 * must then be freed with dns_mx_free.  A lone "MX 0 ." is DNS_NULLMX.
 */
enum dns_status dns_mx(const char *domain, unsigned flags, int timeout,
    struct dns_mx_list *out);
void dns_mx_free(struct dns_mx_list *);

/*
 * dns_mx_sort - by preference ascending; equal preferences in random
 * order (RFC 5321 5.1: spread the load), or by host name with
 * DNS_F_DETERMINISTIC.
 */
void dns_mx_sort(struct dns_mx *v, size_t n, unsigned flags);

/* ---- addresses */

#define DNS_INET	0x01	/* IPv4 */
#define DNS_INET6	0x02	/* IPv6 */
#define DNS_ANY		(DNS_INET | DNS_INET6)

struct dns_addr {
	struct sockaddr_storage sa;	/* port 0 */
	socklen_t salen;
	char text[48];		/* "1.2.3.4", "2001:db8::1" */
};

struct dns_addr_list {
	struct dns_addr *v;
	size_t n;
};

#define DNS_MAX_ADDRS	64	/* per host name */

/*
 * dns_addrs - the addresses of host in the families of mask, IPv6 ones
 * first, then IPv4, each in the order given, without duplicates.
 * "[1.2.3.4]" and "[IPv6:2001:db8::1]" literals are parsed without any
 * lookup (DNS_BADNAME when malformed); names are looked up in
 * /etc/hosts, then DNS.  out is filled only on DNS_OK (dns_addrs_free).
 */
enum dns_status dns_addrs(const char *host, unsigned mask, int timeout,
    struct dns_addr_list *out);
void dns_addrs_free(struct dns_addr_list *);

/*
 * dns_literal - parse "[1.2.3.4]" / "[IPv6:...]" into *a: 1 done, 0 not a
 * bracketed literal, -1 a malformed one.
 */
int dns_literal(const char *host, struct dns_addr *a);

/* ---- names of addresses (dns_ptr.c) */

/*
 * dns_ptr - the name of an address (AF_INET, AF_INET6; a v4-mapped one
 * as IPv4): /etc/hosts first, then the PTR record, without a trailing
 * dot, into name (len bytes).  timeout: the total in seconds (<= 0:
 * 30).  DNS_OK; DNS_NXDOMAIN / DNS_NODATA: no name; DNS_TEMPFAIL;
 * DNS_BADNAME for an address of another family or a name that does
 * not fit.  name is "" unless DNS_OK.
 */
enum dns_status dns_ptr(const struct sockaddr *sa, socklen_t salen,
    int timeout, char *name, size_t len);

/* ---- internal to src/dns (dns_channel.c) */

struct ares_channeldata;

/*
 * dns_channel_open - a c-ares channel with lookups "fb" and the
 * resolver servers (TERN_RESOLVER when allowed).  0 or -1.
 */
int dns_channel_open(struct ares_channeldata **chan);
/*
 * dns_channel_run - process until *done is set by a callback or
 * timeout seconds pass (then the queries are cancelled, so the callbacks
 * run with ARES_ECANCELLED before this returns).
 */
void dns_channel_run(struct ares_channeldata *chan, const bool *done,
    int timeout);
/* dns_resolver_override - TERN_RESOLVER when honoured, else NULL */
const char *dns_resolver_override(void);
/* dns_status_of_ares - the class of a c-ares status */
enum dns_status dns_status_of_ares(int ares_status);

#endif
