/*
 * queue_dir.c - queue groups and their directories, laid out as sendmail
 * 8.17's setup_queues and multiqueue_cache lay them out.
 *
 * The base is QueueDirectory up to its last '/' when it ends in a
 * wildcard, else QueueDirectory plus '/'.  Group 0 is "mqueue" (the
 * default group, or the Q line of that name), then the other Q lines in
 * order.  A group path ending in "*" is every entry of its parent that
 * starts with the part before the "*" and is a directory, in readdir
 * order; a group whose path matched nothing, or has no wildcard, is the
 * one directory.  Each directory may hold qf/, df/ and xf/.
 */
#include "queue/queue.h"
#include "cf/cf.h"
#include "cf/option.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* queue_dir_isdir - sendmail's chkqdir: a directory (a symlink to one too) */
static bool
queue_dir_isdir(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return false;
	return S_ISDIR(st.st_mode);
}

/* queue_dir_subdirs - which of qf/ df/ xf/ a queue directory has */
static unsigned
queue_dir_subdirs(const char *dir)
{
	static const struct { const char *name; unsigned bit; } sub[] = {
		{ "qf", QUEUE_SUBQF }, { "df", QUEUE_SUBDF }, { "xf", QUEUE_SUBXF },
	};
	struct buf p = BUF_INIT;
	unsigned bits = 0;
	size_t i;

	for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		buf_reset(&p);
		buf_addf(&p, "%s/%s", dir, sub[i].name);
		if (queue_dir_isdir(buf_str(&p)))
			bits |= sub[i].bit;
	}
	buf_free(&p);
	return bits;
}

/* queue_dir_add - append a queue path to g */
static void
queue_dir_add(struct queue_group *g, const char *name, const char *dir)
{
	struct queue_path *qp;

	g->paths = xreallocarray(g->paths, g->npaths + 1, sizeof(*g->paths));
	qp = &g->paths[g->npaths++];
	qp->name = xstrdup(name);
	qp->dir = xstrdup(dir);
	qp->subdirs = queue_dir_subdirs(dir);
}

/*
 * queue_dir_equates - the Q line equates after the name, split as
 * sendmail's munchstring: "," ends a value unless quoted or escaped.
 */
static void
queue_dir_equates(struct queue_group *g, const char *raw, char **pathp)
{
	const char *p = raw;
	struct buf v = BUF_INIT;

	while (*p != '\0') {
		int code;
		bool quoted = false;

		while (*p == ',' || *p == ' ' || (*p >= '\t' && *p <= '\r'))
			p++;
		if (*p == '\0')
			break;
		code = (unsigned char)*p;
		while (*p != '\0' && *p != '=' && *p != ',')
			p++;
		if (*p != '=')
			break;		/* cf_queue_line has complained */
		p++;
		while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
			p++;
		buf_reset(&v);
		for (; *p != '\0'; p++) {
			if (*p == '\\' && p[1] != '\0') {
				buf_addc(&v, *++p);
				continue;
			}
			if (*p == '"') {
				quoted = !quoted;
				continue;
			}
			if (*p == ',' && !quoted)
				break;
			buf_addc(&v, *p);
		}
		while (v.len > 0 && (v.data[v.len - 1] == ' ' ||
		    v.data[v.len - 1] == '\t'))
			buf_truncate(&v, v.len - 1);
		switch (code) {
		case 'P':
			if (v.len > 0) {
				free(*pathp);
				*pathp = xstrdup(buf_str(&v));
			}
			break;
		case 'F':
			for (const char *f = buf_str(&v); *f != '\0'; f++)
				if (*f != ' ' && *f != '\t')
					g->flags[(unsigned char)*f / 8] |=
					    (unsigned char)(1 << ((unsigned char)*f % 8));
			break;
		case 'I':
			g->interval = strtol(buf_str(&v), NULL, 10) * 60;
			break;
		case 'J':
			g->maxlist = atoi(buf_str(&v));
			break;
		case 'N':
			g->nice = atoi(buf_str(&v));
			break;
		case 'R':
			g->runners = atoi(buf_str(&v));
			break;
		case 'r':
			g->maxrcpt = atoi(buf_str(&v));
			break;
		default:
			break;
		}
	}
	buf_free(&v);
}

/* queue_dir_fail - sendmail's message into err; -1 */
static int
queue_dir_fail(struct buf *err, const char *fmt, const char *a, const char *b)
{
	buf_reset(err);
	buf_addf(err, fmt, a, b);
	return -1;
}

/*
 * queue_dir_cache - sendmail's multiqueue_cache for one group: fill
 * g->paths from its path qpath (owned by the caller).
 */
static int
queue_dir_cache(struct queue_dirs *qd, struct queue_group *g,
    const char *qpath, struct buf *err)
{
	size_t blen = strlen(qd->basedir), len = strlen(qpath);
	struct buf prefix = BUF_INIT, rel = BUF_INIT, abs = BUF_INIT;
	int rc = 0;

	if (qpath[0] != '/')
		return queue_dir_fail(err, "QueuePath %s not absolute%s", qpath, "");
	if (strncmp(qd->basedir, qpath, blen) != 0 &&
	    (strncmp(qd->basedir, qpath, blen - 1) != 0 || len != blen - 1))
		return queue_dir_fail(err,
		    "QueuePath %s not subpath of QueueDirectory %s", qpath,
		    qd->basedir);
	g->qdir = xstrdup(qpath);
	/* a nested subdirectory below the base: its parent part */
	buf_set(&prefix, ".");
	if (blen < len && strchr(qpath + blen, '/') != NULL) {
		buf_set(&prefix, qpath + blen);
		buf_truncate(&prefix, (size_t)(strrchr(buf_str(&prefix), '/') -
		    buf_str(&prefix)));
	}
	if (qpath[len - 1] == '*') {
		const char *slash, *stem;
		size_t stemlen;
		DIR *dp;
		struct dirent *d;

		/* the part after the last '/', without the '*' */
		for (slash = qpath + len - 1; slash > qpath && *slash != '/'; slash--)
			;
		stem = slash + 1;
		stemlen = (size_t)(qpath + len - 1 - stem);
		free(g->qdir);
		g->qdir = xstrndup(qd->basedir, blen - 1);
		buf_reset(&abs);
		if (strcmp(buf_str(&prefix), ".") == 0)
			buf_add(&abs, qd->basedir, blen - 1);
		else
			buf_addf(&abs, "%s%s", qd->basedir, buf_str(&prefix));
		if ((dp = opendir(buf_str(&abs))) == NULL) {
			rc = queue_dir_fail(err, "can not opendir(%s/%s)", g->qdir,
			    buf_str(&prefix));
			goto out;
		}
		while ((d = readdir(dp)) != NULL) {
			if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
				continue;
			if (strlen(d->d_name) < stemlen ||
			    strncmp(d->d_name, stem, stemlen) != 0)
				continue;
			buf_reset(&rel);
			if (strcmp(buf_str(&prefix), ".") == 0)
				buf_adds(&rel, d->d_name);
			else
				buf_addf(&rel, "%s/%s", buf_str(&prefix), d->d_name);
			buf_reset(&abs);
			buf_addf(&abs, "%s%s", qd->basedir, buf_str(&rel));
			if (!queue_dir_isdir(buf_str(&abs)))
				continue;
			queue_dir_add(g, buf_str(&rel), buf_str(&abs));
		}
		(void)closedir(dp);
		if (g->npaths > 0)
			goto out;
		/* nothing matched: the path without its '*', as sendmail */
		buf_reset(&abs);
		buf_add(&abs, qpath, len - 1);
		if (!queue_dir_isdir(buf_str(&abs))) {
			rc = queue_dir_fail(err, "can not opendir(%s)%s",
			    buf_str(&abs), "");
			goto out;
		}
		queue_dir_add(g, ".", buf_str(&abs));
		goto out;
	}
	if (!queue_dir_isdir(qpath)) {
		struct stat st;

		if (stat(qpath, &st) < 0 && errno == ENOENT) {
			rc = queue_dir_fail(err, "can not opendir(%s)%s", qpath, "");
			goto out;
		}
	}
	if (len > blen) {
		/* a directory below the base: its name is the rest */
		queue_dir_add(g, qpath + blen, qpath);
		free(g->qdir);
		g->qdir = xstrndup(qd->basedir, blen - 1);
	} else
		queue_dir_add(g, ".", qpath);
out:
	buf_free(&prefix);
	buf_free(&rel);
	buf_free(&abs);
	return rc;
}

/* queue_dir_setup - the queue groups of cf */
int
queue_dir_setup(const struct cf *cf, struct queue_dirs *qd, struct buf *err)
{
	const char *qdir = cf->opts->queue_directory;
	struct stat st;
	size_t i, len, n = 1;
	char **paths;
	int rc = 0;

	memset(qd, 0, sizeof(*qd));
	if (qdir == NULL || *qdir == '\0')
		qdir = "mqueue";
	len = strlen(qdir);
	if (qdir[len - 1] == '*') {
		const char *slash = strrchr(qdir, '/');

		if (slash == NULL)
			return queue_dir_fail(err, "QueueDirectory: can not "
			    "wildcard relative path \"%s\"%s", qdir, "");
		qd->basedir = xstrndup(qdir, (size_t)(slash - qdir) + 1);
	} else if (qdir[len - 1] != '/') {
		struct buf b = BUF_INIT;

		buf_addf(&b, "%s/", qdir);
		qd->basedir = buf_steal(&b);
	} else
		qd->basedir = xstrdup(qdir);
	/* sendmail chdirs there: it must be a directory we may search */
	errno = 0;
	if (stat(qd->basedir, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    faccessat(AT_FDCWD, qd->basedir, X_OK, AT_EACCESS) < 0) {
		int e = errno != 0 ? errno : ENOTDIR;

		buf_reset(err);
		buf_addf(err, "can not chdir(%s): %s", qd->basedir, strerror(e));
		return -1;
	}

	/* group 0 is mqueue; the Q lines follow in order */
	for (i = 0; i < cf->nqgroups; i++)
		if (strcasecmp(cf->qgroups[i].name, "mqueue") != 0)
			n++;
	qd->groups = xcalloc(n, sizeof(*qd->groups));
	paths = xcalloc(n, sizeof(*paths));
	qd->ngroups = 1;
	qd->groups[0].name = xstrdup("mqueue");
	for (i = 0; i < cf->nqgroups; i++) {
		struct queue_group *g;
		size_t k;

		if (strcasecmp(cf->qgroups[i].name, "mqueue") == 0)
			k = 0;
		else {
			k = qd->ngroups++;
			qd->groups[k].name = xstrdup(cf->qgroups[i].name);
		}
		g = &qd->groups[k];
		queue_dir_equates(g, cf->qgroups[i].raw, &paths[k]);
	}
	for (i = 0; i < qd->ngroups && rc == 0; i++)
		rc = queue_dir_cache(qd, &qd->groups[i],
		    paths[i] != NULL ? paths[i] : qdir, err);
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return rc;
}

/* queue_dir_free - release what queue_dir_setup made */
void
queue_dir_free(struct queue_dirs *qd)
{
	size_t i, j;

	for (i = 0; i < qd->ngroups; i++) {
		struct queue_group *g = &qd->groups[i];

		for (j = 0; j < g->npaths; j++) {
			free(g->paths[j].name);
			free(g->paths[j].dir);
		}
		free(g->paths);
		free(g->name);
		free(g->qdir);
	}
	free(qd->groups);
	free(qd->basedir);
	memset(qd, 0, sizeof(*qd));
}

/* queue_dir_file - the path of a queue file of one type */
void
queue_dir_file(const struct queue_path *qp, int type, const char *qid,
    struct buf *abs, struct buf *rel)
{
	const char *sub = "/";

	switch (type) {
	case 'd':
		if (qp->subdirs & QUEUE_SUBDF)
			sub = "/df/";
		break;
	case 'x':
		if (qp->subdirs & QUEUE_SUBXF)
			sub = "/xf/";
		break;
	default:
		if (qp->subdirs & QUEUE_SUBQF)
			sub = "/qf/";
		break;
	}
	if (abs != NULL) {
		buf_reset(abs);
		buf_addf(abs, "%s%s%cf%s", qp->dir, sub, type, qid);
	}
	if (rel != NULL) {
		buf_reset(rel);
		buf_addf(rel, "%s%s%cf%s", qp->name, sub, type, qid);
	}
}

/* queue_dir_print - sendmail's qid_printqueue */
void
queue_dir_print(const struct queue_group *g, const struct queue_path *qp,
    struct buf *out)
{
	buf_reset(out);
	buf_adds(out, g->qdir);
	if (strcmp(qp->name, ".") != 0)
		buf_addf(out, "/%s", qp->name);
	if (qp->subdirs & QUEUE_SUBDF)
		buf_adds(out, "/df");
}

/* queue_dir_safe - sendmail's safety checks on a queue directory */
int
queue_dir_safe(const struct cf *cf, const char *dir, struct buf *why)
{
	struct stat st;
	uid_t owner = cf->opts->run_as_uid >= 0 ?
	    (uid_t)cf->opts->run_as_uid : 0;
	mode_t bad = S_IWOTH;

	buf_reset(why);
	if (lstat(dir, &st) < 0) {
		buf_addf(why, "%s: %s", dir, strerror(errno));
		return errno;
	}
	if (S_ISLNK(st.st_mode)) {
		buf_addf(why, "%s: is a symbolic link", dir);
		return ELOOP;
	}
	if (!S_ISDIR(st.st_mode)) {
		buf_addf(why, "%s: %s", dir, strerror(ENOTDIR));
		return ENOTDIR;
	}
	if (st.st_uid != 0 && st.st_uid != owner && st.st_uid != geteuid()) {
		buf_addf(why, "queue directory \"%s\": Not safe: owned by uid %ld",
		    dir, (long)st.st_uid);
		return EPERM;
	}
	if (!(cf->opts->queue_file_mode & S_IWGRP) &&
	    !(cf->opts->dbs[OPT_DBS_GROUPWRITABLEDIRPATHSAFE / 8] &
	    (1 << (OPT_DBS_GROUPWRITABLEDIRPATHSAFE % 8))))
		bad |= S_IWGRP;
	if ((st.st_mode & bad) != 0 && !(st.st_mode & S_ISVTX)) {
		buf_addf(why, "queue directory \"%s\": Not safe: %s", dir,
		    strerror(EPERM));
		return EPERM;
	}
	return 0;
}
