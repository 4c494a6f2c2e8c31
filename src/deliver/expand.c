/*
 * expand.c - from the envelope's recipients to the list of deliveries,
 * as sendmail's recipient(): ruleset 0 picks the mailer, aliases replace
 * local names (mailers with F=A), .forward files replace local users
 * (F=w, ForwardPath), :include: files are read as lists, duplicates are
 * dropped, and a program or file may only come out of such a list.
 *
 * Who a program or file runs as (the "controlling user"): the user of the
 * .forward it came from, the owner of the :include: file, else nobody in
 * particular, which the mailer code turns into DefaultUser.
 */
#include "deliver/deliver.h"
#include "addr/addrlist.h"
#include "addr/parseaddr.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "cf/mailer.h"
#include "cf/option.h"
#include "map/map.h"
#include "msg/envelope.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#define EXPAND_FILE_MAX	(1024L * 1024)	/* biggest .forward / :include: read */

struct ctl {
	bool set;
	uid_t uid;
	gid_t gid;
	const char *name;
};

void
dlv_list_free(struct dlv_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		struct dlv_rcpt *r = &l->v[i];

		free(r->addr);
		free(r->host);
		free(r->user);
		free(r->ctl_name);
		free(r->home);
		free(r->text);
		free(r->reply);
		free(r->output);
		free(r->owner);
		free(r->relay);
		free(r->remote_mta);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

struct dlv_rcpt *
dlv_list_add(struct dlv_list *l, size_t orig, long parent, const char *addr)
{
	struct dlv_rcpt *r;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	r = &l->v[l->n++];
	memset(r, 0, sizeof(*r));
	r->orig = orig;
	r->parent = parent;
	r->addr = xstrdup(addr);
	r->state = DLV_PENDING;
	return r;
}

void
dlv_set(struct dlv_rcpt *r, enum dlv_state st, int exitstat,
    const char *status, const char *text)
{
	r->state = st;
	r->exitstat = exitstat;
	(void)snprintf(r->status, sizeof(r->status), "%s",
	    status != NULL ? status : dlv_status_of(exitstat));
	free(r->text);
	r->text = xstrdup(text != NULL ? text : dlv_text_of(exitstat));
}

/* expand_fail - a permanent or temporary failure found while expanding */
static void
expand_fail(struct dlv_rcpt *r, int exitstat, const char *status,
    const char *text)
{
	dlv_set(r, dlv_state_of(exitstat), exitstat, status, text);
}

/* expand_is_dsn - "5.1.1"-shaped */
static bool
expand_is_dsn(const char *s)
{
	return s != NULL && (s[0] == '2' || s[0] == '4' || s[0] == '5') &&
	    s[1] == '.' && isdigit((unsigned char)s[2]);
}

/* expand_same - sendmail's sameaddr: mailer, host, user (F=u: case kept) */
static bool
expand_same(const struct dlv_rcpt *a, const struct dlv_rcpt *b)
{
	if (a->m == NULL || a->m != b->m)
		return false;
	if ((a->host == NULL) != (b->host == NULL))
		return false;
	if (a->host != NULL && strcasecmp(a->host, b->host) != 0)
		return false;
	if (a->user == NULL || b->user == NULL)
		return false;
	if (mailer_flag(a->m, 'u'))
		return strcmp(a->user, b->user) == 0;
	return strcasecmp(a->user, b->user) == 0;
}

/* expand_is_ancestor - is list entry a an ancestor of entry i? */
static bool
expand_is_ancestor(const struct dlv_list *l, size_t a, size_t i)
{
	long p = l->v[i].parent;
	int guard = 0;

	while (p >= 0 && guard++ < 64) {
		if ((size_t)p == a)
			return true;
		p = l->v[p].parent;
	}
	return false;
}

/* expand_add_list - the addresses of an alias value or a file's lines */
static int
expand_add_list(struct dlv_list *l, size_t i, const char *text,
    const struct ctl *ctl)
{
	struct addrlist al = ADDRLIST_INIT;
	struct addrlist_ent *ents;
	size_t n, k;
	int added = 0;

	n = addrlist_parse(text, 0, &al);
	ents = al.ent;
	for (k = 0; k < n; k++) {
		char *a;
		struct dlv_rcpt *c, *parent;
		size_t len = ents[k].len;
		const char *s = text + ents[k].off;

		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
		    s[len - 1] == '\n'))
			len--;
		while (len > 0 && (*s == ' ' || *s == '\t' || *s == '\n'))
			s++, len--;
		if (len == 0)
			continue;
		a = xstrndup(s, len);
		c = dlv_list_add(l, l->v[i].orig, (long)i, a);
		free(a);
		parent = &l->v[i];	/* dlv_list_add may move the array */
		c->depth = parent->depth + 1;
		c->from_alias = true;
		if (parent->owner != NULL)
			c->owner = xstrdup(parent->owner);
		if (ctl != NULL && ctl->set) {
			c->has_ctl = true;
			c->uid = ctl->uid;
			c->gid = ctl->gid;
			c->ctl_name = xstrdup(ctl->name);
		} else if (parent->has_ctl) {
			c->has_ctl = true;
			c->uid = parent->uid;
			c->gid = parent->gid;
			c->ctl_name = parent->ctl_name ?
			    xstrdup(parent->ctl_name) : NULL;
		}
		added++;
	}
	addrlist_free(&al);
	return added;
}

/*
 * expand_read_file - a .forward or :include: file, if it is safe to
 * believe: a regular file, not a link, owned by want_uid (or root),
 * writable by nobody else.  Returns 1 read, 0 absent, -1 unsafe (why),
 * -2 temporarily unreadable.
 */
static int
expand_read_file(const char *path, uid_t want_uid, bool any_owner,
    struct buf *out, struct stat *stp, struct buf *why)
{
	int fd;
	struct stat st;
	char chunk[8192];
	ssize_t r;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		if (errno == ELOOP) {
			buf_addf(why, "%s: is a symbolic link", path);
			return -1;
		}
		if (errno == EACCES)
			return 0;	/* sendmail skips what it cannot read */
		buf_addf(why, "%s: %s", path, strerror(errno));
		return -2;
	}
	if (fstat(fd, &st) < 0) {
		buf_addf(why, "%s: %s", path, strerror(errno));
		close(fd);
		return -2;
	}
	if (!S_ISREG(st.st_mode)) {
		buf_addf(why, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	if (!any_owner && st.st_uid != want_uid && st.st_uid != 0) {
		buf_addf(why, "%s: not owned by the user", path);
		close(fd);
		return -1;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		buf_addf(why, "%s: group or world writable", path);
		close(fd);
		return -1;
	}
	while ((r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			buf_addf(why, "%s: %s", path, strerror(errno));
			close(fd);
			return -2;
		}
		if (out->len + (size_t)r > (size_t)EXPAND_FILE_MAX) {
			buf_addf(why, "%s: too large", path);
			close(fd);
			return -1;
		}
		buf_add(out, chunk, (size_t)r);
	}
	close(fd);
	if (stp != NULL)
		*stp = st;
	return 1;
}

/* expand_file_lines - a list file's addresses: comment lines dropped,
 * every line a comma list */
static int
expand_file_lines(struct dlv_list *l, size_t i, const char *text,
    const struct ctl *ctl)
{
	const char *p = text;
	int added = 0;

	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, len);

		if (line[0] != '#')
			added += expand_add_list(l, i, line, ctl);
		free(line);
		p += len;
		if (*p == '\n')
			p++;
	}
	return added;
}

/*
 * expand_owner - a list with an "owner-LIST" alias: its members are sent
 * with that as their envelope sender, so their bounces go to the owner
 */
static void
expand_owner(struct map *aliases, struct dlv_rcpt *r)
{
	struct map_result res;
	struct buf key;
	size_t k;

	if (strncasecmp(r->user, "owner-", 6) == 0)
		return;		/* an owner's own list has no owner */
	buf_init(&key);
	buf_addf(&key, "owner-%s", r->user);
	for (k = 0; k < key.len; k++)
		key.data[k] = (char)tolower((unsigned char)key.data[k]);
	map_result_init(&res);
	map_lookup(aliases, buf_str(&key), NULL, 0, &res);
	if (res.found) {
		free(r->owner);
		r->owner = buf_steal(&key);
	}
	map_result_free(&res);
	buf_free(&key);
}

/* expand_alias - the aliases map for entry i: 1 expanded, 0 not an
 * alias, -1 failed (set on the entry) */
static int
expand_alias(struct dlv_ctx *c, struct dlv_list *l, size_t i)
{
	struct map *aliases = cf_map_find(c->cf, "aliases");
	struct map_result res;
	char *key;
	size_t k;
	int rc = 0;

	if (aliases == NULL)
		return 0;
	key = xstrdup(l->v[i].user);
	for (k = 0; key[k] != '\0'; k++)
		key[k] = (char)tolower((unsigned char)key[k]);
	map_result_init(&res);
	map_lookup(aliases, key, NULL, 0, &res);
	free(key);
	if (res.status == EX_TEMPFAIL && !res.found) {
		expand_fail(&l->v[i], EX_TEMPFAIL, "4.3.0",
		    "Deferred: alias database unavailable");
		rc = -1;
	} else if (res.found) {
		if (l->v[i].depth >= c->cf->opts->max_alias_recursion) {
			expand_fail(&l->v[i], EX_UNAVAILABLE, "5.4.6",
			    "aliasing/forwarding loop broken");
			rc = -1;
		} else {
			dlv_set(&l->v[i], DLV_EXPANDED, EX_OK, "2.0.0",
			    "aliased");
			expand_owner(aliases, &l->v[i]);
			if (c->verbose != NULL)
				fprintf(c->verbose, "%s... aliased to %s\n",
				    l->v[i].addr, buf_str(&res.value));
			(void)expand_add_list(l, i, buf_str(&res.value), NULL);
			rc = 1;
		}
	}
	map_result_free(&res);
	return rc;
}

/* expand_forward - a local user's .forward: 1 expanded, 0 none, -1 failed */
static int
expand_forward(struct dlv_ctx *c, struct dlv_list *l, size_t i,
    const struct passwd *pw)
{
	const char *fp = c->cf->opts->forward_path;
	struct macros *mac = c->cf->macros;
	struct buf path, text, why;
	char *list, *p, *next;
	int rc = 0;
	struct ctl ctl;

	if (fp == NULL || *fp == '\0' || pw->pw_dir == NULL)
		return 0;
	buf_init(&path);
	buf_init(&text);
	buf_init(&why);
	macro_set(mac, 'z', pw->pw_dir);
	macro_set(mac, 'u', l->v[i].user);
	macro_set(mac, 'h', l->v[i].host);
	list = xstrdup(fp);
	for (p = list; p != NULL && rc == 0; p = next) {
		int r;

		next = strchr(p, ':');
		if (next != NULL)
			*next++ = '\0';
		buf_reset(&path);
		macro_expand(mac, p, &path);
		/* a path whose $h was empty ends in "+": not this one */
		if (path.len == 0 || buf_str(&path)[path.len - 1] == '+')
			continue;
		buf_reset(&text);
		buf_reset(&why);
		r = expand_read_file(buf_str(&path), pw->pw_uid, false, &text,
		    NULL, &why);
		if (r == 0)
			continue;
		if (r == -1) {
			/* sendmail logs and skips an unsafe .forward */
			if (c->verbose != NULL)
				fprintf(c->verbose, "forward: %s\n", buf_str(&why));
			continue;
		}
		if (r == -2) {
			expand_fail(&l->v[i], EX_TEMPFAIL, "4.3.0",
			    "Deferred: cannot read .forward");
			rc = -1;
			break;
		}
		ctl.set = true;
		ctl.uid = pw->pw_uid;
		ctl.gid = pw->pw_gid;
		ctl.name = pw->pw_name;
		dlv_set(&l->v[i], DLV_EXPANDED, EX_OK, "2.0.0", "forwarded");
		if (expand_file_lines(l, i, buf_str(&text), &ctl) == 0) {
			/* an empty .forward: deliver to the user as usual */
			l->v[i].state = DLV_PENDING;
			continue;
		}
		if (c->verbose != NULL)
			fprintf(c->verbose, "%s... forwarded (%s)\n",
			    l->v[i].addr, buf_str(&path));
		rc = 1;
	}
	macro_set(mac, 'z', NULL);
	macro_set(mac, 'u', NULL);
	macro_set(mac, 'h', NULL);
	free(list);
	buf_free(&path);
	buf_free(&text);
	buf_free(&why);
	return rc;
}

/* expand_include - a :include: list */
static void
expand_include(struct dlv_ctx *c, struct dlv_list *l, size_t i)
{
	struct buf text, why;
	struct stat st;
	struct ctl ctl;
	struct passwd *pw;
	int r;

	buf_init(&text);
	buf_init(&why);
	if (!l->v[i].from_alias) {
		expand_fail(&l->v[i], EX_UNAVAILABLE, "5.7.1",
		    "Cannot mail directly to :include:s");
		goto out;
	}
	if (l->v[i].depth >= c->cf->opts->max_alias_recursion) {
		expand_fail(&l->v[i], EX_UNAVAILABLE, "5.4.6",
		    "aliasing/forwarding loop broken");
		goto out;
	}
	r = expand_read_file(l->v[i].user, 0, true, &text, &st, &why);
	if (r == 0) {
		expand_fail(&l->v[i], EX_UNAVAILABLE, "5.3.0",
		    "Cannot open :include: file");
		goto out;
	}
	if (r < 0) {
		expand_fail(&l->v[i], r == -2 ? EX_TEMPFAIL : EX_UNAVAILABLE,
		    r == -2 ? "4.3.0" : "5.3.0", buf_str(&why));
		goto out;
	}
	memset(&ctl, 0, sizeof(ctl));
	if (st.st_uid != 0 && (pw = getpwuid(st.st_uid)) != NULL) {
		ctl.set = true;
		ctl.uid = pw->pw_uid;
		ctl.gid = pw->pw_gid;
		ctl.name = pw->pw_name;
	}
	dlv_set(&l->v[i], DLV_EXPANDED, EX_OK, "2.0.0", "included");
	(void)expand_file_lines(l, i, buf_str(&text), &ctl);
out:
	buf_free(&text);
	buf_free(&why);
}

/*
 * expand_ruleset5 - F=5: a local user that is no alias through ruleset 5
 * (sendmail's maplocaluser; the MSP's submit.cf sends every local user
 * to the mail server this way).  A new destination replaces entry i's
 * triple in place, so a deferred entry stays the recipient the sender
 * gave (and is mapped again next time).  True when i is done with (an
 * error, or deferred).
 */
static bool
expand_ruleset5(struct dlv_ctx *c, struct dlv_list *l, size_t i)
{
	struct addr_result res;
	struct macros *mac = c->cf->macros;
	struct dlv_rcpt *r = &l->v[i];
	bool done = false;

	macro_set(mac, 'u', r->user);
	macro_set(mac, 'h', r->host);
	macro_set(mac, 'z', r->home);
	macro_set(mac, macro_id(mac, "addr_type", 9), "e r");
	if (!addr_ruleset5(&c->rw, r->user, &res))
		goto out;
	if (res.mailer == NULL) {	/* a temporary failure */
		dlv_set(r, DLV_TEMPFAIL, EX_TEMPFAIL, "4.0.0", "Deferred");
		done = true;
		goto out;
	}
	if (strcmp(res.mailer->name, "*error*") == 0) {
		expand_fail(r, res.errstat ? res.errstat : EX_TEMPFAIL,
		    expand_is_dsn(res.host) ? res.host : NULL,
		    res.user != NULL && *res.user ? res.user : NULL);
		done = true;
		goto out;
	}
	r->m = res.mailer;
	free(r->host);
	r->host = res.host ? xstrdup(res.host) : NULL;
	free(r->user);
	r->user = xstrdup(res.user ? res.user : "");
	r->noalias = true;
out:
	addr_result_free(&res);
	arena_reset(&c->arena);
	return done;
}

/* expand_resolve - entry i through ruleset 0 and its mailer's rules */
static void
expand_resolve(struct dlv_ctx *c, struct dlv_list *l, size_t i)
{
	struct addr_result res;
	struct dlv_rcpt *r = &l->v[i];
	const char *name;
	size_t j;

	parseaddr(&c->rw, r->addr, 0, &res);
	arena_reset(&c->arena);
	if (res.mailer == NULL) {
		expand_fail(r, res.status == EX_TEMPFAIL ? EX_TEMPFAIL : EX_USAGE,
		    res.status == EX_TEMPFAIL ? "4.0.0" : "5.1.3",
		    res.status == EX_TEMPFAIL ? "Deferred" :
		    "Unparsable address");
		goto out;
	}
	name = res.mailer->name;
	if (strcmp(name, "*error*") == 0) {
		int st = res.errstat;
		const char *dsn = expand_is_dsn(res.host) ? res.host : NULL;

		if (st == 0)
			st = EX_TEMPFAIL;
		expand_fail(r, st, dsn, res.user != NULL && *res.user ?
		    res.user : NULL);
		goto out;
	}
	r->m = res.mailer;
	r->host = res.host ? xstrdup(res.host) : NULL;
	r->user = xstrdup(res.user ? res.user : "");
	if (r->user[0] == '\\') {
		memmove(r->user, r->user + 1, strlen(r->user));
		r->noalias = true;
	}
	if (strcmp(name, "discard") == 0) {
		dlv_set(r, DLV_DISCARD, EX_OK, "2.0.0", "discarded");
		goto out;
	}
	if (!r->from_alias && strcmp(name, "prog") == 0) {
		expand_fail(r, EX_UNAVAILABLE, "5.7.1",
		    "Cannot mail directly to programs");
		goto out;
	}
	if (!r->from_alias && strcmp(name, "*file*") == 0) {
		expand_fail(r, EX_UNAVAILABLE, "5.7.1",
		    "Cannot mail directly to files");
		goto out;
	}
	/* duplicates: the same destination seen before */
	for (j = 0; j < i; j++) {
		/* a duplicate stands for its original, already compared */
		if (l->v[j].state == DLV_DUP || !expand_same(&l->v[j], r))
			continue;
		if (l->v[j].state == DLV_EXPANDED && expand_is_ancestor(l, j, i)) {
			/* "user: user, other": deliver to the user itself */
			r->noalias = true;
			continue;
		}
		dlv_set(r, DLV_DUP, EX_OK, "2.0.0", "duplicate suppressed");
		goto out;
	}
	if (strcmp(name, "*include*") == 0) {
		expand_include(c, l, i);
		goto out;
	}
	if (mailer_flag(r->m, 'A') && !r->noalias) {
		if (expand_alias(c, l, i) != 0)
			goto out;
		r = &l->v[i];
	}
	if (mailer_flag(r->m, '5') && !r->noalias) {
		if (expand_ruleset5(c, l, i))
			goto out;
		r = &l->v[i];
	}
	if (mailer_flag(r->m, 'w')) {
		struct passwd *pw = getpwnam(r->user);

		if (pw == NULL) {
			expand_fail(r, EX_NOUSER, "5.1.1", "User unknown");
			goto out;
		}
		r->home = xstrdup(pw->pw_dir ? pw->pw_dir : "/");
		if (!r->has_ctl) {
			r->has_ctl = true;
			r->uid = pw->pw_uid;
			r->gid = pw->pw_gid;
			free(r->ctl_name);
			r->ctl_name = xstrdup(pw->pw_name);
		}
		if (!r->noalias)
			(void)expand_forward(c, l, i, pw);
	}
out:
	addr_result_free(&res);
}

/* expand_restore_ctl - a qf C line "user:uid:gid:addr" back as a ctl */
static void
expand_restore_ctl(struct dlv_rcpt *r, const char *c)
{
	char name[256];
	long uid, gid;

	if (c == NULL || sscanf(c, "%255[^:]:%ld:%ld", name, &uid, &gid) != 3)
		return;
	r->has_ctl = true;
	r->uid = (uid_t)uid;
	r->gid = (gid_t)gid;
	r->ctl_name = xstrdup(name);
}

void
dlv_expand(struct dlv_ctx *c, const struct envelope *e, struct dlv_list *l)
{
	size_t k, i;

	for (k = 0; k < e->nrcpts; k++) {
		const struct rcpt *rc = &e->rcpts[k];
		struct dlv_rcpt *r;

		if (rc->flags & RCPT_DONE)
			continue;
		/* the address as the qf keeps it ("<a@b>"): what the log names */
		r = dlv_list_add(l, k, -1, rc->paddr ? rc->paddr : rc->addr);
		if (rc->flags & RCPT_ALIAS) {
			/* came out of an alias in an earlier run: it may be a
			   program or file, and is not aliased again */
			r->from_alias = true;
			r->noalias = true;
			expand_restore_ctl(r, rc->ctladdr);
		}
	}
	/* the list grows while we walk it; bounded by the depth limit and
	   by a hard cap on entries */
	for (i = 0; i < l->n && i < 100000; i++)
		if (l->v[i].state == DLV_PENDING)
			expand_resolve(c, l, i);
}
