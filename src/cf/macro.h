/*
 * macro - sendmail macros ($x, ${name}) and their expansion.
 *
 * Single-character names have ids 0..255 (the byte); long names get ids
 * from MACRO_LONG_FIRST upward as they are first seen, and `${x}` with a
 * one-character name is the same macro as `$x`.  Classes share the id
 * space (class.h), as in sendmail.
 *
 * A value set from the configuration (D lines, -M) may refer to other
 * macros and is expanded recursively; a value set at run time from
 * outside data (an envelope address, a client name) is raw and never
 * re-expanded, so a "$j" inside an address stays text.
 */
#ifndef TERN_MACRO_H
#define TERN_MACRO_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

#define MACRO_LONG_FIRST	256
#define MACRO_MAXID		1024	/* ids are < this */

struct macros;

struct macros *macros_new(void);
void macros_free(struct macros *);

/* macro_id - the id for a name ("x" or "client_addr"), made if new; -1 if too many */
int macro_id(struct macros *, const char *name, size_t len);

/* macro_id_lookup - the id for a name if it exists, else -1 */
int macro_id_lookup(const struct macros *, const char *name, size_t len);

/*
 * macro_id_parse - parse a macro name at *pp (just after the '$', '&',
 * '=' ...): one character, or "{name}".  Advances *pp; -1 on a
 * malformed name (empty, unterminated brace).
 */
int macro_id_parse(struct macros *, const char **pp);

/*
 * macro_show_byte - the byte sendmail 8.17 stores for macro id in its
 * internal form of a .cf line, which its diagnostics show with the top
 * bit cleared: a one-character name is itself; long names get 0xa2,
 * 0xa3, ... in the order they are first asked for (the .cf reader asks
 * whenever it parses a name), and 0xff once those run out.
 */
int macro_show_byte(struct macros *, int id);

/* macro_name - the printable name: "x" or "{name}" */
const char *macro_name(const struct macros *, int id, char tmp[4]);

const char *macro_get(const struct macros *, int id);
/* macro_expandable - was the value set from the configuration? */
bool macro_expandable(const struct macros *, int id);
const char *macro_get_name(const struct macros *, const char *name);
void macro_set(struct macros *, int id, const char *value);	/* raw */
void macro_set_cf(struct macros *, int id, const char *value);	/* expandable */

/*
 * Moving a value without copying it (session_macro.c switches sessions'
 * values in and out this way): macro_adopt stores a malloc'ed value the
 * macros then own (the watch is told, as for macro_set); macro_steal
 * hands id's value and flag to the caller and leaves id unset, telling
 * no watch.
 */
void macro_adopt(struct macros *, int id, char *value, bool expandable);
char *macro_steal(struct macros *, int id, bool *expandable);

/*
 * macros_watch - fn(ctx, id) is called before each change of a value
 * (macro_set, macro_set_cf), while the old value can still be read;
 * NULL stops it.  One watcher at a time: the SMTP session uses it to
 * keep its own values apart from the shared ones (session/session.h).
 */
typedef void macro_watch_fn(void *ctx, int id);
void macros_watch(struct macros *, macro_watch_fn *, void *ctx);

/*
 * macro_expand - expand $x ${x} $&x $?x..$|..$. in text into out
 * (appended).  Unknown or unset macros expand to nothing; "$$" is a
 * literal '$' (the .cf reader keeps a configuration's "$$" that way).
 * Recursion into expandable values is bounded.
 */
void macro_expand(const struct macros *, const char *text, struct buf *out);

#endif
