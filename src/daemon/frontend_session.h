/*
 * frontend_session - the product's sessions for the front end loop:
 * session/session.h sessions whose store streams each message to the
 * queue writer (qwriter/qwriter.h) over the front end's socketpair end.
 *
 * The store: session_store.begin must give a queue ID at once, but the
 * writer picks IDs (OPEN -> OPENED).  So transactions are opened ahead:
 * one for each session (at least FS_RESERVE, at most FS_RESERVE_MAX)
 * waits with its ID beyond those in use, begin takes one and a new OPEN
 * refills the pool.  body streams BODY frames, end sends the envelope
 * and COMMIT and leaves the 250 pending (SMTP_ACT_WAIT) until the
 * writer says COMMITTED (or FAILED: its reply goes to the client).  If
 * the writer goes away every pending message gets "451 4.3.0" and the
 * front end stops (frontend_fail): the master restarts the pair.
 * The writer's backlog above QW_CLIENT_HIGH pauses reading from clients.
 *
 * A reserved transaction's df and (empty, locked) tf wait in the queue
 * directory with no qf; after a long idle spell such an ID is old.
 * Client host names come resolved (frontend_resolve.h) with open.
 *
 * TLS and AUTH: STARTTLS is offered when the front end has a context
 * (not on M=S ports; on M=s SMTPS ports TLS is on from the start and
 * STARTTLS is "503 5.5.0 TLS not available"); tls_info puts the
 * handshake's facts into the session (session_tls_done: ${verify}
 * ${cipher} ..., and SASL's external SSF, so AuthOptions=p offers
 * PLAIN and LOGIN only then).  M=a: MAIL only after AUTH ("530 5.7.0
 * Authentication required").
 */
#ifndef TERN_FRONTEND_SESSION_H
#define TERN_FRONTEND_SESSION_H

#include "daemon/frontend.h"

struct cf;
struct frontend_store;

#define FS_RESERVE	8	/* transactions opened ahead */
#define FS_RESERVE_MAX	256	/* ahead, one per session, at most */

/*
 * frontend_session_new - ops serving sessions of cf, storing through
 * the writer on qw_fd (the front end's socketpair end; owned from now).
 */
struct frontend_store *frontend_session_new(struct cf *, int qw_fd,
    struct frontend_session_ops *ops);

/* frontend_session_free - after frontend_run returned */
void frontend_session_free(struct frontend_store *);

#endif
