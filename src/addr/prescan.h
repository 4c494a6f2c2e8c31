/*
 * prescan - sendmail's address tokenizer.
 *
 * Splits an address into tokens exactly as sendmail 8.17's prescan
 * does: OperatorChars and the fixed specials ()<>,;" make one-character
 * tokens, quoted strings stay one token with their quotes, comments in
 * parentheses are dropped, angle brackets and quotes are balanced (and
 * repaired, with sendmail's error texts), backslash escapes are kept,
 * and sendmail's limits on atoms and length give its errors.
 *
 * Contract:
 *  - in: the text (NUL-terminated; scanning stops at NUL or at an
 *    unquoted, unbracketed `delim` when delim != '\0').
 *  - out: tokens appended to ws, their text allocated in arena.
 *  - errors: each diagnostic sendmail would print ("<addr>... Unbalanced
 *    '<'" and the like) is appended to err as one line ending in '\n',
 *    exactly as sendmail prints it in -bt mode.  A repairable error
 *    still yields tokens (return 0); a fatal one (too long, too many
 *    tokens) returns -1 with ws->n == 0 as sendmail returns NULL.
 *  - endp, if not NULL, gets the position where scanning stopped.
 *  - cf mode (PRESCAN_CF): a run TOK_META_OPEN ... TOK_META_CLOSE is
 *    one token, copied with its markers; used to tokenize rule text.
 */
#ifndef TERN_PRESCAN_H
#define TERN_PRESCAN_H

#include "addr/token.h"
#include "util/arena.h"
#include "util/buf.h"

#define PRESCAN_CF	0x01	/* tokenizing .cf rule text */
#define PRESCAN_NOERR	0x02	/* do not report errors (header parsing) */

struct prescan_cfg {
	const char *opchars;	/* OperatorChars; NULL means sendmail's default */
};

int prescan(const char *in, int delim, const struct prescan_cfg *,
    int flags, struct arena *, struct ws *out, const char **endp,
    struct buf *err);

#endif
