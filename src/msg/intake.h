/*
 * intake - taking a message in, as sendmail 8.17 does: from the bytes of
 * the message (SMTP DATA, or standard input for -bm/-t) to the header
 * list and body that the queue stores, the recipients -t finds, and the
 * errors sendmail gives.  tests/golden/intake holds what the real binary
 * does with 110 messages; its README.md says it in words.
 *
 * The pieces, one concept per file:
 *
 *   hdr_parse.c   the byte stream: CR LF, the UNIX From line, where the
 *                 header ends, folding, MaxHeadersLength, dots (-bm)
 *   hdr_chomp.c   one header line into the list: names, replacing an H
 *                 line's default, the From: hack, Resent-, old style
 *   hdr_cf.c      the headers the .cf's H lines add, and their macros
 *                 expanded at intake (all but ?P?Return-Path's $g)
 *   hdr_rcpt.c    recipients from To/Cc/Bcc (-t), list splitting,
 *                 NoRecipientAction, what happens to Bcc
 *   hdr_hops.c    the hop count and "554 5.4.6 Too many hops"
 *   hdr_rewrite.c header addresses for a mailer (rulesets 1/2, S=/R=, 4)
 *                 and sendmail's comma lists ("commaize")
 *   hdr_qf.c      a header as a qf H line, and back
 *   msgdate.c     $a $b $d $t
 *   intake.c      the whole: begin, feed, end
 *
 * Data: headers live in a struct hdr_list (msg/hdr.h), whose flags are
 * sendmail's H_* bits (HDR_*).  After intake_end the list is in the form
 * sendmail writes to the qf: H-line defaults expanded ("H?D?Date: ..."),
 * ?P?Return-Path kept as "<$g>" (HDR_BINDLATE), the defaults a sender's
 * header replaced and the Resent- defaults of a message that is not
 * resent marked deleted, address headers (From, To, Cc ...) as
 * sendmail's comma list.  hdr_qf_line writes each as its qf line.
 *
 * Ownership: every string handed out is owned by the structure it is in;
 * nothing here keeps a pointer to the caller's data after returning,
 * except struct intake's cf, macros and envelope (which must outlive it).
 * Failures are reported, never fatal: bad input gets sendmail's message
 * and status; allocation failure panics (util/buf).  Bytes are compared
 * as unsigned char; results do not depend on the signedness of char.
 */
#ifndef TERN_INTAKE_H
#define TERN_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "msg/hdr.h"
#include "util/buf.h"

struct cf;
struct envelope;
struct macros;
struct mailer;
struct rw_ctx;

/* ------------------------------------------------------------------ */
/* msgdate.c - sendmail's dates                                         */

#define MSGDATE_CTIME	32	/* "Tue Nov 24 06:51:54 2026" ($d) */
#define MSGDATE_ARPA	48	/* "Tue, 24 Nov 2026 06:51:54 +0100" ($b) */
#define MSGDATE_STAMP	16	/* "202611240651" ($t, GMT) */

/* msgdate_ctime - ctime(3) of t, local time, without the newline ($d) */
void msgdate_ctime(time_t t, char out[MSGDATE_CTIME]);
/*
 * msgdate_arpa - sendmail's arpadate: the ctime string ud as
 * "Tue, 24 Nov 2026 06:51:54 +0100", the zone being the local one at
 * time now ("GMT" when it is +0000); the day has no leading blank.
 */
void msgdate_arpa(const char *ud, time_t now, char out[MSGDATE_ARPA]);
/* msgdate_stamp - $t: YYYYMMDDhhmm in GMT */
void msgdate_stamp(time_t t, char out[MSGDATE_STAMP]);
/*
 * msgdate_unixfrom - the date of a UNIX "From " line ("From a@b Mon Jan
 * 1 00:00:00 2001") as $a, if the line has one where sendmail's eatfrom
 * looks for it; false if not.
 */
bool msgdate_unixfrom(const char *line, time_t now, char out[MSGDATE_ARPA]);

/* ------------------------------------------------------------------ */
/* hdr_parse.c - the bytes of a message into header lines and body      */

/* what the parser hands out, in order */
enum hdr_line_kind {
	HDR_LINE_HEADER,	/* a header line: fold newlines kept */
	HDR_LINE_UNIXFROM,	/* the leading "From " line, eaten */
};

/* state of the parse */
enum hdr_parse_state {
	HDR_PARSE_HEADER,	/* in the header */
	HDR_PARSE_BODY,		/* the header has ended */
	HDR_PARSE_DISCARD,	/* too large: the rest is thrown away */
	HDR_PARSE_DONE,		/* a lone "." ended the input (-bm) */
};

#define HDR_PARSE_SMTP		0x01	/* SMTP DATA: dots are already undone */
#define HDR_PARSE_IGNORE_DOTS	0x02	/* -i / IgnoreDots: "." is a line */
#define HDR_PARSE_SAVE_FROM	0x04	/* SaveFromLine: keep "From " lines */
#define HDR_PARSE_SEVEN_BIT	0x08	/* SevenBitInput: clear bit 8 */

/* the most header sendmail takes with MaxHeadersLength=0, here */
#define HDR_PARSE_HARD_MAX	(64L * 1024 * 1024)
/* sendmail's H_EOH for long names: a name over this many bytes ends
   the header, the line becoming body (without its newline) */
#define HDR_PARSE_MAXNAME	100

struct hdr_parse_line {
	enum hdr_line_kind kind;
	char *text;		/* NUL-terminated; no NULs inside */
	size_t len;
};

struct hdr_parse {
	int flags;			/* HDR_PARSE_* */
	long max_headers;		/* MaxHeadersLength; <= 0: none */
	enum hdr_parse_state state;
	int istate;			/* the input state machine */
	bool first;			/* the first line (UNIX From) */
	bool pending;			/* a header line awaits the byte that
					   says whether it continues */
	struct buf line;		/* the line being collected */
	unsigned char push[8];		/* bytes given back */
	int npush;
	struct hdr_parse_line *q;	/* lines not yet taken */
	size_t nq, qcap, qhead;
	long hdrslen;			/* bytes of header so far */
	int numhdrs;			/* header lines so far */
	long msgsize;			/* bytes of message (header + body) */
	bool has8bit;			/* a byte with bit 8 set */
	bool has8bit_eoh;		/* ... before the header ended */
	bool eoh;			/* the header has ended */
	bool toobig;			/* MaxHeadersLength passed */
	char error[80];			/* its message, or "" */
	long hard_max;			/* HDR_PARSE_HARD_MAX unless tests */
};

void hdr_parse_init(struct hdr_parse *, int flags, long max_headers);
void hdr_parse_free(struct hdr_parse *);
/*
 * hdr_parse_feed - n more bytes of the message.  Body bytes are appended
 * to body (CR LF becomes LF, as in sendmail's df files); header lines
 * wait in the parser for hdr_parse_next.  Once the state is DONE or
 * DISCARD, bytes are counted and dropped.
 */
void hdr_parse_feed(struct hdr_parse *, const void *p, size_t n,
    struct buf *body);
/*
 * hdr_parse_end - the end of the input.  A header line that is complete
 * is handed out; a last line without its newline in the header is lost,
 * as in sendmail.
 */
void hdr_parse_end(struct hdr_parse *, struct buf *body);
/* hdr_parse_next - the next line waiting, or NULL; valid until the next
   call of any hdr_parse function */
const struct hdr_parse_line *hdr_parse_next(struct hdr_parse *);
/*
 * hdr_parse_isheader - sendmail's isheader: a name of bytes 0x21-0x7e
 * and 0x7f (not ':'), not starting "--", blanks, then ':'
 */
bool hdr_parse_isheader(const char *line, size_t len);

/* ------------------------------------------------------------------ */
/* hdr_chomp.c - a header line into the list                            */

#define HDR_CHOMP_OK		0	/* added (or merged into the default) */
#define HDR_CHOMP_DROPPED	1	/* empty, a default stays instead */
#define HDR_CHOMP_EOH		2	/* the name is too long: end of header */
#define HDR_CHOMP_SYNTAX	3	/* sendmail's "553 5.3.0 header syntax
					   error", the line left out */

/* message state that headers change (sendmail's EF_* bits) */
#define INTAKE_RESENT		0x01	/* a Resent- header came */
#define INTAKE_OLDSTYLE		0x02	/* address lists split at blanks */
#define INTAKE_DELETE_BCC	0x04	/* To/Cc/Apparently-To exist: Bcc goes */
#define INTAKE_HAS8BIT		0x08	/* a byte with bit 8 set came */
#define INTAKE_IS_MIME		0x10	/* MIME-Version:, or BODY=8BITMIME */
#define INTAKE_DONT_MIME	0x20	/* an RFC 1049 Content-Type */

struct hdr_chomp_ctx {
	unsigned *eflags;		/* INTAKE_RESENT, INTAKE_OLDSTYLE */
	const char *from_paddr;		/* the sender as given, or NULL */
	const char *from_user;		/* its user part, or NULL */
	bool from_local;		/* its mailer is local (F=l) */
	bool single_line_from;		/* SingleLineFromHeader */
	bool nomhhack;			/* the sender's mailer has F=H
					   (sendmail's M_NOMHHACK) */
	bool limited;			/* only headers [0, scan_limit) can be
					   defaults (those there before the
					   first sender's header): the scan
					   for them stays short */
	size_t scan_limit;
};

/*
 * hdr_chomp - a sender's header line ("Name: value", folds kept) into l,
 * as sendmail's chompheader: the name ends at a byte that is not 0x21-
 * 0x7e or at ':' (blanks before the colon are dropped); the text after
 * the colon is kept as it came (hdr_add_raw).  A default from an H line
 * with the same name is replaced (marked deleted; the new header takes
 * its ?flags?, not its ?$x?), unless it has HDR_FORCE; an empty value
 * leaves the default instead.  "From:" equal to the local sender's address
 * keeps the H-line From (sendmail's MH hack).  Returns HDR_CHOMP_*.
 * msg gets "553 5.3.0 header syntax error, line \"...\"" for SYNTAX.
 */
int hdr_chomp(struct hdr_list *l, const char *line, size_t len,
    const struct hdr_chomp_ctx *, struct buf *msg);

/* hdr_value - the value of the first live, non-default header name, after
   its leading blanks; NULL if none (sendmail's hvalue) */
const char *hdr_value(const struct hdr_list *, const char *name);

/* ------------------------------------------------------------------ */
/* hdr_cf.c - the headers the H lines add                               */

/*
 * hdr_cf_defaults - append the .cf's H lines to l as defaults
 * (HDR_DEFAULT, their ?flags? and ?$x? conditions, HDR_CHECK when they
 * have one, values unexpanded), as sendmail does for every message
 * before it reads its header.  A later H line of the same name replaces
 * an earlier one, unless that one has HDR_FORCE (Received).  An H line
 * whose value is "$>ruleset" (a header check) adds no header.
 */
void hdr_cf_defaults(struct hdr_list *l, const struct cf *);
/*
 * hdr_cf_bind - sendmail's eatheader early binding: every HDR_DEFAULT
 * header without HDR_BINDLATE whose value expands (with macros) to more
 * than nothing or a blank gets that value and loses HDR_DEFAULT; an
 * HDR_FROM one is expanded a second time through crackaddr (so "Joe
 * (x)" <$g> keeps its display name quoted).  Values are bounded as
 * sendmail's 2048-byte buffers.
 */
void hdr_cf_bind(struct hdr_list *l, const struct macros *);
/* hdr_cf_expand - value expanded as sendmail's expand() into a 2048-byte
   buffer (at most 2047 bytes) */
void hdr_cf_expand(const struct macros *, const char *value, struct buf *out);
/*
 * hdr_cf_addheader - sendmail's addheader: name with " " and value (raw
 * as hdr_add_raw), its flags those of the name plus flags, inserted
 * before the first header of that name, else at the end
 */
struct hdr *hdr_cf_addheader(struct hdr_list *l, const char *name,
    const char *value, unsigned long flags);
/*
 * hdr_cf_auth_warning - "X-Authentication-Warning: $j: text", added as
 * sendmail's auth_warning adds it (so each one goes before the earlier
 * ones: call in sendmail's order).  Call only when PrivacyOptions has
 * authwarnings.
 */
void hdr_cf_auth_warning(struct hdr_list *l, const char *myhostname,
    const char *text);
/*
 * hdr_cf_fullname - the full name sendmail takes from a passwd gecos
 * field (buildfname): a leading '*' skipped, up to the first ',', ';'
 * or '%', '&' becoming the login with its first letter upper-cased.
 */
void hdr_cf_fullname(const char *gecos, const char *login, struct buf *out);
/*
 * hdr_cf_rfc822_string - sendmail's rfc822_string: quotes and comments
 * balanced, outside them no byte of must_quote (MustQuoteChars; NULL is
 * sendmail's default, the characters @ , ; : \ ( ) [ ] . and ').  -F's
 * name and a Full-Name: header that are not get hdr_cf_addquotes: the
 * text in double quotes, with backslashes and quotes escaped.
 */
bool hdr_cf_rfc822_string(const char *s, const char *must_quote);
void hdr_cf_addquotes(const char *s, struct buf *out);

/* ------------------------------------------------------------------ */
/* hdr_rcpt.c - recipients in headers                                   */

/*
 * called per address, in the order sendmail hands them to recipient();
 * returns whether the address parsed (it went into the send queue).
 * The caller does the rest of recipient(): parsing, aliases, leaving out
 * duplicates, and the order of the send queue, which sendmail keeps
 * sorted by host when the message will be queued (-odq, an MSP) and by
 * signature otherwise (docs/notes/intake.md).
 */
typedef bool (*hdr_rcpt_fn)(void *arg, const char *addr);

/*
 * hdr_rcpt_split - a recipient list as sendmail's sendtolist splits it:
 * if the list holds any of , ; < ( it clears INTAKE_OLDSTYLE in *eflags;
 * then it is split at ',' (at blanks while INTAKE_OLDSTYLE), and the
 * addresses go to fn last first (sendmail builds the list backwards).
 * Each address is what sendmail keeps as q_paddr: from its first byte
 * that is not a blank or ',' up to the delimiter, trailing blanks kept.
 * Returns the number of addresses fn took.
 */
size_t hdr_rcpt_split(const char *list, unsigned *eflags, hdr_rcpt_fn fn,
    void *arg);
/*
 * hdr_rcpt_grab - -t: every live header with HDR_RCPT (To, Cc, Bcc,
 * Apparently-To, Resent-To ...) that is not a default, and when the
 * message is resent only the Resent- ones, its newlines made blanks,
 * split as hdr_rcpt_split, in header order.  Returns the number of
 * addresses fn took.
 */
size_t hdr_rcpt_grab(const struct hdr_list *l, unsigned *eflags,
    hdr_rcpt_fn fn, void *arg);
/*
 * hdr_rcpt_norcpt - after intake: when To:, Cc: and Apparently-To: are
 * all missing, NoRecipientAction (enum opt_norcpt): add-to and
 * add-apparently-to add one header per primary recipient (paddr[0..n)),
 * placed as sendmail's addheader places them; add-bcc adds "Bcc:  ";
 * add-to-undisclosed "To: undisclosed-recipients:;".  When one of them
 * exists, sets INTAKE_DELETE_BCC.  Returns the headers added.
 */
size_t hdr_rcpt_norcpt(struct hdr_list *l, int action,
    const char *const *paddr, size_t n, unsigned *eflags);

/* ------------------------------------------------------------------ */
/* hdr_hops.c - loop detection                                          */

#define HDR_HOPS_DEFAULT_MAX	25	/* MaxHopCount's default */

/* hdr_hops_count - live headers with HDR_TRACE (Received, Via, Mail-From),
   defaults included: sendmail's hop count */
int hdr_hops_count(const struct hdr_list *);
/*
 * hdr_hops_check - with hops = max(the count, -h), false when it passes
 * max_hops; msg then gets sendmail's text "554 5.4.6 Too many hops 27
 * (25 max): from FROM via VIA, to TO" (VIA is "localhost" when NULL,
 * TO the first recipient, "(nobody)" when NULL); the recipients' status
 * is "5.4.6", their reply "554 5.4.6 Too many hops", the exit status 69
 * (EX_UNAVAILABLE).
 */
bool hdr_hops_check(int hops, int max_hops, const char *from, const char *via,
    const char *to, struct buf *msg);

/* ------------------------------------------------------------------ */
/* hdr_rewrite.c - header addresses for a mailer                        */

#define HDR_REWRITE_LINEMAX	2048	/* sendmail's MAXLINE output lines */

/*
 * hdr_rewrite_addr - one header address as mailer m gets it (sendmail's
 * remotename with RF_HEADERADDR, and RF_SENDERADDR when sender): through
 * rulesets 3, 1 (sender) or 2, m's S= or R= header ruleset and 4, the
 * comments and phrase kept by crackaddr.  A mailer without that ruleset
 * (and m == NULL, the "null mailer" sendmail writes the qf with) leaves
 * the address as it is.  Returns the sysexits status.
 */
int hdr_rewrite_addr(struct rw_ctx *ctx, const char *addr,
    const struct mailer *m, bool sender, struct buf *out);
/*
 * hdr_rewrite_commaize - an address header as sendmail's commaize
 * writes it: "Name:" and the blanks that followed the colon, then each
 * address (split at ',', or at blanks when oldstyle; a word followed by
 * '@' continues) through hdr_rewrite_addr, joined by ", ", a new line
 * ",\n" plus 8 blanks when the next one would pass column 78 (or m's
 * L= less 2); empty results are left out; lines bounded at 2048 bytes.
 * out gets the text after "Name:" (continuations as "\n        ").
 * Returns the first status that was not EX_OK (a temporary failure
 * means the header could not be written), else EX_OK.
 */
int hdr_rewrite_commaize(struct rw_ctx *ctx, const struct hdr *h,
    const char *value, bool oldstyle, const struct mailer *m,
    struct buf *out);

/* how a header goes to mailer m, sendmail's putheader */
struct hdr_put_ctx {
	const struct mailer *m;		/* the mailer */
	struct rw_ctx *rw;		/* for the address headers */
	const struct macros *macros;	/* $g etc. as the mailer wants them */
	unsigned eflags;		/* INTAKE_RESENT, _DELETE_BCC, _OLDSTYLE */
	bool keep_bcc;			/* sendmail's KeepBcc: never */
};
/*
 * hdr_rewrite_put - the header block for m as sendmail writes it to a
 * mailer: ?flags? tested against m's F= (?$x? against the macro), Resent-
 * headers only on resent messages, defaults expanded, Bcc deleted
 * (INTAKE_DELETE_BCC) or emptied to "Bcc:", address headers commaized
 * through hdr_rewrite_addr (split at blanks under INTAKE_OLDSTYLE only
 * while no sender's or recipients' header of the list holds , ( < or ;,
 * as sendmail's chompheader decides for the headers it reads from a qf),
 * others as they are; each line ends in "\n".
 * Returns EX_OK or the first failure of an address header.
 */
int hdr_rewrite_put(const struct hdr_list *, const struct hdr_put_ctx *,
    struct buf *out);

/* ------------------------------------------------------------------ */
/* hdr_qf.c - headers in the queue file                                 */

/*
 * hdr_qf_line - the qf line of h as sendmail 8.17 writes it: "H?", the
 * condition ("$x", "${name}", or the ?flags? letters when HDR_CHECK or
 * HDR_ACHECK), "?", the name, ":", the text after the colon, "\n".
 * Bytes 0x80-0x9f and 0xff of the text are preceded by 0xff (sendmail's
 * quoting of its internal bytes); in an HDR_BINDLATE header (kept with
 * its macros) "$" is sendmail's internal macro byte 0x81.  Continuation
 * lines stay as they are (they start with a blank).  Returns false, and
 * writes nothing, for a header sendmail does not write (deleted, a
 * default still empty, a Resent- one on a message that is not resent).
 */
bool hdr_qf_line(const struct hdr *h, bool resent, struct buf *out);
/*
 * hdr_qf_parse - an H line of a qf (after the "H", its continuation
 * lines joined with "\n") back into l, with the flags sendmail gives it
 * when reading a qf: the name's flags, HDR_USER, HDR_CHECK when it has
 * a condition; the 0xff quoting and 0x81 undone.  Returns false on a
 * malformed line.
 */
bool hdr_qf_parse(struct hdr_list *l, const char *line);

/* ------------------------------------------------------------------ */
/* intake.c - the whole                                                 */

struct intake_conf {
	long max_headers_length;	/* MaxHeadersLength; <= 0: none */
	int max_hop_count;		/* MaxHopCount */
	bool old_style_headers;		/* OldStyleHeaders */
	int no_recipient_action;	/* NoRecipientAction (enum opt_norcpt) */
	bool single_line_from_header;	/* SingleLineFromHeader */
	bool ignore_dots;		/* IgnoreDots or -i (not SMTP) */
	bool save_from_line;		/* SaveFromLine */
	bool seven_bit_input;		/* SevenBitInput */
	const char *must_quote_chars;	/* MustQuoteChars */
	bool smtp;			/* the bytes are SMTP DATA, unstuffed */
	bool grab_to;			/* -t */
	int hopcount;			/* -h, 0 if not given */
	const char *via;		/* the client host (RealHostName) for
					   "Too many hops"; NULL: localhost */
};

/* intake_conf_init - the conf from a loaded .cf's options (not smtp, -t, -h) */
void intake_conf_init(struct intake_conf *, const struct cf *);

struct intake_sender {
	const char *paddr;	/* the sender as given ("root", "a@b"):
				   $f and $g unless sender is set; NULL
				   for "<>" */
	const char *user;	/* its user part, for the MH hack */
	bool local;		/* its mailer is local (F=l): the From: hack */
	const char *fullname;	/* -F, or the gecos name (hdr_cf_fullname)
				   of a local sender; NULL: none ($x unset) */
	const char *sender;	/* paddr through rulesets 3, 1 and 4
				   (sendmail's e_sender, "a@b" for -f
				   "A <a@b>"): $f and $g; NULL: paddr */
};

/* the outcome of intake_end */
#define INTAKE_OK		0
#define INTAKE_ERR_TOOBIG	1	/* 552 5.6.0 Headers too large */
#define INTAKE_ERR_NORCPT	2	/* -t found no recipient */
#define INTAKE_ERR_HOPS		3	/* 554 5.4.6 Too many hops */

struct intake {
	struct envelope *env;		/* headers go to env->headers */
	const struct cf *cf;
	struct macros *macros;		/* where the message macros are set
					   ($a $b $c $d $f $g $i $t $u $x
					   {msg_id} {time}); usually cf's */
	struct intake_conf conf;
	struct intake_sender sender;
	time_t now;
	unsigned eflags;		/* INTAKE_* */
	struct hdr_parse parse;
	char *origrcpt;			/* $u: the one primary recipient */
	int nrcpt_seen;			/* primary recipients so far */
	bool limited;			/* scan_limit is set */
	size_t scan_limit;		/* headers before the sender's */
	int hopcount;			/* after intake_end */
	char *msgid;			/* {msg_id}, or NULL */
	int status;			/* INTAKE_OK or INTAKE_ERR_* */
	int exitstat;			/* sysexits of the outcome, 0 */
	struct buf errors;		/* sendmail's messages, one a line:
					   "553 5.3.0 header syntax error,
					   line ..." and the outcome's */
	/* -t and NoRecipientAction: how the caller takes recipients */
	hdr_rcpt_fn add_rcpt;		/* NULL: envelope_add_rcpt, exact
					   duplicates left out */
	void *add_rcpt_arg;
	size_t *seen;			/* the default's duplicate check: a
					   hash of env->rcpts indexes + 1 */
	size_t seen_cap;
};

/*
 * intake_begin - a new message: the .cf's H lines become the header
 * list's defaults, the date macros are set from now, $u/$x/$c/{msg_id}
 * cleared.  After this and before the first intake_feed, the caller
 * gives the argument recipients (intake_rcpt_list), and may add
 * X-Authentication-Warning headers (hdr_cf_auth_warning).
 */
void intake_begin(struct intake *, struct envelope *, const struct cf *,
    struct macros *, const struct intake_conf *,
    const struct intake_sender *, time_t now);
/*
 * intake_rcpt_list - recipients given with the message (argv, or RCPT
 * TO one by one): split as sendtolist does (hdr_rcpt_split), each given
 * to the add_rcpt function.  The first primary recipient becomes $u;
 * any second one clears it (sendmail's e_origrcpt).
 */
void intake_rcpt_list(struct intake *, const char *list);
/* intake_feed - bytes of the message; body bytes appended to body */
void intake_feed(struct intake *, const void *p, size_t n, struct buf *body);
/*
 * intake_end - the input is over: the remaining header lines, then
 * sendmail's eatheader and collect_doheader: $x from Full-Name:, the
 * defaults bound (env->qid must be set: it is $i), the hop count, -t's
 * recipients, {msg_id}, $a from Date:, NoRecipientAction, Bcc's fate,
 * the address headers as the qf has them.  Returns the status
 * (INTAKE_OK or INTAKE_ERR_*); the messages are in errors.
 */
int intake_end(struct intake *, struct buf *body);
/*
 * intake_priority - sendmail's message priority: its size, less the
 * Precedence class (the .cf's P lines) times ClassFactor, plus the
 * recipients times RecipientFactor.  Lower runs first.
 */
long intake_priority(const struct cf *, const struct envelope *, long msgsize);
/* intake_class - the Precedence class of e (a .cf P line's value), 0 */
long intake_class(const struct cf *, const struct envelope *);
/*
 * intake_log_from (intake_log.c) - log the message just committed as
 * sendmail does: "QID: from=<a@b>, size=, class=, nrcpts=, msgid=,
 * bodytype=, proto=$r, daemon=${daemon_name}, relay=$_" (the last
 * four only when set).  msgsize: the bytes taken (headers and body).
 */
void intake_log_from(const struct cf *, const struct envelope *, long msgsize);
void intake_free(struct intake *);

#endif
