/*
 * addrlist - the addresses of an address-list header (To:, Cc:, Bcc:,
 * From:, Reply-To:...), split as sendmail splits them, with their
 * RFC 5322 structure.
 *
 * Splitting follows sendmail 8.17 exactly (it is prescan's ','
 * delimiter, see prescan.h): a comma separates addresses unless it is
 * inside a quoted string, a comment, or a source route in angle
 * brackets ("<@a,@b:u@c>"); a backslash escapes the next byte.  A
 * comma inside plain angle brackets still separates ("<a,b>" is "<a"
 * and "b>", which sendmail reports as unbalanced), and group syntax
 * does not protect commas: "team: a, b;" is two entries, "team: a"
 * and "b;", just as sendmail hands two addresses to parseaddr.  As in
 * sendmail, blanks and commas before an address are skipped, so empty
 * elements (",,") produce no entry.  Old-style lists (no , ; < or ( in
 * the value, OldStyleHeaders set) are split at blanks instead.
 *
 * Each entry then carries the RFC 5322 view of its span:
 *  - group: a top-level ':' (outside quotes, comments, angle and
 *    square brackets) that comes before any top-level '<' or '@' and
 *    is not part of "::" or ":." (DECnet) opens a group, which lasts
 *    until a top-level ';'.  Entries inside it have ADDRLIST_GROUP and
 *    group_* set to its name (trimmed raw text, quotes and comments
 *    kept); the entry with the name has ADDRLIST_GROUP_START, the one
 *    with the ';' ADDRLIST_GROUP_END.  An empty group ("name:;") is
 *    one entry with ADDRLIST_EMPTY.
 *  - mailbox (mbox_*): the span without the group's "name:", the ';'
 *    and what follows it, and surrounding blanks.
 *  - angle form "Name <addr>": name_* is the phrase before '<'
 *    (trimmed, may be empty), spec_* what is between '<' and '>'
 *    (trimmed; an obsolete route "@a,@b:" stays in it), and
 *    ADDRLIST_ANGLE is set.  An unclosed '<' runs to the end.
 *  - plain form "addr (comment)": spec_* is the mailbox with leading
 *    and trailing comments and blanks removed; name_len is 0.
 *  - ADDRLIST_EMPTY: the mailbox holds nothing but blanks and comments
 *    (or nothing).
 * All positions are byte offsets into the string given to
 * addrlist_parse; nothing is copied or unquoted.
 */
#ifndef TERN_ADDRLIST_H
#define TERN_ADDRLIST_H

#include <stddef.h>

#define ADDRLIST_GROUP		0x01	/* inside "name: ... ;" */
#define ADDRLIST_GROUP_START	0x02	/* this entry has the "name:" */
#define ADDRLIST_GROUP_END	0x04	/* this entry has the ';' */
#define ADDRLIST_ANGLE		0x08	/* "phrase <spec>" form */
#define ADDRLIST_EMPTY		0x10	/* no mailbox at all */

struct addrlist_ent {
	size_t off, len;		/* what sendmail passes to parseaddr:
					   up to, not including, the comma */
	size_t mbox_off, mbox_len;	/* the mailbox */
	size_t spec_off, spec_len;	/* the addr-spec */
	size_t name_off, name_len;	/* display name (angle form) */
	size_t group_off, group_len;	/* the group's name */
	unsigned flags;
};

struct addrlist {
	struct addrlist_ent *ent;
	size_t n, cap;
};

#define ADDRLIST_INIT { NULL, 0, 0 }

#define ADDRLIST_OLDSTYLE	0x01	/* the OldStyleHeaders option */

/*
 * addrlist_parse - split a header value (NUL-terminated; folding CRLFs
 * count as blanks) into entries appended to al.  Returns the number
 * appended.  Never fails on malformed input: it splits where sendmail
 * would and describes what it finds.
 *
 * flags: ADDRLIST_OLDSTYLE when the .cf sets OldStyleHeaders (the m4
 * default, True).  Then, as in sendmail, a value holding none of
 * , ; < ( is an old-style list separated by blanks: "a b" is two
 * addresses, "a\ b" too (an escaped ' ' still separates, an escaped
 * tab does not), "\"a b\" c" is "\"a b\"" and "c".
 */
size_t addrlist_parse(const char *value, int flags, struct addrlist *al);

/*
 * addrlist_next - sendmail's split alone: the end (the delimiter or
 * the NUL) of the address starting at s, which should not start with a
 * blank or a comma; delim is ',' or, for old-style lists, ' '.
 */
const char *addrlist_next(const char *s, int delim);

void addrlist_free(struct addrlist *al);

#endif
