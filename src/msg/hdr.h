/*
 * hdr - a message's header lines, in order.
 *
 * Names keep their spelling; values keep their folding (CRLF or LF
 * followed by blanks is stored as "\n" plus the blanks) so a header
 * goes out exactly as it came in unless something rewrites it.  Flags
 * are sendmail's header flags (the word -bt /header shows), plus the
 * ?flags? / ?${macro}? condition of headers that came from H lines.
 *
 * Ownership: the list owns every string.  hdr_* never abort on bad
 * input; limits are enforced by the parser (msg/hdr_parse.h).
 */
#ifndef TERN_HDR_H
#define TERN_HDR_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/*
 * sendmail 8.17's header flag bits (struct hdr.flags): what header_flags()
 * gives a name, plus what intake and the H lines add.
 */
#define HDR_EOH		0x00000001UL	/* ends the header */
#define HDR_RCPT	0x00000002UL	/* holds recipient addresses */
#define HDR_DEFAULT	0x00000004UL	/* from an H line, macros not yet
					   expanded; a sender's header of the
					   same name replaces it */
#define HDR_RESENT	0x00000008UL	/* a Resent- header */
#define HDR_CHECK	0x00000010UL	/* ?flags?/?$x? decide per mailer */
#define HDR_ACHECK	0x00000020UL	/* the same, for any header */
#define HDR_FORCE	0x00000040UL	/* kept even when the sender has one */
#define HDR_TRACE	0x00000080UL	/* counts as a hop */
#define HDR_FROM	0x00000100UL	/* holds sender addresses */
#define HDR_VALID	0x00000200UL
#define HDR_RECEIPTTO	0x00000400UL
#define HDR_ERRORSTO	0x00000800UL
#define HDR_CTE		0x00001000UL	/* Content-Transfer-Encoding */
#define HDR_CTYPE	0x00002000UL	/* Content-Type */
#define HDR_BCC		0x00004000UL	/* Bcc: emptied or left out */
#define HDR_ENCODABLE	0x00008000UL
#define HDR_STRIPCOMM	0x00010000UL
#define HDR_BINDLATE	0x00020000UL	/* macros expanded only at delivery */
#define HDR_USER	0x00040000UL	/* came from the sender */

struct hdr {
	char *name;		/* "Received" */
	char *value;		/* after the colon and leading blanks */
	unsigned long flags;	/* sendmail's H_* word (header_flags) */
	unsigned char mflags[256 / 8];	/* ?flags?: mailer flags, if any */
	char *cond_macro;	/* ?${macro}?: added only if it is set */
	bool from_cf;		/* made from an H line, not by the sender */
	bool deleted;		/* removed (Bcc), kept for the record */
	char *sep;		/* what stood between the colon and value
				   (blanks and folds, often " "), so that
				   name ":" sep value is the line as it came;
				   NULL is "" */
};

struct hdr_list {
	struct hdr *v;
	size_t n, cap;
};

void hdr_list_init(struct hdr_list *);
void hdr_list_free(struct hdr_list *);
/* hdr_add - append a copy of name/value; returns the new header */
struct hdr *hdr_add(struct hdr_list *, const char *name, const char *value);
/* hdr_find - the first live header of that name (case-insensitive), NULL */
struct hdr *hdr_find(const struct hdr_list *, const char *name);
/*
 * hdr_add_raw - append name with the text after its colon as it came:
 * the leading blanks and folds go to sep, the rest to value
 */
struct hdr *hdr_add_raw(struct hdr_list *, const char *name, const char *raw);
/* hdr_insert - a copy of name/value (raw as hdr_add_raw) at index i */
struct hdr *hdr_insert(struct hdr_list *, size_t i, const char *name,
    const char *raw);
/* hdr_raw - sep and value: the text after the colon */
void hdr_raw(const struct hdr *, struct buf *out);

#endif
