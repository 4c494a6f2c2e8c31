/*
 * map_impl - what the map layer and its classes share; not for callers.
 *
 * A struct map holds the K line, parsed by the generic argument parser
 * (map_args.c) or by the class's own parser, the open state, and a
 * pointer to the class's private data.  Each class is a struct
 * map_class in its own file; map_class.c lists them.
 *
 * Opening follows sendmail: a map that fails to open and is not
 * optional becomes "bogus" (every lookup is a temporary failure, the
 * error having been said once); an optional one becomes unusable
 * (lookups find nothing, -bt says "not open").
 */
#ifndef TERN_MAP_IMPL_H
#define TERN_MAP_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "map/map.h"
#include "util/buf.h"

/* K-line flags (sendmail's MF_*) */
#define MAP_F_OPTIONAL	0x0001	/* -o */
#define MAP_F_NOFOLD	0x0002	/* -f */
#define MAP_F_MATCHONLY	0x0004	/* -m */
#define MAP_F_INCLNULL	0x0008	/* -N */
#define MAP_F_TRY0NULL	0x0010	/* try keys without a trailing NUL */
#define MAP_F_TRY1NULL	0x0020	/* try keys with a trailing NUL */
#define MAP_F_APPEND	0x0040	/* -A */
#define MAP_F_KEEPQUOTES 0x0080	/* -q */
#define MAP_F_NODEFER	0x0100	/* -t */
#define MAP_F_DEFER	0x0200	/* -D */

/* class flags */
#define MAP_C_OPTFILE	0x01	/* the file argument may be missing */
#define MAP_C_NOTAVAIL	0x02	/* known to sendmail, not built into tern */

enum map_state {
	MAP_ST_NEW,		/* not opened yet */
	MAP_ST_OPEN,		/* usable */
	MAP_ST_BOGUS,		/* open failed: lookups are EX_TEMPFAIL */
	MAP_ST_CLOSED,		/* optional and failed, or invalid: unusable */
};

struct map;

struct map_class {
	const char *name;
	unsigned flags;
	/* parse the K-line arguments; NULL: the generic parser */
	bool (*parse)(struct map *, const char *args, struct buf *err);
	/* open; false on failure, with the diagnostic already given */
	bool (*open)(struct map *);
	/* the class lookup, as sendmail's map_class->map_lookup */
	void (*lookup)(struct map *, const char *key,
	    const char *const *av, struct map_result *);
	void (*close)(struct map *);
};

struct map {
	char *name;
	const struct map_class *cls;
	const struct map_env *env;
	enum map_state state;
	bool valid;		/* false: declared with errors that disable it */
	unsigned flags;		/* MAP_F_* */
	char *app;		/* -a, NULL if not given */
	char *tapp;		/* -T */
	char *keycol;		/* -k */
	char *valcol;		/* -v */
	int coldelim;		/* -z, '\0' for white space */
	int spacesub;		/* -S (or -s for dequote) */
	char *file;		/* first argument after the flags */
	char *rest;		/* what follows the file */
	char *args;		/* the K-line arguments as given */
	int timeout;		/* -d (host, dns) seconds, 0 default */
	int retry;		/* -r (host, dns), -1 default */
	void *priv;		/* class data */
};

/* map_class_find - the class of that name, NULL if sendmail lacks it */
const struct map_class *map_class_find(const char *name);

/* map_args_parse - sendmail's generic K-line argument parser */
bool map_args_parse(struct map *, const char *args, struct buf *err);

/* map_args_word - copy one white-space delimited word; return the rest */
const char *map_args_word(const char *p, struct buf *word);

/*
 * map_rewrite - the value to return: s (len bytes, stopping at a NUL)
 * with %0..%9 replaced from av (NULL-terminated, may be NULL: no
 * substitution), then the -a suffix.
 */
void map_rewrite(const struct map *, const char *s, size_t len,
    const char *const *av, struct buf *out);

/* map_found - set res to found with the rewritten value */
void map_found(const struct map *, struct map_result *, const char *s,
    size_t len, const char *const *av);

/* map_error - give a diagnostic through env->error (or msg_warnx) */
void map_error(const struct map *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void map_env_error(const struct map_env *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* map_lower - fold ASCII upper case in place */
void map_lower(char *);

/* map_quote_strip - remove double quotes and backslash escapes in place */
void map_quote_strip(char *);

/* map_shorten - sendmail's shortenstring: "first...last" past m bytes */
const char *map_shorten(const char *s, size_t m, char *buf, size_t bufsize);

/* map_open_file_check - the safety check before opening a map file */
int map_file_check(const char *path);

/* the service switch: the methods for a service ("hosts": files dns) */
size_t map_switch_find(const struct map_env *, const char *service,
    char methods[][16], size_t max);

/* map_seq_lookup - try member maps in order (sequence and switch) */
void map_seq_lookup(struct map *const *members, size_t n, const char *key,
    const char *const *av, struct map_result *);

/* map_dequote_parse - dequote_init's arguments (dequote, macro, arith) */
bool map_dequote_parse(struct map *, const char *args, struct buf *err);

/* map_text_column - column col of a text line (delim 0: white space) */
bool map_text_column(const char *line, int col, int delim, struct buf *out);

/* map_class_lookup - open if needed, then the class lookup (no -T) */
void map_class_lookup(struct map *, const char *key, const char *const *av,
    struct map_result *);

/* map_do_open - open a map if not yet tried; whether it is usable */
bool map_do_open(struct map *);

#endif
