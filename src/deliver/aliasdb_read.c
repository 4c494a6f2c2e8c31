/*
 * aliasdb_read.c - interpret an aliases text file as sendmail 8.17's
 * readaliases does, storing each alias through the writer.
 *
 * The reading is byte-exact on purpose, with sendmail's 8192-byte line
 * buffer: a logical line is a physical line plus its continuations (a
 * line ending in backslash, or followed by one starting with a blank),
 * joined in the buffer with the newline (and backslash) removed.  What
 * does not fit is "alias line too long" and the rest of the logical
 * line is skipped; line numbers in messages count the lines read into
 * the buffer, not the skipped ones, as sendmail's do.
 */
#include "deliver/aliasdb_int.h"
#include "addr/parseaddr.h"
#include "addr/prescan.h"
#include "cf/cf.h"
#include "cf/mailer.h"
#include "cf/option.h"
#include "util/arena.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

/* aliasdb_say - see aliasdb_int.h */
void
aliasdb_say(struct aliasdb_run *run, const char *fmt, ...)
{
	va_list ap;

	if (run->lineno > 0)
		fprintf(run->out, "%s: line %d: ", run->file, run->lineno);
	va_start(ap, fmt);
	vfprintf(run->out, fmt, ap);
	va_end(ap);
	fputc('\n', run->out);
}

/* aliasdb_syserr - an error sendmail gives with syserr: sticky status 70 */
#define aliasdb_syserr(run, ...) \
	do { \
		aliasdb_say((run), __VA_ARGS__); \
		if ((run)->status == EX_OK) \
			(run)->status = EX_SOFTWARE; \
	} while (0)

/* aliasdb_space - sendmail's SM_ISSPACE: ASCII white space only */
static bool
aliasdb_space(int c)
{
	return c >= 0 && c < 0x80 && isspace(c);
}

/*
 * aliasdb_contline - does a continuation follow the text in line?  A
 * trailing backslash-newline, or a next line starting with a blank.
 * Returns where the next physical line is to be read, the joint made
 * (newline and backslash cut), or NULL.
 */
static char *
aliasdb_contline(FILE *in, char *line)
{
	char *p = strchr(line, '\n');
	int c;

	if (p != NULL && p > line && p[-1] == '\\') {
		*p = '\0';
		*--p = '\0';
		return p;
	}
	c = getc(in);
	if (c != EOF)
		(void)ungetc(c, in);
	if (c == ' ' || c == '\t') {
		p = line + strlen(line);
		if (p > line && p[-1] == '\n')
			*--p = '\0';
		return p;
	}
	return NULL;
}

/* aliasdb_flush - skip the rest of a logical line that did not fit */
static void
aliasdb_flush(FILE *in)
{
	int c, prev = '\0';
	bool more;

	do {
		while ((c = getc(in)) != EOF && c != '\n')
			prev = c;
		more = prev == '\\' && c == '\n';
		if (!more) {
			c = getc(in);
			if (c != EOF)
				(void)ungetc(c, in);
			more = c == ' ' || c == '\t';
		}
	} while (more);
}

/*
 * aliasdb_lhs - parse the left side as sendmail's parseaddr(line, ':'):
 * the address ends at the first colon outside quotes, brackets and
 * comments.  res is filled; paddr gets the address text (q_paddr).
 * Diagnostics from the parse are said with the line prefix.
 */
static void
aliasdb_lhs(struct aliasdb_run *run, const char *line,
    struct addr_result *res, struct buf *paddr)
{
	struct prescan_cfg pc = { cf_opchars(run->cf) };
	struct ws *ws = xmalloc(sizeof(*ws));
	struct arena arena;
	struct rw_ctx ctx;
	const char *end = NULL;
	char *errtext = NULL, *p, *nl;
	size_t errlen = 0;
	FILE *err;

	memset(&arena, 0, sizeof(arena));
	ws->n = 0;
	ws->tok[0] = NULL;
	/* only to find the delimiter; parseaddr reports the errors */
	if (prescan(line, ':', &pc, PRESCAN_NOERR, &arena, ws, &end, NULL) < 0 ||
	    end == NULL)
		end = line + strlen(line);
	free(ws);
	arena_reset(&arena);
	buf_reset(paddr);
	buf_add(paddr, line, (size_t)(end - line));

	memset(&ctx, 0, sizeof(ctx));
	ctx.cf = run->cf;
	ctx.arena = &arena;
	err = open_memstream(&errtext, &errlen);
	ctx.err = err != NULL ? err : run->out;
	parseaddr(&ctx, buf_str(paddr), 0, res);
	arena_free(&arena);
	if (err == NULL)
		return;
	if (fclose(err) != 0 || errtext == NULL) {
		free(errtext);
		return;
	}
	/* XXX sendmail shows the text to the end of the line here; when the
	 * scan stopped at the colon tern shows the address alone */
	for (p = errtext; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL) {
			aliasdb_say(run, "%s", p);
			break;
		}
		*nl = '\0';
		aliasdb_say(run, "%s", p);
	}
	free(errtext);
}

/* aliasdb_entry - one logical line, newline already cut */
static void
aliasdb_entry(struct aliasdb_run *run, char *line)
{
	struct addr_result res;
	struct buf paddr = BUF_INIT, lkey = BUF_INIT;
	char *p, *rhs, *user;
	size_t lhssize, rhssize;
	bool dup;
	int err;

	for (p = line; *p != '\0' && *p != ':' && *p != '\n'; p++)
		;
	if (*p++ != ':') {
		aliasdb_syserr(run, "missing colon");
		return;
	}
	aliasdb_lhs(run, line, &res, &paddr);
	if (res.unparsable || res.mailer == NULL || res.user == NULL) {
		aliasdb_syserr(run, "%.40s... illegal alias name", line);
		goto out;
	}
	while (aliasdb_space((unsigned char)*p))
		p++;
	rhs = p;
	/* XXX CheckAliases (option n) would parse every address here */
	if (!mailer_flag(res.mailer, 'A')) {
		aliasdb_syserr(run, "%s... cannot alias non-local names",
		    buf_str(&paddr));
		goto out;
	}
	user = res.user;
	if (strcasecmp(user, "postmaster") == 0)
		for (p = user; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
	lhssize = strlen(user);
	rhssize = strlen(rhs);
	for (p = rhs; aliasdb_space((unsigned char)*p); p++)
		;
	if (rhssize == 0 || *p == '\0') {
		aliasdb_syserr(run, "%.40s... missing value for alias", line);
		goto out;
	}
	err = aliasdb_write_store(&run->w, user, rhs, &dup, &lkey);
	if (err != 0)
		aliasdb_syserr(run, "readaliases: db put (%s)", user);
	else if (dup && !(run->w.flags & ALIASDB_APPEND))
		aliasdb_say(run, "%s... Warning: duplicate alias name %s",
		    buf_str(&paddr), buf_str(&lkey));
	run->naliases++;
	run->bytes += (long)(lhssize + rhssize);
	if ((long)rhssize > run->longest)
		run->longest = (long)rhssize;
out:
	addr_result_free(&res);
	buf_free(&paddr);
	buf_free(&lkey);
}

/* aliasdb_read - see aliasdb_int.h */
void
aliasdb_read(struct aliasdb_run *run, FILE *in)
{
	char *line = xmalloc(ALIASDB_BUFSIZ), *p;
	bool skipping = false;

	run->lineno = 0;
	run->naliases = run->longest = run->bytes = 0;
	while (fgets(line, ALIASDB_BUFSIZ, in) != NULL) {
		run->lineno++;
		while ((p = aliasdb_contline(in, line)) != NULL) {
			/* the joint leaves at least 2 bytes: room to read */
			if (fgets(p, (int)(ALIASDB_BUFSIZ - (size_t)(p - line)),
			    in) == NULL)
				break;
			run->lineno++;
		}
		p = strchr(line, '\n');
		if (p != NULL)
			*p = '\0';
		else if (!feof(in)) {
			aliasdb_syserr(run, "alias line too long");
			aliasdb_flush(in);
			continue;
		}
		switch (line[0]) {
		case '#':
		case '\0':
			skipping = false;
			continue;
		case ' ':
		case '\t':
			if (!skipping)
				aliasdb_syserr(run,
				    "Non-continuation line starts with space");
			skipping = true;
			continue;
		}
		skipping = false;
		aliasdb_entry(run, line);
	}
	free(line);
	run->lineno = 0;
	aliasdb_say(run, "%s: %ld aliases, longest %ld bytes, %ld bytes total",
	    run->file, run->naliases, run->longest, run->bytes);
}
