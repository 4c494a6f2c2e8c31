/*
 * prescan - sendmail's address tokenizer.
 *
 * Splits an address into tokens exactly as sendmail 8.17's prescan
 * does: OperatorChars and the fixed specials ()<>,;" make one-character
 * tokens, quoted strings stay one token with their quotes, comments in
 * parentheses are dropped, angle brackets and quotes are balanced (and
 * repaired, with sendmail's error texts), backslash escapes are kept,
 * and sendmail's limits on atoms and length give its errors.
 * docs/notes/prescan.md has the observations behind every rule.
 *
 * Contract:
 *  - in: the text (NUL-terminated; scanning stops at NUL or at an
 *    unquoted, uncommented `delim` when delim != '\0'; inside <...> a
 *    ',' delimiter still ends the scan, with "Unbalanced '<'", unless
 *    the brackets hold a source route "<@a,@b:u@c>").
 *  - out: tokens appended to ws (ws->n on entry is kept), their text
 *    allocated in arena.  Tokens are never empty and never the static
 *    operator pointers: an input "$|" is a plain word.
 *  - errors: each diagnostic sendmail would print ("<addr>... Unbalanced
 *    '<'" and the like) is appended to err as one line ending in '\n',
 *    exactly as sendmail prints it in -bt mode: the address is the
 *    input from `in` to its NUL (not just to the delimiter), shortened
 *    to 100 bytes + "..." + 100 bytes when 203 bytes or longer, and
 *    every byte of the line has its top bit cleared.  A repairable
 *    error still yields tokens (return 0); a fatal one returns -1 with
 *    ws->n back at its value on entry (0 for the usual caller), as
 *    sendmail returns NULL.  err may be NULL.
 *  - endp, if not NULL, gets the position where scanning stopped: the
 *    delimiter, or the terminating NUL.  The next address of a list
 *    starts at endp + 1 when *endp != '\0'.
 *
 * Modes:
 *  - default (flags 0): the token table sendmail uses for addresses
 *    (parseaddr, headers, /parse): comments are removed and act as a
 *    blank; unbalanced ')' is reported and dropped.
 *  - PRESCAN_NOCOMMENT: sendmail's table for -bt ruleset lines when
 *    the .cf is V9 or later: ( and ) are one-character tokens, and a
 *    0xff byte takes the one following byte (even a blank or a quote)
 *    into its token.
 *  - PRESCAN_CF: rule text.  Implies PRESCAN_NOCOMMENT; nothing is
 *    repaired or reported at the end (an open quote or '<' stays open),
 *    an unbalanced '>' is kept as a token, `delim` ends the scan even
 *    inside quotes or brackets (split rule fields before calling), and
 *    a run TOK_META_OPEN ... TOK_META_CLOSE outside quotes is one
 *    token, copied with its markers (an unclosed run goes to the end).
 *  - PRESCAN_NOERR: repair as usual but report nothing.
 *
 * Limits and their texts (the SMTP code sendmail gives them in
 * parentheses):
 *  - "Unbalanced '<'", "'>'", "'('", "')'", "'\"'"  (553 5.0.0)
 *  - a token longer than PRESCAN_MAXTOKLEN bytes:
 *    "prescan: token too long"  (553 5.1.0), fatal
 *  - more than WS_MAXTOK tokens: "prescan: too many tokens"
 *    (553 5.1.0), fatal
 *  - more than PRESCAN_BUFSIZE bytes of tokens, each counted with one
 *    byte for its terminator (not in PRESCAN_CF): "Address too long"
 *    (553 5.1.1), fatal; said when the byte that does not fit is
 *    stored, so repairs at the end may be reported before it
 */
#ifndef TERN_PRESCAN_H
#define TERN_PRESCAN_H

#include <stdbool.h>

#include "addr/token.h"
#include "util/arena.h"
#include "util/buf.h"

#define PRESCAN_CF	0x01	/* tokenizing .cf rule text */
#define PRESCAN_NOERR	0x02	/* do not report errors (header parsing) */
#define PRESCAN_NOCOMMENT 0x04	/* -bt ruleset lines: ( and ) are plain
				   one-character tokens, not comments */

#define PRESCAN_MAXTOKLEN 256	/* longest token (sendmail's MAXNAME) */
#define PRESCAN_BUFSIZE	1251	/* token bytes + terminators, at most */
#define PRESCAN_MAXADDR	255	/* longest address prescan_invalid takes */

struct prescan_cfg {
	const char *opchars;	/* OperatorChars; NULL means sendmail's
				   default ".:@[]" */
};

int prescan(const char *in, int delim, const struct prescan_cfg *,
    int flags, struct arena *, struct ws *out, const char **endp,
    struct buf *err);

/*
 * prescan_invalid - sendmail's check of a whole address (in -bt, of the
 * whole rest of the line, before it is split at commas; in parseaddr,
 * after prescan).  True if the address must be refused; then err gets
 * one of:
 *   Address "<its first 255 bytes>" too long (255 bytes max)
 *	(553 5.1.0) for more than PRESCAN_MAXADDR bytes, prefixed by
 *	"<eto>... " (shortened as above) when eto is not NULL; parseaddr
 *	passes the address itself (eto == addr), and then the prefix
 *	shows it cut to 255 bytes, as sendmail cuts it in place;
 *   8-bit character in mailbox address "<addr, bytes 0x80-0x9f as ?>"
 *	(501 5.1.3 in SMTP), never prefixed.
 * Top bits are cleared as in prescan's messages.  err may be NULL.
 */
bool prescan_invalid(const char *addr, const char *eto, struct buf *err);

#endif
