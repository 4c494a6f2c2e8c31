/*
 * crackaddr - the template sendmail keeps around an address in a header.
 *
 * "John Doe <jd@example.com>" becomes "John Doe <$g>", "jd@example.com
 * (John Doe)" becomes "$g (John Doe)": the address part is replaced by
 * $g so the header can be rebuilt around a rewritten address.  This is
 * the "Cracked address = ..." line of -bt's /parse, byte for byte as
 * sendmail 8.17 builds it (docs/notes/prescan.md lists the rules):
 *  - leading blanks are dropped; comments are copied; the display name
 *    before '<' is copied, and quoted when it holds specials
 *    (@,;:\()[].') or a second '<', or after an unbalanced '>';
 *  - "group: a, b;" keeps "group: " and one $g, then ";";
 *  - unclosed quotes (after the address), comments and '<' are closed;
 *  - when the template would pass 255 bytes (comments and '<' each
 *    reserve one byte for their closer), or when anything follows a
 *    '"' that comes after the address's closing '>', the result is
 *    "<$g>".
 *
 * Contract: addr is NUL-terminated; the template is appended to out
 * (the two bytes '$' 'g' stand for the address; other '$' bytes of the
 * input are copied as they are, so expand only the $g at the returned
 * position).  crackaddr_at returns that position in out, or -1 when the
 * template has no $g (an empty group "g:;" has one, a lone comment
 * "(x)" has none).
 */
#ifndef TERN_CRACKADDR_H
#define TERN_CRACKADDR_H

#include "util/buf.h"

#define CRACKADDR_MAX	255	/* longest template */

void crackaddr(const char *addr, struct buf *out);
long crackaddr_at(const char *addr, struct buf *out);

#endif
