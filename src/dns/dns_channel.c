/* dns_channel.c - c-ares channel set-up and the bounded event loop */
#include "dns/dns.h"

#include <ares.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <time.h>

#include "util/msg.h"

/* dns_resolver_override - TERN_RESOLVER when honoured, else NULL */
const char *
dns_resolver_override(void)
{
	const char *s;

	/* a set-id process must not take its resolver from the caller */
	if (getauxval(AT_SECURE) != 0)
		return NULL;
	s = getenv("TERN_RESOLVER");
	if (s == NULL || *s == '\0')
		return NULL;
	return s;
}

/* dns_channel_open - a channel with lookups "fb" and our servers */
int
dns_channel_open(struct ares_channeldata **chan)
{
	static bool lib_ready;
	struct ares_options o;
	const char *srv;
	int rc;

	if (!lib_ready) {
		rc = ares_library_init(ARES_LIB_INIT_ALL);
		if (rc != ARES_SUCCESS) {
			msg_warnx("c-ares: %s", ares_strerror(rc));
			return -1;
		}
		lib_ready = true;
	}
	memset(&o, 0, sizeof o);
	o.lookups = (char *)"fb";	/* /etc/hosts, then DNS */
	rc = ares_init_options(chan, &o, ARES_OPT_LOOKUPS);
	if (rc != ARES_SUCCESS) {
		msg_warnx("c-ares init: %s", ares_strerror(rc));
		return -1;
	}
	srv = dns_resolver_override();
	if (srv != NULL) {
		rc = ares_set_servers_ports_csv(*chan, srv);
		if (rc != ARES_SUCCESS) {
			msg_warnx("TERN_RESOLVER=%s: %s", srv, ares_strerror(rc));
			ares_destroy(*chan);
			*chan = NULL;
			return -1;
		}
	}
	return 0;
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* dns_channel_run - process until *done or the total timeout */
void
dns_channel_run(struct ares_channeldata *chan, const bool *done, int timeout)
{
	long long end;

	if (timeout <= 0)
		timeout = 30;
	end = now_ms() + (long long)timeout * 1000;
	while (!*done) {
		ares_socket_t socks[ARES_GETSOCK_MAXNUM];
		struct pollfd pfd[ARES_GETSOCK_MAXNUM];
		struct timeval tv, maxtv, *tvp;
		struct timeval tv2;
		long long left = end - now_ms();
		unsigned bits;
		int i, n = 0, wait, r;

		if (left <= 0)
			break;
		/* c-ares' own GETSOCK macros shift into the sign bit */
		bits = (unsigned)ares_getsock(chan, socks, ARES_GETSOCK_MAXNUM);
		for (i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
			short ev = 0;

			if (bits & (1u << i))
				ev |= POLLIN;
			if (bits & (1u << (i + ARES_GETSOCK_MAXNUM)))
				ev |= POLLOUT;
			if (ev == 0)
				continue;
			pfd[n].fd = socks[i];
			pfd[n].events = ev;
			pfd[n].revents = 0;
			n++;
		}
		maxtv.tv_sec = left / 1000;
		maxtv.tv_usec = (left % 1000) * 1000;
		tvp = ares_timeout(chan, &maxtv, &tv);
		wait = (int)(tvp->tv_sec * 1000 + tvp->tv_usec / 1000);
		if (wait < 1)
			wait = 1;
		if (n == 0 && ares_timeout(chan, NULL, &tv2) == NULL)
			break;	/* nothing pending, yet no answer: give up */
		r = poll(pfd, (nfds_t)n, wait);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			msg_warn("dns poll");
			break;
		}
		if (r == 0) {
			ares_process_fd(chan, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
			continue;
		}
		for (i = 0; i < n; i++) {
			ares_socket_t rd = ARES_SOCKET_BAD, wr = ARES_SOCKET_BAD;

			if (pfd[i].revents & (POLLIN | POLLERR | POLLHUP))
				rd = pfd[i].fd;
			if (pfd[i].revents & POLLOUT)
				wr = pfd[i].fd;
			if (rd != ARES_SOCKET_BAD || wr != ARES_SOCKET_BAD)
				ares_process_fd(chan, rd, wr);
		}
	}
	/* on timeout: callbacks run now with ARES_ECANCELLED */
	if (!*done)
		ares_cancel(chan);
}
