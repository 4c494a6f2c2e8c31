/*
 * daemon_listen.c - socket, options, bind, listen for each daemon entry.
 */
#include "daemon/daemon_listen.h"
#include "daemon/daemon_port.h"
#include "util/buf.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* daemon_listen_len - the address length bind() wants for d's family */
static socklen_t
daemon_listen_len(const struct daemon_port *d)
{
	switch (d->family) {
	case AF_INET:
		return sizeof(struct sockaddr_in);
	case AF_INET6:
		return sizeof(struct sockaddr_in6);
	case AF_UNIX:
		return (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
		    strlen(d->addr.sun.sun_path) + 1);
	}
	return sizeof(d->addr);
}

/* daemon_listen_unlink_stale - a left-over local socket file goes */
static void
daemon_listen_unlink_stale(const struct daemon_port *d)
{
	struct stat st;

	if (lstat(d->addr.sun.sun_path, &st) == 0 && S_ISSOCK(st.st_mode))
		(void)unlink(d->addr.sun.sun_path);
}

/* daemon_listen_fail - the reason, and the socket closed */
static int
daemon_listen_fail(struct daemon_port *d, int fd, const char *what,
    struct buf *err)
{
	int e = errno;

	buf_addf(err, "opendaemonsocket: daemon %s: %s: %s\n", d->name, what,
	    strerror(e));
	if (fd >= 0)
		close(fd);
	d->fd = -1;
	errno = e;
	return -1;
}

int
daemon_listen_open(struct daemon_port *d, struct buf *err)
{
	int on = 1, fd, tries;

	fd = socket(d->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return daemon_listen_fail(d, -1,
		    "can't create server SMTP socket", err);
	if (d->family != AF_UNIX &&
	    (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on)) < 0))
		return daemon_listen_fail(d, fd, "setsockopt", err);
	if (d->family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) < 0)
		return daemon_listen_fail(d, fd, "setsockopt(IPV6_V6ONLY)", err);
	if (d->rcvbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &d->rcvbuf,
	    sizeof(d->rcvbuf)) < 0)
		return daemon_listen_fail(d, fd, "setsockopt(SO_RCVBUF)", err);
	if (d->sndbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &d->sndbuf,
	    sizeof(d->sndbuf)) < 0)
		return daemon_listen_fail(d, fd, "setsockopt(SO_SNDBUF)", err);
	if (d->family == AF_UNIX)
		daemon_listen_unlink_stale(d);
	for (tries = 1;; tries++) {
		if (bind(fd, &d->addr.sa, daemon_listen_len(d)) == 0)
			break;
		if (errno != EADDRINUSE || tries >= DAEMON_BIND_TRIES)
			return daemon_listen_fail(d, fd, "cannot bind", err);
		sleep(1);
	}
	if (listen(fd, d->listen_queue > 0 ? d->listen_queue : 1) < 0)
		return daemon_listen_fail(d, fd, "cannot listen", err);
	d->fd = fd;
	return 0;
}

int
daemon_listen_open_all(struct daemon_port *v, size_t n, struct buf *err)
{
	size_t i;
	int count = 0;

	for (i = 0; i < n; i++) {
		if (!v[i].usable) {
			if (daemon_port_flag(&v[i], 'O'))
				continue;
			buf_addf(err, "daemon %s: unusable address\n", v[i].name);
			daemon_listen_close_all(v, n);
			return -1;
		}
		if (daemon_listen_open(&v[i], err) == 0) {
			count++;
			continue;
		}
		if (daemon_port_flag(&v[i], 'O')) {
			buf_addf(err, "opendaemonsocket: daemon %s: optional "
			    "socket disabled\n", v[i].name);
			continue;
		}
		daemon_listen_close_all(v, n);
		return -1;
	}
	return count;
}

void
daemon_listen_close_all(struct daemon_port *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i].fd >= 0)
			close(v[i].fd);
		v[i].fd = -1;
	}
}
