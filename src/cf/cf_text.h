/*
 * cf_text - the text of a .cf line as sendmail 8.17 sees it, shared by
 * the line readers.
 *
 * sendmail reads a (folded) line, then translates it: comments go (from
 * V3 on), trailing white space goes, "$$" becomes a plain '$', and every
 * other "$x" becomes a macro byte pair, with diagnostics for malformed
 * names.  tern keeps a line in a normalized form of that translation,
 * the "$-form", which the rest of tern already reads:
 *
 *   "$$"            a literal '$'
 *   "$c"            a macro or operator with the one-byte name c ("$*",
 *                   "$1", "$:", "$x", even "$\n")
 *   "$=c" "$~c" "$&c" "$?c"  the same behind a class/deferred/if prefix
 *   "${name}"       a long name (letters, digits, '_'), also behind a
 *                   prefix ("$={name}")
 *   "$" at the end  a reference sendmail could not translate; its copy
 *                   of the line ends there
 *
 * cf_text_show renders $-form text as sendmail's internal bytes, which
 * its diagnostics quote with the top bit cleared ("$*" shows as \001*).
 * Sizes are counted in sendmail's bytes where sendmail truncates
 * (CF_MAXLINE).  No function here fails or reads past a terminator.
 */
#ifndef TERN_CF_TEXT_H
#define TERN_CF_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

struct cf;

/*
 * cf_text_translate - sendmail's translate_dollars on one raw line (its
 * type letter included) into out, in the $-form; the comment rules
 * follow cf->version.  Prints the macro-name diagnostics of line.
 */
void cf_text_translate(struct cf *, const char *raw, struct buf *out,
    int line);

/*
 * cf_text_macid - sendmail's macid_parse: the macro or class name at p
 * (one byte, or "{name}"), with its diagnostics ("Name required for
 * macro/class", "Invalid macro/class character", "Unbalanced { on",
 * "Unable to assign macro/class ID").  Returns the id, or -1 where
 * sendmail returns 0; *endp (if not NULL) is where sendmail's parse
 * stopped.
 */
int cf_text_macid(struct cf *, const char *p, const char **endp, int line);

/*
 * cf_text_reflen - bytes of the $-form construct at p (p[0] == '$'):
 * "$$" 2, a lone "$" 1, "$x" 2, "$=x" 3, "${name}" and "$={name}" up to
 * the brace.
 */
size_t cf_text_reflen(const char *p);

/*
 * cf_text_show - append $-form text (len bytes) as sendmail's internal
 * bytes; with strip, the top bit of each is cleared, as sendmail's
 * error messages print them.
 */
void cf_text_show(struct cf *, const char *text, size_t len, bool strip,
    struct buf *out);

/*
 * cf_text_xputs - append $-form text as sendmail's xputs shows its bytes
 * (-bt's "$x" shows a macro's value so, unexpanded): a macro as "$x" or
 * "${name}", "$$" as '$', newline, CR and tab as \n \r \t, other
 * control characters not at all, an eight-bit byte as "M-" and the rest.
 */
void cf_text_xputs(const char *text, struct buf *out);

/*
 * cf_text_munch - sendmail's munchstring: the text at p up to an
 * unquoted delim (or the end), with double quotes dropped and a
 * backslash taking the next character ("\n" "\r" "\f" "\b" become the
 * control characters), at most CF_MAXLINE - 1 of sendmail's bytes.
 * The value (still in the $-form) replaces out's contents; *delimp gets
 * where the scan stopped.  The value is also written, in sendmail's
 * bytes, over cf->munchbuf, as sendmail's static buffer.
 */
void cf_text_munch(struct cf *, const char *p, const char **delimp,
    int delim, struct buf *out);

/*
 * cf_text_convtime - sendmail's convtime: "1h30m", "90" (in the default
 * unit), "now"; each character that is no unit draws "Invalid time unit
 * `c'" (a note about line) and counts as the default unit.  Seconds.
 */
long cf_text_convtime(struct cf *, const char *p, int unit, int line);

#endif
