/*
 * smtp_int - the engine's insides, shared by src/smtp/smtp_*.c only.
 *
 * One struct smtp_server per session.  The files split it by concept:
 * smtp_server.c (input loop, session life), smtp_cmd.c (the command
 * table: verb, legal phases, check, proceed), smtp_param.c (MAIL/RCPT
 * arguments, xtext), smtp_data.c (DATA and BDAT text), smtp_reply.c
 * (reply lines), smtp_ehlo.c (the EHLO list), smtp_help.c (HELP).
 */
#ifndef TERN_SMTP_INT_H
#define TERN_SMTP_INT_H

#include "cf/option.h"
#include "smtp/smtp_server.h"

/* where the input goes */
enum smtp_state {
	SMTP_ST_CMD,		/* command lines */
	SMTP_ST_DATA,		/* DATA message text */
	SMTP_ST_BDAT,		/* a BDAT chunk */
	SMTP_ST_AUTH,		/* SASL response lines */
	SMTP_ST_CLOSED		/* nothing more */
};

/* transaction phases, for the command table's "legal in" */
#define SMTP_PH_NONE	0x01	/* no MAIL yet */
#define SMTP_PH_MAIL	0x02	/* MAIL, no recipient */
#define SMTP_PH_RCPT	0x04	/* at least one recipient */
#define SMTP_PH_ANY	0x07

/* the DATA text scanner's states (smtp_data.c) */
enum smtp_dstate {
	SMTP_D_BOL,		/* at the start of a line */
	SMTP_D_DOT,		/* line began with '.' */
	SMTP_D_DOTCR,		/* ".\r" */
	SMTP_D_MID,		/* inside a line */
	SMTP_D_CR		/* a CR inside a line */
};

/* a started message's text, DATA or BDAT */
struct smtp_msg {
	bool started;		/* data_start said yes */
	enum smtp_dstate ds;
	bool bdat_cr;		/* BDAT: a CR ended the previous piece */
	long long size;		/* bytes passed on (LF line ends) */
	bool too_big;		/* size went over MaxMessageSize */
	bool has_nul;
	bool failed;		/* data_body refused: fail holds why */
	struct smtp_reply fail;
	struct buf pend;	/* text not yet given to data_body */
};

struct smtp_server {
	struct smtp_server_config cfg;
	struct smtp_server_cb cb;
	enum smtp_state state;
	bool started;		/* greeting sent */

	/* input not yet processed (command mode, and while suspended) */
	struct buf in;
	size_t in_off;
	size_t longline;	/* >0: bytes of an over-long line so far */

	/* slow-down: the driver sleeps, then calls resume */
	long delay;
	bool suspended;

	/* session */
	bool nullmode;		/* reject (almost) everything */
	const char *nulltext;
	enum smtp_helo helo;
	char *helo_name;
	bool tls_active;
	bool authenticated;
	unsigned n_badcmds, n_helo, n_vrfy, n_etrn, n_noop;
	unsigned nbadrcpts;

	/* transaction */
	bool gotmail;
	unsigned nrcpts;
	char *mail_addr;	/* the sender as typed, for collect: replies */
	struct envelope env;
	struct smtp_msg msg;

	/* BDAT */
	unsigned long long bdat_left;
	unsigned long long bdat_total;	/* octets in this message's chunks */
	bool bdat_last;
	bool bdat_used;		/* this transaction uses BDAT */
	struct smtp_reply bdat_err; /* deferred answer to this chunk */

	bool want_tls;		/* STARTTLS said yes: handshake pending */
	bool waiting;		/* data_end said SMTP_PENDING: input held */
	bool txn_dirty;		/* check_mail was called: txn_reset due */
};

/* one parsed command line, from the dispatcher to check and proceed */
struct smtp_args {
	char *line;		/* the whole line (CR LF gone, cut at NUL) */
	char *work;		/* a copy of line that check may cut up */
	char *verbbuf;
	const char *verb;	/* as typed */
	char *arg;		/* in work: after the verb and blanks */
	size_t argoff;		/* arg's offset in line and work */
	bool ehlo, expn;	/* which of the two rows sharing a check */
	bool bogus;		/* HELO: accepting an invalid name */
	bool stuffed;		/* HELO: more input came before our reply */
	/* MAIL / RCPT */
	size_t fulloff;		/* offset in line of the text after "FROM:" */
	char *addr;		/* the address as typed */
	size_t addrlen;
	char *pbuf;		/* the parameters, cut up by the parser */
	struct smtp_params params;
	bool perr_set;		/* a parameter was bad: reply after parse_* */
	struct smtp_reply perr;
	bool count_bad;		/* RCPT: this failure is a bad recipient */
	/* BDAT */
	unsigned long long chunk;
	bool last;
	/* AUTH */
	char *mech;
	char *resp;
};

/* smtp_server.c */
void smtp_server_txn_reset(struct smtp_server *);
void smtp_server_close(struct smtp_server *);
void smtp_server_stall(struct smtp_server *, long seconds);
long smtp_server_attack(struct smtp_server *, unsigned *counter, unsigned max);
bool smtp_server_pending(const struct smtp_server *);
void smtp_server_discard_input(struct smtp_server *);

/* smtp_cmd.c */
void smtp_cmd_line(struct smtp_server *, char *line, size_t len,
    struct buf *out);
void smtp_cmd_auth_line(struct smtp_server *, char *line, struct buf *out);
unsigned smtp_cmd_phase(const struct smtp_server *);
size_t smtp_cmd_count(void);
int smtp_cmd_check(const struct smtp_server *, const char *line,
    struct smtp_reply *);

/* smtp_reply.c */
void smtp_reply_line(struct buf *out, int code, bool more, const char *enh,
    const char *text);
void smtp_reply_emit(struct buf *out, const struct smtp_reply *);
void smtp_reply_write(struct buf *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *smtp_reply_short(struct buf *tmp, const char *s);

/* smtp_param.c */
char *smtp_param_skipword(char *p, const char *word, const char **shown);
char *smtp_param_addr_end(char *p);
int smtp_param_parse(const struct smtp_server *, bool rcpt, char *p,
    struct smtp_params *, struct smtp_reply *err);
bool smtp_xtext_ok(const char *);
char *smtp_xtext_decode(const char *);

/* smtp_data.c */
void smtp_data_begin(struct smtp_server *);
size_t smtp_data_feed(struct smtp_server *, const char *p, size_t n,
    struct buf *out);
size_t smtp_data_bdat(struct smtp_server *, const char *p, size_t n,
    struct buf *out);
void smtp_data_abort(struct smtp_server *);
void smtp_data_answer(struct smtp_server *, int rc, const struct smtp_reply *,
    struct buf *out);
void smtp_data_collect_fail(struct smtp_server *, const char *info,
    struct buf *out);

/* smtp_ehlo.c */
bool smtp_ehlo_dsn(const struct smtp_server *);
bool smtp_ehlo_etrn(const struct smtp_server *);
bool smtp_ehlo_verb(const struct smtp_server *);
void smtp_ehlo_write(struct smtp_server *, const char *hello,
    struct buf *out);

/* smtp_help.c */
void smtp_help(struct smtp_server *, const char *topic, struct buf *out);

#endif
