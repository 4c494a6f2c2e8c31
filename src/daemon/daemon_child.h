/*
 * daemon_child - the entry functions of the master's children.  Each is
 * called right after fork() in the child and never returns (_exit).
 * Each installs its own signal handlers (flags only): SIGTERM and SIGHUP
 * mean "finish and exit".
 *
 *   writer   root: owns the queue; commits what the front end streams
 *            over its socketpair end; starts deliveries (DeliveryMode).
 *   frontend drops to RunAsUser / DefaultUser for good, then serves
 *            the listeners in one libevent loop (frontend.h).
 *   runner   root: queue_run every interval (-q<interval>).
 */
#ifndef TERN_DAEMON_CHILD_H
#define TERN_DAEMON_CHILD_H

#include <stddef.h>

struct cf;
struct daemon_port;

/* exit statuses a child uses, for the master's log */
#define DAEMON_CHILD_PRIVS	78	/* EX_CONFIG: cannot drop root */

void daemon_child_writer(struct cf *, int fd) __attribute__((noreturn));
void daemon_child_frontend(struct cf *, int qw_fd, struct daemon_port *v,
    size_t n) __attribute__((noreturn));
void daemon_child_runner(struct cf *, long interval)
    __attribute__((noreturn));

#endif
