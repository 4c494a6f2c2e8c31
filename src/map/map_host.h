/*
 * map_host - host name canonification for the host class, $[ $],
 * -bt's /canon and /mx (map_host_canon and map_host_mx are declared in
 * map.h), and the hosts file helpers behind them.
 */
#ifndef TERN_MAP_HOST_H
#define TERN_MAP_HOST_H

#include <stdbool.h>

#include "map/map.h"
#include "util/buf.h"

/*
 * map_hostsfile_canon - the canonical name of name in the hosts file
 * (the first name with a dot on the line that lists name, else the
 * first name).  A trailing dot on name is ignored, and so is our own
 * domain (dom, may be NULL) when matching.
 */
bool map_hostsfile_canon(const char *path, const char *name, const char *dom,
    struct buf *out);

/* map_hostsfile_addr - the first name the hosts file gives an address */
bool map_hostsfile_addr(const char *path, const char *addr, struct buf *out);

/*
 * map_host_getcanon - getcanonname: name through the service switch;
 * out gets the answer.  *status: EX_OK, EX_NOHOST, EX_TEMPFAIL (no
 * name server answered), EX_UNAVAILABLE.
 */
bool map_host_getcanon(const struct map_env *, const char *name, bool trymx,
    struct buf *out, int *status);

#endif
