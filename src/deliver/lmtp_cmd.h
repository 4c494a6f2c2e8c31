/*
 * lmtp_cmd - parse the command lines of an LMTP session (RFC 2033).
 *
 * Pure functions over one line without its CRLF.  lmtp_cmd_parse()
 * finds the verb (case-insensitive) and its argument.  lmtp_cmd_path()
 * takes "FROM:<addr> params" / "TO:<addr> params" apart: the angle
 * brackets are required, blanks after the colon are tolerated, quotes
 * and backslashes inside the brackets are honoured when looking for the
 * closing '>'.  lmtp_cmd_local() turns a recipient address into the
 * local user name mail.local looks up: the part before the last '@'
 * outside quotes, with surrounding quotes removed.
 */
#ifndef TERN_LMTP_CMD_H
#define TERN_LMTP_CMD_H

#include <stddef.h>

#include "util/buf.h"

enum lmtp_verb {
	LMTP_UNKNOWN, LMTP_LHLO, LMTP_MAIL, LMTP_RCPT, LMTP_DATA, LMTP_RSET,
	LMTP_NOOP, LMTP_QUIT, LMTP_VRFY, LMTP_HELO
};

struct lmtp_cmd {
	enum lmtp_verb verb;
	const char *arg;	/* after the verb and one blank, in the line */
};

void lmtp_cmd_parse(const char *line, struct lmtp_cmd *);
int lmtp_cmd_path(const char *arg, const char *keyword, struct buf *addr,
    const char **params);
int lmtp_cmd_local(const char *addr, struct buf *user);

#endif
