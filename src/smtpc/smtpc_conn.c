/* smtpc_conn.c - the client's socket (plain, then maybe TLS), every
 * operation bounded by a deadline through poll() */
#include "smtpc/smtpc_int.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CONNECT_DEFAULT	120	/* Timeout.connect 0: about the kernel's */

/* smtpc_now_ms - a monotonic clock in milliseconds */
long long
smtpc_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
conn_err(struct smtpc_conn *c, const char *what)
{
	snprintf(c->err, sizeof c->err, "%s", what);
}

/* smtpc_conn_wait - ev on the socket by deadline: 1, 0 timeout, -1 */
int
smtpc_conn_wait(struct smtpc_conn *c, short ev, long long deadline)
{
	for (;;) {
		struct pollfd p = { .fd = c->fd, .events = ev };
		long long left = deadline - smtpc_now_ms();
		int r;

		if (left <= 0) {
			c->timed_out = true;
			conn_err(c, "Connection timed out");
			return 0;
		}
		r = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR) {
			conn_err(c, strerror(errno));
			return -1;
		}
	}
}

/* smtpc_conn_open - non-blocking connect within timeout */
int
smtpc_conn_open(struct smtpc_conn *c, const struct dns_addr *a, int port,
    long timeout)
{
	struct sockaddr_storage sa;
	long long deadline;
	int err = 0;
	socklen_t elen = sizeof err;

	c->fd = -1;
	c->ssl = NULL;
	c->rpos = c->rlen = 0;
	c->err[0] = '\0';
	c->timed_out = false;
	memcpy(&sa, &a->sa, sizeof sa);
	if (sa.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&sa)->sin6_port = htons((uint16_t)port);
	else
		((struct sockaddr_in *)&sa)->sin_port = htons((uint16_t)port);
	c->fd = socket(sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		conn_err(c, strerror(errno));
		return -1;
	}
	deadline = smtpc_now_ms() + (timeout > 0 ? timeout : CONNECT_DEFAULT) *
	    1000LL;
	if (connect(c->fd, (struct sockaddr *)&sa, a->salen) == 0)
		return 0;
	if (errno != EINPROGRESS) {
		conn_err(c, strerror(errno));
		goto fail;
	}
	if (smtpc_conn_wait(c, POLLOUT, deadline) <= 0)
		goto fail;
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &elen) < 0)
		err = errno;
	if (err != 0) {
		conn_err(c, strerror(err));
		goto fail;
	}
	return 0;
fail:
	close(c->fd);
	c->fd = -1;
	return -1;
}

/* smtpc_conn_close - TLS close_notify (best effort), then the socket */
void
smtpc_conn_close(struct smtpc_conn *c)
{
	if (c->ssl != NULL) {
		(void)SSL_shutdown(c->ssl);	/* no wait for the peer's */
		SSL_free(c->ssl);
		c->ssl = NULL;
	}
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

/* what an SSL call that returned r wants: POLLIN/POLLOUT, or 0: error */
static short
ssl_wants(struct smtpc_conn *c, int r)
{
	switch (SSL_get_error(c->ssl, r)) {
	case SSL_ERROR_WANT_READ:
		return POLLIN;
	case SSL_ERROR_WANT_WRITE:
		return POLLOUT;
	case SSL_ERROR_ZERO_RETURN:
		conn_err(c, "Connection closed by peer (TLS)");
		return 0;
	default: {
		unsigned long e = ERR_get_error();
		const char *why = e != 0 ? ERR_reason_error_string(e) : NULL;

		snprintf(c->err, sizeof c->err, "TLS error: %s",
		    why != NULL ? why : "I/O error");
		ERR_clear_error();
		return 0;
	}
	}
}

/* smtpc_conn_write - the whole buffer, or fail */
int
smtpc_conn_write(struct smtpc_conn *c, const char *data, size_t len,
    long timeout)
{
	long long deadline = smtpc_now_ms() + (timeout > 0 ? timeout : 300) * 1000LL;
	size_t done = 0;

	while (done < len) {
		short want = POLLOUT;
		size_t chunk = len - done;

		if (c->ssl != NULL) {
			int r;

			if (chunk > 1 << 30)
				chunk = 1 << 30;
			r = SSL_write(c->ssl, data + done, (int)chunk);
			if (r > 0) {
				done += (size_t)r;
				continue;
			}
			want = ssl_wants(c, r);
			if (want == 0)
				return -1;
		} else {
			ssize_t r = send(c->fd, data + done, chunk,
			    MSG_NOSIGNAL);

			if (r > 0) {
				done += (size_t)r;
				continue;
			}
			if (r < 0 && errno != EAGAIN && errno != EINTR) {
				conn_err(c, strerror(errno));
				return -1;
			}
		}
		if (smtpc_conn_wait(c, want, deadline) <= 0)
			return -1;
	}
	return 0;
}

/* read more bytes into rbuf: 1 some, 0 EOF, -1 error/timeout */
static int
conn_fill(struct smtpc_conn *c, long long deadline)
{
	if (c->rpos > 0) {
		memmove(c->rbuf, c->rbuf + c->rpos, c->rlen - c->rpos);
		c->rlen -= c->rpos;
		c->rpos = 0;
	}
	for (;;) {
		size_t room = sizeof c->rbuf - c->rlen;
		short want = POLLIN;

		if (c->ssl != NULL) {
			int r = SSL_read(c->ssl, c->rbuf + c->rlen, (int)room);

			if (r > 0) {
				c->rlen += (size_t)r;
				return 1;
			}
			if (SSL_get_error(c->ssl, r) == SSL_ERROR_ZERO_RETURN)
				return 0;
			want = ssl_wants(c, r);
			if (want == 0)
				return -1;
		} else {
			ssize_t r = recv(c->fd, c->rbuf + c->rlen, room, 0);

			if (r > 0) {
				c->rlen += (size_t)r;
				return 1;
			}
			if (r == 0)
				return 0;
			if (errno != EAGAIN && errno != EINTR) {
				conn_err(c, strerror(errno));
				return -1;
			}
		}
		if (smtpc_conn_wait(c, want, deadline) <= 0)
			return -1;
	}
}

/* smtpc_conn_reply - lines until the reply is complete */
int
smtpc_conn_reply(struct smtpc_conn *c, struct smtpc_reply *r, long timeout)
{
	long long deadline = smtpc_now_ms() + (timeout > 0 ? timeout : 300) * 1000LL;

	smtpc_reply_free(r);
	smtpc_reply_init(r);
	for (;;) {
		char *start = c->rbuf + c->rpos;
		char *nl = memchr(start, '\n', c->rlen - c->rpos);
		size_t len;
		enum smtpc_reply_step st;
		int f;

		if (nl == NULL) {
			/* longer than any line we accept: stop reading */
			if (c->rlen - c->rpos > SMTPC_LINE_MAX + 1) {
				conn_err(c, "protocol error: reply line too long");
				return -1;
			}
			f = conn_fill(c, deadline);
			if (f == 0)
				conn_err(c, "Connection closed by peer");
			if (f <= 0)
				return -1;
			continue;
		}
		len = (size_t)(nl - start);
		c->rpos += len + 1;
		if (len > 0 && start[len - 1] == '\r')
			len--;
		if (c->verbose != NULL)
			/* replies as they came, as sendmail -v shows them */
			fprintf(c->verbose, "%.*s\n", (int)len, start);
		st = smtpc_reply_line(r, start, len);
		if (st == SMTPC_REPLY_BAD) {
			conn_err(c, "protocol error: malformed reply");
			return -1;
		}
		if (st == SMTPC_REPLY_DONE)
			return 0;
	}
}

/* smtpc_conn_discard - forget what the server sent ahead */
size_t
smtpc_conn_discard(struct smtpc_conn *c)
{
	size_t n = c->rlen - c->rpos;

	c->rpos = c->rlen = 0;
	return n;
}
