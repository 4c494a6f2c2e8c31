/*
 * qw_server.c - the queue writer's poll loop: datagrams in from each
 * front end connection, through qw_conn_input (which prepares COMMITs),
 * then the group commit of what that burst prepared (qw_group.c), then
 * answers out.
 */
#include "qwriter/qw_int.h"
#include "util/msg.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define QW_FRAMES_PER_TURN	64	/* per connection per pass: fairness */
#define QW_PASSES		16	/* passes over the connections before a
					   group commit, while input waits */

/* raise_nofile - each open transaction holds its df open */
static void
raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			msg_warn("qwriter: cannot raise the open file limit");
	}
}

/* qw_server_new - see qwriter.h */
struct qw_server *
qw_server_new(struct cf *cf, const struct queue_dirs *qd,
    const struct qw_hooks *hooks)
{
	struct qw_server *s = xcalloc(1, sizeof(*s));

	s->cf = cf;
	s->qd = qd;
	if (hooks != NULL)
		s->hooks = *hooks;
	s->rbuf = xmalloc(QW_FRAME_MAX + 1);
	qw_group_init(s);
	raise_nofile();
	return s;
}

/* qw_server_free - abort what is open, close everything */
void
qw_server_free(struct qw_server *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nconns; i++)
		qw_conn_free(s->conns[i]);
	/* members of connections driven directly (not ours to free) */
	while (s->ngroup > 0)
		qw_conn_drop(s->group[0]);
	free(s->conns);
	free(s->rbuf);
	qw_group_free(s);
	free(s);
}

/* qw_server_add_conn - serve a front end on fd */
int
qw_server_add_conn(struct qw_server *s, int fd)
{
	int type = 0, fl;
	socklen_t tl = sizeof(type);

	/* only a SEQPACKET socket keeps frame boundaries */
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) < 0 ||
	    type != SOCK_SEQPACKET ||
	    (fl = fcntl(fd, F_GETFL)) < 0 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
		int e = errno ? errno : EINVAL;

		(void)close(fd);
		errno = type != SOCK_SEQPACKET ? EINVAL : e;
		return -1;
	}
	if (s->nconns == s->conncap) {
		s->conncap = s->conncap ? s->conncap * 2 : 4;
		s->conns = xreallocarray(s->conns, s->conncap, sizeof(*s->conns));
	}
	s->conns[s->nconns++] = qw_conn_new(s, fd);
	s->stats.conns++;
	return 0;
}

void
qw_server_set_stop(struct qw_server *s, volatile sig_atomic_t *flag)
{
	s->stop = flag;
}

const struct qw_stats *
qw_server_stats(const struct qw_server *s)
{
	return &s->stats;
}

/* qw_server_child_close - see qwriter.h */
void
qw_server_child_close(struct qw_server *s)
{
	size_t i;

	for (i = 0; i < s->nconns; i++)
		qw_conn_close_child(s->conns[i]);
}

/* pending - bytes of answers not yet sent */
static size_t
pending(const struct qw_conn *c)
{
	return c->out.len - c->out_off;
}

/* flush - send whole frames until the socket is full; -1: peer gone */
static int
flush(struct qw_conn *c)
{
	while (pending(c) >= QW_HDR_LEN) {
		const unsigned char *h =
		    (const unsigned char *)c->out.data + c->out_off;
		/* our own encoding: the length field is trusted here */
		size_t len = QW_HDR_LEN + ((size_t)h[8] << 24 |
		    (size_t)h[9] << 16 | (size_t)h[10] << 8 | h[11]);
		ssize_t n = send(c->fd, h, len, MSG_DONTWAIT | MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n < 0 || (size_t)n != len)
			return -1;
		c->out_off += len;
	}
	if (c->out_off == c->out.len) {
		buf_reset(&c->out);
		c->out_off = 0;
	}
	return 0;
}

/* drop_conn - close connection i, aborting its transactions */
static void
drop_conn(struct qw_server *s, size_t i, const char *why)
{
	struct qw_conn *c = s->conns[i];

	if (c->ntxns > 0 || why != NULL)
		msg_warnx("qwriter: front end connection closed%s%s; %zu open "
		    "transactions aborted", why ? ": " : "", why ? why : "",
		    c->ntxns);
	qw_conn_free(c);
	s->conns[i] = s->conns[--s->nconns];
}

/*
 * receive - up to QW_FRAMES_PER_TURN datagrams: 0 none left, 1 more may
 * be waiting, -1 drop the connection (why set)
 */
static int
receive(struct qw_server *s, struct qw_conn *c, const char **why)
{
	int i;

	for (i = 0; i < QW_FRAMES_PER_TURN; i++) {
		if (pending(c) > QW_OUT_MAX)
			return 0;	/* not read until it reads */
		/* MSG_TRUNC: the real size even when it does not fit */
		ssize_t n = recv(c->fd, s->rbuf, QW_FRAME_MAX + 1,
		    MSG_DONTWAIT | MSG_TRUNC);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0) {
			*why = strerror(errno);
			return -1;
		}
		if (n == 0) {
			*why = NULL;	/* end of file */
			return -1;
		}
		if ((size_t)n > QW_FRAME_MAX) {
			s->stats.violations++;
			*why = "protocol violation: frame too long";
			return -1;
		}
		if (qw_conn_input(c, s->rbuf, (size_t)n) < 0) {
			s->stats.violations++;
			msg_warnx("qwriter: protocol violation: %s", c->violation);
			*why = "protocol violation";
			return -1;
		}
	}
	return 1;
}

/* qw_server_run - see qwriter.h */
int
qw_server_run(struct qw_server *s)
{
	struct pollfd *pfd = NULL;
	size_t cap = 0, i, n;
	int pass;
	bool more;

	for (;;) {
		if ((s->stop != NULL && *s->stop) || s->nconns == 0)
			break;
		if (cap < s->nconns) {
			cap = s->nconns;
			pfd = xreallocarray(pfd, cap, sizeof(*pfd));
		}
		n = s->nconns;
		for (i = 0; i < n; i++) {
			struct qw_conn *c = s->conns[i];

			pfd[i].fd = c->fd;
			/* a front end that does not read its answers is not read */
			pfd[i].events = pending(c) <= QW_OUT_MAX ? POLLIN : 0;
			if (pending(c) > 0)
				pfd[i].events |= POLLOUT;
			pfd[i].revents = 0;
		}
		if (poll(pfd, n, QW_POLL_MS) < 0) {
			if (errno == EINTR)
				continue;
			free(pfd);
			return -1;
		}
		/*
		 * Read the burst: passes over the readable connections while
		 * one still has input, so that a group gathers what is
		 * waiting (bounded: QW_PASSES, a full group is committed at
		 * once anyway).  pfd[i].events marks who is still read.
		 */
		for (i = 0; i < n; i++)
			pfd[i].events = (pfd[i].revents &
			    (POLLIN | POLLHUP | POLLERR)) ? 1 : 0;
		for (pass = 0, more = true; more && pass < QW_PASSES; pass++) {
			more = false;
			/* backwards: drop_conn moves the last connection into i */
			for (i = n; i-- > 0;) {
				const char *why = NULL;
				int r;

				if (i >= s->nconns || pfd[i].events == 0)
					continue;
				r = receive(s, s->conns[i], &why);
				if (r < 0) {
					size_t last = s->nconns - 1;

					/* what it committed before is still
					   committed, and answers already
					   earned still go out */
					(void)qw_server_commit(s);
					(void)flush(s->conns[i]);
					drop_conn(s, i, why);
					/* the last one moved into i (already
					   read in this pass): its mark too */
					pfd[i] = pfd[last];
					continue;
				}
				pfd[i].events = r > 0 ? 1 : 0;
				more |= r > 0;
			}
		}
		/* the burst is read: commit what it prepared as one group */
		(void)qw_server_commit(s);
		for (i = s->nconns; i-- > 0;)
			if (pending(s->conns[i]) > 0 && flush(s->conns[i]) < 0)
				drop_conn(s, i, "cannot send");
	}
	free(pfd);
	return 0;
}
