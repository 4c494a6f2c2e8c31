/*
 * version - the one place tern names itself.
 *
 * tern behaves as sendmail 8.17; where sendmail names its own version
 * and build ($v, the -d0.1 banner, "Version" of -d0.101) tern names
 * its own instead.
 */
#ifndef TERN_VERSION_H
#define TERN_VERSION_H

#define TERN_VERSION		"tern-0.1"
#define TERN_COMPILED_WITH	"IPV6 LOG MAP_REGEX NEWDB=5.3 PIPELINING"

#endif
