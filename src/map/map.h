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
	const char *hosts_file;		/* HostsFile (NULL: /etc/hosts) */
	const char *service_switch;	/* ServiceSwitchFile (NULL: /etc/mail/service.switch) */
	const char *resolver_options;	/* ResolverOptions */
	const char *alias_file;		/* AliasFile, for the aliases map */
	int resolver_timeout_ms;	/* 0: the class default */
};

struct map_result {
	bool found;
	int status;		/* EX_OK, EX_TEMPFAIL, EX_UNAVAILABLE, EX_NOTFOUND... */
	struct buf value;	/* valid if found */
};

/*
 * map_new - declare a map from a K line; NULL and err set if malformed.
 * err gets the text sendmail prints (without "file: line N: "), e.g.
 * "readcf: map x: class nis not available" (NULL: no map) or
 * "Illegal option Y map x" and "No file name for hash map x" (a map
 * IS returned: sendmail declares it anyway, unusable in the latter
 * case).  So print err whenever it is not empty; it may hold several
 * lines, separated by newlines, each one sendmail line.  The env must
 * outlive the map.  Sequence maps find their members through
 * env->map_find at this point, so declare maps in K-line order.
 */
struct map *map_new(const struct map_env *, const char *name,
    const char *classname, const char *args, struct buf *err);
void map_free(struct map *);
const char *map_name(const struct map *);
const char *map_classname(const struct map *);

/*
 * map_lookup - look key up with the $@ arguments (args[0] is %1 ...).
 * Opens the map on first use.  res->value is reset by the call.
 * This is sendmail's map_lookup for $( $): the key is dequoted unless
 * -q; on a temporary failure (status EX_TEMPFAIL) the value is the key
 * plus the -T suffix, found, if -T was given, and -t turns the status
 * back to EX_OK.  A "not found" status can be EX_OK or a class's own
 * (EX_NOHOST 68 for host/text/null/sequence, EX_NOUSER 67 for user):
 * sendmail's rewriting only cares about EX_TEMPFAIL (ruleset status
 * 75), and so should the engine.  An optional map that failed to open
 * finds nothing, status EX_OK.
 */
void map_lookup(struct map *, const char *key, const char *const *args,
    size_t nargs, struct map_result *res);

/*
 * map_open - open the map now if it was not tried yet (a K line only
 * declares it).  False if the map is unusable: optional and missing,
 * or declared with errors; -bt's /map then prints
 * "Map named "x" not open".  A map that failed to open without -o is
 * still "open": its lookups are temporary failures (status 75), the
 * diagnostic having gone once through env->error.
 */
bool map_open(struct map *);

/*
 * map_lookup_direct - what -bt's "/map name key" does: the class
 * lookup alone, with %0 the key and no other arguments, no dequoting
 * of the key and no -T suffix.  Call map_open first.  Diagnostics a
 * lookup gives (host: "x: Name server timeout") go through env->error
 * while the lookup runs, so print "map_lookup: name (key) " first.
 */
void map_lookup_direct(struct map *, const char *key, struct map_result *);

/*
 * In map values, this byte stands for the $| operator (the regex
 * class's default -s delimiter), as in sendmail.
 */
#define MAP_BAR_BYTE	'\233'

/*
 * The maps sendmail declares itself after reading the cf, each only if
 * no K line declared one of that name: the host map behind $[ $] and
 * the aliases map.  Terminated by a NULL name.
 */
struct map_builtin {
	const char *name, *classname, *args;
};
extern const struct map_builtin map_builtins[];

/*
 * map_host_canon - sendmail's getcanonname, for -bt's /canon: the
 * canonical name of name through the service switch (hosts file, then
 * DNS), with $m appended to a single-label answer.  out gets the
 * canonical name, or name itself when it is not found.  Returns 1 if
 * canonified, 0 if not.
 */
int map_host_canon(const struct map_env *, const char *name, struct buf *out);

/*
 * map_host_mx - sendmail's getmxrr, for -bt's /mx: the MX hosts of
 * name by preference.  Returns the count (0 when DNS is not in the
 * service switch or there is no MX, 1 with the name itself for
 * "[literal]"), or -1 on a temporary failure.  mx->host[] are owned by
 * mx; free with map_mx_free.
 */
#define MAP_MX_MAX	100
struct map_mx {
	size_t n;
	char *host[MAP_MX_MAX];
};
int map_host_mx(const struct map_env *, const char *name, struct map_mx *);
void map_mx_free(struct map_mx *);

/* map_class_known - is this a class name sendmail 8.17 knows? */
bool map_class_known(const char *classname);

/* map_result_init / map_result_free - manage res->value */
void map_result_init(struct map_result *);
void map_result_free(struct map_result *);

#endif
