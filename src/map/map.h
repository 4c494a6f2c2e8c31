/*
 * map - named lookup tables declared by K lines, and their classes.
 *
 * A map is created from a K line (name, class, the rest of the line as
 * sendmail's map arguments: -a -A -D -f -k -m -N -O -o -q -S -T -v -z
 * ... then the file or class-specific text).  It opens lazily on the
 * first lookup, as sendmail's do.  Each class is a small function
 * table in its own file (map_hash.c, map_host.c, ...) found through a
 * registry (map_class_find).  A class tern lacks (nis, ldap, ...) is
 * known by name and fails with "map type not available".
 *
 * The map module knows nothing of the .cf structure: what it needs
 * from the rest of the program comes through struct map_env.
 *
 * Lookup results follow sendmail: status is one of the sysexits codes
 * (EX_OK found or not found, EX_TEMPFAIL, EX_UNAVAILABLE, ...);
 * "found" is a separate flag; the value has the -a suffix (or -T on a
 * temporary failure) and %1..%9 substitution already applied (%0 is
 * the key), with the -m / -q / -N / -O / -f / -k / -v / -z semantics
 * done by the map layer, not by each class.
 */
#ifndef TERN_MAP_H
#define TERN_MAP_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

struct map;

/* What a map needs from its host program. */
struct map_env {
	void *ctx;
	/* macro value by name ("j", "{client_addr}"); NULL if unset */
	const char *(*macro_get)(void *ctx, const char *name);
	/* set a macro (the macro map with arguments); value NULL clears */
	void (*macro_set)(void *ctx, const char *name, const char *value);
	/* another map by name (sequence, switch), NULL if none */
	struct map *(*map_find)(void *ctx, const char *name);
	/* a diagnostic line, printed as sendmail prints it (no newline) */
	void (*error)(void *ctx, const char *text);
	/* option values the classes need; NULL for unset */
	const char *hosts_file;		/* HostsFile */
	const char *service_switch;	/* ServiceSwitchFile */
	const char *resolver_options;	/* ResolverOptions */
	const char *alias_file;		/* AliasFile, for the aliases map */
	int resolver_timeout_ms;	/* 0: the class default */
};

struct map_result {
	bool found;
	int status;		/* EX_OK, EX_TEMPFAIL, EX_UNAVAILABLE, EX_NOTFOUND... */
	struct buf value;	/* valid if found */
};

/* map_new - declare a map from a K line; NULL and err set if malformed */
struct map *map_new(const struct map_env *, const char *name,
    const char *classname, const char *args, struct buf *err);
void map_free(struct map *);
const char *map_name(const struct map *);
const char *map_classname(const struct map *);

/*
 * map_lookup - look key up with the $@ arguments (args[0] is %1 ...).
 * Opens the map on first use.  res->value is reset by the call.
 */
void map_lookup(struct map *, const char *key, const char *const *args,
    size_t nargs, struct map_result *res);

/* map_class_known - is this a class name sendmail 8.17 knows? */
bool map_class_known(const char *classname);

/* map_result_init / map_result_free - manage res->value */
void map_result_init(struct map_result *);
void map_result_free(struct map_result *);

#endif
