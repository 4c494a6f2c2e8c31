/* dns_status.c - lookup outcomes as classes, exit codes and texts */
#include "dns/dns.h"

#include <ares.h>
#include <sysexits.h>

/* dns_status_of_ares - found, permanent or temporary */
enum dns_status
dns_status_of_ares(int s)
{
	switch (s) {
	case ARES_SUCCESS:
		return DNS_OK;
	case ARES_ENOTFOUND:	/* NXDOMAIN, or not in /etc/hosts either */
		return DNS_NXDOMAIN;
	case ARES_ENODATA:	/* NOERROR without records of the type */
		return DNS_NODATA;
	case ARES_EBADNAME:
	case ARES_EBADFAMILY:
		return DNS_BADNAME;
	default:		/* SERVFAIL, REFUSED, timeout, no server */
		return DNS_TEMPFAIL;
	}
}

/* dns_status_text - a short text for logs and replies */
const char *
dns_status_text(enum dns_status s)
{
	switch (s) {
	case DNS_OK:		return "found";
	case DNS_NXDOMAIN:	return "Host unknown";
	case DNS_NODATA:	return "No address";
	case DNS_NULLMX:	return "Domain does not accept mail";
	case DNS_TEMPFAIL:	return "Host name lookup failure";
	case DNS_BADNAME:	return "Bad host name";
	}
	return "unknown";
}

/* dns_status_exit - sysexits as sendmail maps resolver results */
int
dns_status_exit(enum dns_status s)
{
	switch (s) {
	case DNS_OK:
		return EX_OK;
	case DNS_TEMPFAIL:
		return EX_TEMPFAIL;
	default:
		return EX_NOHOST;
	}
}
