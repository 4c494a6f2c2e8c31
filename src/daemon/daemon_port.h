/*
 * daemon_port - one DaemonPortOptions entry, read the way sendmail 8.17
 * reads it.
 *
 * The option is a comma-separated list of Field=value pairs; only the
 * first character of each field name counts (sendmail's switch), and
 * items without '=' are skipped:
 *
 *   A a  Addr=      IPv4/IPv6 address or host name; Family=local: a path
 *   F f  Family=    inet (default), inet6, local/unix, or a number
 *   P p  Port=      number or service name (default: "smtp", else 25)
 *   N n  Name=      default "DaemonN" (N: its position)
 *   M m  Modifiers= flag letters (a b c C E f h O s S u A ...); the last
 *                   M= wins; blanks and unprintables are skipped
 *   L l  Listen=    backlog (default 10)
 *   S s  SndBufSize=      R  RcvBufSize=
 *   I i  InputMailFilters=  (kept, unused: no milter)
 *   D    DeliveryMode=    c  children=   d delayLA=   q queueLA=
 *   r    refuseLA=
 *
 * Note the case quirks: "rcv=" is refuseLA, not RcvBufSize.  Unknown
 * fields, families and delivery modes are reported once, by the .cf
 * reader (cf/option.c); what is left for here is what only resolution
 * can tell: an unknown host or service, Port= or Addr= on a family that
 * has none, a socket path too long.  Such an entry is marked unusable
 * (sendmail would bind a half-filled address; tern does not bind at
 * all rather than listen somewhere the administrator did not say).
 */
#ifndef TERN_DAEMON_PORT_H
#define TERN_DAEMON_PORT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

struct buf;
struct option_list;

#define DAEMON_PORT_MAX		10	/* sendmail's MAXDAEMONS */
#define DAEMON_LISTEN_DEFAULT	10	/* sendmail's DEF_LISTENQUEUE */
#define DAEMON_UNSET		(-1)	/* children, delayLA ... not given */

union daemon_sockaddr {
	struct sockaddr sa;
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	struct sockaddr_un sun;
	struct sockaddr_storage ss;
};

struct daemon_port {
	char *name;			/* Name=, or "Daemon<i>" */
	int family;			/* AF_INET, AF_INET6, AF_UNIX, other */
	union daemon_sockaddr addr;	/* port in network order inside */
	bool usable;			/* false: a resolution failed */
	int listen_queue;		/* Listen= */
	int sndbuf, rcvbuf;		/* 0: system default */
	int children, delay_la, queue_la, refuse_la;	/* DAEMON_UNSET */
	char delivery_mode;		/* 0 if not given */
	char *input_filters;		/* InputMailFilters=, or NULL */
	unsigned char flags[32];	/* M= letters, bit per byte value */
	char *mflags;			/* ${daemon_flags}: "EE a" */
	int fd;				/* listening socket, -1 */
};

/*
 * daemon_port_parse - entry index (for the default name) from spec into
 * d (which it initializes).  Problems are appended to err as lines
 * without a trailing newline's worth of context ("host \"x\" unknown").
 * Returns 0, or -1 when d is unusable.
 */
int daemon_port_parse(struct daemon_port *d, const char *spec, int index,
    struct buf *err);

/*
 * daemon_ports_parse - every entry of the option (at most
 * DAEMON_PORT_MAX, as the .cf reader already enforces); none: sendmail's
 * one "Daemon0" on port smtp of every IPv4 address.  *out is an array
 * the caller frees with daemon_ports_free.  Returns the count.
 */
size_t daemon_ports_parse(const struct option_list *, struct daemon_port **out,
    struct buf *err);

/* daemon_ports_free - free n entries and the array (fds are not closed) */
void daemon_ports_free(struct daemon_port *, size_t n);

/* daemon_port_free - what one entry owns */
void daemon_port_free(struct daemon_port *);

/* daemon_port_flag - is modifier letter c set (M=c)? */
bool daemon_port_flag(const struct daemon_port *, int c);

/* daemon_port_port - the port number (host order), 0 for local sockets */
unsigned daemon_port_port(const struct daemon_port *);

/*
 * daemon_port_addr_text - "127.0.0.1", "::1", "/path", "0.0.0.0" into
 * out (size n), for logs and ${daemon_addr}; returns out.
 */
const char *daemon_port_addr_text(const struct daemon_port *, char *out,
    size_t n);

/* daemon_port_family_text - "inet", "inet6", "local", or "unknown" */
const char *daemon_port_family_text(const struct daemon_port *);

#endif
