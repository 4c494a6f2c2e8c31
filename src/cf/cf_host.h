/*
 * cf_host - who this host is: the macros and class w sendmail sets up
 * around reading the configuration ($w $j $m $k $v $b $_, class w from
 * the host name, its aliases and addresses, and the probed interfaces).
 */
#ifndef TERN_CF_HOST_H
#define TERN_CF_HOST_H

#include "util/version.h"

struct cf;


/* cf_host_init - before the file is read */
void cf_host_init(struct cf *);
/* cf_host_finish - after it is read (options such as DontProbeInterfaces) */
void cf_host_finish(struct cf *);

#endif
