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

struct hdr {
	char *name;		/* "Received" */
	char *value;		/* after the colon and leading blanks */
	unsigned long flags;	/* sendmail's H_* word (header_flags) */
	unsigned char mflags[256 / 8];	/* ?flags?: mailer flags, if any */
	char *cond_macro;	/* ?${macro}?: added only if it is set */
	bool from_cf;		/* made from an H line, not by the sender */
	bool deleted;		/* removed (Bcc), kept for the record */
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

#endif
