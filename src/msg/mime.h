/*
 * mime.h - 8-bit to 7-bit MIME conversion (mime8to7.c), for a message
 * going to a server that does not announce 8BITMIME through a mailer
 * without F=8 (EightBitMode pass8 converts messages labelled
 * BODY=8BITMIME, mimify every 8-bit message).
 *
 * Input: the header block (LF line ends, no blank line after it) and
 * the body, from a df file descriptor (read with pread from offset 0;
 * the file offset is not used) or from memory.  The two are read as one
 * stream "headers \n body", so the top-level entity is walked like any
 * MIME part.  Nothing is read past hlen, blen or the file's end.
 *
 * Output, through the write callback: the whole converted message --
 * header block, blank line, body -- with LF line ends (the SMTP client
 * makes them CR LF and dot-stuffs).  It is produced as it is read, in
 * blocks of at most MIME_OUT_BLOCK bytes: memory use does not depend on
 * the message's size (a df of 50 MB costs a few tens of KB).
 *
 * What changes:
 *  - multipart/ * is walked part by part (boundaries of every enclosing
 *    multipart end a part, as RFC 2046 wants for a missing close
 *    delimiter); preamble and epilogue are copied; a multipart or
 *    message/rfc822 labelled 8bit or binary is relabelled 7bit.
 *  - message/rfc822 (with no encoding, 7bit, 8bit or binary) is walked
 *    as the message it holds.
 *  - a leaf whose body has an 8-bit byte, a NUL or a line longer than
 *    998 bytes, and whose Content-Transfer-Encoding is none, 7bit, 8bit
 *    or binary, is encoded: text/ * as quoted-printable, anything else
 *    as base64 (8bit data is line data: each LF is CR LF in the base64
 *    text).  Its Content-Transfer-Encoding header is replaced; it gets
 *    "Content-Type: text/plain; charset=<conf.charset>" when it had no
 *    Content-Type, and an X-MIME-Autoconverted header when conf.host is
 *    set.  The top-level header block gets MIME-Version: 1.0 when it
 *    has none.
 *  - a leaf that is already 7-bit clean is copied (8bit/binary labels
 *    become 7bit); a leaf with another encoding (base64, ...) is copied.
 *  - headers are copied as they are (8-bit bytes in headers stay: XXX
 *    sendmail 8.17 does not encode them either).
 * Deeper than conf.max_depth (MIME_MAX_DEPTH), an entity is a leaf: a
 * nested multipart would be base64-encoded whole (XXX not valid MIME,
 * but 7-bit safe).  Lines longer than MIME_SEG_MAX are handled in
 * pieces; such a line is never a boundary.  A boundary longer than
 * MIME_BOUNDARY_MAX makes its multipart a leaf.
 *
 * Failure: -1 with errno set when reading fails (EIO for a short
 * memory source never happens) or when write returned non-zero (errno
 * as the callback left it).  Output already written stays written.
 */
#ifndef TERN_MIME_H
#define TERN_MIME_H

#include <stdbool.h>
#include <stddef.h>

#define MIME_MAX_DEPTH		20	/* nested multiparts + messages */
#define MIME_BOUNDARY_MAX	200	/* RFC 2046 says 70 */
#define MIME_SEG_MAX		4096	/* longest line piece looked at */
#define MIME_OUT_BLOCK		16384	/* write callback granularity */

struct mime8to7_conf {
	const char *charset;	/* DefaultCharSet; NULL: "unknown-8bit" */
	const char *host;	/* X-MIME-Autoconverted: ... by host; NULL:
				 * no such header */
	const char *id;		/* ... id <queue id>, or NULL */
	int max_depth;		/* 0: MIME_MAX_DEPTH */
};

/* what a conversion did */
struct mime8to7_stats {
	unsigned long long out_bytes;	/* bytes given to the callback */
	unsigned entities;		/* entities walked (top is one) */
	unsigned encoded_qp;		/* leaves quoted-printable encoded */
	unsigned encoded_b64;		/* leaves base64 encoded */
	bool too_deep;			/* max_depth cut the walk */
};

/* the write callback: 0 ok, non-zero stops the conversion */
typedef int (*mime_write_fn)(void *arg, const char *p, size_t n);

/* mime8to7_fd - convert hdrs + the df body_fd (from offset 0) */
int mime8to7_fd(const char *hdrs, size_t hlen, int body_fd,
    const struct mime8to7_conf *, mime_write_fn, void *arg,
    struct mime8to7_stats *);

/* mime8to7_mem - the same with the body in memory */
int mime8to7_mem(const char *hdrs, size_t hlen, const char *body,
    size_t blen, const struct mime8to7_conf *, mime_write_fn, void *arg,
    struct mime8to7_stats *);

/* mime8to7_size - the converted message's length (a conversion into a
 * counter: for SIZE=); -1 with errno on a read error */
long long mime8to7_size(const char *hdrs, size_t hlen, int body_fd,
    const struct mime8to7_conf *);

/* mime_has8bit - does hdrs or the df body_fd (from offset 0) hold a
 * byte with bit 8 set?  1 yes, 0 no, -1 with errno on a read error */
int mime_has8bit(const char *hdrs, size_t hlen, int body_fd);

#endif
