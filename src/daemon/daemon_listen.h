/*
 * daemon_listen - the listening sockets of the DaemonPortOptions entries.
 *
 * Each socket is non-blocking and close-on-exec, has SO_REUSEADDR and
 * SO_KEEPALIVE (inherited by accepted connections, as sendmail sets
 * them), SO_SNDBUF/SO_RCVBUF when given, IPV6_V6ONLY for inet6 (an
 * inet6 entry never takes IPv4 connections: that is the inet entry's
 * job).  A local (AF_UNIX) entry replaces a stale socket file, never
 * any other kind of file.
 *
 * A bind that fails with EADDRINUSE is retried (DAEMON_BIND_TRIES, a
 * second apart: after SIGHUP the old front end may still be closing its
 * copies); sendmail retries ten times five seconds apart.
 */
#ifndef TERN_DAEMON_LISTEN_H
#define TERN_DAEMON_LISTEN_H

#include <stddef.h>

struct buf;
struct daemon_port;

#define DAEMON_BIND_TRIES	10

/*
 * daemon_listen_open - open d->fd.  0, or -1 with the reason appended to
 * err as "opendaemonsocket: daemon NAME: cannot bind: ERROR".
 */
int daemon_listen_open(struct daemon_port *d, struct buf *err);

/*
 * daemon_listen_open_all - every usable entry.  An entry with M=O whose
 * socket cannot be opened is skipped (logged by the caller from err);
 * any other failure closes what was opened and returns -1.  Returns the
 * number of sockets opened otherwise.
 */
int daemon_listen_open_all(struct daemon_port *v, size_t n, struct buf *err);

/* daemon_listen_close_all - close every open fd (fd = -1) */
void daemon_listen_close_all(struct daemon_port *v, size_t n);

#endif
