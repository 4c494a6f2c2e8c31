/*
 * frontend_resolver.c - the client-name lookups off the event loop: a
 * job queue served by worker threads, answers back through a pipe.
 *
 * Ownership: a job belongs to the queue until a worker takes it, to the
 * worker until it writes the job's pointer into the pipe, then to the
 * loop, which frees it.  job->conn is read and written by the loop only
 * (a cancelled job keeps running and its answer is dropped), so the
 * workers never touch a connection.  Pointers go through the pipe whole
 * (sizeof(void *) < PIPE_BUF: atomic).
 */
#include "daemon/frontend_resolve.h"
#include "daemon/frontend_int.h"
#include "util/buf.h"
#include "util/log.h"

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct fe_rjob {
	struct fe_rjob *next;
	struct frontend_conn *conn;	/* NULL: cancelled (loop only) */
	union {
		struct sockaddr sa;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
	} addr;			/* small: many may wait */
	socklen_t addr_len;
	struct timespec queued;
	struct frontend_resolved res;
};

/* one pool per front end process */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct fe_rjob *head, *tail;
	int pipe[2];
	struct event *ev;
	bool started;
} pool = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, NULL,
	{ -1, -1 }, NULL, false };

/* fe_rjob_stale - waited in the queue past the timeout: not worth it */
static bool
fe_rjob_stale(const struct fe_rjob *j)
{
	struct timespec now;

	if (clock_gettime(CLOCK_MONOTONIC, &now) < 0)
		return false;
	return now.tv_sec - j->queued.tv_sec > FRONTEND_RESOLVE_TIMEOUT;
}

/* fe_resolver_worker - take jobs, look up, hand back; forever */
static void *
fe_resolver_worker(void *arg)
{
	(void)arg;
	for (;;) {
		struct fe_rjob *j;
		const char *p;
		size_t left;

		pthread_mutex_lock(&pool.mu);
		while (pool.head == NULL)
			pthread_cond_wait(&pool.cv, &pool.mu);
		j = pool.head;
		pool.head = j->next;
		if (pool.head == NULL)
			pool.tail = NULL;
		pthread_mutex_unlock(&pool.mu);

		if (fe_rjob_stale(j)) {
			j->res.name = NULL;
			j->res.resolve = "TEMP";
		} else
			frontend_resolve_lookup(&j->addr.sa, j->addr_len,
			    &j->res);
		p = (const char *)&j;
		left = sizeof(j);
		while (left > 0) {
			ssize_t n = write(pool.pipe[1], p, left);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;	/* the loop is gone: so is the process */
			p += n;
			left -= (size_t)n;
		}
	}
	return NULL;
}

/* fe_resolver_read_cb - answers are in: each waiting connection goes on */
static void
fe_resolver_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct fe_rjob *v[64];
	ssize_t n;
	size_t i, k;

	(void)what;
	(void)arg;
	n = read(fd, v, sizeof(v));
	if (n <= 0)
		return;
	k = (size_t)n / sizeof(v[0]);
	/* the pipe takes whole pointers; a short read cannot split one */
	for (i = 0; i < k; i++) {
		struct frontend_conn *c = v[i]->conn;

		if (c != NULL) {
			c->rjob = NULL;
			c->resolved = v[i]->res;
			fe_conn_resolved(c);	/* may free c */
		} else
			free(v[i]->res.name);
		free(v[i]);
	}
}

int
fe_resolver_start(struct frontend *fe, struct event_base *base)
{
	pthread_attr_t attr;
	int i, started = 0;

	(void)fe;
	if (pool.started)
		return 0;
	if (pipe2(pool.pipe, O_CLOEXEC) < 0)
		return -1;
	if (fcntl(pool.pipe[0], F_SETFL, O_NONBLOCK) < 0)
		return -1;
	pool.ev = event_new(base, pool.pipe[0], EV_READ | EV_PERSIST,
	    fe_resolver_read_cb, NULL);
	if (pool.ev == NULL || event_add(pool.ev, NULL) < 0)
		return -1;
	/*
	 * one malloc arena: the workers' short-lived c-ares allocations are
	 * reused, not kept in an arena of their own per thread (that cost
	 * over 1 KiB per session with 1000 sessions open)
	 */
	(void)mallopt(M_ARENA_MAX, 1);
	if (pthread_attr_init(&attr) != 0)
		return -1;
	(void)pthread_attr_setstacksize(&attr, FE_RESOLVE_STACK);
	(void)pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (i = 0; i < FE_RESOLVE_THREADS; i++) {
		pthread_t t;

		if (pthread_create(&t, &attr, fe_resolver_worker, NULL) == 0)
			started++;
	}
	pthread_attr_destroy(&attr);
	if (started == 0)
		return -1;
	pool.started = true;
	return 0;
}

int
fe_resolver_submit(struct frontend_conn *c)
{
	struct fe_rjob *j;

	if (!pool.started)
		return -1;
	j = xcalloc(1, sizeof(*j));
	j->conn = c;
	j->addr_len = c->addr_len <= sizeof(j->addr) ? c->addr_len :
	    sizeof(j->addr);
	memcpy(&j->addr, &c->addr, j->addr_len);
	(void)clock_gettime(CLOCK_MONOTONIC, &j->queued);
	c->rjob = j;
	pthread_mutex_lock(&pool.mu);
	if (pool.tail != NULL)
		pool.tail->next = j;
	else
		pool.head = j;
	pool.tail = j;
	pthread_cond_signal(&pool.cv);
	pthread_mutex_unlock(&pool.mu);
	return 0;
}

void
fe_resolver_cancel(struct frontend_conn *c)
{
	if (c->rjob != NULL) {
		c->rjob->conn = NULL;
		c->rjob = NULL;
	}
}

void
fe_resolver_stop(struct frontend *fe)
{
	(void)fe;
	if (pool.ev != NULL) {
		event_free(pool.ev);
		pool.ev = NULL;
	}
}
