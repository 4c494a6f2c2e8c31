/*
 * smrsh_check - may the prog mailer's command line run under smrsh?
 *
 * The rules (tern's own; at least as strict as sendmail's smrsh):
 *  - leading blanks and one leading "exec" word are skipped;
 *  - the first word names the program: no quotes, backslashes or '='
 *    in it (no VAR=value prefixes); only its basename counts, and the
 *    caller looks that up in the smrsh directory;
 *  - outside quotes these are refused:  ; & | < > ( ) ` $ ^ and
 *    a backslash before a newline;
 *  - inside "..." the shell still expands, so ` and $ are refused
 *    there; the other characters above are literal and allowed;
 *  - inside '...' everything but CR/LF is literal and allowed;
 *  - CR and LF are refused everywhere; an unclosed quote is refused.
 * So "a && b", "a | b", "a > f" and "$(x)" never run; "vacation -j
 * 'x|y'" does.  Globbing (* ? [) and # are left to the shell: they
 * cannot start another program.
 *
 * smrsh_check() returns SMRSH_OK with the program's basename in `prog`
 * and `*rest` pointing at what follows the first word in `cmd`;
 * otherwise an error code with `*stop` at the offending character.
 */
#ifndef TERN_SMRSH_CHECK_H
#define TERN_SMRSH_CHECK_H

#include "util/buf.h"

enum smrsh_verdict {
	SMRSH_OK,
	SMRSH_EMPTY,		/* no command at all */
	SMRSH_BADCHAR,		/* a refused character at *stop */
	SMRSH_BADQUOTE,		/* a quote left open */
	SMRSH_BADPROG,		/* the first word is not a plain name */
};

enum smrsh_verdict smrsh_check(const char *cmd, struct buf *prog,
    const char **rest, const char **stop);

#endif
