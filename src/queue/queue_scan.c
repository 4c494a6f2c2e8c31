/*
 * queue_scan.c - the entries of one queue directory, as sendmail 8.17's
 * gatherq() and sortq() find and order them.
 *
 * Directory order first; a name is an entry when it starts with the
 * mode's letter and 'f' and is shorter than 21 bytes; the -qI limits
 * match the file name (case-sensitive), -qR and -qS the R and S lines
 * (case-insensitive), -qQ the q line.  Each control file is read only
 * as far as needed (P and T, plus what the sort order and the limits
 * ask for), in lines of at most 256 bytes, the rest of a longer line
 * skipped -- so a limit that only matches past byte 256 never matches,
 * as in sendmail.  Then a stable sort (glibc's qsort, which sendmail
 * uses, is a stable merge sort) with sendmail's comparisons.
 */
#include "queue/queue.h"
#include "cf/option.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define QUEUE_SCAN_MAXQFNAME	21	/* sendmail's MAXQFNAME */
#define QUEUE_SCAN_LBUF		257	/* sendmail's lbuf[MAXNAME_I + 1] */

#define NEED_P		0001
#define NEED_T		0002
#define NEED_R		0004
#define NEED_S		0010
#define NEED_H		0020
#define HAS_QUARANTINE	0040
#define NEED_QUARANTINE	0100

struct queue_scan_item {
	struct queue_entry e;
	size_t order;		/* position in directory order: stability */
};

/* queue_scan_contains - sendmail's strcontainedin: a within b */
static bool
queue_scan_contains(bool icase, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;

	if (la > lb)
		return false;
	for (i = 0; i + la <= lb; i++)
		if ((icase ? strncasecmp(b + i, a, la) : strncmp(b + i, a, la)) == 0)
			return true;
	return false;
}

/* queue_scan_limit - does s pass the limits of this kind? (any one will do) */
static bool
queue_scan_limit(const struct queue_scan_opts *o, char kind, bool icase,
    const char *s)
{
	size_t i;

	for (i = 0; i < o->nlimits; i++)
		if (o->limits[i].kind == kind &&
		    queue_scan_contains(icase, o->limits[i].match, s) !=
		    o->limits[i].negate)
			return true;
	return false;
}

/* queue_scan_has - are there limits of this kind? */
static bool
queue_scan_has(const struct queue_scan_opts *o, char kind)
{
	size_t i;

	for (i = 0; i < o->nlimits; i++)
		if (o->limits[i].kind == kind)
			return true;
	return false;
}

/* queue_should_queue - sendmail's shouldqueue */
bool
queue_should_queue(const struct queue_scan_opts *o, long pri)
{
	if (o->load < o->queue_la)
		return false;
	return pri > o->queue_factor / (o->load - o->queue_la + 1);
}

/* queue_scan_getline - sendmail's fgets into lbuf, the rest skipped */
static bool
queue_scan_getline(FILE *f, char *lbuf)
{
	char *nl;
	int c;

	if (fgets(lbuf, QUEUE_SCAN_LBUF, f) == NULL)
		return false;
	if ((nl = strchr(lbuf, '\n')) != NULL)
		*nl = '\0';
	else
		while ((c = getc(f)) != EOF && c != '\n')
			;
	return true;
}

/* queue_scan_host - reversed, lowercased text after the last '@' */
static char *
queue_scan_host(const char *at)
{
	size_t n = strlen(at), i;
	char *h = xmalloc(n + 1);

	for (i = 0; i < n; i++)
		h[i] = (char)tolower((unsigned char)at[n - 1 - i]);
	h[n] = '\0';
	return h;
}

/* queue_scan_read - pull what is needed from one control file */
static unsigned
queue_scan_read(FILE *f, const struct queue_scan_opts *o,
    struct queue_entry *w, unsigned need)
{
	char lbuf[QUEUE_SCAN_LBUF];
	int qfver = 0;

	while (need != 0 && queue_scan_getline(f, lbuf)) {
		const char *p;
		long t;

		switch (lbuf[0]) {
		case 'V':
			qfver = atoi(lbuf + 1);
			break;
		case 'P':
			w->pri = strtol(lbuf + 1, NULL, 10);
			need &= ~NEED_P;
			break;
		case 'T':
			w->ctime = (time_t)strtol(lbuf + 1, NULL, 10);
			need &= ~NEED_T;
			break;
		case 'q':
			if (o->mode != 'Q' && o->mode != 'L')
				need |= HAS_QUARANTINE;
			else if (o->mode == 'Q') {
				if (!queue_scan_has(o, 'Q') ||
				    queue_scan_limit(o, 'Q', false, lbuf + 1))
					need &= ~NEED_QUARANTINE;
			}
			break;
		case 'R':
			if (w->host == NULL && (p = strrchr(lbuf + 1, '@')) != NULL) {
				w->host = queue_scan_host(p + 1);
				need &= ~NEED_H;
			}
			if (!queue_scan_has(o, 'R')) {
				need &= ~NEED_R;
				break;
			}
			p = lbuf + 1;
			if (qfver > 0) {
				const char *c = strchr(lbuf + 1, ':');

				if (c != NULL)
					p = c + 1;
			}
			if (queue_scan_limit(o, 'R', true, p))
				need &= ~NEED_R;
			break;
		case 'S':
			if (queue_scan_limit(o, 'S', true, lbuf + 1))
				need &= ~NEED_S;
			break;
		case 'K':
			t = strtol(lbuf + 1, NULL, 10);
			if (o->max_age > 0) {
				long delay = t - (long)w->ctime;

				if (delay > o->max_age)
					delay = o->max_age;
				if ((long)(o->now - t) < delay)
					w->tooyoung = true;
				break;
			}
			if (o->now - t >= 0 && o->min_age > 0 &&
			    o->now - t < o->min_age)
				w->tooyoung = true;
			break;
		case 'N':
			if (strtol(lbuf + 1, NULL, 10) == 0)
				w->tooyoung = false;
			break;
		default:
			break;
		}
	}
	return need;
}

/*
 * The comparisons are sendmail's workcmpf0..6; equal entries keep their
 * directory order (glibc's merge sort is stable).
 */

/* queue_scan_pri - by priority, lower first */
static int
queue_scan_pri(const struct queue_scan_item *a, const struct queue_scan_item *b)
{
	if (a->e.pri != b->e.pri)
		return a->e.pri > b->e.pri ? 1 : -1;
	return 0;
}

/* queue_scan_hostcmp - by reversed host, no host first */
static int
queue_scan_hostcmp(const struct queue_scan_item *a,
    const struct queue_scan_item *b)
{
	if (a->e.host != NULL && b->e.host == NULL)
		return 1;
	if (a->e.host == NULL && b->e.host != NULL)
		return -1;
	if (a->e.host != NULL && b->e.host != NULL)
		return strcasecmp(a->e.host, b->e.host);
	return 0;
}

/* queue_scan_tie - directory order */
static int
queue_scan_tie(const struct queue_scan_item *a, const struct queue_scan_item *b)
{
	return a->order < b->order ? -1 : a->order > b->order;
}

/* queue_scan_by_pri - workcmpf0 */
static int
queue_scan_by_pri(const void *av, const void *bv)
{
	int r = queue_scan_pri(av, bv);

	return r != 0 ? r : queue_scan_tie(av, bv);
}

/* queue_scan_by_host1 - workcmpf1: host, locked first, priority */
static int
queue_scan_by_host1(const void *av, const void *bv)
{
	const struct queue_scan_item *a = av, *b = bv;
	int r;

	if ((r = queue_scan_hostcmp(a, b)) != 0)
		return r;
	if (a->e.locked != b->e.locked)
		return (int)b->e.locked - (int)a->e.locked;
	return queue_scan_by_pri(a, b);
}

/* queue_scan_by_host2 - workcmpf2: unlocked first, host, priority */
static int
queue_scan_by_host2(const void *av, const void *bv)
{
	const struct queue_scan_item *a = av, *b = bv;
	int r;

	if (a->e.locked != b->e.locked)
		return (int)a->e.locked - (int)b->e.locked;
	if ((r = queue_scan_hostcmp(a, b)) != 0)
		return r;
	return queue_scan_by_pri(a, b);
}

/* queue_scan_by_time - workcmpf3 */
static int
queue_scan_by_time(const void *av, const void *bv)
{
	const struct queue_scan_item *a = av, *b = bv;

	if (a->e.ctime != b->e.ctime)
		return a->e.ctime > b->e.ctime ? 1 : -1;
	return queue_scan_tie(a, b);
}

/* queue_scan_by_name - workcmpf4 */
static int
queue_scan_by_name(const void *av, const void *bv)
{
	const struct queue_scan_item *a = av, *b = bv;
	int r = strcmp(a->e.name, b->e.name);

	return r != 0 ? r : queue_scan_tie(a, b);
}

/* queue_scan_by_mtime - workcmpf6 */
static int
queue_scan_by_mtime(const void *av, const void *bv)
{
	const struct queue_scan_item *a = av, *b = bv;

	if (a->e.mtime != b->e.mtime)
		return a->e.mtime > b->e.mtime ? 1 : -1;
	return queue_scan_tie(a, b);
}

/* queue_scan_sort - sendmail's sortq, without the final trim */
static void
queue_scan_sort(struct queue_scan_item *v, size_t n, char sort)
{
	size_t i;

	if (n < 2)
		return;
	switch (sort) {
	case OPT_QSO_HOST:
		qsort(v, n, sizeof(*v), queue_scan_by_host1);
		/* one locked message to a host "locks" the host's others */
		for (i = 0; i < n; ) {
			struct queue_scan_item *w;

			if (!v[i].e.locked) {
				i++;
				continue;
			}
			w = &v[i];
			while (++i < n) {
				if ((v[i].e.host == NULL && w->e.host == NULL) ||
				    (v[i].e.host != NULL && w->e.host != NULL &&
				    strcasecmp(v[i].e.host, w->e.host) == 0))
					v[i].e.locked = true;
				else
					break;
			}
		}
		for (i = 0; i < n; i++)
			v[i].order = i;
		qsort(v, n, sizeof(*v), queue_scan_by_host2);
		break;
	case OPT_QSO_TIME:
		qsort(v, n, sizeof(*v), queue_scan_by_time);
		break;
	case OPT_QSO_FILENAME:
		qsort(v, n, sizeof(*v), queue_scan_by_name);
		break;
	case OPT_QSO_MODTIME:
		qsort(v, n, sizeof(*v), queue_scan_by_mtime);
		break;
	case OPT_QSO_PRIORITY:
		qsort(v, n, sizeof(*v), queue_scan_by_pri);
		break;
	default:
		/* none, random, shuffle: directory order */
		break;
	}
}

/* queue_scan_isdirname - "qf", "df", "xf", "hf", "Qf": subdirectories */
static bool
queue_scan_isdirname(const char *n)
{
	return n[1] == 'f' && n[2] == '\0' && strchr("dqhQx", n[0]) != NULL;
}

/* queue_scan - the entries of one queue directory, filtered and sorted */
int
queue_scan(const struct queue_group *g, const struct queue_path *qp,
    const struct queue_scan_opts *o, struct queue_list *out, bool verbose,
    FILE *diag, struct buf *err)
{
	struct queue_scan_item *v = NULL;
	size_t n = 0, cap = 0, i;
	struct buf dir = BUF_INIT, path = BUF_INIT;
	struct dirent *d;
	DIR *dp;
	char letter = o->mode == 'Q' ? 'h' : o->mode == 'L' ? 'Q' : 'q';
	bool cheap;
	int wn = -1;

	memset(out, 0, sizeof(*out));
	buf_adds(&dir, qp->dir);
	if (qp->subdirs & QUEUE_SUBQF)
		buf_adds(&dir, "/qf");
	if ((dp = opendir(buf_str(&dir))) == NULL) {
		struct buf pq = BUF_INIT;

		queue_dir_print(g, qp, &pq);
		buf_reset(err);
		buf_addf(err, "gatherq: cannot open \"%s\": %s", buf_str(&pq),
		    strerror(errno));
		buf_free(&pq);
		buf_free(&dir);
		return -1;
	}
	cheap = (o->sort == OPT_QSO_FILENAME || o->sort == OPT_QSO_MODTIME ||
	    o->sort == OPT_QSO_NONE || o->sort == OPT_QSO_RANDOM) &&
	    !queue_scan_has(o, 'Q') && !queue_scan_has(o, 'S') &&
	    !queue_scan_has(o, 'R');
	while ((d = readdir(dp)) != NULL) {
		struct queue_entry w;
		struct stat sb;
		unsigned need;
		FILE *f;

		if (d->d_name[0] != letter || d->d_name[1] != 'f')
			continue;
		if (strlen(d->d_name) >= QUEUE_SCAN_MAXQFNAME) {
			if (verbose && diag != NULL)
				fprintf(diag, "gatherq: %s too long, %d max "
				    "characters\n", d->d_name,
				    QUEUE_SCAN_MAXQFNAME);
			continue;
		}
		if (queue_scan_has(o, 'I') &&
		    !queue_scan_limit(o, 'I', false, d->d_name))
			continue;
		if (++wn >= o->max_run && o->max_run > 0) {
			if (o->doall)
				continue;	/* just counted */
			break;
		}
		buf_reset(&path);
		buf_addf(&path, "%s/%s", buf_str(&dir), d->d_name);
		if (stat(buf_str(&path), &sb) < 0) {
			wn--;
			continue;
		}
		if (!S_ISREG(sb.st_mode)) {
			if (!queue_scan_isdirname(d->d_name) && diag != NULL) {
				struct buf pq = BUF_INIT;

				queue_dir_print(g, qp, &pq);
				fprintf(diag, "gatherq: %s/%s is not a regular "
				    "file\n", buf_str(&pq), d->d_name);
				buf_free(&pq);
			}
			wn--;
			continue;
		}
		memset(&w, 0, sizeof(w));
		w.mtime = sb.st_mtime;
		if (cheap) {
			need = 0;
			goto keep;
		}
		f = fopen(buf_str(&path), "r");
		if (f == NULL && !o->doall) {
			wn--;
			continue;
		}
		if (f != NULL)
			w.locked = queue_lock_busy(fileno(f));
		w.pri = 0x7fffffff;
		need = NEED_P | NEED_T;
		if (o->sort == OPT_QSO_HOST)
			need |= NEED_H;
		if (queue_scan_has(o, 'S'))
			need |= NEED_S;
		if (queue_scan_has(o, 'R'))
			need |= NEED_R;
		if (queue_scan_has(o, 'Q'))
			need |= NEED_QUARANTINE;
		if (f != NULL) {
			need = queue_scan_read(f, o, &w, need);
			(void)fclose(f);
		}
		if ((!o->doall && (queue_should_queue(o, w.pri) || w.tooyoung)) ||
		    (need & (HAS_QUARANTINE | NEED_QUARANTINE | NEED_R | NEED_S))) {
			free(w.host);
			wn--;
			continue;
		}
keep:
		w.name = xstrdup(d->d_name);
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[n].e = w;
		v[n].order = n;
		n++;
	}
	(void)closedir(dp);
	out->requests = wn + 1;
	queue_scan_sort(v, n, o->sort);
	if (g->maxlist > 0 && n > (size_t)g->maxlist) {
		for (i = (size_t)g->maxlist; i < n; i++) {
			free(v[i].e.name);
			free(v[i].e.host);
		}
		n = (size_t)g->maxlist;
	}
	out->v = n > 0 ? xcalloc(n, sizeof(*out->v)) : NULL;
	for (i = 0; i < n; i++)
		out->v[i] = v[i].e;
	out->n = n;
	free(v);
	buf_free(&dir);
	buf_free(&path);
	return 0;
}

/* queue_list_free - release a scan */
void
queue_list_free(struct queue_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].host);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}
