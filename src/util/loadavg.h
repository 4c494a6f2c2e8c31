/*
 * loadavg - the one-minute load average as sendmail weighs it (an
 * integer), for RefuseLA and QueueLA.
 *
 * Tests cannot make a machine busy on demand: when the environment names
 * a file in TERN_TEST_LOADAVG (ignored in a set-id process), its number
 * is the load average, read anew at every call.
 */
#ifndef TERN_LOADAVG_H
#define TERN_LOADAVG_H

int loadavg_get(void);

#endif
