/*
 * ipc_child - smtpc_deliver in an unprivileged child when we are root
 * (RunAsUser, else DefaultUser; never uid 0), with the same outcome in
 * the job's recipients and the result.
 */
#ifndef TERN_IPC_CHILD_H
#define TERN_IPC_CHILD_H

struct options;
struct smtpc_job;
struct smtpc_result;

int ipc_deliver(struct smtpc_job *, struct smtpc_result *,
    const struct options *);

#endif
